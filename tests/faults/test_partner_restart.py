"""A partner's FHIR server (HAPI FHIR's plain server) restarts mid-sync: its page links then
answer 410 Gone. The sync reads that resource type again with a fresh search, in the same run or
in the next one that resumes from its checkpoint; ``full`` always starts a new run."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from connectors.sources import Source, parse_source
from connectors.sync import ProgressEvent, SyncRunner
from graph.client import GraphClient
from graph.repositories.sync import SyncRepository, SyncRunState
from tests.connectors.conftest import source_prefix, synced_cleanup
from tests.fhirserver import HapiFhirServer

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("synced_cleanup")]
__all__ = ["source_prefix", "synced_cleanup"]  # fixtures shared with tests/connectors

# The test directory: 3 organisations, 5 locations, 4 services; 2 a page: 2 + 3 + 2 pages.
RESOURCES = 12
_names = itertools.count(1)


def hapi_source(server: HapiFhirServer, prefix: str) -> Source:
    return parse_source(
        {
            "name": f"{prefix}-hapi-{next(_names)}",
            "kind": "fhir",
            "url": server.base_url,
            "country": "SE",
            "page_size": 2,
            "service_kind": "NATIONAL_HIGHLY_SPECIALISED_CARE",
            "retries": 2,
            "backoff_s": 0.05,
            "timeout_s": 5,
        }
    )


def after_page(kind: str, page: int, do: Callable[[], None]) -> Callable[[ProgressEvent], None]:
    """A progress hook that does ``do`` once, after page ``page`` of ``kind`` is committed."""
    done: list[bool] = []

    def hook(event: ProgressEvent) -> None:
        if not done and event.kind == kind and event.pages == page:
            done.append(True)
            do()

    return hook


async def sync(
    graph: GraphClient,
    source: Source,
    *,
    full: bool = False,
    progress: Callable[[ProgressEvent], None] | None = None,
) -> SyncRunState:
    async with httpx.AsyncClient() as http:
        return await SyncRunner(graph, http, progress=progress, environ={}).run(source, full=full)


async def synced(graph: GraphClient, source: str) -> dict[str, Any]:
    rows = await graph.read(
        "MATCH (n:Entity {syncSource: $source}) WHERE n.syncOwner IS NULL "  # records, not contacts
        "RETURN {n: count(n), kinds: collect(DISTINCT n.syncKind)} AS row",
        {"source": source},
    )
    return rows[0]


async def test_a_partner_restart_between_pages_is_recovered_in_the_same_run(
    graph: GraphClient, hapi_fhir: HapiFhirServer, source_prefix: str
) -> None:
    source = hapi_source(hapi_fhir, source_prefix)
    restarts = hapi_fhir.restarts
    run = await sync(graph, source, progress=after_page("Location", 1, hapi_fhir.restart))
    assert hapi_fhir.restarts == restarts + 1
    assert run.status == "SUCCEEDED", run.errors
    assert run.created == RESOURCES
    assert any("Location: a page link answered 410" in note for note in run.issues), run.issues
    assert (await synced(graph, source.name))["n"] == RESOURCES


async def test_a_run_stopped_by_a_partner_restart_recovers_on_the_next_run(
    graph: GraphClient, hapi_fhir: HapiFhirServer, source_prefix: str
) -> None:
    source = hapi_source(hapi_fhir, source_prefix)
    try:
        # The partner goes down after the first page of locations; the run stops there.
        failed = await sync(graph, source, progress=after_page("Location", 1, hapi_fhir.kill))
    finally:
        hapi_fhir.start()  # back, on the same port, having forgotten every search
    assert failed.status == "FAILED"
    assert failed.checkpoint_kind == "Location" and "_getpages" in (failed.checkpoint_url or "")

    # The next run resumes from the checkpoint, meets 410 and searches locations again.
    resumed = await sync(graph, source)
    assert (resumed.id, resumed.resumes, resumed.status) == (failed.id, 1, "SUCCEEDED")
    assert any("Location: a page link answered 410" in n for n in resumed.issues)
    assert resumed.created == RESOURCES
    found = await synced(graph, source.name)
    assert found["n"] == RESOURCES
    assert sorted(found["kinds"]) == ["HealthcareService", "Location", "Organization"]
    assert await SyncRepository(graph).resumable(source.name) is None


async def test_full_always_starts_a_new_run(
    graph: GraphClient, hapi_fhir: HapiFhirServer, source_prefix: str
) -> None:
    source = hapi_source(hapi_fhir, source_prefix)
    try:
        failed = await sync(
            graph, source, full=True, progress=after_page("Location", 1, hapi_fhir.kill)
        )
    finally:
        hapi_fhir.start()
    assert failed.status == "FAILED" and failed.full
    again = await sync(graph, source, full=True)
    assert again.id != failed.id and again.resumes == 0
    assert again.status == "SUCCEEDED" and again.full
    assert not any("410" in n for n in again.issues), "a new run reads from the first page"
    # The stopped run is not picked up later either: the newest run of the source succeeded.
    assert await SyncRepository(graph).resumable(source.name) is None
