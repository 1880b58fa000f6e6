"""Sync runs: bring one partner source into the graph and record the run as a ``(:SyncRun)``.

A FHIR run reads each resource type page by page; every page is written, with the run's
checkpoint, in one transaction. A run that stops (partner down, retries exhausted) is FAILED and
keeps its checkpoint; the next run of that source carries on from the page after the last one
committed. A malformed page is rejected and reported, and the rest of the run goes on without
that resource type: such a run is PARTIAL, moves no watermark and withdraws nothing.

The first run of a source (or ``full=True``) reads everything and afterwards marks withdrawn
whatever the source stated before and no longer does; later runs ask only for what changed since
the last successful run (``_lastUpdated=gt``).

A partner may forget a search while it is being read (it restarted, or the search expired): a page
link that answers 404 or 410, in the same run or in a run that resumes from its checkpoint, starts
that resource type again with a fresh search (at most ``MAX_FRESH_SEARCHES`` times a run). Pages
read again are upserts like any other, so nothing is counted twice as created. ``full=True``
always starts a new run, never resuming a stopped one.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from connectors.errors import (
    MalformedPage,
    MalformedRecord,
    PagingLinkGone,
    PartnerRejected,
    PartnerUnavailable,
)
from connectors.facts import Issue, IssueKind, Issues, Mapped
from connectors.feed import ReadOptions, fetch_feed, read_feed
from connectors.feed_run import FeedSync
from connectors.fhir import RESOURCE_TYPES, BundlePage, FhirDirectory
from connectors.mapping import MAPPERS, last_updated
from connectors.retry import RetryPolicy
from connectors.rows import page_write
from connectors.sources import Source, SourceKind
from graph.client import GraphClient
from graph.repositories.sync import (
    PageResult,
    Provenance,
    RunStatus,
    SyncRepository,
    SyncRunState,
)

logger = logging.getLogger("nordhub.sync")

MAX_FRESH_SEARCHES = 3


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """Sent after every committed page, for a progress bar."""

    source: str
    kind: str
    pages: int
    records: int
    total: int | None
    created: int
    updated: int
    unchanged: int
    rejected: int


Progress = Callable[[ProgressEvent], None]


@dataclass(slots=True)
class _Tally:
    kind: str = ""
    pages: int = 0
    records: int = 0
    total: int | None = None
    counts: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    )


def new_run_id(source: str, now: dt.datetime | None = None) -> str:
    when = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"sync-run:{source}:{when}-{secrets.token_hex(3)}"


def fhir_instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _instant(raw: str | None) -> dt.datetime | None:
    if raw is None:
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class SyncRunner:
    """Runs one source against one graph, with one shared HTTP client."""

    def __init__(
        self,
        graph: GraphClient,
        http: httpx.AsyncClient,
        *,
        progress: Progress | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._repo = SyncRepository(graph)
        self._http = http
        self._progress = progress
        self._environ = environ

    async def run(self, source: Source, *, full: bool = False) -> SyncRunState:
        headers = source.headers(self._environ)  # a missing credential fails before any run
        run = await self._begin(source, full=full)
        issues = Issues()
        try:
            if source.kind is SourceKind.FHIR:
                status = await self._fhir(source, run, headers, issues)
            else:
                status = await self._feed(source, run, headers, issues)
        except (PartnerUnavailable, PartnerRejected) as e:
            logger.warning("sync %s failed: %s", source.name, e)
            return await self._repo.fail(run.id, [str(e)], issues.lines())
        except BaseException as e:
            # Our own bug or an interrupt: the run must not stay RUNNING forever.
            await self._repo.fail(run.id, [f"{type(e).__name__}: {e}"], issues.lines())
            raise
        withdrawn = 0
        stamp = Provenance(source.name, run.id, dt.datetime.now(dt.UTC))
        # A feed withdraws in its own transaction (see connectors.feed_run).
        if status is RunStatus.SUCCEEDED and run.full and source.kind is SourceKind.FHIR:
            withdrawn = await self._repo.withdraw_unseen(stamp, RESOURCE_TYPES)
        return await self._repo.finish(
            run.id, status.value, withdrawn=withdrawn, issues=issues.lines()
        )

    async def _begin(self, source: Source, *, full: bool) -> SyncRunState:
        stopped = None if full else await self._repo.resumable(source.name)
        if stopped is not None:
            logger.info(
                "sync %s: resuming %s after page %d", source.name, stopped.id, stopped.pages
            )
            return await self._repo.resume(stopped.id)
        since = None
        if not full and source.kind is SourceKind.FHIR:
            since = await self._repo.watermark(source.name)
        return await self._repo.start(
            new_run_id(source.name), source.name, source.kind.value, full=since is None, since=since
        )

    # --- FHIR directories --------------------------------------------------------------------

    async def _fhir(
        self, source: Source, run: SyncRunState, headers: dict[str, str], issues: Issues
    ) -> RunStatus:
        directory = FhirDirectory(
            self._http,
            source.url,
            policy=RetryPolicy.of(source.retry),
            headers=headers,
            timeout_s=source.timeout_s,
            on_retry=lambda attempt, why: logger.info(
                "sync %s: partner %s, asking again (attempt %d)", source.name, why, attempt
            ),
        )
        since = fhir_instant(run.since) if run.since is not None else None
        status = RunStatus.SUCCEEDED
        for kind in RESOURCE_TYPES:
            if kind in run.done_kinds:
                continue
            first = directory.search_url(kind, since=since, count=source.page_size)
            url: str | None = (
                run.checkpoint_url if run.checkpoint_kind == kind and run.checkpoint_url else first
            )
            tally = _Tally(kind=kind)
            fresh_searches = 0
            while url is not None:
                try:
                    page = await directory.page(url, kind, first=url == first)
                except PagingLinkGone as e:
                    if fresh_searches >= MAX_FRESH_SEARCHES:
                        raise
                    fresh_searches += 1
                    logger.warning(
                        "sync %s: %s page link answered %s; searching again",
                        source.name,
                        kind,
                        e.status,
                    )
                    note = f"{kind}: a page link answered {e.status}, read again from the start"
                    issues.add([Issue(IssueKind.SEARCH_RESTARTED, note)])
                    url = first
                    continue
                except MalformedPage as e:
                    await self._repo.record_errors(run.id, [f"page rejected: {e}"])
                    status = RunStatus.PARTIAL
                    break
                await self._commit_fhir_page(source, run, directory, page, issues, tally)
                url = page.next_url
        return status

    async def _commit_fhir_page(
        self,
        source: Source,
        run: SyncRunState,
        directory: FhirDirectory,
        page: BundlePage,
        issues: Issues,
        tally: _Tally,
    ) -> None:
        mapper = MAPPERS[page.resource_type]
        mapped: list[Mapped] = []
        errors: list[str] = []
        newest: dt.datetime | None = None
        for resource in page.resources:
            fhir_id = resource.get("id") if isinstance(resource, dict) else None
            url = directory.resource_url(page.resource_type, str(fhir_id or "?"))
            try:
                mapped.append(mapper(source, resource, url))
            except MalformedRecord as e:
                errors.append(f"rejected {e}")
                continue
            updated = _instant(last_updated(resource))
            if updated is not None and (newest is None or updated > newest):
                newest = updated
        write = page_write(mapped, errors, newest)
        write.stated = [m.node.id for m in mapped]
        checkpoint = (page.resource_type, page.next_url) if page.next_url else None
        done = page.resource_type if page.next_url is None else None
        stamp = Provenance(source.name, run.id, dt.datetime.now(dt.UTC))
        result = await self._repo.commit_page(
            run.id, stamp, write, checkpoint=checkpoint, done_kind=done
        )
        self._account(source, mapped, result, issues, tally, write.rejected, page.total)

    # --- registry feeds ----------------------------------------------------------------------

    async def _feed(
        self, source: Source, run: SyncRunState, headers: dict[str, str], issues: Issues
    ) -> RunStatus:
        try:
            fetched = await fetch_feed(
                self._http, source, policy=RetryPolicy.of(source.retry), headers=headers
            )
            options = ReadOptions(source.encoding or fetched.charset, source.delimiter)
            doc = read_feed(fetched.content, source.format, options)
        except MalformedPage as e:
            await self._repo.record_errors(run.id, [f"feed rejected: {e}"])
            return RunStatus.PARTIAL
        feeds = FeedSync(self._repo)
        outcome = await feeds.apply(await feeds.plan(source, doc), run_id=run.id)
        issues.add(list(outcome.issues))
        if self._progress is not None:
            self._progress(
                ProgressEvent(
                    source=source.name,
                    kind="feed",
                    pages=1,
                    records=len(doc.units) + len(doc.coverage) + len(outcome.rejected),
                    total=None,
                    created=len(outcome.created),
                    updated=len(outcome.updated),
                    unchanged=outcome.unchanged,
                    rejected=len(outcome.rejected),
                )
            )
        return outcome.status

    # --- shared ------------------------------------------------------------------------------

    def _account(
        self,
        source: Source,
        mapped: list[Mapped],
        result: PageResult,
        issues: Issues,
        tally: _Tally,
        rejected: int,
        total: int | None,
    ) -> None:
        for item in mapped:
            issues.add(item.issues)
        for node_id, outcome in result.outcomes.items():
            if outcome == "foreign":
                issues.add([Issue(IssueKind.FOREIGN, f"{node_id} is left as it is")])
            else:
                tally.counts[outcome] += 1
        for row in result.unresolved_links:
            issues.add([Issue(IssueKind.UNRESOLVED_REFERENCE, f"{row['type']} to {row['end']}")])
        for row in result.foreign_links:
            issues.add([Issue(IssueKind.FOREIGN, f"{row['start']} {row['type']} {row['end']}")])
        for row in result.unmatched_codes:
            issues.add(
                [Issue(IssueKind.UNKNOWN_CODE, f"no condition has {row['system']} {row['code']}")]
            )
        tally.counts["rejected"] += rejected
        tally.pages += 1
        tally.records += len(mapped) + rejected
        tally.total = total if total is not None else tally.total
        if self._progress is not None:
            self._progress(
                ProgressEvent(
                    source=source.name,
                    kind=tally.kind,
                    pages=tally.pages,
                    records=tally.records,
                    total=tally.total,
                    **tally.counts,
                )
            )
