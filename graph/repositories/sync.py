"""Partner sync runs and the facts they write: one write transaction per page, so a run that
stops part-way has committed whole pages and its checkpoint with them, never half a page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph.client import CountingTransaction, GraphClient
from graph.models import native
from graph.queries import reviews as rq
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
    # Registry feeds: how the file was read, its shape, why withdrawals were held, and how many
    # units wait for review.
    read_as: str | None = None
    shape: tuple[str, ...] = ()
    held: tuple[str, ...] = ()
    review: int = 0

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
            read_as=props.get("readAs"),
            shape=tuple(props.get("shape") or ()),
            held=tuple(props.get("held") or ()),
            review=int(props.get("review") or 0),
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
class FeedApplied:
    """What one registry feed run wrote (or, dry, would write)."""

    result: PageResult
    facts_before: int
    unseen: tuple[str, ...]  # what the source stated before and this run does not
    held: tuple[str, ...]  # why withdrawals were held back (empty: ``unseen`` was withdrawn)
    withdrawn: int


# Decides, from the facts a source held before the run and what it no longer states, why
# withdrawals must be held back (none: withdraw).
WithdrawalCheck = Callable[[int, Sequence[str]], list[str]]


class _RolledBack(Exception):
    """Carries a dry run's answer out of its transaction, which the driver then rolls back."""

    def __init__(self, applied: FeedApplied) -> None:
        super().__init__("dry run")
        self.applied = applied


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
            result = await _write_page(tx, params, page)
            await _count_page(tx, run_id, page, result, checkpoint, done_kind)
            return result

        return await self._client.write_tx(work)

    async def apply_feed(
        self,
        run_id: str | None,
        stamp: Provenance,
        page: PageWrite,
        *,
        kinds: Sequence[str],
        check: WithdrawalCheck,
        reviews: Sequence[Mapping[str, Any]],
        registry: str,
        record: Mapping[str, Any],
    ) -> FeedApplied:
        """A registry feed's whole document in one transaction: its facts, its review list, and
        the withdrawal of what it no longer states unless ``check`` holds them back. Without a
        ``run_id`` (a dry run) the same statements run and the transaction is rolled back."""

        async def work(tx: CountingTransaction) -> FeedApplied:
            params = {**stamp.params(), "kinds": list(kinds)}
            before = int((await tx.rows(q.SOURCE_FACTS, params))[0]["facts"])
            result = await _write_page(tx, params, page)
            found = (await tx.rows(q.UNSEEN, params))[0]
            unseen = tuple([*found["nodes"], *found["links"]])
            held = tuple(check(before, unseen))
            withdrawn = 0
            if unseen and not held:
                nodes = await tx.rows(q.WITHDRAW_UNSEEN_NODES, params)
                links = await tx.rows(q.WITHDRAW_UNSEEN_LINKS, params)
                withdrawn = int(nodes[0]["withdrawn"]) + int(links[0]["withdrawn"])
            if reviews:
                await tx.run(rq.UPSERT, {**params, "rows": list(reviews), "registry": registry})
            applied = FeedApplied(result, before, unseen, held, withdrawn)
            if run_id is None:
                raise _RolledBack(applied)
            await _count_page(tx, run_id, page, result, None, "feed")
            await tx.run(
                q.RECORD_FEED_RUN,
                {**record, "id": run_id, "held": list(held), "withdrawn": withdrawn},
            )
            return applied

        try:
            return await self._client.write_tx(work)
        except _RolledBack as dry:
            return dry.applied

    async def last_shape(self, source: str) -> tuple[str, ...] | None:
        """The shape of the source's last successful feed run; None before the first."""
        rows = await self._client.read(q.LAST_SHAPE, {"source": source})
        return tuple(rows[0]["shape"]) if rows else None

    async def sources_of(self, registry: str) -> list[str]:
        """The sync sources that state facts of ``registry``."""
        rows = await self._client.read(q.REGISTRY_SOURCES, {"id": registry})
        return sorted(set(rows[0]["sources"])) if rows else []

    async def runs_of(self, sources: Sequence[str], *, limit: int = 20) -> list[SyncRunState]:
        rows = await self._client.read(q.REGISTRY_RUNS, {"sources": list(sources), "limit": limit})
        return [SyncRunState.from_props(row) for row in rows]

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


async def _write_page(
    tx: CountingTransaction, params: Mapping[str, Any], page: PageWrite
) -> PageResult:
    """The upserts of one page: nodes, relationships, coded links, unstated relationships."""
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
        found = {row["i"] for row in await tx.rows(q.UPSERT_TREATS, {**params, "rows": numbered})}
        unmatched = [r for r in numbered if r["i"] not in found]
    if page.stated:
        await tx.run(q.WITHDRAW_UNSTATED_LINKS, {**params, "ids": page.stated})
    return PageResult(outcomes, unresolved, foreign, unmatched)


async def _count_page(
    tx: CountingTransaction,
    run_id: str,
    page: PageWrite,
    result: PageResult,
    checkpoint: tuple[str, str] | None,
    done_kind: str | None,
) -> None:
    """Add a committed page's counts to its run and move the run's checkpoint."""
    counted = {"created": 0, "updated": 0, "unchanged": 0}
    for outcome in result.outcomes.values():
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
