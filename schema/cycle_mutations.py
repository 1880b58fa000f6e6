"""What the steps of the yearly cycle take: the regional health authority's list and reports,
the Directorate's assessments, evaluations and reviews, the ministry's decisions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.cycle import (
    AnnualReport,
    DisseminationPlan,
    Evaluation,
    FiveYearReview,
)
from schema.enums import (
    DecisionOutcome,
    DecisionReason,
    MemberKind,
    Recommendation,
    ReviewRecommendation,
)
from schema.enums import ServiceKind as ServiceKindEnum
from schema.project_mutations import LocalizedTextInput
from schema.writes import WriteResult

if TYPE_CHECKING:
    from schema.applications import ApplicationList, Assessment, Decision
    from schema.services import Service


@strawberry.input(description="A measurable result target: what it aims at and what is measured.")
class ResultTargetInput:
    description: list[LocalizedTextInput] = strawberry.field(
        description="What the target aims at, in one or more languages."
    )
    measure: str = strawberry.field(
        description="What is measured (the indicator), e.g. `Median ventetid i dager`. Required: "
        "result targets must be measurable."
    )
    unit: str | None = None
    target_value: float | None = None


@strawberry.input(description="One application on a regional health authority's list.")
class ApplicationInput:
    title: list[LocalizedTextInput] = strawberry.field(
        description="The proposed service's name, in one or more languages."
    )
    proposed_kind: ServiceKindEnum
    applicant: strawberry.ID | None = strawberry.field(
        default=None, description="The health trust that applied, e.g. `org:st-olavs-hospital`."
    )
    proposed_service: strawberry.ID | None = strawberry.field(
        default=None,
        description="A service already in the hub that the application proposes; when left out "
        "a new service is recorded with status PROPOSED.",
    )
    result_targets: list[ResultTargetInput] = strawberry.field(default_factory=list)
    dissemination_plan: list[LocalizedTextInput] | None = strawberry.field(
        default=None,
        description="The plan for spreading competence (required before a competence service "
        "can be approved).",
    )


@strawberry.input(
    description="A regional health authority's combined, prioritised list for a round, most "
    "wanted first. Due 15 January; a later list is accepted and marked late."
)
class SubmitApplicationListInput:
    round_year: int
    applications: list[ApplicationInput]
    submitted_on: dt.date | None = strawberry.field(
        default=None, description="When the list reached the ministry; today when left out."
    )
    document: strawberry.ID | None = strawberry.field(
        default=None, description="The letter that carried the list, if it is in the hub."
    )


@strawberry.input(description="The Directorate of Health's assessment of one or more applications.")
class AssessApplicationsInput:
    applications: list[strawberry.ID]
    recommendation: Recommendation
    date: dt.date | None = None
    summary: list[LocalizedTextInput] = strawberry.field(default_factory=list)
    document: strawberry.ID | None = None


@strawberry.input(description="The ministry's decision on one or more assessed applications.")
class DecideApplicationsInput:
    applications: list[strawberry.ID]
    outcome: DecisionOutcome = strawberry.field(
        description="APPROVED, REJECTED or FURTHER_ASSESSMENT."
    )
    date: dt.date | None = None
    reason: list[LocalizedTextInput] = strawberry.field(
        default_factory=list, description="Required for a rejection."
    )
    reason_codes: list[DecisionReason] = strawberry.field(
        default_factory=list, description="Why, as codes beside the text (e.g. for filtering)."
    )
    legal_basis: strawberry.ID | None = strawberry.field(
        default=None,
        description="Required to approve or reject: `legal:forskrift-1706-2010-4-3` for a "
        "treatment service, `legal:forskrift-1706-2010-4-5` for a competence service.",
    )
    deadline: dt.date | None = strawberry.field(
        default=None, description="Required for FURTHER_ASSESSMENT."
    )
    deadline_for: strawberry.ID | None = strawberry.field(
        default=None, description="Who must meet the deadline, e.g. `org:helsedirektoratet`."
    )
    document: strawberry.ID | None = None
    recommends: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Collaboration projects the decision recommends."
    )


@strawberry.input(description="A result target reported on, with the value measured.")
class ReportedResultInput:
    description: list[LocalizedTextInput]
    measure: str
    measured_value: float | None = None
    unit: str | None = None
    target_value: float | None = None


@strawberry.input(description="An approved service's annual report.")
class SubmitAnnualReportInput:
    service: strawberry.ID
    year: int
    results: list[ReportedResultInput] = strawberry.field(default_factory=list)
    summary: list[LocalizedTextInput] = strawberry.field(default_factory=list)
    submitted_on: dt.date | None = None


@strawberry.input(description="A report the evaluation found deficient.")
class DeficientReportInput:
    service: strawberry.ID
    remark: list[LocalizedTextInput] = strawberry.field(default_factory=list)


@strawberry.input(
    description="The Directorate's yearly evaluation: approved services with no report for the "
    "year are recorded as MISSING, those listed as deficient as DEFICIENT."
)
class EvaluateAnnualReportsInput:
    year: int
    deficient: list[DeficientReportInput] = strawberry.field(default_factory=list)
    summary: list[LocalizedTextInput] = strawberry.field(default_factory=list)
    date: dt.date | None = None


@strawberry.input(description="What the review found for one service.")
class ReviewFindingInput:
    service: strawberry.ID
    recommendation: ReviewRecommendation
    remark: list[LocalizedTextInput] = strawberry.field(default_factory=list)


@strawberry.input(description="The larger review of national services made every fifth year.")
class RecordFiveYearReviewInput:
    year: int
    findings: list[ReviewFindingInput]
    summary: list[LocalizedTextInput] = strawberry.field(default_factory=list)
    date: dt.date | None = None


@strawberry.input(description="A member of a service's reference group.")
class ReferenceGroupMemberInput:
    name: str
    kind: MemberKind
    organisation: strawberry.ID | None = strawberry.field(
        default=None, description="The organisation represented (required for an authority)."
    )


@strawberry.input(description="A service's reference group; replaces the members it had.")
class SetReferenceGroupInput:
    service: strawberry.ID
    members: list[ReferenceGroupMemberInput]


@strawberry.input(description="A competence service's plan for spreading competence.")
class AdoptDisseminationPlanInput:
    service: strawberry.ID
    summary: list[LocalizedTextInput]
    adopted_on: dt.date | None = None


# --- what the steps return --------------------------------------------------------------------


@strawberry.type(description="The list as received, with its applications.")
class ApplicationListPayload(WriteResult):
    list: Annotated[ApplicationList, strawberry.lazy("schema.applications")]


@strawberry.type(description="The assessment as recorded.")
class AssessmentPayload(WriteResult):
    assessment: Annotated[Assessment, strawberry.lazy("schema.applications")]


@strawberry.type(description="The decision as recorded.")
class DecisionPayload(WriteResult):
    decision: Annotated[Decision, strawberry.lazy("schema.applications")]


@strawberry.type(description="The annual report as received.")
class AnnualReportPayload(WriteResult):
    report: AnnualReport


@strawberry.type(description="The evaluation with every report of the year it covered.")
class EvaluationPayload(WriteResult):
    evaluation: Evaluation


@strawberry.type(description="The five-year review as recorded.")
class FiveYearReviewPayload(WriteResult):
    review: FiveYearReview


@strawberry.type(description="The service with its reference group as now set.")
class ReferenceGroupPayload(WriteResult):
    service: Annotated[Service, strawberry.lazy("schema.services")]


@strawberry.type(description="The plan as adopted.")
class DisseminationPlanPayload(WriteResult):
    plan: DisseminationPlan
