"""The yearly cycle of Norwegian national services as plain facts and functions: when a round's
lists are due, which provision of Forskrift 1706/2010 a kind is assessed against, where an
application stands, and when a service is due for its five-year review.

Both the seed reader and the write side use these, so a seeded fact and one written through the
API are computed the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.vocabulary import ApplicationStage, DecisionOutcome, ServiceKind

# "Frist for innsending av en samlet, prioritert søknadsliste ... er satt til 15. januar hvert år"
# (regjeringen.no, Nasjonale tjenester; rule:application-deadline).
LIST_DEADLINE_MONTH = 1
LIST_DEADLINE_DAY = 15
# The page is the only source of that deadline. It is undated but cites a 2017 revision of the
# guidance, so it was written in 2017 or later: the first round whose deadline it certainly
# states is 2018. Earlier rounds (the 2011 and 2012 lists) have no known deadline, so they are
# neither late nor on time (rule:application-deadline says the same in its `inForceFrom`).
DEADLINE_KNOWN_FROM_ROUND = 2018

REVIEW_INTERVAL_YEARS = 5

# The cycle is Norway's (Forskrift 1706/2010): its bodies act in it only for Norway.
COUNTRY = "country:NO"

# § 4-3: conditions for a national treatment service; § 4-5: for a national competence service.
TREATMENT_PROVISION = "legal:forskrift-1706-2010-4-3"
COMPETENCE_PROVISION = "legal:forskrift-1706-2010-4-5"
PROVISION_FOR_KIND: dict[str, str] = {
    ServiceKind.NATIONAL_TREATMENT_SERVICE.value: TREATMENT_PROVISION,
    ServiceKind.MULTIREGIONAL_TREATMENT_SERVICE.value: TREATMENT_PROVISION,
    ServiceKind.NATIONAL_COMPETENCE_SERVICE.value: COMPETENCE_PROVISION,
}

# The kinds the Norwegian cycle governs (they report yearly, are reviewed every fifth year).
GOVERNED_KINDS: tuple[str, ...] = tuple(PROVISION_FOR_KIND)

FINAL_OUTCOMES = frozenset({DecisionOutcome.APPROVED.value, DecisionOutcome.REJECTED.value})
APPLICATION_OUTCOMES = (
    DecisionOutcome.APPROVED,
    DecisionOutcome.REJECTED,
    DecisionOutcome.FURTHER_ASSESSMENT,
)


def list_due_date(round_year: int) -> dt.date | None:
    """The day a regional health authority's list for ``round_year`` must reach the ministry;
    None for a round before any source states the deadline."""
    if round_year < DEADLINE_KNOWN_FROM_ROUND:
        return None
    return dt.date(round_year, LIST_DEADLINE_MONTH, LIST_DEADLINE_DAY)


def is_late(round_year: int, submitted_on: dt.date) -> bool | None:
    """Whether the list came after the deadline; None when no deadline is known for the round."""
    due = list_due_date(round_year)
    return None if due is None else submitted_on > due


def application_stage(
    assessments: int, outcomes: Iterable[str], known: str | None = None
) -> ApplicationStage:
    """Where an application stands, from how often it was assessed and what was decided.

    Each decision needs an assessment made since the previous one, so an application sent back
    for further assessment awaits assessment again until a new assessment outnumbers the
    further-assessment decisions. ``known`` is an outcome a source other than a decision gives
    (the seed records it with how it was derived); a decision in the graph wins over it.
    """
    further = 0
    for outcome in outcomes:
        if outcome == DecisionOutcome.APPROVED.value:
            return ApplicationStage.APPROVED
        if outcome == DecisionOutcome.REJECTED.value:
            return ApplicationStage.REJECTED
        if outcome == DecisionOutcome.FURTHER_ASSESSMENT.value:
            further += 1
    if known in (ApplicationStage.APPROVED.value, ApplicationStage.REJECTED.value):
        return ApplicationStage(known)
    if assessments > further:
        return ApplicationStage.AWAITING_DECISION
    return ApplicationStage.AWAITING_ASSESSMENT


def review_due(year: int, approved_year: int | None, last_review_year: int | None) -> bool:
    """Whether a service is due for the five-yearly review in ``year``.

    A service never reviewed counts from its approval; one whose approval year is unknown is due.
    """
    since = last_review_year if last_review_year is not None else approved_year
    return since is None or year - since >= REVIEW_INTERVAL_YEARS


# --- what the steps of the cycle write (plain values; GraphQL inputs are converted to these) ----

Texts = dict[str, str]


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A result target: what it aims at, the measure (indicator) and optionally a target value."""

    description: Texts
    measure: str
    unit: str | None = None
    target_value: float | None = None
    measured_value: float | None = None


@dataclass(frozen=True, slots=True)
class ApplicationSpec:
    title: Texts
    proposed_kind: str
    applicant: str | None = None
    proposed_service: str | None = None
    targets: tuple[TargetSpec, ...] = ()
    dissemination_plan: Texts | None = None


@dataclass(frozen=True, slots=True)
class ListSpec:
    round_year: int
    submitted_on: dt.date
    applications: tuple[ApplicationSpec, ...]
    document: str | None = None


@dataclass(frozen=True, slots=True)
class AssessmentSpec:
    applications: tuple[str, ...]
    date: dt.date
    recommendation: str
    summary: Texts = field(default_factory=dict)
    document: str | None = None


@dataclass(frozen=True, slots=True)
class DecisionSpec:
    applications: tuple[str, ...]
    outcome: str
    date: dt.date
    reason: Texts = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    legal_basis: str | None = None
    deadline: dt.date | None = None
    deadline_for: str | None = None
    document: str | None = None
    recommends: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportSpec:
    service: str
    year: int
    submitted_on: dt.date
    summary: Texts = field(default_factory=dict)
    results: tuple[TargetSpec, ...] = ()


@dataclass(frozen=True, slots=True)
class DeficiencySpec:
    service: str
    remark: Texts = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EvaluationSpec:
    year: int
    date: dt.date
    summary: Texts = field(default_factory=dict)
    deficient: tuple[DeficiencySpec, ...] = ()


@dataclass(frozen=True, slots=True)
class FindingSpec:
    service: str
    recommendation: str
    remark: Texts = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReviewSpec:
    year: int
    date: dt.date
    findings: tuple[FindingSpec, ...]
    summary: Texts = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MemberSpec:
    name: str
    kind: str
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class ReferenceGroupSpec:
    service: str
    members: tuple[MemberSpec, ...]


@dataclass(frozen=True, slots=True)
class PlanSpec:
    service: str
    summary: Texts
    adopted_on: dt.date


# --- what the rules look at: the state of the graph read inside the write transaction ---------


@dataclass(frozen=True, slots=True)
class ApplicationState:
    id: str
    kind: str | None
    stage: ApplicationStage
    measurable_targets: int
    has_dissemination_plan: bool


@dataclass(frozen=True, slots=True)
class ServiceState:
    id: str
    kind: str | None
    status: str | None
    reported_years: tuple[int, ...] = ()
