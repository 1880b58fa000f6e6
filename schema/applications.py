"""The yearly application round: prioritised lists, applications, assessments and decisions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph.cycle import FINAL_OUTCOMES, application_stage
from graph.relations import Relation
from schema.context import Info
from schema.convert import linked, linked_one, links
from schema.dates import partial_date_field
from schema.enums import (
    ApplicationStage,
    DecisionOutcome,
    DecisionReason,
    Recommendation,
    ServiceKind,
    member,
)
from schema.language import pick_property, requested_language
from schema.node import Node, provenance_field, text_field, translations_field

if TYPE_CHECKING:
    from schema.countries import Region
    from schema.documents import Document
    from schema.legal import LegalProvision
    from schema.organisations import Organisation
    from schema.projects import CollaborationProject
    from schema.services import Service


def _late(value: Any) -> bool | None:
    return None if value is None else bool(value)


@strawberry.type(
    description="One regional health authority's combined, prioritised list of applications "
    "for a round."
)
class ApplicationList(Node):
    @strawberry.field
    def round_year(self) -> int | None:
        return self.record.get_int("roundYear")

    @strawberry.field(description="When the list reached the ministry.")
    def submitted_on(self) -> dt.date | None:
        return self.record.get_date("submittedOn")

    @strawberry.field(
        description="When the list was due: 15 January of the round year, for rounds a source "
        "gives that deadline for (from 2018); null before."
    )
    def due_on(self) -> dt.date | None:
        return self.record.get_date("dueOn")

    @strawberry.field(
        description="True when the list reached the ministry after it was due; null when no "
        "deadline is known for its round."
    )
    def late(self) -> bool | None:
        return _late(self.record.props.get("late"))

    @strawberry.field(description="The regional health authority that sent the list.")
    async def submitted_by(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.SUBMITTED_BY, self.record.id)

    @strawberry.field
    async def region(
        self, info: Info
    ) -> Annotated[Region, strawberry.lazy("schema.countries")] | None:
        return await linked_one(info, Relation.LIST_REGION, self.record.id)

    @strawberry.field(description="The applications on the list, in priority order.")
    async def applications(self, info: Info) -> list[Application]:
        return await linked(info, Relation.LIST_APPLICATIONS, self.record.id)

    @strawberry.field(description="The letter that carried the list.")
    async def document(
        self, info: Info
    ) -> Annotated[Document, strawberry.lazy("schema.documents")] | None:
        return await linked_one(info, Relation.DOCUMENTED_IN, self.record.id)

    provenance = provenance_field()


@strawberry.type(description="An application for a new national service.")
class Application(Node):
    title = text_field("title", "The proposed service's name in the served language.")
    translations = translations_field("title", "The title in every language we have.")

    @strawberry.field
    def round_year(self) -> int | None:
        return self.record.get_int("roundYear")

    @strawberry.field(description="The kind of service applied for.")
    def proposed_kind(self) -> ServiceKind | None:
        return member(ServiceKind, self.record.props.get("proposedKind"))

    @strawberry.field(
        description="True when its list reached the ministry after it was due (15 January); "
        "null when no deadline is known for its round."
    )
    def late(self) -> bool | None:
        return _late(self.record.props.get("late"))

    @strawberry.field(
        description="Where it stands: awaiting assessment or decision, or decided; an outcome "
        "no decision in the hub records says so in `stageDerivedFrom`."
    )
    async def stage(self, info: Info) -> ApplicationStage:
        assessed = await links(info, Relation.APPLICATION_ASSESSMENTS, self.record.id)
        decided = await links(info, Relation.DECISIONS_ABOUT, self.record.id)
        return application_stage(
            len(assessed),
            [str(d.node.props.get("outcome")) for d in decided],
            self.record.get_str("stage"),
        )

    @strawberry.field(
        description="How `stage` was derived when no decision in the hub gives it, in the served "
        "language (or `language`); null when decisions give it."
    )
    async def stage_derived_from(self, info: Info, language: str | None = None) -> str | None:
        decided = await links(info, Relation.DECISIONS_ABOUT, self.record.id)
        if any(d.node.props.get("outcome") in FINAL_OUTCOMES for d in decided):
            return None
        found = pick_property(
            self.record.props, "stageDerivedFrom", requested_language(info, language)
        )
        return found[0] if found else None

    @strawberry.field(description="Its place in the regional health authority's list.")
    async def priority(self, info: Info) -> int | None:
        found = await links(info, Relation.APPLICATION_LISTED_IN, self.record.id)
        value = found[0].props.get("priority") if found else None
        return int(value) if value is not None else None

    @strawberry.field(name="list", description="The list it was sent on.")
    async def application_list(self, info: Info) -> ApplicationList | None:
        found: ApplicationList | None = await linked_one(
            info, Relation.APPLICATION_LISTED_IN, self.record.id
        )
        return found

    @strawberry.field(description="The regional health authority that sent it.")
    async def submitted_by(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.SUBMITTED_BY, self.record.id)

    @strawberry.field(description="The health trust that applied, where known.")
    async def applicant(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.APPLICATION_APPLICANT, self.record.id)

    @strawberry.field(description="The service it proposes.")
    async def proposed_service(
        self, info: Info
    ) -> Annotated[Service, strawberry.lazy("schema.services")] | None:
        return await linked_one(info, Relation.APPLICATION_PROPOSES, self.record.id)

    @strawberry.field(description="The Directorate of Health's assessments of it.")
    async def assessments(self, info: Info) -> list[Assessment]:
        return await linked(info, Relation.APPLICATION_ASSESSMENTS, self.record.id)

    @strawberry.field(description="Every decision on it, oldest first.")
    async def decisions(self, info: Info) -> list[Decision]:
        return await linked(info, Relation.DECISIONS_ABOUT, self.record.id)

    @strawberry.field(description="The latest decision on it, if any.")
    async def decision(self, info: Info) -> Decision | None:
        found: list[Decision] = await linked(info, Relation.DECISIONS_ABOUT, self.record.id)
        return found[-1] if found else None

    provenance = provenance_field()


@strawberry.type(description="An assessment of applications against the regulation.")
class Assessment(Node):
    summary = text_field("summary", "What the assessment says.", required=False)
    summary_translations = translations_field("summary", "The summary in every language we have.")

    @strawberry.field
    def date(self) -> dt.date | None:
        return self.record.get_date("date")

    when = partial_date_field("date", "The assessment's date, as exactly as it is known.")

    @strawberry.field
    def recommendation(self) -> Recommendation | None:
        return member(Recommendation, self.record.props.get("recommendation"))

    @strawberry.field(
        description="The provisions assessed against: Forskrift 1706/2010 § 4-3 for a treatment "
        "service, § 4-5 for a competence service."
    )
    async def assessed_against(
        self, info: Info
    ) -> list[Annotated[LegalProvision, strawberry.lazy("schema.legal")]]:
        return await linked(info, Relation.ASSESSMENT_AGAINST, self.record.id)

    @strawberry.field(description="Who assessed, e.g. Helsedirektoratet.")
    async def assessed_by(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.ASSESSMENT_BY, self.record.id)

    @strawberry.field
    async def applications(self, info: Info) -> list[Application]:
        return await linked(info, Relation.ASSESSMENT_APPLICATIONS, self.record.id)

    @strawberry.field
    async def document(
        self, info: Info
    ) -> Annotated[Document, strawberry.lazy("schema.documents")] | None:
        return await linked_one(info, Relation.DOCUMENTED_IN, self.record.id)

    provenance = provenance_field()


DecisionSubject = Annotated[
    Annotated["Application", strawberry.lazy("schema.applications")]
    | Annotated["Service", strawberry.lazy("schema.services")]
    | Annotated["Document", strawberry.lazy("schema.documents")]
    | Annotated["CollaborationProject", strawberry.lazy("schema.projects")],
    strawberry.union("DecisionSubject", description="What a decision is about."),
]


@strawberry.type(description="A decision: by the ministry on an application, or by a Nordic body.")
class Decision(Node):
    reason = text_field("reason", "The reason given, in the served language.", required=False)
    reason_translations = translations_field("reason", "The reason in every language we have.")

    @strawberry.field
    def outcome(self) -> DecisionOutcome | None:
        return member(DecisionOutcome, self.record.props.get("outcome"))

    @strawberry.field(description="The day of the decision, when a source gives it (see `when`).")
    def date(self) -> dt.date | None:
        return self.record.get_date("date")

    when = partial_date_field(
        "date",
        "When it was decided, as exactly as it is known: a day, a month, a year, or bounds the "
        "hub derived (for a decision in an undated letter) with how.",
    )

    @strawberry.field(
        description="Why, as codes beside the text of `reason`: e.g. PATIENT_VOLUME_TOO_SMALL."
    )
    def reason_codes(self) -> list[DecisionReason]:
        return [DecisionReason(code) for code in self.record.get_strings("reasons")]

    @strawberry.field(description="The bodies the decision tasks, e.g. to assess further.")
    async def assigned_to(
        self, info: Info
    ) -> list[Annotated[Organisation, strawberry.lazy("schema.organisations")]]:
        return await linked(info, Relation.DECISION_ASSIGNS, self.record.id)

    @strawberry.field(description="The deadline set, when sent for further assessment.")
    def deadline(self) -> dt.date | None:
        return self.record.get_date("deadline")

    @strawberry.field(description="Who decided.")
    async def decided_by(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.DECISION_DECIDED_BY, self.record.id)

    @strawberry.field(description="The legal provisions the decision cites.")
    async def legal_basis(
        self, info: Info
    ) -> list[Annotated[LegalProvision, strawberry.lazy("schema.legal")]]:
        return await linked(info, Relation.DECISION_CITES, self.record.id)

    @strawberry.field(description="What the decision is about.", graphql_type=list[DecisionSubject])
    async def subjects(self, info: Info) -> list[Any]:
        return await linked(info, Relation.DECISION_SUBJECTS, self.record.id)

    @strawberry.field(description="Who must meet the deadline.")
    async def deadline_for(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.DECISION_DEADLINE_FOR, self.record.id)

    @strawberry.field(description="Cooperation the decision recommends or assigns.")
    async def recommends(
        self, info: Info
    ) -> list[Annotated[CollaborationProject, strawberry.lazy("schema.projects")]]:
        return await linked(info, Relation.DECISION_RECOMMENDS, self.record.id)

    @strawberry.field(description="The document the decision is recorded in.")
    async def document(
        self, info: Info
    ) -> Annotated[Document, strawberry.lazy("schema.documents")] | None:
        return await linked_one(info, Relation.DOCUMENTED_IN, self.record.id)

    provenance = provenance_field()
