"""From records to GraphQL objects by label, and the one-line helpers relation fields use."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from typing import Annotated, Any

import strawberry
from graphql.pyutils import Path

from graph.models import Link, Record
from graph.relations import Relation
from schema.context import Info

# label -> (module, class): resolved lazily so type modules can refer to each other freely.
_TYPES: dict[str, tuple[str, str]] = {
    "Country": ("schema.countries", "Country"),
    "Region": ("schema.countries", "Region"),
    "Organisation": ("schema.organisations", "Organisation"),
    "Location": ("schema.organisations", "Location"),
    "Service": ("schema.services", "Service"),
    "Condition": ("schema.terminology", "Condition"),
    "Procedure": ("schema.terminology", "Procedure"),
    "Code": ("schema.terminology", "Code"),
    "QualityRegistry": ("schema.registries", "QualityRegistry"),
    "RegistryCoverage": ("schema.registries", "RegistryCoverage"),
    "CollaborationProject": ("schema.projects", "CollaborationProject"),
    "LogEntry": ("schema.projects", "LogEntry"),
    "ApplicationList": ("schema.applications", "ApplicationList"),
    "Application": ("schema.applications", "Application"),
    "Assessment": ("schema.applications", "Assessment"),
    "Decision": ("schema.applications", "Decision"),
    "Document": ("schema.documents", "Document"),
    "LegalProvision": ("schema.legal", "LegalProvision"),
    "ServiceKind": ("schema.legal", "ServiceKindInfo"),
    "GovernanceRule": ("schema.legal", "GovernanceRule"),
    "GovernanceSystem": ("schema.legal", "GovernanceSystem"),
    "AnnualReport": ("schema.cycle", "AnnualReport"),
    "ResultTarget": ("schema.cycle", "ResultTarget"),
    "Evaluation": ("schema.cycle", "Evaluation"),
    "FiveYearReview": ("schema.cycle", "FiveYearReview"),
    "ReferenceGroup": ("schema.cycle", "ReferenceGroup"),
    "ReferenceGroupMember": ("schema.cycle", "ReferenceGroupMember"),
    "DisseminationPlan": ("schema.cycle", "DisseminationPlan"),
}

NODE_LABELS = frozenset(_TYPES)

# The argument every relation list that a partner's source may withdraw from takes.
INCLUDE_WITHDRAWN = Annotated[
    bool,
    strawberry.argument(
        description="Also what its source has withdrawn (history; `provenance.withdrawnAt` says "
        "when). Current answers leave it out."
    ),
]


@cache
def type_for(label: str) -> Any:
    module, name = _TYPES[label]
    return getattr(importlib.import_module(module), name)


def to_type(record: Record) -> Any:
    return type_for(record.label).from_record(record)


def of_label(record: Record | None, label: str) -> Any:
    """The record as a GraphQL object when it has ``label``, else None."""
    if record is None or record.label != label:
        return None
    return to_type(record)


def field_path(info: Info) -> tuple[str, ...]:
    """The field's path without list indices, e.g. ``("services", "edges", "node", "country")``."""
    keys: list[str] = []
    path: Path | None = info.path
    while path is not None:
        if isinstance(path.key, str):
            keys.append(path.key)
        path = path.prev
    return tuple(reversed(keys))


def shown(
    found: Sequence[Link], include_illustrative: bool = False, include_withdrawn: bool = False
) -> list[Link]:
    """The links that are current and confirmed: a relationship or a related node its source
    has withdrawn (``withdrawnAt``) only when ``include_withdrawn`` asks for history, an
    illustrative node only when ``include_illustrative`` asks for it.

    Every relation field goes through this, so what is withdrawn or illustrative is hidden on
    every path unless the field's ``includeWithdrawn`` / ``includeIllustrative`` asks for it."""
    return [
        link
        for link in found
        if (include_illustrative or not link.node.illustrative)
        and (include_withdrawn or not withdrawn(link))
    ]


def withdrawn(link: Link) -> bool:
    return link.props.get("withdrawnAt") is not None or link.node.withdrawn


async def links(
    info: Info,
    relation: Relation,
    key: str,
    *,
    include_illustrative: bool = False,
    include_withdrawn: bool = False,
) -> list[Link]:
    found = await info.context.loaders.related(relation, field_path(info)).load(key)
    return shown(found, include_illustrative, include_withdrawn)


async def linked(
    info: Info,
    relation: Relation,
    key: str,
    *,
    include_illustrative: bool = False,
    include_withdrawn: bool = False,
) -> list[Any]:
    found = await links(
        info,
        relation,
        key,
        include_illustrative=include_illustrative,
        include_withdrawn=include_withdrawn,
    )
    return [to_type(link.node) for link in found]


async def linked_one(info: Info, relation: Relation, key: str) -> Any | None:
    found = await links(info, relation, key)
    return to_type(found[0].node) if found else None
