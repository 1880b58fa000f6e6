"""The yearly cycle of Norwegian national services: its facts, rules and state transitions, as
plain values and pure functions.

- Facts: when a round's lists are due, which provision of Forskrift 1706/2010 a kind is assessed
  against, where an application stands, when a service is due for its five-year review. The seed
  reader and the write side both use them, so a seeded fact and one written through the API are
  computed the same way.
- Specs: what a step of the cycle writes (GraphQL inputs are converted to these).
- State: what the rules look at, read by :class:`graph.repositories.cycle.CycleWriter` inside
  the step's write transaction.
- Rules and transitions: one function per step takes the spec, that state and today's date,
  raises :class:`~graph.errors.RuleBroken` for the first thing the rules forbid, and otherwise
  returns what to write. Nothing here reads or writes the graph, so every rule is tested without
  Neo4j (``tests/graph/test_cycle.py``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.errors import RuleBroken
from graph.vocabulary import (
    ApplicationStage,
    DecisionOutcome,
    MemberKind,
    OrganisationKind,
    ServiceKind,
    ServiceStatus,
)

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


@dataclass(frozen=True, slots=True)
class Fact:
    """What the graph knows about an id a step refers to (label None: no such node)."""

    id: str
    label: str | None
    kind: str | None
    status: str | None
    name: str


# --- rules ----------------------------------------------------------------------------------

_DECIDED = (ApplicationStage.APPROVED, ApplicationStage.REJECTED)


def _label(texts: Mapping[str, str]) -> str:
    return next(iter(texts.values()), "") if texts else ""


def check_not_future(argument: str, value: dt.date, today: dt.date) -> None:
    if value > today:
        raise RuleBroken("DATE_IN_FUTURE", argument=argument, value=value.isoformat())


def check_targets(targets: Iterable[TargetSpec]) -> None:
    """Result targets must be measurable: each names what is measured."""
    for target in targets:
        if not target.measure.strip():
            raise RuleBroken("RESULT_TARGET_WITHOUT_MEASURE", target=_label(target.description))


def check_list(spec: ListSpec, *, authority: str, list_exists: bool, today: dt.date) -> None:
    """One combined, prioritised list per regional health authority and round; late is allowed."""
    if not spec.applications:
        raise RuleBroken("APPLICATION_LIST_EMPTY")
    check_not_future("submittedOn", spec.submitted_on, today)
    if list_exists:
        raise RuleBroken("APPLICATION_LIST_EXISTS", authority=authority, year=spec.round_year)
    for application in spec.applications:
        check_targets(application.targets)


def check_assessment(states: Iterable[ApplicationState]) -> None:
    """The Directorate assesses applications that await assessment, never decided ones."""
    for state in states:
        if state.stage in _DECIDED:
            raise RuleBroken("APPLICATION_ALREADY_DECIDED", id=state.id, stage=state.stage.value)
        if state.stage is not ApplicationStage.AWAITING_ASSESSMENT:
            raise RuleBroken(
                "APPLICATION_NOT_AWAITING_ASSESSMENT", id=state.id, stage=state.stage.value
            )


def check_decision(spec: DecisionSpec, states: Iterable[ApplicationState]) -> None:
    """What the ministry may decide, and what each outcome must carry."""
    outcome = spec.outcome
    final = outcome in (DecisionOutcome.APPROVED.value, DecisionOutcome.REJECTED.value)
    if final and spec.legal_basis is None:
        raise RuleBroken("DECISION_WITHOUT_LEGAL_BASIS")
    if outcome == DecisionOutcome.REJECTED.value and not any(
        t.strip() for t in spec.reason.values()
    ):
        raise RuleBroken("REJECTION_WITHOUT_REASON")
    if outcome == DecisionOutcome.FURTHER_ASSESSMENT.value:
        if spec.deadline is None:
            raise RuleBroken("FURTHER_ASSESSMENT_WITHOUT_DEADLINE")
        if spec.deadline <= spec.date:
            raise RuleBroken(
                "DEADLINE_NOT_AFTER_DECISION",
                deadline=spec.deadline.isoformat(),
                date=spec.date.isoformat(),
            )
    for state in states:
        if state.stage in _DECIDED:
            raise RuleBroken("APPLICATION_ALREADY_DECIDED", id=state.id, stage=state.stage.value)
        if state.stage is ApplicationStage.AWAITING_ASSESSMENT:
            raise RuleBroken("APPLICATION_NOT_ASSESSED", id=state.id)
        expected = PROVISION_FOR_KIND.get(state.kind or "")
        if final and expected is not None and spec.legal_basis != expected:
            raise RuleBroken(
                "LEGAL_BASIS_MISMATCH",
                id=state.id,
                kind=state.kind or "",
                expected=expected,
                given=spec.legal_basis or "",
            )
        if outcome == DecisionOutcome.APPROVED.value:
            if state.measurable_targets == 0:
                raise RuleBroken("RESULT_TARGETS_MISSING", id=state.id)
            if (
                state.kind == ServiceKind.NATIONAL_COMPETENCE_SERVICE.value
                and not state.has_dissemination_plan
            ):
                raise RuleBroken("DISSEMINATION_PLAN_MISSING", id=state.id)


def check_report(spec: ReportSpec, service: ServiceState, *, today: dt.date) -> None:
    """Approved services report once a year, with measurable result targets."""
    check_not_future("submittedOn", spec.submitted_on, today)
    if service.status != ServiceStatus.APPROVED.value:
        raise RuleBroken("SERVICE_NOT_APPROVED", id=service.id)
    if spec.year in service.reported_years:
        raise RuleBroken("ANNUAL_REPORT_EXISTS", id=service.id, year=spec.year)
    check_targets(spec.results)


def check_evaluation(spec: EvaluationSpec, services: Mapping[str, ServiceState]) -> None:
    """Only a report that came can be found deficient; one that did not is missing."""
    for flagged in spec.deficient:
        service = services.get(flagged.service)
        if service is None:
            raise RuleBroken("NOT_FOUND", id=flagged.service)
        if spec.year not in service.reported_years:
            raise RuleBroken("NO_ANNUAL_REPORT", id=service.id, year=spec.year)


def check_members(members: Iterable[MemberSpec], kinds: Mapping[str, str | None]) -> None:
    """A member who represents a regional health authority must name one; ``kinds`` maps each
    named organisation to its kind (None when no such organisation exists)."""
    for member in members:
        if member.organisation is None:
            if member.kind == MemberKind.REGIONAL_HEALTH_AUTHORITY.value:
                raise RuleBroken("NOT_A_REGIONAL_HEALTH_AUTHORITY", id=member.name)
            continue
        kind = kinds.get(member.organisation)
        if kind is None:
            raise RuleBroken("NOT_FOUND", id=member.organisation)
        if (
            member.kind == MemberKind.REGIONAL_HEALTH_AUTHORITY.value
            and kind != OrganisationKind.REGIONAL_HEALTH_AUTHORITY.value
        ):
            raise RuleBroken("NOT_A_REGIONAL_HEALTH_AUTHORITY", id=member.organisation)


def check_found(wanted: Sequence[str | None], facts: Mapping[str, Fact], label: str) -> None:
    """Every id given (None: none given) names a node with ``label``."""
    for key in wanted:
        if key is None:
            continue
        fact = facts.get(key)
        if fact is None or fact.label != label:
            raise RuleBroken("NOT_FOUND", id=key)


def check_all_found(wanted: Sequence[str], found: Iterable[str]) -> None:
    """Every application or service a step names exists."""
    known = set(found)
    for key in wanted:
        if key not in known:
            raise RuleBroken("NOT_FOUND", id=key)


# --- transitions: what each step writes, from its spec and the state it changes -------------
# Each returns plain rows for :class:`graph.repositories.cycle.CycleWriter` to write; ids are
# new random ones, everything else follows from the spec and the state.

Row = dict[str, Any]


def new_id(prefix: str) -> str:
    return f"{prefix}:{uuid.uuid4().hex[:16]}"


def text_props(prefix: str, texts: Texts | None) -> dict[str, str]:
    """``<prefix>_<lang>`` properties; the language given first is the original."""
    found = {f"{prefix}_{language}": text for language, text in (texts or {}).items()}
    if texts:
        found[f"{prefix}Original"] = next(iter(texts))
    return found


def target_row(service: str, target: TargetSpec, *, report: str | None = None) -> Row:
    props: Row = {
        "measure": target.measure.strip(),
        **text_props("description", target.description),
    }
    if target.unit is not None:
        props["unit"] = target.unit
    if target.target_value is not None:
        props["targetValue"] = target.target_value
    return {
        "id": new_id("target"),
        "service": service,
        "measure": target.measure.strip(),
        "props": props,
        "report": report,
        "measuredValue": target.measured_value,
    }


def plan_row(spec: PlanSpec) -> Row:
    return {
        "id": new_id("plan"),
        "service": spec.service,
        "props": {"adoptedOn": spec.adopted_on, **text_props("summary", spec.summary)},
    }


@dataclass(frozen=True, slots=True)
class ListState:
    """A round's list: whether the authority sent one already, and the ids it refers to."""

    exists: bool
    facts: Mapping[str, Fact]


