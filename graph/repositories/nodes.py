"""Any node by its id, and the relation traversals the API follows."""

from __future__ import annotations

from collections.abc import Sequence

from graph.models import Link, Record
from graph.queries import nodes as q
from graph.relations import Relation
from graph.repositories.base import Repository


class NodeRepository(Repository):
    __slots__ = ()

    async def by_ids(self, ids: Sequence[str]) -> list[Record | None]:
        """Records in the order of ``ids``; None where no node has that id."""
        found = {r.id: r for r in await self._records(q.BY_IDS, {"ids": list(dict.fromkeys(ids))})}
        return [found.get(i) for i in ids]

    async def related(self, relation: Relation, ids: Sequence[str]) -> list[list[Link]]:
        return await self._links(relation.query, ids)

    async def counts_by_label(self) -> dict[str, int]:
        return {
            row["label"]: int(row["nodes"]) for row in await self._client.read(q.COUNT_BY_LABEL)
        }
