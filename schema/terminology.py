"""Conditions and procedures, with their codes and synonyms in every language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph.relations import Relation
from schema.context import Info
from schema.convert import linked
from schema.enums import CodeSystem
from schema.language import requested_language
from schema.node import Node, provenance_field, text_field, translations_field
from schema.reads import Leaf, enum, leaf, string, text_or_empty

if TYPE_CHECKING:
    from schema.projects import CollaborationProject
    from schema.registries import QualityRegistry
    from schema.services import Service


@strawberry.type(description="A code in a code system: ICD-10 `H17.0`, ORPHA `1199`, NCSP `JCE30`.")
class Code(Node):
    system = leaf(enum("system", CodeSystem))
    code = leaf(text_or_empty("code"))
    display = leaf(
        Leaf(
            "CASE WHEN {n}.system = 'ORPHA' THEN 'ORPHA:' ELSE '' END"
            " + coalesce(toString({n}.code), '')",
            lambda r: (
                ("ORPHA:" if r.get_str("system") == "ORPHA" else "") + (r.get_str("code") or "")
            ),
            str,
        ),
        "The code as commonly written, e.g. `ORPHA:1199`.",
    )

    provenance = provenance_field()


@strawberry.type(description="Synonyms in one language.")
class Synonyms:
    language: str
    terms: list[str]


# The fields conditions and procedures share, written once; each type lists them in its order,
# with its own descriptions.


def _code_system_field() -> Any:
    return leaf(enum("codeSystem", CodeSystem), "The primary code system.")


def _codes_field(description: str) -> Any:
    async def resolve(root: Any, info: Info) -> list[Code]:
        return await linked(info, Relation.CODES, root.record.id)

    return strawberry.field(resolver=resolve, description=description)


def _synonyms_field() -> Any:
    def resolve(root: Any, info: Info, language: str | None = None) -> list[str]:
        found = root.record.texts_list("synonyms").get(requested_language(info, language), ())
        return list(found)

    return strawberry.field(
        resolver=resolve, description="Synonyms in the served language (or `language`)."
    )


def _all_synonyms_field() -> Any:
    def resolve(root: Any) -> list[Synonyms]:
        return [
            Synonyms(language=tag, terms=list(terms))
            for tag, terms in sorted(root.record.texts_list("synonyms").items())
        ]

    return strawberry.field(resolver=resolve, description="Synonyms in every language we have.")


def _services_field(relation: Relation, description: str) -> Any:
    async def resolve(
        root: Any, info: Info, include_illustrative: bool = False
    ) -> list[Annotated[Service, strawberry.lazy("schema.services")]]:
        return await linked(
            info, relation, root.record.id, include_illustrative=include_illustrative
        )

    return strawberry.field(resolver=resolve, description=description)


def _registries_field(description: str) -> Any:
    async def resolve(
        root: Any, info: Info
    ) -> list[Annotated[QualityRegistry, strawberry.lazy("schema.registries")]]:
        return await linked(info, Relation.COVERED_BY, root.record.id)

    return strawberry.field(resolver=resolve, description=description)


@strawberry.federation.type(
    keys=["id", "codeSystem code"],
    description="A diagnosis, coded in ICD-10 (WHO) and where known ORPHAcode.",
)
class Condition(Node):
    name = text_field("name", "The condition's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")
    code_system = _code_system_field()
    code = leaf(string("code"), "The primary code.")
    codes = _codes_field("Every code of the condition, primary first.")
    synonyms = _synonyms_field()
    all_synonyms = _all_synonyms_field()
    services = _services_field(
        Relation.CONDITION_TREATED_BY, "Designated services treating the condition."
    )
    registries = _registries_field("Quality registries covering the condition.")

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
    code_system = _code_system_field()
    code = leaf(string("code"), "The primary code, when one is confirmed.")
    codes = _codes_field("Every code of the procedure, primary first.")
    synonyms = _synonyms_field()
    all_synonyms = _all_synonyms_field()
    services = _services_field(
        Relation.PROCEDURE_PERFORMED_BY, "Designated services performing the procedure."
    )
    registries = _registries_field("Quality registries covering the procedure.")
    provenance = provenance_field()
