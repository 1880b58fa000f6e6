"""The yearly cycle after the decision: annual reports and result targets, the Directorate's
evaluations and five-year reviews, reference groups, competence dissemination plans; and the
answers to the coordinator's questions (round state, review due, reference-group gaps, history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph.relations import Relation
from schema.context import Info
from schema.convert import linked, linked_one, links, to_type
from schema.dates import PartialDate
from schema.enums import (
    ApplicationStage,
    MemberKind,
    ReportStatus,
    ReviewRecommendation,
    member,
)
from schema.language import pick, requested_language
from schema.node import Node, provenance_field, text_field, translations_field

if TYPE_CHECKING:
    from schema.applications import ApplicationList
    from schema.organisations import Organisation
    from schema.services import Service


@strawberry.type(description="A measurable result target of a service.")
class ResultTarget(Node):
    description = text_field("description", "What the target aims at, in the served language.")

    @strawberry.field(description="What is measured (the indicator).")
    def measure(self) -> str:
        return self.record.get_str("measure") or ""

    @strawberry.field(description="The unit of the measure, e.g. `patients` or `%`.")
    def unit(self) -> str | None:
        return self.record.get_str("unit")

    @strawberry.field(description="The value aimed at, where one is set.")
    def target_value(self) -> float | None:
        return self.record.get_float("targetValue")

    @strawberry.field(description="The service the target belongs to.")
    async def service(
        self, info: Info
    ) -> Annotated[Service, strawberry.lazy("schema.services")] | None:
        return await linked_one(info, Relation.OF_SERVICE, self.record.id)

    provenance = provenance_field()


@strawberry.type(description="A result target with the value measured in one annual report.")
class MeasuredResult:
    target: ResultTarget
    measured_value: float | None


@strawberry.type(description="A service's report for one year: submitted, missing or deficient.")
class AnnualReport(Node):
    summary = text_field("summary", "What the report says.", required=False)

    @strawberry.field
    def year(self) -> int:
        return self.record.get_int("year") or 0

    @strawberry.field(
        description="SUBMITTED when it came, MISSING when the Directorate's evaluation found "
        "none, DEFICIENT when the evaluation found it wanting."
    )
    def status(self) -> ReportStatus | None:
        return member(ReportStatus, self.record.props.get("status"))

    @strawberry.field
    def submitted_on(self) -> dt.date | None:
        return self.record.get_date("submittedOn")

    @strawberry.field
    async def service(
        self, info: Info
    ) -> Annotated[Service, strawberry.lazy("schema.services")] | None:
        return await linked_one(info, Relation.OF_SERVICE, self.record.id)

    @strawberry.field(description="The result targets reported on, with the measured values.")
    async def results(self, info: Info) -> list[MeasuredResult]:
        found = await links(info, Relation.REPORT_RESULTS, self.record.id)
        return [
            MeasuredResult(
                target=ResultTarget.from_record(link.node),
                measured_value=None
                if link.props.get("value") is None
                else float(link.props["value"]),
            )
            for link in found
        ]

    @strawberry.field(description="The Directorate's evaluations of this report.")
    async def evaluations(self, info: Info) -> list[Evaluation]:
        return await linked(info, Relation.REPORT_EVALUATIONS, self.record.id)

    provenance = provenance_field()


@strawberry.type(description="One report as an evaluation found it.")
class EvaluatedReport:
    report: AnnualReport
    status: ReportStatus | None
    remark: str | None


@strawberry.type(description="The Directorate of Health's yearly evaluation of the annual reports.")
class Evaluation(Node):
    summary = text_field("summary", "What the evaluation concludes.", required=False)
    summary_translations = translations_field("summary", "The summary in every language we have.")

    @strawberry.field(description="The reporting year evaluated.")
    def year(self) -> int:
        return self.record.get_int("year") or 0

    @strawberry.field
    def date(self) -> dt.date | None:
        return self.record.get_date("date")

    @strawberry.field
    async def evaluated_by(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.CARRIED_OUT_BY, self.record.id)

    @strawberry.field(description="Every report of the year with what the evaluation found.")
    async def reports(self, info: Info, language: str | None = None) -> list[EvaluatedReport]:
        found = await links(info, Relation.EVALUATION_REPORTS, self.record.id)
        served = requested_language(info, language)
        out: list[EvaluatedReport] = []
        for link in found:
            out.append(
                EvaluatedReport(
                    report=AnnualReport.from_record(link.node),
                    status=member(ReportStatus, link.props.get("status")),
                    remark=_remark(link.props, served),
                )
            )
        return out

    provenance = provenance_field()


@strawberry.type(description="What a five-year review found for one service.")
class ReviewFinding:
    service: Annotated[Service, strawberry.lazy("schema.services")]
    recommendation: ReviewRecommendation | None
    remark: str | None


@strawberry.type(description="The larger review of national services made every fifth year.")
class FiveYearReview(Node):
    summary = text_field("summary", "What the review concludes.", required=False)

    @strawberry.field
    def year(self) -> int:
        return self.record.get_int("year") or 0

    @strawberry.field
    def date(self) -> dt.date | None:
        return self.record.get_date("date")

    @strawberry.field
    async def reviewed_by(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.CARRIED_OUT_BY, self.record.id)

    @strawberry.field(description="The services reviewed and what was recommended for each.")
    async def findings(self, info: Info, language: str | None = None) -> list[ReviewFinding]:
        found = await links(info, Relation.REVIEW_SERVICES, self.record.id)
        served = requested_language(info, language)
        out: list[ReviewFinding] = []
        for link in found:
            out.append(
                ReviewFinding(
                    service=to_type(link.node),
                    recommendation=member(ReviewRecommendation, link.props.get("recommendation")),
                    remark=_remark(link.props, served),
                )
            )
        return out

    provenance = provenance_field()


@strawberry.type(description="A member of a service's reference group.")
class ReferenceGroupMember(Node):
    @strawberry.field
    def name(self) -> str:
        return self.record.get_str("name") or ""

    @strawberry.field(description="Whom the member represents.")
    def kind(self) -> MemberKind | None:
        return member(MemberKind, self.record.props.get("kind"))

    @strawberry.field(description="The organisation represented, e.g. a regional health authority.")
    async def organisation(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.MEMBER_ORGANISATION, self.record.id)

    provenance = provenance_field()


@strawberry.type(
    description="A service's reference group: every regional health authority and user "
    "representatives, for equal access to the service."
)
class ReferenceGroup(Node):
    @strawberry.field
    async def service(
        self, info: Info
    ) -> Annotated[Service, strawberry.lazy("schema.services")] | None:
        return await linked_one(info, Relation.OF_SERVICE, self.record.id)

    @strawberry.field
    async def members(self, info: Info) -> list[ReferenceGroupMember]:
        return await linked(info, Relation.GROUP_MEMBERS, self.record.id)

    provenance = provenance_field()


@strawberry.type(description="A national competence service's plan for spreading competence.")
class DisseminationPlan(Node):
    summary = text_field("summary", "What the plan says.")

    @strawberry.field
    def adopted_on(self) -> dt.date | None:
        return self.record.get_date("adoptedOn")

    @strawberry.field
    async def service(
        self, info: Info
    ) -> Annotated[Service, strawberry.lazy("schema.services")] | None:
        return await linked_one(info, Relation.OF_SERVICE, self.record.id)

    provenance = provenance_field()


# --- the coordinator's answers ----------------------------------------------------------------


@strawberry.type(description="How many applications of a round stand at one stage.")
class StageCount:
    stage: ApplicationStage
    applications: int


@strawberry.type(description="The state of one year's application round.")
class RoundState:
    year: int
    due_on: dt.date | None = strawberry.field(
        description="When the lists were due (15 January); null for a round before any source "
        "gives the deadline (before 2018)."
    )
    lists: list[Annotated[ApplicationList, strawberry.lazy("schema.applications")]] = (
        strawberry.field(description="The lists received, first received first.")
    )
    late_lists: list[Annotated[ApplicationList, strawberry.lazy("schema.applications")]] = (
        strawberry.field(description="The lists that came after the due date.")
    )
    missing_authorities: list[Annotated[Organisation, strawberry.lazy("schema.organisations")]] = (
        strawberry.field(description="Regional health authorities that have sent no list.")
    )
    stages: list[StageCount] = strawberry.field(description="Applications per stage.")
    applications: int = strawberry.field(description="All applications of the round.")


@strawberry.type(description="A service due for its five-yearly review.")
class ReviewDue:
    service: Annotated[Service, strawberry.lazy("schema.services")]
    approved_year: int | None = strawberry.field(description="When it was approved, if known.")
    last_review_year: int | None = strawberry.field(description="Its last review, if any.")


@strawberry.type(description="A service whose reference group is missing or incomplete.")
class ReferenceGroupGap:
    service: Annotated[Service, strawberry.lazy("schema.services")]
    has_group: bool
    has_user_representation: bool
    missing_authorities: list[Annotated[Organisation, strawberry.lazy("schema.organisations")]] = (
        strawberry.field(description="Regional health authorities not represented.")
    )


@strawberry.enum(description="What happened in a service's life.")
class HistoryEventKind(Enum):
    APPLIED = "APPLIED"
    ASSESSED = "ASSESSED"
    DECIDED = "DECIDED"
    DISSEMINATION_PLAN = "DISSEMINATION_PLAN"
    REFERENCE_GROUP = "REFERENCE_GROUP"
    REPORTED = "REPORTED"
    EVALUATED = "EVALUATED"
    REVIEWED = "REVIEWED"


@strawberry.type(description="One step in a service's history, with the node that records it.")
class HistoryEvent:
    kind: HistoryEventKind
    date: dt.date | None = strawberry.field(
        description="The day it happened, when a source gives it to the day (see `when`)."
    )
    when: PartialDate | None = strawberry.field(
        description="When it happened, as exactly as it is known; for an undated decision the "
        "bounds the hub derived, with how; never another event's date."
    )
    subject: Node


def _remark(props: Mapping[str, Any], served: str) -> str | None:
    """A relationship's ``remark_<language>`` property in the served language (or its fallback)."""
    remarks = {
        k.removeprefix("remark_"): v for k, v in props.items() if k.startswith("remark_") and v
    }
    chosen = pick(remarks, served)
    return chosen[0] if chosen else None
