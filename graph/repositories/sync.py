"""Partner sync runs and the facts they write: one write transaction per page, so a run that
stops part-way has committed whole pages and its checkpoint with them, never half a page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph.client import CountingTransaction, GraphClient
from graph.models import native
from graph.queries import sync as q


class RunStatus(StrEnum):
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    PARTIAL = "PARTIAL"  # finished, but a page was malformed: nothing withdrawn, no watermark
    FAILED = "FAILED"  # stopped part-way; the next run carries on from its checkpoint


@dataclass(frozen=True, slots=True)
class SyncRunState:
    """A ``(:SyncRun)`` as stored: what ran, how far it got, what it counted."""

    id: str
    source: str
    kind: str
    full: bool
    status: str
    started: dt.datetime
    finished: dt.datetime | None = None
    since: dt.datetime | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    withdrawn: int = 0
    pages: int = 0
    resumes: int = 0
    errors: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    done_kinds: tuple[str, ...] = ()
    checkpoint_kind: str | None = None
    checkpoint_url: str | None = None
    watermark: dt.datetime | None = None

    @classmethod
    def from_props(cls, props: Mapping[str, Any]) -> SyncRunState:
        return cls(
            id=str(props["id"]),
            source=str(props["source"]),
            kind=str(props["kind"]),
            full=bool(props.get("full")),
            status=str(props["status"]),
            started=native(props["started"]),
            finished=native(props.get("finished")),
            since=native(props.get("since")),
            created=int(props.get("created") or 0),
            updated=int(props.get("updated") or 0),
            unchanged=int(props.get("unchanged") or 0),
            rejected=int(props.get("rejected") or 0),
            withdrawn=int(props.get("withdrawn") or 0),
            pages=int(props.get("pages") or 0),
            resumes=int(props.get("resumes") or 0),
            errors=tuple(props.get("errors") or ()),
            issues=tuple(props.get("issues") or ()),
            done_kinds=tuple(props.get("doneKinds") or ()),
            checkpoint_kind=props.get("checkpointKind"),
            checkpoint_url=props.get("checkpointUrl"),
            watermark=native(props.get("watermark")),
        )


@dataclass(slots=True)
class PageWrite:
    """Everything one page of a partner's data writes, as rows for ``graph.queries.sync``."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    links: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    treats: list[dict[str, Any]] = field(default_factory=list)
    # Nodes whose outgoing relationships this page states completely.
    stated: list[str] = field(default_factory=list)
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    max_updated: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class PageResult:
    outcomes: dict[str, str]  # node id -> created / updated / unchanged / foreign
    unresolved_links: list[dict[str, Any]]  # rows whose target does not exist
    foreign_links: list[dict[str, Any]]  # rows that met a relationship another source owns
    unmatched_codes: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Provenance:
    """What every statement of a run stamps on what it writes."""

    source: str
    run: str
    now: dt.datetime

    def params(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "run": self.run,
            "now": self.now,
            "recordedBy": f"sync:{self.source}",
        }


