"""What every repository shares: turning rows into records, links and pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, LiteralString, cast

from graph.client import GraphClient, Row
from graph.models import Link, Page, Record, link, record
from graph.queries.paging import PagedQuery


class Repository:
    __slots__ = ("_client",)

    def __init__(self, client: GraphClient) -> None:
        self._client = client

    async def _records(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Record]:
        return [record(row) for row in await self._client.read(query, params)]

    async def _links(self, query: LiteralString, keys: Sequence[str]) -> list[list[Link]]:
        """Related nodes for each key, in the order of ``keys``."""
        grouped: defaultdict[str, list[Link]] = defaultdict(list)
        for row in await self._client.read(query, {"ids": list(dict.fromkeys(keys))}):
            grouped[row["key"]].append(link(row))
        return [grouped.get(key, []) for key in keys]

    async def _page(
        self,
        query: PagedQuery,
        params: Mapping[str, Any],
        *,
        first: int,
        after: str | None,
        with_total: bool,
    ) -> Page:
        args = {**params, "after": after, "limit": first + 1}
        if with_total:
            rows = await self._client.read(query.page_with_total, args)
            total = int(rows[0]["total"]) if rows else 0
            items = [record(item) for item in rows[0]["items"]] if rows else []
        else:
            total = None
            rows = await self._client.read(query.page, args)
            found = cast(list[Row], rows[0]) if rows else []
            items = [record(item) for item in found]
        return Page(items=tuple(items[:first]), has_next=len(items) > first, total=total)


def optional_list(values: Sequence[str] | None) -> list[str] | None:
    """A filter value for Cypher: None (any) or a non-empty list."""
    return list(values) if values else None
