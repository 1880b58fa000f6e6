"""Organisations (health trusts, hospitals, authorities, Nordic bodies) and treatment sites."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.relations import Relation
from graph.vocabulary import IDENTIFIER_PROPERTIES
from schema.context import Info
from schema.convert import INCLUDE_WITHDRAWN, linked, linked_one
from schema.enums import OrganisationKind
from schema.node import Node, provenance_field, text_field, translations_field
from schema.reads import enum, leaf, string

if TYPE_CHECKING:
    from schema.countries import Country, Region
    from schema.registries import QualityRegistry
    from schema.services import Service


@strawberry.type(
    description="A national identifier: RESH, HER, ORGNR (NO), HSA-id (SE), SOR, SHAK, CVR (DK), "
    "Y-tunnus, SOTE-OID (FI) or kennitala (IS)."
)
class Identifier:
    system: str
    value: str
    source: str | None = strawberry.field(
        default=None,
        description="Where the hub has it from: a public source, the review that linked it, or "
        "null when it came with the organisation's own record.",
    )


@strawberry.type(description="WGS 84 coordinates.")
class Coordinates:
    latitude: float
    longitude: float


@strawberry.federation.type(
    keys=["id"], description="A health trust, hospital, authority, council or Nordic body."
)
class Organisation(Node):
    name = text_field("name", "The organisation's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")

    short_name = leaf(string("shortName"), "A common short name, e.g. `HOD`.")
    kind = leaf(enum("kind", OrganisationKind))
    url = leaf(string("url"))

    @strawberry.field(description="National identifiers known for it.")
    def identifiers(self) -> list[Identifier]:
        props = self.record.props
        return [
            Identifier(system=system, value=str(props[prop]), source=props.get(f"{prop}Source"))
            for system, prop in IDENTIFIER_PROPERTIES.items()
            if props.get(prop)
        ]

    @strawberry.field
    async def country(
        self, info: Info
    ) -> Annotated[Country, strawberry.lazy("schema.countries")] | None:
        return await linked_one(info, Relation.IN_COUNTRY, self.record.id)

    @strawberry.field
    async def region(
        self, info: Info
    ) -> Annotated[Region, strawberry.lazy("schema.countries")] | None:
        return await linked_one(info, Relation.ORGANISATION_REGION, self.record.id)

    @strawberry.field(description="The regions this body governs (regional health authorities).")
    async def governs(
        self, info: Info
    ) -> list[Annotated[Region, strawberry.lazy("schema.countries")]]:
        return await linked(info, Relation.ORGANISATION_GOVERNS, self.record.id)

    @strawberry.field(description="The organisation this one is part of.")
    async def parent(self, info: Info) -> Organisation | None:
        found: Organisation | None = await linked_one(
            info, Relation.ORGANISATION_PARENT, self.record.id
        )
        return found

    @strawberry.field(description="Organisations that are part of this one.")
    async def units(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Organisation]:
        return await linked(
            info, Relation.ORGANISATION_UNITS, self.record.id, include_withdrawn=include_withdrawn
        )

    @strawberry.field(description="Member countries, for Nordic bodies such as the expert group.")
    async def member_countries(
        self, info: Info
    ) -> list[Annotated[Country, strawberry.lazy("schema.countries")]]:
        return await linked(info, Relation.ORGANISATION_MEMBER_COUNTRIES, self.record.id)

    @strawberry.field
    async def locations(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Location]:
        return await linked(
            info,
            Relation.ORGANISATION_LOCATIONS,
            self.record.id,
            include_withdrawn=include_withdrawn,
        )

    @strawberry.field(description="Designated services this organisation hosts.")
    async def hosted_services(
        self, info: Info, include_illustrative: bool = False
    ) -> list[Annotated[Service, strawberry.lazy("schema.services")]]:
        return await linked(
            info,
            Relation.ORGANISATION_HOSTED_SERVICES,
            self.record.id,
            include_illustrative=include_illustrative,
        )

    @strawberry.field(description="Quality registries this organisation reports to.")
    async def reports_to(
        self, info: Info, include_withdrawn: INCLUDE_WITHDRAWN = False
    ) -> list[Annotated[QualityRegistry, strawberry.lazy("schema.registries")]]:
        return await linked(
            info, Relation.REPORTS_TO, self.record.id, include_withdrawn=include_withdrawn
        )

    provenance = provenance_field()


@strawberry.federation.type(
    keys=["id"], description="A treatment site: a hospital or clinic at an address."
)
class Location(Node):
    name = text_field("name", "The site's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")

    city = leaf(string("city"))
    address = leaf(string("address"))

    @strawberry.field
    def coordinates(self) -> Coordinates | None:
        latitude = self.record.get_float("latitude")
        longitude = self.record.get_float("longitude")
        if latitude is None or longitude is None:
            return None
        return Coordinates(latitude=latitude, longitude=longitude)

    @strawberry.field(description="The organisation that runs the site.")
    async def organisation(self, info: Info) -> Organisation | None:
        found: Organisation | None = await linked_one(
            info, Relation.LOCATION_ORGANISATION, self.record.id
        )
        return found

    @strawberry.field
    async def country(
        self, info: Info
    ) -> Annotated[Country, strawberry.lazy("schema.countries")] | None:
        return await linked_one(info, Relation.IN_COUNTRY, self.record.id)

    @strawberry.field(description="Designated services offered here.")
    async def services(
        self, info: Info, include_illustrative: bool = False
    ) -> list[Annotated[Service, strawberry.lazy("schema.services")]]:
        return await linked(
            info,
            Relation.LOCATION_SERVICES,
            self.record.id,
            include_illustrative=include_illustrative,
        )

    provenance = provenance_field()
