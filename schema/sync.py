"""Partner sync runs, as the graph records them (see ``connectors.sync``)."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph.repositories.sync import RunStatus, SyncRepository, SyncRunState
from schema.context import Info
from schema.errors import ApiError, ErrorCode

MAX_RUNS = 100

strawberry.enum(RunStatus, name="SyncRunStatus", description="How a partner sync run ended.")


@strawberry.type(
    description="One run of a partner sync: what it read and wrote, what it rejected, and what "
    "the hub could not map. Synced facts name their run in `provenance.syncRun`."
)
class SyncRun:
    id: strawberry.ID
    source: str = strawberry.field(description="The configured source's name.")
    kind: str = strawberry.field(description="`fhir` or `registry-feed`.")
    full: bool = strawberry.field(description="Read everything (else only changes since `since`).")
    since: dt.datetime | None
    status: RunStatus
    started: dt.datetime
    finished: dt.datetime | None
    created: int
    updated: int
    unchanged: int
    rejected: int
    withdrawn: int = strawberry.field(description="Facts the source no longer states.")
    pages: int
    resumes: int = strawberry.field(description="How often it carried on after stopping.")
    errors: list[str] = strawberry.field(description="Rejected pages and records, and failures.")
    issues: list[str] = strawberry.field(
        description="What the hub could not map: fields, codes, references, with counts."
    )
    read_as: str | None = strawberry.field(
        description="A registry feed: how it was read, e.g. `CSV, delimiter ';', encoding "
        "windows-1252`."
    )
    withdrawals_held: list[str] = strawberry.field(
        description="A registry feed: why nothing was withdrawn though the source no longer "
        "states something (rows rejected, a section lost, units waiting for review, the guard)."
    )
    review: int = strawberry.field(
        description="A registry feed: units named by identifiers the hub does not know, waiting "
        "in `identifierReviews`."
    )

    @classmethod
    def of(cls, run: SyncRunState) -> SyncRun:
        return cls(
            id=strawberry.ID(run.id),
            source=run.source,
            kind=run.kind,
            full=run.full,
            since=run.since,
            status=RunStatus(run.status),
            started=run.started,
            finished=run.finished,
            created=run.created,
            updated=run.updated,
            unchanged=run.unchanged,
            rejected=run.rejected,
            withdrawn=run.withdrawn,
            pages=run.pages,
            resumes=run.resumes,
            errors=list(run.errors),
            issues=list(run.issues),
            read_as=run.read_as,
            withdrawals_held=list(run.held),
            review=run.review,
        )


def check_runs_page(first: int) -> None:
    """Refuse a page of runs below 0 or above :data:`MAX_RUNS`."""
    if not 0 <= first <= MAX_RUNS:
        raise ApiError(ErrorCode.BAD_PAGE_SIZE, argument="first", maximum=MAX_RUNS, value=first)


async def registry_runs(info: Info, registry: str, first: int) -> list[SyncRun]:
    """The runs of the sources that state a registry's facts (its node, participation,
    reporting or coverage), newest first."""
    check_runs_page(first)
    repo = SyncRepository(info.context.graph)
    sources = await repo.sources_of(registry)
    runs = await repo.runs_of(sources, limit=first) if sources else []
    return [SyncRun.of(run) for run in runs]
