"""Any node by id (Relay ``node``/``nodes``) and typed single lookups."""

from __future__ import annotations

from typing import Any

import strawberry

from graph.models import Record
from schema.arguments import entity_id
from schema.context import Info
from schema.convert import NODE_LABELS, to_type
from schema.errors import ApiError, ErrorCode
from schema.node import Node


def _check(found: Record | None, id: str, include_illustrative: bool) -> Record:
    if found is None:
        raise ApiError(ErrorCode.NOT_FOUND, id=id)
    if found.illustrative and not include_illustrative:
        raise ApiError(ErrorCode.ILLUSTRATIVE_HIDDEN, id=id)
    return found


async def node(info: Info, id: strawberry.ID, include_illustrative: bool = False) -> Node:
    checked = entity_id(id)
    assert checked is not None
    found = await info.context.loaders.nodes().load(checked)
    if found is None or found.label not in NODE_LABELS:
        raise ApiError(ErrorCode.NOT_FOUND, id=id)
    result: Node = to_type(_check(found, id, include_illustrative))
    return result


async def nodes(
    info: Info, ids: list[strawberry.ID], include_illustrative: bool = False
) -> list[Node | None]:
    checked = [entity_id(i) for i in ids]
    found = await info.context.loaders.nodes().load_many([c for c in checked if c is not None])
    return [
        to_type(r)
        if r is not None and r.label in NODE_LABELS and (include_illustrative or not r.illustrative)
        else None
        for r in found
    ]


async def one(
    info: Info, id: strawberry.ID, label: str, *, include_illustrative: bool = False
) -> Any:
    """The node with ``id`` as a ``label``: NOT_FOUND when it is missing or of another type,
    ILLUSTRATIVE_HIDDEN when no source confirms it and illustrative entries were not asked for."""
    checked = entity_id(id)
    assert checked is not None
    found = await info.context.loaders.nodes().load(checked)
    if found is None or found.label != label:
        raise ApiError(ErrorCode.NOT_FOUND, id=id)
    return to_type(_check(found, id, include_illustrative))
