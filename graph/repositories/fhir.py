"""The FHIR directory's reads: one keyset page of a resource type's current nodes (with the
related ids each resource names), its total, and the state of one node for a read by id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph.client import GraphClient
from graph.queries import fhir_directory as q


class NodeState(StrEnum):
    CURRENT = "current"
    WITHDRAWN = "withdrawn"  # its source no longer states it: FHIR's 410 Gone
    MISSING = "missing"  # unknown, or illustrative (never served): 404


@dataclass(frozen=True, slots=True)
class Bound:
    """One ``_lastUpdated`` bound: ``op`` is gt, ge, lt, le or eq (eq: ``at`` to ``until``)."""

    op: str
    at: dt.datetime
    until: dt.datetime | None = None


@dataclass(slots=True)
class DirectorySearch:
    """What a FHIR search asks of one resource type; None or empty filters nothing."""

    ids: list[str] | None = None
    updated: list[Bound] = field(default_factory=list)
    name: str | None = None
    name_mode: str = "starts"
    identifier_props: list[str] = field(default_factory=list)
    identifier_value: str | None = None
    links: list[str] | None = None
    sites: list[str] | None = None
    kinds: list[str] | None = None
    active: bool | None = None

    def params(self) -> dict[str, Any]:
        return {
            "ids": self.ids,
            "updated": [{"op": b.op, "at": b.at, "until": b.until} for b in self.updated],
            "name": self.name.lower() if self.name is not None else None,
            "nameExact": self.name,
            "nameMode": self.name_mode,
            "identifierProps": self.identifier_props,
            "identifierValue": self.identifier_value,
            "links": self.links,
            "sites": self.sites,
            "kinds": self.kinds,
            "active": self.active,
        }


class FhirDirectoryRepository:
    __slots__ = ("_client",)

    def __init__(self, client: GraphClient) -> None:
        self._client = client

    async def page(
        self, resource_type: str, search: DirectorySearch, *, after: str | None, size: int
    ) -> tuple[list[dict[str, Any]], bool]:
        """Up to ``size`` rows after the node id ``after``, and whether more follow."""
        rows = await self._client.read(
            q.SEARCH[resource_type], {**search.params(), "after": after, "limit": size + 1}
        )
        return rows[:size], len(rows) > size

    async def total(self, resource_type: str, search: DirectorySearch) -> int:
        rows = await self._client.read(q.COUNT[resource_type], search.params())
        return int(rows[0]["total"])

    async def by_ids(self, resource_type: str, ids: Sequence[str]) -> list[dict[str, Any]]:
        """The current nodes among ``ids`` (for ``_include``)."""
        if not ids:
            return []
        search = DirectorySearch(ids=list(dict.fromkeys(ids)))
        rows, _ = await self.page(resource_type, search, after=None, size=len(search.ids or []))
        return rows

    async def state(self, resource_type: str, node_id: str) -> NodeState:
        rows = await self._client.read(q.STATE[resource_type], {"id": node_id})
        if not rows or rows[0]["illustrative"]:
            return NodeState.MISSING
        return NodeState.WITHDRAWN if rows[0]["withdrawn"] else NodeState.CURRENT