class SyncRepository:
    __slots__ = ("_client",)

    def __init__(self, client: GraphClient) -> None:
        self._client = client

    async def start(
        self, run_id: str, source: str, kind: str, *, full: bool, since: dt.datetime | None
    ) -> SyncRunState:
        rows = await self._client.write(
            q.START_RUN,
            {
                "id": run_id,
                "source": source,
                "kind": kind,
                "full": full,
                "since": since,
                "now": _now(),
            },
        )
        return SyncRunState.from_props(rows[0])

    async def resumable(self, source: str) -> SyncRunState | None:
        rows = await self._client.read(q.RESUMABLE_RUN, {"source": source})
        return SyncRunState.from_props(rows[0]) if rows else None

    async def resume(self, run_id: str) -> SyncRunState:
        rows = await self._client.write(q.RESUME_RUN, {"id": run_id})
        return SyncRunState.from_props(rows[0])

    async def watermark(self, source: str) -> dt.datetime | None:
        rows = await self._client.read(q.WATERMARK, {"source": source})
        return native(rows[0]["watermark"]) if rows else None

    async def run(self, run_id: str) -> SyncRunState | None:
        rows = await self._client.read(q.RUN, {"id": run_id})
        return SyncRunState.from_props(rows[0]) if rows else None

    async def runs(self, source: str | None = None, *, limit: int = 20) -> list[SyncRunState]:
        rows = await self._client.read(q.RUNS, {"source": source, "limit": limit})
        return [SyncRunState.from_props(row) for row in rows]

    async def organisations_by_identifier(
        self, system: str, values: Sequence[str]
    ) -> dict[str, str]:
        """``{value: organisation id}`` for the organisations carrying these identifiers."""
        rows = await self._client.read(
            q.ORGANISATIONS_BY_IDENTIFIER[system], {"values": list(dict.fromkeys(values))}
        )
        found: dict[str, str] = {}
        for row in rows:
            found.setdefault(row["value"], row["id"])
        return found

    async def commit_page(
        self,
        run_id: str,
        stamp: Provenance,
        page: PageWrite,
        *,
        checkpoint: tuple[str, str] | None,
        done_kind: str | None,
    ) -> PageResult:
        """Write one page and move the run's checkpoint, all in one transaction."""

        async def work(tx: CountingTransaction) -> PageResult:
            params = stamp.params()
            outcomes: dict[str, str] = {}
            if page.nodes:
                for row in await tx.rows(q.UPSERT_NODES, {**params, "rows": page.nodes}):
                    outcomes[row["id"]] = row["outcome"]
            unresolved: list[dict[str, Any]] = []
            foreign: list[dict[str, Any]] = []
            for rel_type, rows in sorted(page.links.items()):
                numbered = [{**row, "i": i} for i, row in enumerate(rows)]
                done = {
                    row["i"]: row["ours"]
                    for row in await tx.rows(q.UPSERT_LINKS[rel_type], {**params, "rows": numbered})
                }
                unresolved += [{**r, "type": rel_type} for r in numbered if r["i"] not in done]
                foreign += [{**r, "type": rel_type} for r in numbered if done.get(r["i"]) is False]
            unmatched: list[dict[str, Any]] = []
            if page.treats:
                numbered = [{**row, "i": i} for i, row in enumerate(page.treats)]
                found = {
                    row["i"] for row in await tx.rows(q.UPSERT_TREATS, {**params, "rows": numbered})
                }
                unmatched = [r for r in numbered if r["i"] not in found]
            if page.stated:
                await tx.run(q.WITHDRAW_UNSTATED_LINKS, {**params, "ids": page.stated})
            counted = {"created": 0, "updated": 0, "unchanged": 0}
            for outcome in outcomes.values():
                if outcome in counted:
                    counted[outcome] += 1
            await tx.run(
                q.COMMIT_PAGE,
                {
                    "id": run_id,
                    **counted,
                    "rejected": page.rejected,
                    "errors": page.errors,
                    "checkpointKind": checkpoint[0] if checkpoint else None,
                    "checkpointUrl": checkpoint[1] if checkpoint else None,
                    "doneKind": done_kind,
                    "maxUpdated": page.max_updated,
                },
            )
            return PageResult(outcomes, unresolved, foreign, unmatched)

        return await self._client.write_tx(work)

    async def record_errors(self, run_id: str, errors: Sequence[str]) -> None:
        await self._client.write(q.RECORD_ERROR, {"id": run_id, "errors": list(errors)})

    async def withdraw_unseen(self, stamp: Provenance, kinds: Sequence[str]) -> int:
        """Mark withdrawn what the source stated before and this (complete, full) run did not."""

        async def work(tx: CountingTransaction) -> int:
            params = {**stamp.params(), "kinds": list(kinds)}
            nodes = await tx.rows(q.WITHDRAW_UNSEEN_NODES, params)
            links = await tx.rows(q.WITHDRAW_UNSEEN_LINKS, params)
            return int(nodes[0]["withdrawn"]) + int(links[0]["withdrawn"])

        return await self._client.write_tx(work)

    async def finish(
        self, run_id: str, status: str, *, withdrawn: int, issues: Sequence[str]
    ) -> SyncRunState:
        rows = await self._client.write(
            q.FINISH_RUN,
            {
                "id": run_id,
                "status": status,
                "now": _now(),
                "withdrawn": withdrawn,
                "issues": list(issues),
            },
        )
        return SyncRunState.from_props(rows[0])

    async def fail(self, run_id: str, errors: Sequence[str], issues: Sequence[str]) -> SyncRunState:
        rows = await self._client.write(
            q.FAIL_RUN,
            {"id": run_id, "now": _now(), "errors": list(errors), "issues": list(issues)},
        )
        return SyncRunState.from_props(rows[0])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