@dataclass(frozen=True, slots=True)
class ListWrite:
    list: Row
    applications: tuple[Row, ...]
    new_services: tuple[Row, ...]
    targets: tuple[Row, ...]
    plans: tuple[Row, ...]


def list_refs(actor: str, spec: ListSpec) -> list[str]:
    """The ids a list refers to (the state :func:`submit_list` needs facts of)."""
    refs = [actor] + ([spec.document] if spec.document else [])
    for app in spec.applications:
        refs += [r for r in (app.applicant, app.proposed_service) if r is not None]
    return refs


def round_key(actor: str, round_year: int) -> str:
    return f"{actor}|{round_year}"


def submit_list(actor: str, spec: ListSpec, state: ListState, today: dt.date) -> ListWrite:
    """One combined, prioritised list per regional health authority and round; late is allowed
    and marked. An application that proposes no existing service records a new one, PROPOSED."""
    authority = state.facts[actor].name if actor in state.facts else actor
    check_list(spec, authority=authority, list_exists=state.exists, today=today)
    check_found([a.applicant for a in spec.applications], state.facts, "Organisation")
    check_found([a.proposed_service for a in spec.applications], state.facts, "Service")
    check_found([spec.document], state.facts, "Document")
    late = is_late(spec.round_year, spec.submitted_on)
    applications: list[Row] = []
    new_services: list[Row] = []
    targets: list[Row] = []
    plans: list[Row] = []
    for priority, app in enumerate(spec.applications, start=1):
        service = app.proposed_service or new_id("service")
        if app.proposed_service is None:
            new_services.append(
                {
                    "id": service,
                    "kind": app.proposed_kind,
                    "props": {
                        "kind": app.proposed_kind,
                        "status": ServiceStatus.PROPOSED.value,
                        **text_props("name", app.title),
                    },
                }
            )
        applications.append(
            {
                "id": new_id("application"),
                "service": service,
                "applicant": app.applicant,
                "priority": priority,
                "props": {
                    "roundYear": spec.round_year,
                    "proposedKind": app.proposed_kind,
                    "late": late,
                    **text_props("title", app.title),
                },
            }
        )
        targets += [target_row(service, t) for t in app.targets]
        if app.dissemination_plan:
            plans.append(plan_row(PlanSpec(service, app.dissemination_plan, spec.submitted_on)))
    return ListWrite(
        list={
            "id": new_id("applist"),
            "roundYear": spec.round_year,
            "submittedOn": spec.submitted_on,
            "dueOn": list_due_date(spec.round_year),
            "late": late,
            "roundKey": round_key(actor, spec.round_year),
        },
        applications=tuple(applications),
        new_services=tuple(new_services),
        targets=tuple(targets),
        plans=tuple(plans),
    )


