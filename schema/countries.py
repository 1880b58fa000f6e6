"""Countries (names from CLDR) and regions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.relations import Relation
from i18n.cldr import country_name, country_names, language_name
from schema.context import Info
from schema.convert import linked, linked_one
from schema.enums import RegionKind
from schema.language import Translation, requested_language, translations
from schema.node import Node, provenance_field, text_field, translations_field
from schema.reads import enum, leaf, text_or_empty

if TYPE_CHECKING:
    from schema.organisations import Organisation


@strawberry.type(description="A language, named in the served language.")
class Language:
    code: str
    name: str


@strawberry.federation.type(
    keys=["id", "code"], description="A Nordic country or autonomous territory."
)
class Country(Node):
    @property
    def iso_code(self) -> str:
        return self.record.get_str("code") or ""

    code = leaf(text_or_empty("code"), "ISO 3166-1 alpha-2 code, e.g. `NO`.")

    @strawberry.field(description="The country's name in the served language (CLDR).")
    def name(self, info: Info, language: str | None = None) -> str:
        return country_name(self.iso_code, requested_language(info, language))

    @strawberry.field(description="The country's name in every supported language (CLDR).")
    def translations(self, info: Info) -> list[Translation]:
        return translations(country_names(self.iso_code), info.context.language)

    @strawberry.field(description="Official languages, named in the served language (CLDR).")
    def languages(self, info: Info) -> list[Language]:
        return [
            Language(code=tag, name=language_name(tag, info.context.language))
            for tag in self.record.get_strings("languages")
        ]

    @strawberry.field(description="The state an autonomous territory belongs to.")
    async def sovereign(self, info: Info) -> Country | None:
        found: Country | None = await linked_one(info, Relation.COUNTRY_SOVEREIGN, self.record.id)
        return found

    @strawberry.field(description="Regional health authorities and healthcare regions.")
    async def regions(self, info: Info) -> list[Region]:
        return await linked(info, Relation.COUNTRY_REGIONS, self.record.id)

    provenance = provenance_field()


@strawberry.type(description="A regional health authority's area or a healthcare region.")
class Region(Node):
    name = text_field("name", "The region's name in the served language.")
    translations = translations_field("name", "The region's name in every language we have.")

    kind = leaf(enum("kind", RegionKind))

    @strawberry.field
    async def country(self, info: Info) -> Country | None:
        found: Country | None = await linked_one(info, Relation.IN_COUNTRY, self.record.id)
        return found

    @strawberry.field(description="The body that governs the region, e.g. Helse Midt-Norge RHF.")
    async def authority(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.REGION_AUTHORITY, self.record.id)

    @strawberry.field(description="Health trusts and hospitals in the region.")
    async def organisations(
        self, info: Info
    ) -> list[Annotated[Organisation, strawberry.lazy("schema.organisations")]]:
        return await linked(info, Relation.REGION_ORGANISATIONS, self.record.id)

    provenance = provenance_field()
