"""Partner sync runs: the latest ones, or one by id."""

from __future__ import annotations

import strawberry

from graph.repositories.sync import SyncRepository
from schema.context import Info
from schema.sync import SyncRun, check_runs_page


async def sync_runs(info: Info, source: str | None = None, first: int = 20) -> list[SyncRun]:
    check_runs_page(first)
    runs = await SyncRepository(info.context.graph).runs(source, limit=first)
    return [SyncRun.of(run) for run in runs]


async def sync_run(info: Info, id: strawberry.ID) -> SyncRun | None:
    run = await SyncRepository(info.context.graph).run(str(id))
    return SyncRun.of(run) if run is not None else None
