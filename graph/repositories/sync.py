"""Partner sync runs and the facts they write: one write transaction per page, so a run that
stops part-way has committed whole pages and its checkpoint with them, never half a page."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graph.client import CountingTransaction, GraphClient
from graph.errors import GraphConflict
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
    withdrawn: int = 0  # nodes
    withdrawn_links: int = 0  # relationships, counted apart
    pages: int = 0
    resumes: int = 0
    errors: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    done_kinds: tuple[str, ...] = ()
    checkpoint_kind: str | None = None
    checkpoint_url: str | None = None
    # How far the checkpoint's resource type had got (pages, records): a resumed progress bar
    # carries on from there.
    checkpoint_pages: int = 0
    checkpoint_records: int = 0
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
            withdrawn_links=int(props.get("withdrawnLinks") or 0),
            pages=int(props.get("pages") or 0),
            resumes=int(props.get("resumes") or 0),
            errors=tuple(props.get("errors") or ()),
            issues=tuple(props.get("issues") or ()),
            done_kinds=tuple(props.get("doneKinds") or ()),
            checkpoint_kind=props.get("checkpointKind"),
            checkpoint_url=props.get("checkpointUrl"),
            checkpoint_pages=int(props.get("checkpointPages") or 0),
            checkpoint_records=int(props.get("checkpointRecords") or 0),
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
    # Nodes that are part of a record ({owner, ...} as for the nodes): not counted apart.
    dependents: list[dict[str, Any]] = field(default_factory=list)
    links: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    treats: list[dict[str, Any]] = field(default_factory=list)
    performs: list[dict[str, Any]] = field(default_factory=list)  # procedures, by NCSP code
    # Nodes whose outgoing relationships this page states completely.
    stated: list[str] = field(default_factory=list)
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    max_updated: dt.datetime | None = None
    # FHIR pages: references not resolvable yet wait as pending links (resolved at the run's
    # end, or by a later run); records the partner holds but the hub could not read ({id,
    # reason}); partner records of the hub's own organisations ({record, own}, by identifier);
    # organisations to compare by name ({id, names}).
    pending: bool = False
    stale: list[dict[str, Any]] = field(default_factory=list)
    same_as: list[dict[str, str]] = field(default_factory=list)
    names: list[dict[str, Any]] = field(default_factory=list)
    # Pages and records of this resource type so far, this page included (for resuming).
    kind_pages: int = 0
    kind_records: int = 0


@dataclass(frozen=True, slots=True)
class PageResult:
    outcomes: dict[str, str]  # node id -> created / updated / unchanged / foreign
    unresolved_links: list[dict[str, Any]]  # rows whose target does not exist
    foreign_links: list[dict[str, Any]]  # rows that met a relationship another source owns
    unmatched_codes: list[dict[str, Any]]
    stale: tuple[str, ...] = ()
    reconciled: tuple[tuple[str, str], ...] = ()
    suggestions: tuple[tuple[str, str], ...] = ()  # open name matches (record, own)


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
        self, system: str, values: Sequence[str], *, own_only: bool = False
    ) -> dict[str, str]:
        """``{value: organisation id}`` for the organisations carrying these identifiers;
        ``own_only``: the hub's own (seeded or recorded through the API), not a source's."""
        rows = await self._client.read(
            q.ORGANISATIONS_BY_IDENTIFIER[system], {"values": list(dict.fromkeys(values))}
        )
        found: dict[str, str] = {}
        for row in rows:
            if own_only and row["synced"]:
                continue
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
            withdrawn_links = 0
            if unseen and not held:
                nodes = await tx.rows(q.WITHDRAW_UNSEEN_NODES, params)
                links = await tx.rows(q.WITHDRAW_UNSEEN_LINKS, params)
                withdrawn = int(nodes[0]["withdrawn"])
                withdrawn_links = int(links[0]["withdrawn"])
            if reviews:
                await tx.run(rq.UPSERT, {**params, "rows": list(reviews), "registry": registry})
            applied = FeedApplied(result, before, unseen, held, withdrawn)
            if run_id is None:
                raise _RolledBack(applied)
            await _count_page(tx, run_id, page, result, None, "feed")
            await tx.run(
                q.RECORD_FEED_RUN,
                {
                    **record,
                    "id": run_id,
                    "held": list(held),
                    "withdrawn": withdrawn,
                    "withdrawnLinks": withdrawn_links,
                },
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

    async def withdraw_unseen(self, stamp: Provenance, kinds: Sequence[str]) -> tuple[int, int]:
        """Mark withdrawn what the source stated before and this (complete, full) run did not:
        how many nodes, and how many relationships."""

        async def work(tx: CountingTransaction) -> tuple[int, int]:
            params = {**stamp.params(), "kinds": list(kinds)}
            nodes = await tx.rows(q.WITHDRAW_UNSEEN_NODES, params)
            links = await tx.rows(q.WITHDRAW_UNSEEN_LINKS, params)
            return int(nodes[0]["withdrawn"]), int(links[0]["withdrawn"])

        return await self._client.write_tx(work)

    async def resolve_pending(self, stamp: Provenance) -> tuple[int, list[dict[str, Any]]]:
        """Write the source's pending references whose targets exist now; how many were, and
        those still waiting (``{type, start, end}``)."""

        async def work(tx: CountingTransaction) -> tuple[int, list[dict[str, Any]]]:
            params = stamp.params()
            by_type: dict[str, list[dict[str, Any]]] = {}
            for row in await tx.rows(q.RESOLVABLE_PENDING, params):
                if row["type"] not in q.UPSERT_LINKS:
                    continue
                by_type.setdefault(row["type"], []).append(
                    {
                        "start": row["start"],
                        "end": row["end"],
                        "type": row["type"],
                        "props": json.loads(row.get("propsJson") or "{}"),
                        "source": row.get("sourceUrl"),
                        "sourceDate": row.get("sourceDate"),
                        "checksum": row.get("checksum"),
                    }
                )
            resolved = 0
            for rel_type, rows in sorted(by_type.items()):
                numbered = [{**row, "i": i} for i, row in enumerate(rows)]
                done = {
                    row["i"]
                    for row in await tx.rows(q.UPSERT_LINKS[rel_type], {**params, "rows": numbered})
                }
                written = [r for r in numbered if r["i"] in done]
                await tx.run(q.DROP_PENDING, {**params, "rows": written})
                resolved += len(written)
            left = await tx.rows(q.PENDING_LEFT, params)
            return resolved, left

        return await self._client.write_tx(work)

    async def reconciliation_reviews(
        self, *, status: str | None = "OPEN", source: str | None = None, limit: int = 200
    ) -> list[dict[str, Any]]:
        """Partner organisations whose name matches one of the hub's, waiting for a decision."""
        return await self._client.read(
            q.REVIEWS, {"status": status, "source": source, "limit": limit}
        )

    async def decide_reconciliation(
        self, review_id: str, *, accept: bool, by: str
    ) -> dict[str, Any] | None:
        """Accept (the partner's organisation is the hub's: reconcile them) or dismiss an open
        name match; None when no open review has that id."""

        async def work(tx: CountingTransaction) -> dict[str, Any] | None:
            params = {"now": _now(), "by": by, "recordedBy": by}
            status = "ACCEPTED" if accept else "DISMISSED"
            rows = await tx.rows(q.DECIDE_REVIEW, {**params, "id": review_id, "status": status})
            if not rows:
                return None
            if accept and not await reconcile(
                tx, params, rows[0]["record"], rows[0]["own"], basis="name, reviewed"
            ):
                raise GraphConflict(f"{review_id}: one of the two organisations is gone")
            return rows[0]

        return await self._client.write_tx(work)

    async def finish(
        self,
        run_id: str,
        status: str,
        *,
        withdrawn: int,
        issues: Sequence[str],
        withdrawn_links: int = 0,
    ) -> SyncRunState:
        rows = await self._client.write(
            q.FINISH_RUN,
            {
                "id": run_id,
                "status": status,
                "now": _now(),
                "withdrawn": withdrawn,
                "withdrawnLinks": withdrawn_links,
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
    # A record's dependents (a service's contact) go with it: written unless the record is
    # another source's, and not counted apart (the record's outcome says what changed).
    dependents = [d for d in page.dependents if outcomes.get(d["owner"]) != "foreign"]
    if dependents:
        await tx.run(q.UPSERT_NODES, {**params, "rows": dependents})
    stale: list[str] = []
    if page.stale:
        stale = [row["id"] for row in await tx.rows(q.MARK_STALE, {**params, "rows": page.stale})]
    reconciled: list[tuple[str, str]] = []
    for pair in page.same_as:
        if outcomes.get(pair["record"]) == "foreign":
            continue
        if await reconcile(tx, params, pair["record"], pair["own"], basis="identifier"):
            reconciled.append((pair["record"], pair["own"]))
    if page.pending and page.stated:
        await tx.run(q.CLEAR_PENDING, {**params, "ids": page.stated})
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
    for rows, statement in ((page.treats, q.UPSERT_TREATS), (page.performs, q.UPSERT_PERFORMS)):
        if not rows:
            continue
        numbered = [{**row, "i": i} for i, row in enumerate(rows)]
        found = {row["i"] for row in await tx.rows(statement, {**params, "rows": numbered})}
        unmatched += [r for r in numbered if r["i"] not in found]
    if page.pending and unresolved:
        rows = [{**r, "propsJson": json.dumps(r.get("props") or {})} for r in unresolved]
        await tx.run(q.SAVE_PENDING, {**params, "rows": rows})
        unresolved = []  # reported at the run's end if they still wait
    if page.stated:
        await tx.run(q.WITHDRAW_UNSTATED_LINKS, {**params, "ids": page.stated})
        await tx.run(q.WITHDRAW_UNSTATED_DEPENDENTS, {**params, "ids": page.stated})
    suggestions: list[tuple[str, str]] = []
    if page.names:
        matches = await tx.rows(q.SUGGEST_BY_NAME, {**params, "rows": page.names})
        suggestions = [(r["record"], r["own"]) for r in matches if r["status"] == "OPEN"]
    return PageResult(
        outcomes,
        unresolved,
        foreign,
        unmatched,
        stale=tuple(stale),
        reconciled=tuple(reconciled),
        suggestions=tuple(suggestions),
    )


async def reconcile(
    tx: CountingTransaction, params: Mapping[str, Any], record: str, own: str, *, basis: str
) -> bool:
    """Make ``record`` (a partner's organisation) a partner record of ``own`` and move what
    named it onto ``own``; False when either is gone."""
    found = await tx.rows(
        q.RECONCILE,
        {**params, "record": record, "own": own, "basis": basis, "by": params["recordedBy"]},
    )
    if not found:
        return False
    for statement in q.MOVE_INCOMING.values():
        await tx.run(statement, {"record": record})
    return True


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
            "checkpointPages": page.kind_pages if checkpoint else 0,
            "checkpointRecords": page.kind_records if checkpoint else 0,
            "doneKind": done_kind,
            "maxUpdated": page.max_updated,
        },
    )
