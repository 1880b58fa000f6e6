"""Conditions and procedures, with their codes and synonyms in every language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.relations import Relation
from schema.context import Info
from schema.convert import linked
from schema.enums import CodeSystem, member
from schema.language import requested_language
from schema.node import Node, provenance_field, text_field, translations_field

if TYPE_CHECKING:
    from schema.projects import CollaborationProject
    from schema.registries import QualityRegistry
    from schema.services import Service


@strawberry.type(description="A code in a code system: ICD-10 `H17.0`, ORPHA `1199`, NCSP `JCE30`.")
class Code(Node):
    @strawberry.field
    def system(self) -> CodeSystem | None:
        return member(CodeSystem, self.record.props.get("system"))

    @strawberry.field
    def code(self) -> str:
        return self.record.get_str("code") or ""

    @strawberry.field(description="The code as commonly written, e.g. `ORPHA:1199`.")
    def display(self) -> str:
        system, code = self.record.get_str("system"), self.record.get_str("code") or ""
        return f"ORPHA:{code}" if system == "ORPHA" else code

    provenance = provenance_field()


@strawberry.type(description="Synonyms in one language.")
class Synonyms:
    language: str
    terms: list[str]


def _synonyms(root: Condition | Procedure, info: Info, language: str | None) -> list[str]:
    return list(root.record.texts_list("synonyms").get(requested_language(info, language), ()))


def _all_synonyms(root: Condition | Procedure) -> list[Synonyms]:
    return [
        Synonyms(language=tag, terms=list(terms))
        for tag, terms in sorted(root.record.texts_list("synonyms").items())
    ]


@strawberry.federation.type(
    keys=["id", "codeSystem code"],
    description="A diagnosis, coded in ICD-10 (WHO) and where known ORPHAcode.",
)
class Condition(Node):
    name = text_field("name", "The condition's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")

    @strawberry.field(description="The primary code system.")
    def code_system(self) -> CodeSystem | None:
        return member(CodeSystem, self.record.props.get("codeSystem"))

    @strawberry.field(description="The primary code.")
    def code(self) -> str | None:
        return self.record.get_str("code")

    @strawberry.field(description="Every code of the condition, primary first.")
    async def codes(self, info: Info) -> list[Code]:
        return await linked(info, Relation.CODES, self.record.id)

    @strawberry.field(description="Synonyms in the served language (or `language`).")
    def synonyms(self, info: Info, language: str | None = None) -> list[str]:
        return _synonyms(self, info, language)

    @strawberry.field(description="Synonyms in every language we have.")
    def all_synonyms(self) -> list[Synonyms]:
        return _all_synonyms(self)

    @strawberry.field(description="Designated services treating the condition.")
    async def services(
        self, info: Info, include_illustrative: bool = False
    ) -> list[Annotated[Service, strawberry.lazy("schema.services")]]:
        return await linked(
            info,
            Relation.CONDITION_TREATED_BY,
            self.record.id,
            include_illustrative=include_illustrative,
        )

    @strawberry.field(description="Quality registries covering the condition.")
    async def registries(
        self, info: Info
    ) -> list[Annotated[QualityRegistry, strawberry.lazy("schema.registries")]]:
        return await linked(info, Relation.COVERED_BY, self.record.id)

    @strawberry.field(description="Collaboration projects concerning the condition.")
    async def projects(
        self, info: Info
    ) -> list[Annotated[CollaborationProject, strawberry.lazy("schema.projects")]]:
        return await linked(info, Relation.PROJECTS_CONCERNING, self.record.id)

    provenance = provenance_field()


@strawberry.federation.type(
    keys=["id"], description="A treatment, coded in NCSP (NOMESCO) where a code is confirmed."
)
class Procedure(Node):
    name = text_field("name", "The procedure's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")

    @strawberry.field(description="The primary code system.")
    def code_system(self) -> CodeSystem | None:
        return member(CodeSystem, self.record.props.get("codeSystem"))

    @strawberry.field(description="The primary code, when one is confirmed.")
    def code(self) -> str | None:
        return self.record.get_str("code")

    @strawberry.field(description="Every code of the procedure, primary first.")
    async def codes(self, info: Info) -> list[Code]:
        return await linked(info, Relation.CODES, self.record.id)

    @strawberry.field(description="Synonyms in the served language (or `language`).")
    def synonyms(self, info: Info, language: str | None = None) -> list[str]:
        return _synonyms(self, info, language)

    @strawberry.field(description="Synonyms in every language we have.")
    def all_synonyms(self) -> list[Synonyms]:
        return _all_synonyms(self)

    @strawberry.field(description="Designated services performing the procedure.")
    async def services(
        self, info: Info, include_illustrative: bool = False
    ) -> list[Annotated[Service, strawberry.lazy("schema.services")]]:
        return await linked(
            info,
            Relation.PROCEDURE_PERFORMED_BY,
            self.record.id,
            include_illustrative=include_illustrative,
        )

    @strawberry.field(description="Quality registries covering the procedure.")
    async def registries(
        self, info: Info
    ) -> list[Annotated[QualityRegistry, strawberry.lazy("schema.registries")]]:
        return await linked(info, Relation.COVERED_BY, self.record.id)

    provenance = provenance_field()
