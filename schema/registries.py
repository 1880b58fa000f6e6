"""Quality registries: national and Nordic, who takes part and reports, and their coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph.relations import Relation
from schema.context import Info
from schema.convert import linked, linked_one
from schema.enums import RegistryScope, member
from schema.node import Node, provenance_field, text_field, translations_field

if TYPE_CHECKING:
    from schema.countries import Country
    from schema.organisations import Organisation
    from schema.projects import CollaborationProject
    from schema.services import Service
    from schema.terminology import Condition, Procedure


@strawberry.type(description="A registry's coverage in one year.")
class RegistryCoverage(Node):
    @strawberry.field
    def year(self) -> int:
        return self.record.get_int("year") or 0

    @strawberry.field(description="Share of eligible patients registered, in percent.")
    def percent(self) -> float | None:
        return self.record.get_float("percent")

    @strawberry.field(description="New cases registered that year.")
    def new_cases(self) -> int | None:
        return self.record.get_int("newCases")

    @strawberry.field(description="Individuals registered in total up to that year.")
    def total_registered(self) -> int | None:
        return self.record.get_int("totalRegistered")

    provenance = provenance_field()


CoveredItem = Annotated[
    Annotated["Condition", strawberry.lazy("schema.terminology")]
    | Annotated["Procedure", strawberry.lazy("schema.terminology")],
    strawberry.union("CoveredItem", description="A condition or procedure a registry covers."),
]


@strawberry.federation.type(
    keys=["id"], description="A national or Nordic medical quality registry."
)
class QualityRegistry(Node):
    name = text_field("name", "The registry's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")
    description = text_field("description", "What the registry records.", required=False)

    @strawberry.field
    def scope(self) -> RegistryScope | None:
        return member(RegistryScope, self.record.props.get("scope"))

    @strawberry.field(description="The year the registry was established.")
    def established(self) -> int | None:
        return self.record.get_int("established")

    @strawberry.field
    def url(self) -> str | None:
        return self.record.get_str("url")

    @strawberry.field(description="The country of a national registry.")
    async def country(
        self, info: Info
    ) -> Annotated[Country, strawberry.lazy("schema.countries")] | None:
        return await linked_one(info, Relation.IN_COUNTRY, self.record.id)

    @strawberry.field(description="The organisation that holds (is data controller for) it.")
    async def holder(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.REGISTRY_HOLDER, self.record.id)

    @strawberry.field(description="Countries taking part.")
    async def participating_countries(
        self, info: Info
    ) -> list[Annotated[Country, strawberry.lazy("schema.countries")]]:
        return await linked(info, Relation.REGISTRY_PARTICIPANTS, self.record.id)

    @strawberry.field(description="Organisations (treatment units) reporting to it.")
    async def reporting_organisations(
        self, info: Info
    ) -> list[Annotated[Organisation, strawberry.lazy("schema.organisations")]]:
        return await linked(info, Relation.REGISTRY_REPORTING_ORGANISATIONS, self.record.id)

    @strawberry.field(description="Designated services reporting to it.")
    async def reporting_services(
        self, info: Info
    ) -> list[Annotated[Service, strawberry.lazy("schema.services")]]:
        return await linked(info, Relation.REGISTRY_REPORTING_SERVICES, self.record.id)

    @strawberry.field(
        description="Conditions and procedures it covers.", graphql_type=list[CoveredItem]
    )
    async def covers(self, info: Info) -> list[Any]:
        return await linked(info, Relation.REGISTRY_COVERS, self.record.id)

    @strawberry.field(description="Coverage per year, oldest first.")
    async def coverage(self, info: Info) -> list[RegistryCoverage]:
        return await linked(info, Relation.REGISTRY_COVERAGE, self.record.id)

    @strawberry.field(description="Collaboration projects concerning this registry.")
    async def projects(
        self, info: Info
    ) -> list[Annotated[CollaborationProject, strawberry.lazy("schema.projects")]]:
        return await linked(info, Relation.PROJECTS_CONCERNING, self.record.id)

    provenance = provenance_field()
