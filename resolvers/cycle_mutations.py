"""The yearly cycle's mutations: thin resolvers turning inputs into commands for
:func:`resolvers.mutations.perform`, which authorises them against the one policy table, runs
them in one write transaction, audits them and makes them idempotent.

Each command only translates: its input into a spec of :mod:`graph.cycle` in ``check`` (no
graph), the step's write in ``apply`` (:class:`~graph.repositories.cycle.CycleWriter` reads the
state, and :mod:`graph.cycle`'s rules decide what is written), a broken rule into an
:class:`ApiError` with the rule's code, and the written node into the payload.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import strawberry

from graph import cycle
from graph.cycle import (
    ApplicationSpec,
    AssessmentSpec,
    DecisionSpec,
    DeficiencySpec,
    EvaluationSpec,
    FindingSpec,
    ListSpec,
    MemberSpec,
    PlanSpec,
    ReferenceGroupSpec,
    ReportSpec,
    ReviewSpec,
    TargetSpec,
)
from graph.errors import RuleBroken
from graph.repositories.cycle import CycleWriter, Provenance
from graph.repositories.project_writes import LockedProject, ProjectWriter
from graph.vocabulary import Action
from resolvers.mutations import Change, Command, Outcome, Stamp, perform
from resolvers.project_mutations import TEXT_MAX, TITLE_MAX, an_id, required_texts, texts
from schema.applications import ApplicationList, Assessment, Decision
from schema.arguments import year as checked_year
from schema.context import Info
from schema.cycle import AnnualReport, DisseminationPlan, Evaluation, FiveYearReview
from schema.cycle_mutations import (
    AdoptDisseminationPlanInput,
    AnnualReportPayload,
    ApplicationListPayload,
    AssessApplicationsInput,
    AssessmentPayload,
    DecideApplicationsInput,
    DecisionPayload,
    DisseminationPlanPayload,
    EvaluateAnnualReportsInput,
    EvaluationPayload,
    FiveYearReviewPayload,
    RecordFiveYearReviewInput,
    ReferenceGroupPayload,
    ResultTargetInput,
    SetReferenceGroupInput,
    SubmitAnnualReportInput,
    SubmitApplicationListInput,
)
from schema.errors import ApiError, ErrorCode
from schema.policy import Target
from schema.services import Service

# The cycle runs on Norwegian days: a list sent on 15 January in Oslo is on time.
OSLO = ZoneInfo("Europe/Oslo")
MEASURE_MAX = 500
NAME_MAX = 300


def oslo_today(stamp: Stamp) -> dt.date:
    return stamp.at.astimezone(OSLO).date()


def _ids(values: Sequence[strawberry.ID], argument: str) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(an_id(v, argument) for v in values))
    if not found:
        raise ApiError(ErrorCode.BAD_USER_INPUT, argument=argument, detail="[]")
    return found


def _first(values: Sequence[strawberry.ID]) -> str | None:
    return str(values[0]) if values else None


def _optional_id(value: strawberry.ID | None, argument: str) -> str | None:
    return an_id(value, argument) if value is not None else None


def _year(value: int, argument: str = "year") -> int:
    checked = checked_year(value, argument)
    assert checked is not None
    return checked


def _plain_text(value: str | None, argument: str, maximum: int) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if len(text) > maximum:
        raise ApiError(
            ErrorCode.TEXT_TOO_LONG, argument=argument, length=len(text), maximum=maximum
        )
    return text


def _target(value: ResultTargetInput, measured: float | None = None) -> TargetSpec:
    return TargetSpec(
        description=required_texts(value.description, "description", TEXT_MAX),
        measure=_plain_text(value.measure, "measure", MEASURE_MAX) or "",
        unit=_plain_text(value.unit, "unit", NAME_MAX),
        target_value=value.target_value,
        measured_value=measured,
    )


# --- commands --------------------------------------------------------------------------------


@dataclass(slots=True)
class CycleCommand(Command):
    """A step of the cycle: converted into a spec in ``check``, written by ``step`` in ``apply``.

    The audit entry hangs on the node the step is about (the list, the application, the service,
    the evaluation ...), as a project's hang on the project.
    """

    key: str | None = None
    spec: Any = field(init=False, default=None)

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    def fingerprint(self) -> str:
        payload = json.dumps(
            {"action": self.action.value, "spec": dataclasses.asdict(self.spec)},
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    async def write(self, writer: CycleWriter, actor: str, prov: Provenance, today: dt.date) -> str:
        """Take the step (in the command's transaction); the id of the node it wrote."""
        raise NotImplementedError

    def subject(self) -> str | None:
        """The id a refusal names: the application, service ... the step is about."""
        return None

    async def lock(self, writer: ProjectWriter) -> tuple[Target, LockedProject | None]:
        """Every step acts in Norway's cycle; which steps also need their own body is in the
        policy table (lists and services of a regional health authority: see below)."""
        return Target(id=self.subject(), countries=frozenset({cycle.COUNTRY}), owners=None), None

    def audited(self, result_id: str) -> str:
        """The node the audit entry belongs to."""
        return result_id

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        del project
        actor = stamp.viewer.organisation
        assert actor is not None
        try:
            result = await self.write(
                CycleWriter(writer.tx), actor, stamp.provenance(), oslo_today(stamp)
            )
        except RuleBroken as broken:
            raise ApiError(ErrorCode(broken.code), **broken.params) from broken
        after = json.loads(json.dumps(dataclasses.asdict(self.spec), default=str))
        return Change(project_id=self.audited(result), result_id=result, before={}, after=after)


@dataclass(slots=True)
class ServiceCommand(CycleCommand):
    """A step a regional health authority takes for one of its own services."""

    def service_id(self) -> str:
        raise NotImplementedError

    def subject(self) -> str | None:
        return self.service_id()

    async def lock(self, writer: ProjectWriter) -> tuple[Target, LockedProject | None]:
        service = self.service_id()
        found = await CycleWriter(writer.tx).owners(service)
        if found is None:
            raise ApiError(ErrorCode.NOT_FOUND, id=service)
        owners, country = found
        countries = {cycle.COUNTRY, *([country] if country else [])}
        return Target(id=service, countries=frozenset(countries), owners=owners), None


@dataclass(slots=True)
class SubmitApplicationList(CycleCommand):
    action: ClassVar[Action] = Action.SUBMIT_APPLICATION_LIST
    input: SubmitApplicationListInput = field(kw_only=True)
    today: dt.date = field(kw_only=True)

    def check(self) -> None:
        given = self.input
        applications = tuple(
            ApplicationSpec(
                title=required_texts(app.title, "title", TITLE_MAX),
                proposed_kind=app.proposed_kind.value,
                applicant=_optional_id(app.applicant, "applicant"),
                proposed_service=_optional_id(app.proposed_service, "proposedService"),
                targets=tuple(_target(t) for t in app.result_targets),
                dissemination_plan=texts(app.dissemination_plan, "disseminationPlan", TEXT_MAX)
                or None,
            )
            for app in given.applications
        )
        self.spec = ListSpec(
            round_year=_year(given.round_year, "roundYear"),
            submitted_on=given.submitted_on or self.today,
            applications=applications,
            document=_optional_id(given.document, "document"),
        )

    async def write(self, writer: CycleWriter, actor: str, prov: Provenance, today: dt.date) -> str:
        return await writer.submit_list(actor, self.spec, prov, today)

    async def lock(self, writer: ProjectWriter) -> tuple[Target, LockedProject | None]:
        """A list is its authority's own; an applicant answering to another regional health
        authority makes it that authority's (applicants of two authorities: nobody's)."""
        target, _ = await CycleCommand.lock(self, writer)
        applicants = [
            an_id(app.applicant, "applicant")
            for app in self.input.applications
            if app.applicant is not None
        ]
        found = await CycleWriter(writer.tx).authorities_of(applicants)
        owners: frozenset[str] | None = None
        for authorities in found.values():
            if authorities:
                owners = authorities if owners is None else owners & authorities
        return dataclasses.replace(target, owners=owners), None


@dataclass(slots=True)
class AssessApplications(CycleCommand):
    action: ClassVar[Action] = Action.ASSESS_APPLICATIONS
    input: AssessApplicationsInput = field(kw_only=True)
    today: dt.date = field(kw_only=True)

    def check(self) -> None:
        given = self.input
        self.spec = AssessmentSpec(
            applications=_ids(given.applications, "applications"),
            date=given.date or self.today,
            recommendation=given.recommendation.value,
            summary=texts(given.summary, "summary", TEXT_MAX),
            document=_optional_id(given.document, "document"),
        )

    async def write(self, writer: CycleWriter, actor: str, prov: Provenance, today: dt.date) -> str:
        return await writer.assess(actor, self.spec, prov, today)

    def subject(self) -> str | None:
        return _first(self.input.applications)


@dataclass(slots=True)
class DecideApplications(CycleCommand):
    action: ClassVar[Action] = Action.DECIDE_APPLICATIONS
    input: DecideApplicationsInput = field(kw_only=True)
    today: dt.date = field(kw_only=True)

    def check(self) -> None:
        given = self.input
        if given.outcome not in cycle.APPLICATION_OUTCOMES:
            raise ApiError(
                ErrorCode.BAD_USER_INPUT,
                argument="outcome",
                detail=f"{given.outcome.value} ∉ "
                + ", ".join(o.value for o in cycle.APPLICATION_OUTCOMES),
            )
        self.spec = DecisionSpec(
            applications=_ids(given.applications, "applications"),
            outcome=given.outcome.value,
            date=given.date or self.today,
            reason=texts(given.reason, "reason", TEXT_MAX),
            reasons=tuple(dict.fromkeys(code.value for code in given.reason_codes)),
            legal_basis=_optional_id(given.legal_basis, "legalBasis"),
            deadline=given.deadline,
            deadline_for=_optional_id(given.deadline_for, "deadlineFor"),
            document=_optional_id(given.document, "document"),
            recommends=tuple(an_id(p, "recommends") for p in given.recommends),
        )

    async def write(self, writer: CycleWriter, actor: str, prov: Provenance, today: dt.date) -> str:
        return await writer.decide(actor, self.spec, prov, today)

    def subject(self) -> str | None:
        return _first(self.input.applications)


@dataclass(slots=True)
class SubmitAnnualReport(ServiceCommand):
    action: ClassVar[Action] = Action.SUBMIT_ANNUAL_REPORT
    input: SubmitAnnualReportInput = field(kw_only=True)
    today: dt.date = field(kw_only=True)

    def service_id(self) -> str:
        return an_id(self.input.service, "service")

    def check(self) -> None:
        given = self.input
        self.spec = ReportSpec(
            service=self.service_id(),
            year=_year(given.year),
            submitted_on=given.submitted_on or self.today,
            summary=texts(given.summary, "summary", TEXT_MAX),
            results=tuple(
                _target(
                    ResultTargetInput(
                        description=r.description,
                        measure=r.measure,
                        unit=r.unit,
                        target_value=r.target_value,
                    ),
                    r.measured_value,
                )
                for r in given.results
            ),
        )

    async def write(self, writer: CycleWriter, actor: str, prov: Provenance, today: dt.date) -> str:
        return await writer.report(actor, self.spec, prov, today)


@dataclass(slots=True)
class EvaluateAnnualReports(CycleCommand):
    action: ClassVar[Action] = Action.EVALUATE_ANNUAL_REPORTS
    input: EvaluateAnnualReportsInput = field(kw_only=True)
    today: dt.date = field(kw_only=True)

    def check(self) -> None:
        given = self.input
        self.spec = EvaluationSpec(
            year=_year(given.year),
            date=given.date or self.today,
            summary=texts(given.summary, "summary", TEXT_MAX),
            deficient=tuple(
                DeficiencySpec(an_id(d.service, "deficient"), texts(d.remark, "remark", TEXT_MAX))
                for d in given.deficient
            ),
        )

    async def write(self, writer: CycleWriter, actor: str, prov: Provenance, today: dt.date) -> str:
        return await writer.evaluate(actor, self.spec, prov, today)


@dataclass(slots=True)
class RecordFiveYearReview(CycleCommand):
    action: ClassVar[Action] = Action.RECORD_FIVE_YEAR_REVIEW
    input: RecordFiveYearReviewInput = field(kw_only=True)
    today: dt.date = field(kw_only=True)

    def check(self) -> None:
        given = self.input
        if not given.findings:
            raise ApiError(ErrorCode.BAD_USER_INPUT, argument="findings", detail="[]")
        self.spec = ReviewSpec(
            year=_year(given.year),
            date=given.date or self.today,
            summary=texts(given.summary, "summary", TEXT_MAX),
            findings=tuple(
                FindingSpec(
                    an_id(f.service, "findings"),
                    f.recommendation.value,
                    texts(f.remark, "remark", TEXT_MAX),
                )
                for f in given.findings
            ),
        )

    async def write(self, writer: CycleWriter, actor: str, prov: Provenance, today: dt.date) -> str:
        return await writer.review(actor, self.spec, prov, today)


@dataclass(slots=True)
class SetReferenceGroup(ServiceCommand):
    action: ClassVar[Action] = Action.SET_REFERENCE_GROUP
    input: SetReferenceGroupInput = field(kw_only=True)

    def service_id(self) -> str:
        return an_id(self.input.service, "service")

    def check(self) -> None:
        members = []
        for given in self.input.members:
            name = _plain_text(given.name, "name", NAME_MAX)
            if not name:
                raise ApiError(ErrorCode.TEXT_REQUIRED, argument="name")
            members.append(
                MemberSpec(name, given.kind.value, _optional_id(given.organisation, "organisation"))
            )
        self.spec = ReferenceGroupSpec(self.service_id(), tuple(members))

    async def write(self, writer: CycleWriter, actor: str, prov: Provenance, today: dt.date) -> str:
        return await writer.set_reference_group(actor, self.spec, prov, today)


@dataclass(slots=True)
class AdoptDisseminationPlan(ServiceCommand):
    action: ClassVar[Action] = Action.ADOPT_DISSEMINATION_PLAN
    input: AdoptDisseminationPlanInput = field(kw_only=True)
    today: dt.date = field(kw_only=True)

    def service_id(self) -> str:
        return an_id(self.input.service, "service")

    def check(self) -> None:
        self.spec = PlanSpec(
            service=self.service_id(),
            summary=required_texts(self.input.summary, "summary", TEXT_MAX),
            adopted_on=self.input.adopted_on or self.today,
        )

    async def write(self, writer: CycleWriter, actor: str, prov: Provenance, today: dt.date) -> str:
        return await writer.adopt_plan(actor, self.spec, prov, today)

    def audited(self, result_id: str) -> str:
        return self.service_id()


# --- resolvers -------------------------------------------------------------------------------


def _today() -> dt.date:
    return dt.datetime.now(OSLO).date()


async def _node(info: Info, outcome: Outcome) -> Any:
    found = await info.context.loaders.nodes(("mutation",)).load(outcome.result_id)
    assert found is not None
    return found


async def submit_application_list(
    info: Info, input: SubmitApplicationListInput, idempotency_key: str | None = None
) -> ApplicationListPayload:
    async def read_back(outcome: Outcome) -> ApplicationListPayload:
        found = ApplicationList.from_record(await _node(info, outcome))
        return ApplicationListPayload(list=found, **outcome.written)

    command = SubmitApplicationList(key=idempotency_key, input=input, today=_today())
    return await perform(info.context, command, read_back)


async def assess_applications(
    info: Info, input: AssessApplicationsInput, idempotency_key: str | None = None
) -> AssessmentPayload:
    async def read_back(outcome: Outcome) -> AssessmentPayload:
        found = Assessment.from_record(await _node(info, outcome))
        return AssessmentPayload(assessment=found, **outcome.written)

    command = AssessApplications(key=idempotency_key, input=input, today=_today())
    return await perform(info.context, command, read_back)


async def decide_applications(
    info: Info, input: DecideApplicationsInput, idempotency_key: str | None = None
) -> DecisionPayload:
    async def read_back(outcome: Outcome) -> DecisionPayload:
        found = Decision.from_record(await _node(info, outcome))
        return DecisionPayload(decision=found, **outcome.written)

    command = DecideApplications(key=idempotency_key, input=input, today=_today())
    return await perform(info.context, command, read_back)


async def submit_annual_report(
    info: Info, input: SubmitAnnualReportInput, idempotency_key: str | None = None
) -> AnnualReportPayload:
    async def read_back(outcome: Outcome) -> AnnualReportPayload:
        found = AnnualReport.from_record(await _node(info, outcome))
        return AnnualReportPayload(report=found, **outcome.written)

    command = SubmitAnnualReport(key=idempotency_key, input=input, today=_today())
    return await perform(info.context, command, read_back)


async def evaluate_annual_reports(
    info: Info, input: EvaluateAnnualReportsInput, idempotency_key: str | None = None
) -> EvaluationPayload:
    async def read_back(outcome: Outcome) -> EvaluationPayload:
        found = Evaluation.from_record(await _node(info, outcome))
        return EvaluationPayload(evaluation=found, **outcome.written)

    command = EvaluateAnnualReports(key=idempotency_key, input=input, today=_today())
    return await perform(info.context, command, read_back)


async def record_five_year_review(
    info: Info, input: RecordFiveYearReviewInput, idempotency_key: str | None = None
) -> FiveYearReviewPayload:
    async def read_back(outcome: Outcome) -> FiveYearReviewPayload:
        found = FiveYearReview.from_record(await _node(info, outcome))
        return FiveYearReviewPayload(review=found, **outcome.written)

    command = RecordFiveYearReview(key=idempotency_key, input=input, today=_today())
    return await perform(info.context, command, read_back)


async def set_reference_group(
    info: Info, input: SetReferenceGroupInput, idempotency_key: str | None = None
) -> ReferenceGroupPayload:
    async def read_back(outcome: Outcome) -> ReferenceGroupPayload:
        found = Service.from_record(await _node(info, outcome))
        return ReferenceGroupPayload(service=found, **outcome.written)

    command = SetReferenceGroup(key=idempotency_key, input=input)
    return await perform(info.context, command, read_back)


async def adopt_dissemination_plan(
    info: Info, input: AdoptDisseminationPlanInput, idempotency_key: str | None = None
) -> DisseminationPlanPayload:
    async def read_back(outcome: Outcome) -> DisseminationPlanPayload:
        found = DisseminationPlan.from_record(await _node(info, outcome))
        return DisseminationPlanPayload(plan=found, **outcome.written)

    command = AdoptDisseminationPlan(key=idempotency_key, input=input, today=_today())
    return await perform(info.context, command, read_back)