@dataclass(frozen=True, slots=True)
class AssessmentWrite:
    assessment: Row
    rows: tuple[Row, ...]


def assess(
    spec: AssessmentSpec,
    states: Sequence[ApplicationState],
    facts: Mapping[str, Fact],
    today: dt.date,
) -> AssessmentWrite:
    """The Directorate assesses applications awaiting assessment, each against the provision
    for its kind (§ 4-3 or § 4-5)."""
    check_not_future("date", spec.date, today)
    check_all_found(spec.applications, (s.id for s in states))
    check_assessment(states)
    check_found([spec.document], facts, "Document")
    return AssessmentWrite(
        assessment={
            "id": new_id("assessment"),
            "date": spec.date,
            "recommendation": spec.recommendation,
            **text_props("summary", spec.summary),
        },
        rows=tuple(
            {"application": s.id, "provision": PROVISION_FOR_KIND.get(s.kind or "")} for s in states
        ),
    )


def decision_refs(spec: DecisionSpec) -> list[str]:
    refs = [r for r in (spec.legal_basis, spec.deadline_for, spec.document) if r is not None]
    return refs + list(spec.recommends)


@dataclass(frozen=True, slots=True)
class DecisionWrite:
    decision: Row
    service_status: str


def decide(
    spec: DecisionSpec,
    states: Sequence[ApplicationState],
    facts: Mapping[str, Fact],
    today: dt.date,
) -> DecisionWrite:
    """The ministry's decision; its outcome sets the proposed services' status."""
    check_not_future("date", spec.date, today)
    check_all_found(spec.applications, (s.id for s in states))
    check_decision(spec, states)
    check_found([spec.legal_basis], facts, "LegalProvision")
    check_found([spec.deadline_for], facts, "Organisation")
    check_found([spec.document], facts, "Document")
    check_found(list(spec.recommends), facts, "CollaborationProject")
    status = {
        DecisionOutcome.APPROVED.value: ServiceStatus.APPROVED.value,
        DecisionOutcome.REJECTED.value: ServiceStatus.REJECTED.value,
    }.get(spec.outcome, ServiceStatus.UNDER_ASSESSMENT.value)
    return DecisionWrite(
        decision={
            "id": new_id("decision"),
            "outcome": spec.outcome,
            "date": spec.date,
            "deadline": spec.deadline,
            "reasons": list(spec.reasons) or None,
            **text_props("reason", spec.reason),
        },
        service_status=status,
    )


