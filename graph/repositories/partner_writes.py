"""Writes of partners' pushed facts, inside the mutation's own transaction (see
``resolvers.mutations``): designated services and registry participation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.client import CountingTransaction
from graph.queries import partner_writes as q

Props = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Described:
    id: str
    label: str
    country: str | None


@dataclass(frozen=True, slots=True)
class Push:
    """One push: who states it, its id, when, and the provenance every fact gets."""

    organisation: str
    id: str
    at: dt.datetime
    provenance: Props

    def params(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "push": self.id,
            "now": self.at,
            "provenance": dict(self.provenance),
        }


class PartnerWriter:
    __slots__ = ("_tx",)

    def __init__(self, tx: CountingTransaction) -> None:
        self._tx = tx

    async def lock_service(self, service_id: str) -> tuple[dict[str, Any], str | None] | None:
        rows = await self._tx.rows(q.LOCK_SERVICE, {"id": service_id})
        return (dict(rows[0]["props"]), rows[0]["country"]) if rows else None

    async def lock_registry(self, registry_id: str) -> dict[str, Any] | None:
        rows = await self._tx.rows(q.LOCK_REGISTRY, {"id": registry_id})
        return dict(rows[0]["props"]) if rows else None

    async def takes_part(self, registry_id: str) -> tuple[list[str], list[str]]:
        """The organisations holding a registry, and those reporting to it now."""
        rows = await self._tx.rows(q.TAKES_PART, {"id": registry_id})
        return (list(rows[0]["holders"]), list(rows[0]["reporting"])) if rows else ([], [])

    async def registry_scope(self, registry_id: str) -> str | None:
        rows = await self._tx.rows(q.REGISTRY_SCOPE, {"id": registry_id})
        return rows[0]["scope"] if rows else None

    async def describe(self, ids: Sequence[str]) -> dict[str, Described]:
        rows = await self._tx.rows(q.DESCRIBE, {"ids": list(dict.fromkeys(ids))})
        return {row["id"]: Described(row["id"], row["label"], row["country"]) for row in rows}

    async def kind_country(self, kind_id: str) -> str | None:
        rows = await self._tx.rows(q.KIND_COUNTRY, {"kind": kind_id})
        return str(rows[0]["country"]) if rows else None

    async def upsert_service(self, service_id: str, props: Props, push: Push) -> None:
        await self._tx.run(
            q.UPSERT_SERVICE, {"id": service_id, "props": dict(props), "now": push.at}
        )

    async def link(
        self, rel_type: str, rows: Sequence[Mapping[str, Any]], push: Push
    ) -> list[dict[str, Any]]:
        """Upsert ``start -[rel_type]-> end`` rows; returns what was written and whose it is."""
        if not rows:
            return []
        return await self._tx.rows(
            q.UPSERT_LINKS[rel_type], {**push.params(), "rows": [dict(r) for r in rows]}
        )

    async def withdraw_unstated_from(self, node_id: str, push: Push) -> list[str]:
        rows = await self._tx.rows(q.WITHDRAW_UNSTATED_FROM, {**push.params(), "id": node_id})
        return [row["type"] for row in rows]

    async def participation(self, registry_id: str, country: str) -> tuple[bool, list[str]]:
        rows = await self._tx.rows(q.PARTICIPATION, {"registry": registry_id, "country": country})
        return bool(rows[0]["participates"]), sorted(rows[0]["reporting"])

    async def withdraw_unstated_participation(
        self, registry_id: str, country: str, push: Push
    ) -> list[str]:
        rows = await self._tx.rows(
            q.WITHDRAW_UNSTATED_PARTICIPATION,
            {**push.params(), "registry": registry_id, "country": country},
        )
        return [f"{row['from']} {row['type']}" for row in rows]
