"""Legal provisions, the kinds of designation, the governance rules that apply to them and the
national systems both belong to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.relations import Relation
from schema.context import Info
from schema.convert import linked, linked_one
from schema.dates import partial_date_field
from schema.enums import RuleKind, ServiceKind, member
from schema.node import Node, provenance_field, text_field, translations_field

if TYPE_CHECKING:
    from schema.countries import Country
    from schema.organisations import Organisation


@strawberry.type(description="A provision of law or regulation, e.g. Forskrift 1706/2010 § 4-3.")
class LegalProvision(Node):
    citation = text_field("citation", "How the provision is cited, in the served language.")
    citation_translations = translations_field("citation", "The citation in every language.")
    title = text_field("title", "What the provision is about.", required=False)

    @strawberry.field
    def url(self) -> str | None:
        return self.record.get_str("url")

    @strawberry.field
    async def country(
        self, info: Info
    ) -> Annotated[Country, strawberry.lazy("schema.countries")] | None:
        return await linked_one(info, Relation.IN_COUNTRY, self.record.id)

    provenance = provenance_field()


@strawberry.type(description="A kind of designation, what it means and the rules that bind it.")
class ServiceKindInfo(Node):
    name = text_field("name", "The kind's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")
    description = text_field("description", "What the kind means.", required=False)
    former_name = text_field("formerName", "What the kind used to be called.", required=False)

    @strawberry.field
    def code(self) -> ServiceKind | None:
        return member(ServiceKind, self.record.props.get("code"))

    @strawberry.field(description="How many sites the kind allows at most, where fixed.")
    def max_sites(self) -> int | None:
        return self.record.get_int("maxSites")

    @strawberry.field
    async def country(
        self, info: Info
    ) -> Annotated[Country, strawberry.lazy("schema.countries")] | None:
        return await linked_one(info, Relation.IN_COUNTRY, self.record.id)

    @strawberry.field
    async def legal_basis(self, info: Info) -> list[LegalProvision]:
        return await linked(info, Relation.LEGAL_BASIS, self.record.id)

    @strawberry.field(description="The governance rules that apply to services of this kind.")
    async def rules(self, info: Info) -> list[GovernanceRule]:
        return await linked(info, Relation.KIND_RULES, self.record.id)

    @strawberry.field(description="The national governance system the kind belongs to.")
    async def system(self, info: Info) -> GovernanceSystem | None:
        found: GovernanceSystem | None = await linked_one(
            info, Relation.KIND_SYSTEM, self.record.id
        )
        return found

    provenance = provenance_field()


@strawberry.type(description="A rule of the governance cycle, e.g. the yearly report.")
class GovernanceRule(Node):
    text = text_field("text", "The rule in the served language.")
    translations = translations_field("text", "The rule in every language we have.")

    @strawberry.field
    def kind(self) -> RuleKind | None:
        return member(RuleKind, self.record.props.get("kind"))

    @strawberry.field(description="Every how many years it recurs, where it recurs.")
    def interval_years(self) -> int | None:
        return self.record.get_int("intervalYears")

    @strawberry.field(description="A yearly deadline as month and day, e.g. `01-15`.")
    def deadline(self) -> str | None:
        return self.record.get_str("deadline")

    @strawberry.field(description="The kinds of service it applies to.")
    async def applies_to(self, info: Info) -> list[ServiceKindInfo]:
        return await linked(info, Relation.RULE_KINDS, self.record.id)

    @strawberry.field(description="Who is responsible for it.")
    async def responsible(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.RULE_RESPONSIBLE, self.record.id)

    @strawberry.field
    async def legal_basis(self, info: Info) -> list[LegalProvision]:
        return await linked(info, Relation.LEGAL_BASIS, self.record.id)

    in_force_from = partial_date_field(
        "inForceFrom",
        "Since when the rule is known to be in force, as exactly as known (and how derived).",
    )

    @strawberry.field(description="The governance system the rule is part of.")
    async def system(self, info: Info) -> GovernanceSystem | None:
        found: GovernanceSystem | None = await linked_one(
            info, Relation.RULE_SYSTEM, self.record.id
        )
        return found

    provenance = provenance_field()


@strawberry.type(
    description="A national governance system for highly specialised care, e.g. Norway's national "
    "services (established 2011) or Sweden's NHV (from 1 July 2018): its kinds and rules."
)
class GovernanceSystem(Node):
    name = text_field("name", "The system's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")
    established = partial_date_field("established", "When the system was established.")

    @strawberry.field
    async def country(
        self, info: Info
    ) -> Annotated[Country, strawberry.lazy("schema.countries")] | None:
        return await linked_one(info, Relation.IN_COUNTRY, self.record.id)

    @strawberry.field(description="The provisions the system rests on.")
    async def legal_basis(self, info: Info) -> list[LegalProvision]:
        return await linked(info, Relation.LEGAL_BASIS, self.record.id)

    @strawberry.field(description="The kinds of designation it governs.")
    async def kinds(self, info: Info) -> list[ServiceKindInfo]:
        return await linked(info, Relation.SYSTEM_KINDS, self.record.id)

    @strawberry.field(description="Its rules.")
    async def rules(self, info: Info) -> list[GovernanceRule]:
        return await linked(info, Relation.SYSTEM_RULES, self.record.id)

    provenance = provenance_field()