@dataclass(frozen=True, slots=True)
class ReportWrite:
    report: Row
    targets: tuple[Row, ...]


def report(spec: ReportSpec, service: ServiceState | None, today: dt.date) -> ReportWrite:
    """An approved service's report for one year, with its measured result targets."""
    check_all_found([spec.service], [service.id] if service else [])
    assert service is not None
    check_report(spec, service, today=today)
    report_id = new_id("report")
    return ReportWrite(
        report={
            "id": report_id,
            "year": spec.year,
            "status": "SUBMITTED",
            "submittedOn": spec.submitted_on,
            "reportKey": f"{spec.service}|{spec.year}",
            **text_props("summary", spec.summary),
        },
        targets=tuple(target_row(spec.service, t, report=report_id) for t in spec.results),
    )


@dataclass(frozen=True, slots=True)
class EvaluationWrite:
    evaluation: Row
    deficient: tuple[Row, ...]


def evaluate(
    spec: EvaluationSpec, services: Mapping[str, ServiceState], today: dt.date
) -> EvaluationWrite:
    """The Directorate's yearly evaluation: the governed services without a report for the
    year become MISSING (in the write), the flagged ones DEFICIENT."""
    check_not_future("date", spec.date, today)
    check_evaluation(spec, services)
    return EvaluationWrite(
        evaluation={
            "id": new_id("evaluation"),
            "year": spec.year,
            "date": spec.date,
            **text_props("summary", spec.summary),
        },
        deficient=tuple(
            {"service": d.service, "remark": text_props("remark", d.remark)} for d in spec.deficient
        ),
    )


@dataclass(frozen=True, slots=True)
class ReviewWrite:
    review: Row
    findings: tuple[Row, ...]


def review(spec: ReviewSpec, services: Mapping[str, ServiceState], today: dt.date) -> ReviewWrite:
    """The five-yearly review: a recommendation per service."""
    check_not_future("date", spec.date, today)
    check_all_found([f.service for f in spec.findings], services)
    return ReviewWrite(
        review={
            "id": new_id("review"),
            "year": spec.year,
            "date": spec.date,
            **text_props("summary", spec.summary),
        },
        findings=tuple(
            {
                "service": f.service,
                "props": {"recommendation": f.recommendation, **text_props("remark", f.remark)},
            }
            for f in spec.findings
        ),
    )


@dataclass(frozen=True, slots=True)
class ReferenceGroupWrite:
    group_id: str
    members: tuple[Row, ...]


def set_reference_group(
    spec: ReferenceGroupSpec, service: ServiceState | None, facts: Mapping[str, Fact]
) -> ReferenceGroupWrite:
    """A service's reference group, replacing the one it had."""
    check_all_found([spec.service], [service.id] if service else [])
    kinds = {key: (f.kind if f.label == "Organisation" else None) for key, f in facts.items()}
    check_members(spec.members, kinds)
    return ReferenceGroupWrite(
        group_id=new_id("refgroup"),
        members=tuple(
            {
                "id": new_id("member"),
                "organisation": m.organisation,
                "props": {"name": m.name, "kind": m.kind},
            }
            for m in spec.members
        ),
    )


def adopt_plan(spec: PlanSpec, service: ServiceState | None, today: dt.date) -> Row:
    """A competence service's plan for spreading competence."""
    check_not_future("adoptedOn", spec.adopted_on, today)
    check_all_found([spec.service], [service.id] if service else [])
    return plan_row(spec)
