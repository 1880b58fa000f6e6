"""Designated services: what they treat, where, under which decision, reporting where."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.models import Link
from graph.relations import Relation
from schema.context import Info
from schema.convert import INCLUDE_WITHDRAWN, linked, linked_one, links, to_type
from schema.enums import ServiceKind, ServiceStatus
from schema.node import Node, Provenance, provenance_field, text_field, translations_field
from schema.reads import ILLUSTRATIVE, Leaf, day, enum, leaf, string

if TYPE_CHECKING:
    from schema.applications import Application, Decision
    from schema.countries import Country
    from schema.cycle import (
        AnnualReport,
        DisseminationPlan,
        FiveYearReview,
        ReferenceGroup,
        ResultTarget,
    )
    from schema.legal import LegalProvision, ServiceKindInfo
    from schema.organisations import Location, Organisation
    from schema.projects import CollaborationProject
    from schema.registries import QualityRegistry
    from schema.terminology import Condition, Procedure


@strawberry.type(description="A site where a service is offered, with the facts of that site.")
class ServiceSite:
    location: Annotated[Location, strawberry.lazy("schema.organisations")]
    valid_from: dt.date | None = strawberry.field(description="When the site's designation began.")
    valid_to: dt.date | None = strawberry.field(description="When it ends or ended.")
    decision_ref: str | None = strawberry.field(
        description="The decision's reference, e.g. a Swedish permit's diary number."
    )
    link: strawberry.Private[Link]

    @strawberry.field
    def provenance(self) -> Provenance:
        return Provenance.of(self.link.provenance)


@strawberry.federation.type(
    keys=["id"],
    description="A designated service or function: a national or multiregional treatment "
    "service or a national competence service (NO), a national highly specialised care permit "
    "(SE), a highly specialised function (DK), centralised care (FI).",
)
class Service(Node):
    name = text_field("name", "The service's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")
    description = text_field("description", "What the service covers.", required=False)

    kind = leaf(enum("kind", ServiceKind))
    status = leaf(
        enum("status", ServiceStatus),
        "Where the designation is in its life; UNCONFIRMED when no source confirms the service "
        "(an illustrative entry), which then has no kind either.",
    )
    status_reason = text_field(
        "statusReason",
        "Why the service has its status, where the sources say: e.g. why it is unconfirmed.",
        required=False,
    )
    valid_from = leaf(day("validFrom"), "When the designation took effect.")
    valid_to = leaf(day("validTo"), "When the designation ends or ended.")
    decision_ref = leaf(
        string("decisionRef"), "The decision's reference where the source gives one."
    )
    annual_volume = leaf(
        string("annualVolume"), "Patient volume as its source states it, in its language."
    )
    report_id = leaf(
        string("reportId"), "Its id in the national annual-report database, e.g. L-OUS-3."
    )
    languages = leaf(
        Leaf("coalesce({n}.languages, [])", lambda r: list(r.get_strings("languages")), list[str]),
        "Languages patients can be served in (BCP 47), where known.",
    )
    illustrative = leaf(
        ILLUSTRATIVE, "True when no source confirms this service; for illustration."
    )

    @strawberry.field
    async def country(
        self, info: Info
    ) -> Annotated[Country, strawberry.lazy("schema.countries")] | None:
        return await linked_one(info, Relation.IN_COUNTRY, self.record.id)

    @strawberry.field(description="The kind of designation, with its rules.")
    async def kind_info(
        self, info: Info
    ) -> Annotated[ServiceKindInfo, strawberry.lazy("schema.legal")] | None:
        return await linked_one(info, Relation.SERVICE_KIND, self.record.id)

    @strawberry.field(description="The health trust(s) or hospital(s) hosting the service.")
    async def hosted_by(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Annotated[Organisation, strawberry.lazy("schema.organisations")]]:
        return await linked(
            info, Relation.SERVICE_HOSTED_BY, self.record.id, include_withdrawn=include_withdrawn
        )

    @strawberry.field(description="Where the service is offered, with per-site facts.")
    async def sites(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[ServiceSite]:
        found = await links(
            info, Relation.SERVICE_OFFERED_AT, self.record.id, include_withdrawn=include_withdrawn
        )
        return [site(link) for link in found]

    @strawberry.field(description="Where the service is offered.")
    async def locations(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Annotated[Location, strawberry.lazy("schema.organisations")]]:
        return await linked(
            info, Relation.SERVICE_OFFERED_AT, self.record.id, include_withdrawn=include_withdrawn
        )

    @strawberry.field(description="Conditions the service treats.")
    async def conditions(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Annotated[Condition, strawberry.lazy("schema.terminology")]]:
        return await linked(
            info, Relation.SERVICE_TREATS, self.record.id, include_withdrawn=include_withdrawn
        )

    @strawberry.field(description="Procedures the service performs.")
    async def procedures(
        self, info: Info
    ) -> list[Annotated[Procedure, strawberry.lazy("schema.terminology")]]:
        return await linked(info, Relation.SERVICE_PERFORMS, self.record.id)

    @strawberry.field(description="Quality registries the service reports to.")
    async def registries(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Annotated[QualityRegistry, strawberry.lazy("schema.registries")]]:
        return await linked(
            info, Relation.REPORTS_TO, self.record.id, include_withdrawn=include_withdrawn
        )

    @strawberry.field(description="The legal provisions the designation rests on.")
    async def legal_basis(
        self, info: Info
    ) -> list[Annotated[LegalProvision, strawberry.lazy("schema.legal")]]:
        return await linked(info, Relation.LEGAL_BASIS, self.record.id)

    @strawberry.field(description="Applications that proposed this service.")
    async def applications(
        self, info: Info
    ) -> list[Annotated[Application, strawberry.lazy("schema.applications")]]:
        return await linked(info, Relation.SERVICE_PROPOSED_IN, self.record.id)

    @strawberry.field(description="Decisions about this service.")
    async def decisions(
        self, info: Info
    ) -> list[Annotated[Decision, strawberry.lazy("schema.applications")]]:
        return await linked(info, Relation.DECISIONS_ABOUT, self.record.id)

    @strawberry.field(description="Its annual reports, oldest first (missing ones included).")
    async def annual_reports(
        self, info: Info
    ) -> list[Annotated[AnnualReport, strawberry.lazy("schema.cycle")]]:
        return await linked(info, Relation.SERVICE_ANNUAL_REPORTS, self.record.id)

    @strawberry.field(description="Its measurable result targets.")
    async def result_targets(
        self, info: Info
    ) -> list[Annotated[ResultTarget, strawberry.lazy("schema.cycle")]]:
        return await linked(info, Relation.SERVICE_TARGETS, self.record.id)

    @strawberry.field(description="Its reference group, if one is known.")
    async def reference_group(
        self, info: Info
    ) -> Annotated[ReferenceGroup, strawberry.lazy("schema.cycle")] | None:
        return await linked_one(info, Relation.SERVICE_REFERENCE_GROUP, self.record.id)

    @strawberry.field(description="Its current plan for spreading competence, if any.")
    async def dissemination_plan(
        self, info: Info
    ) -> Annotated[DisseminationPlan, strawberry.lazy("schema.cycle")] | None:
        return await linked_one(info, Relation.SERVICE_DISSEMINATION_PLAN, self.record.id)

    @strawberry.field(description="The five-year reviews that covered it.")
    async def reviews(
        self, info: Info
    ) -> list[Annotated[FiveYearReview, strawberry.lazy("schema.cycle")]]:
        return await linked(info, Relation.SERVICE_REVIEWS, self.record.id)

    @strawberry.field(description="Collaboration projects concerning this service.")
    async def projects(
        self, info: Info
    ) -> list[Annotated[CollaborationProject, strawberry.lazy("schema.projects")]]:
        return await linked(info, Relation.PROJECTS_CONCERNING, self.record.id)

    provenance = provenance_field()


def site(link: Link) -> ServiceSite:
    """A site of a service from its ``OFFERED_AT`` link."""
    return ServiceSite(
        location=to_type(link.node),
        valid_from=_date(link.props.get("validFrom")),
        valid_to=_date(link.props.get("validTo")),
        decision_ref=link.props.get("decisionRef"),
        link=link,
    )


def _date(value: object) -> dt.date | None:
    to_native = getattr(value, "to_native", None)
    native = to_native() if callable(to_native) else value
    return native if isinstance(native, dt.date) else None
