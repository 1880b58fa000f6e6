"""Quality registries: national and Nordic, who takes part and reports, and their coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph.models import Link
from graph.relations import Relation
from schema.context import Info
from schema.convert import INCLUDE_WITHDRAWN, linked, linked_one, links, to_type
from schema.enums import RegistryScope
from schema.identity import AuditEntry
from schema.node import Node, Provenance, provenance_field, text_field, translations_field
from schema.policy import sees_audit_details
from schema.reads import enum, integer, leaf, string
from schema.sync import SyncRun, registry_runs

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

    @strawberry.field(
        description="The country these figures are for; null for the registry's own total."
    )
    async def country(
        self, info: Info
    ) -> Annotated[Country, strawberry.lazy("schema.countries")] | None:
        if self.record.get_str("country") is None:
            return None
        return await linked_one(info, Relation.IN_COUNTRY, self.record.id)

    provenance = provenance_field()


@strawberry.type(description="An organisation reporting to a registry, and in which years.")
class RegistryReporting:
    link: strawberry.Private[Link]

    @strawberry.field
    def organisation(self) -> Annotated[Organisation, strawberry.lazy("schema.organisations")]:
        found: Organisation = to_type(self.link.node)
        return found

    @strawberry.field(
        description="The years it reported in, as its source states them (empty: not stated)."
    )
    def years(self) -> list[int]:
        return sorted(int(year) for year in self.link.props.get("years") or ())

    @strawberry.field(description="Who states it and when; `withdrawnAt` once they no longer do.")
    def provenance(self) -> Provenance:
        return Provenance.of(self.link.provenance)


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

    scope = leaf(enum("scope", RegistryScope))
    established = leaf(integer("established"), "The year the registry was established.")
    url = leaf(string("url"))

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
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Annotated[Country, strawberry.lazy("schema.countries")]]:
        return await linked(
            info,
            Relation.REGISTRY_PARTICIPANTS,
            self.record.id,
            include_withdrawn=include_withdrawn,
        )

    @strawberry.field(description="Organisations (treatment units) reporting to it.")
    async def reporting_organisations(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Annotated[Organisation, strawberry.lazy("schema.organisations")]]:
        return await linked(
            info,
            Relation.REGISTRY_REPORTING_ORGANISATIONS,
            self.record.id,
            include_withdrawn=include_withdrawn,
        )

    @strawberry.field(
        description="Organisations reporting to it with the years each reported in, and who "
        "states it."
    )
    async def reporting(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[RegistryReporting]:
        found = await links(
            info,
            Relation.REGISTRY_REPORTING_ORGANISATIONS,
            self.record.id,
            include_withdrawn=include_withdrawn,
        )
        return [RegistryReporting(link=link) for link in found]

    @strawberry.field(description="Designated services reporting to it.")
    async def reporting_services(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Annotated[Service, strawberry.lazy("schema.services")]]:
        return await linked(
            info,
            Relation.REGISTRY_REPORTING_SERVICES,
            self.record.id,
            include_withdrawn=include_withdrawn,
        )

    @strawberry.field(
        description="Conditions and procedures it covers.", graphql_type=list[CoveredItem]
    )
    async def covers(self, info: Info) -> list[Any]:
        return await linked(info, Relation.REGISTRY_COVERS, self.record.id)

    @strawberry.field(
        description="Coverage per year, oldest first: the registry's own total (`country` null) "
        "and each country's figures, as their sources publish them."
    )
    async def coverage(
        self,
        info: Info,
        country: Annotated[
            str | None,
            strawberry.argument(description="Only this country's figures (ISO code, e.g. `SE`)."),
        ] = None,
        include_withdrawn: INCLUDE_WITHDRAWN = False,
    ) -> list[RegistryCoverage]:
        found = await links(
            info, Relation.REGISTRY_COVERAGE, self.record.id, include_withdrawn=include_withdrawn
        )
        code = country.strip().upper() if country is not None else None
        return [
            RegistryCoverage.from_record(link.node)
            for link in found
            if code is None or link.node.get_str("country") == code
        ]

    @strawberry.field(description="Collaboration projects concerning this registry.")
    async def projects(
        self, info: Info
    ) -> list[Annotated[CollaborationProject, strawberry.lazy("schema.projects")]]:
        return await linked(info, Relation.PROJECTS_CONCERNING, self.record.id)

    @strawberry.field(
        description="Every push of participation to this registry: who and when for everyone; "
        "the role, token and values before and after for the body that pushed it."
    )
    async def audit_trail(self, info: Info) -> list[AuditEntry]:
        entries = await links(info, Relation.REGISTRY_AUDIT_TRAIL, self.record.id)
        viewer = await info.context.reader()
        return [
            AuditEntry(
                record=link.node,
                details=sees_audit_details(viewer, link.node.get_str("actor"), frozenset()),
            )
            for link in entries
        ]

    @strawberry.field(
        description="The runs of the partner feeds that state this registry's facts, newest first."
    )
    async def sync_runs(self, info: Info, first: int = 20) -> list[SyncRun]:
        return await registry_runs(info, self.record.id, first)

    provenance = provenance_field()
