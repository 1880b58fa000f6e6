"""The review list of units registry feeds name by identifiers the hub does not know (see
:mod:`graph.queries.reviews`): read it, link a unit's identifier to an organisation, dismiss it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graph import identifiers
from graph.client import CountingTransaction, GraphClient
from graph.errors import GraphError
from graph.models import native
from graph.queries import reviews as q
from graph.queries.sync import ORGANISATIONS_BY_IDENTIFIER


class ReviewStatus(StrEnum):
    OPEN = "OPEN"
    LINKED = "LINKED"
    DISMISSED = "DISMISSED"


class ReviewRefused(GraphError):
    """Raised when a review cannot be decided as asked (no such review or organisation, or the
    identifier would then belong to two organisations)."""


@dataclass(frozen=True, slots=True)
class IdentifierReview:
    id: str
    status: str
    source: str
    registry: str
    country: str
    system: str
    value: str
    name: str
    language: str
    years: tuple[int, ...]
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    last_run: str | None
    created_as: str | None = None
    decided_as: str | None = None
    decided_by: str | None = None
    decided_at: dt.datetime | None = None

    @classmethod
    def from_props(cls, props: Mapping[str, Any]) -> IdentifierReview:
        return cls(
            id=str(props["id"]),
            status=str(props.get("status") or ReviewStatus.OPEN),
            source=str(props.get("source") or ""),
            registry=str(props.get("registry") or ""),
            country=str(props.get("country") or ""),
            system=str(props.get("system") or ""),
            value=str(props.get("value") or ""),
            name=str(props.get("name") or ""),
            language=str(props.get("language") or ""),
            years=tuple(int(y) for y in props.get("years") or ()),
            first_seen=native(props.get("firstSeen")),
            last_seen=native(props.get("lastSeen")),
            last_run=props.get("lastRun"),
            created_as=props.get("createdAs"),
            decided_as=props.get("decidedAs"),
            decided_by=props.get("decidedBy"),
            decided_at=native(props.get("decidedAt")),
        )


def review_id(source: str, system: str, value: str) -> str:
    return f"review:{source}:{system}:{value}"


class ReviewRepository:
    __slots__ = ("_client",)

    def __init__(self, client: GraphClient) -> None:
        self._client = client

    async def list(
        self,
        *,
        status: str | None = ReviewStatus.OPEN,
        registry: str | None = None,
        source: str | None = None,
        limit: int = 500,
    ) -> list[IdentifierReview]:
        rows = await self._client.read(
            q.LIST, {"status": status, "registry": registry, "source": source, "limit": limit}
        )
        return [IdentifierReview.from_props(row) for row in rows]

    async def one(self, review: str) -> IdentifierReview | None:
        rows = await self._client.read(q.ONE, {"id": review})
        return IdentifierReview.from_props(rows[0]) if rows else None

    async def link(self, review: str, organisation: str, *, by: str) -> IdentifierReview:
        """Put the reviewed identifier on ``organisation``: the next run of the feed finds the
        unit there. Refused when the organisation has another value of that system, or another
        organisation has this one."""

        async def work(tx: CountingTransaction) -> IdentifierReview:
            found = await tx.rows(q.ONE, {"id": review})
            if not found:
                raise ReviewRefused(f"no review {review}")
            item = IdentifierReview.from_props(found[0])
            system = identifiers.BY_NAME[item.system]
            prop = system.property
            orgs = await tx.rows(q.ORGANISATION, {"id": organisation})
            if not orgs:
                raise ReviewRefused(f"no organisation {organisation}")
            country = orgs[0]["country"]
            issued = identifiers.issued_for(system)
            if country not in issued:
                raise ReviewRefused(
                    f"{organisation} is in {country or 'no country'}; "
                    f"{item.system} identifies bodies in {', '.join(issued)}"
                )
            held = orgs[0]["props"].get(prop)
            if held is not None and held != item.value:
                raise ReviewRefused(f"{organisation} has {item.system} {held} already")
            carriers = await tx.rows(
                ORGANISATIONS_BY_IDENTIFIER[item.system], {"values": [item.value]}
            )
            others = sorted({row["id"] for row in carriers} - {organisation})
            if others:
                raise ReviewRefused(f"{item.system} {item.value} is {', '.join(others)}'s")
            props = {prop: item.value, f"{prop}Source": item.id}
            rows = await tx.rows(
                q.LINK,
                {
                    "id": review,
                    "organisation": organisation,
                    "props": props,
                    "by": by,
                    "now": dt.datetime.now(dt.UTC),
                },
            )
            return IdentifierReview.from_props(rows[0])

        return await self._client.write_tx(work)

    async def dismiss(self, review: str, *, by: str) -> IdentifierReview:
        rows = await self._client.write(
            q.DISMISS, {"id": review, "by": by, "now": dt.datetime.now(dt.UTC)}
        )
        if not rows:
            raise ReviewRefused(f"no review {review}")
        return IdentifierReview.from_props(rows[0])
