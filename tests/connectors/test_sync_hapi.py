"""The connector against HAPI FHIR's plain server (the reference Java implementation, started
once per session by ``hapi_fhir``): its own ``_getpages`` paging links, parents on pages after
their children, deactivation, deletion, and resources that are valid R4 but sparse. Each test
puts back what it changed on the shared server."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from connectors.sources import Source, parse_source
from connectors.sync import SyncRunner
from graph.client import GraphClient
from graph.repositories.sync import SyncRunState
from tests.conftest import FHIR_DIRECTORY
from tests.connectors.test_sync import links, node
from tests.connectors.test_sync_repair import where_offered
from tests.fhirserver import HapiFhirServer

pytestmark = pytest.mark.usefixtures("synced_cleanup")

_names = itertools.count(1)


def hapi_source(server: HapiFhirServer, prefix: str, page_size: int = 2) -> Source:
    return parse_source(
        {
            "name": f"{prefix}-hapi-{next(_names)}",
            "kind": "fhir",
            "url": server.base_url,
            "country": "SE",
            "page_size": page_size,
            "service_kind": "NATIONAL_HIGHLY_SPECIALISED_CARE",
            "retries": 2,
            "backoff_s": 0.05,
            "timeout_s": 10,
        }
    )


async def sync(
    graph: GraphClient, source: Source, *, full: bool = False, urls: list[str] | None = None
) -> SyncRunState:
    async def record(request: httpx.Request) -> None:
        if urls is not None:
            urls.append(str(request.url))

    async with httpx.AsyncClient(event_hooks={"request": [record]}) as http:
        return await SyncRunner(graph, http, environ={}).run(source, full=full)


@pytest.fixture
def partner(hapi_fhir: HapiFhirServer) -> Iterator[HapiFhirServer]:
    """The session's HAPI server; what a test changes is put back afterwards."""
    before = {
        (r["resourceType"], r["id"]): r
        for r in (
            hapi_fhir.read(kind, resource["id"])
            for kind, resources in _fixture().items()
            for resource in resources
        )
    }
    yield hapi_fhir
    for resource in before.values():
        hapi_fhir.put(copy.deepcopy(resource))


def _fixture() -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = json.loads(FHIR_DIRECTORY.read_text("utf-8"))
    return found


async def test_hapi_pages_with_parents_after_children_link_every_parent(
    graph: GraphClient, partner: HapiFhirServer, source_prefix: str
) -> None:
    source = hapi_source(partner, source_prefix, page_size=1)
    urls: list[str] = []

    run = await sync(graph, source, urls=urls)

    assert (run.status, run.created, run.rejected) == ("SUCCEEDED", 12, 0)
    assert run.pages == 12  # one resource a page
    assert sum("_getpages=" in url for url in urls) == 12 - 3  # HAPI's own links, followed
    child = f"org:{source.name}:akademiska"
    assert f"org:{source.name}:region-uppsala" in await links(graph, child, "PART_OF")
    unresolved = [i for i in run.issues if i.startswith("unresolved reference")]
    assert unresolved == [
        f"unresolved reference: service:{source.name}:hs-okand OFFERED_AT "
        f"location:{source.name}:loc-saknas (waits for it) (1×)"
    ]


async def test_hapi_deactivation_and_deletion_withdraw_from_current_answers(
    graph: GraphClient, partner: HapiFhirServer, source_prefix: str, gql: Any
) -> None:
    source = hapi_source(partner, source_prefix)
    await sync(graph, source)
    closed = f"service:{source.name}:hs-esofagusatresi"
    deleted = f"service:{source.name}:hs-ryggmarg"
    assert closed in {o["service"]["id"] for o in await where_offered(gql, "Q39.0", "SE")}

    service = partner.read("HealthcareService", "hs-esofagusatresi")
    partner.put({**service, "active": False})
    incremental = await sync(graph, source)
    assert (incremental.full, incremental.updated) == (False, 1)
    stored = await node(graph, closed)
    assert stored["status"] == "DISCONTINUED" and stored["withdrawnAt"] is not None
    assert closed not in {o["service"]["id"] for o in await where_offered(gql, "Q39.0", "SE")}

    partner.delete("HealthcareService", "hs-ryggmarg")
    full = await sync(graph, source, full=True)
    gone = await node(graph, deleted)
    assert (gone["status"], gone["withdrawnInRun"]) == ("DISCONTINUED", full.id)
    assert full.withdrawn == 1 and full.withdrawn_links >= 1
    codes = await graph.read(
        "MATCH (:Service {id: $id})-[:TREATS]->(:Condition)-[:CODED_AS]->(c:Code) "
        "RETURN {code: c.code} AS row LIMIT 1",
        {"id": deleted},
    )
    if codes:
        offered = await where_offered(gql, codes[0]["code"], "SE")
        assert deleted not in {o["service"]["id"] for o in offered}


async def test_hapi_serves_valid_sparse_resources_and_the_hub_takes_them(
    graph: GraphClient, partner: HapiFhirServer, source_prefix: str
) -> None:
    service = partner.read("HealthcareService", "hs-keratoprotes")
    service.pop("name", None)
    service.pop("_name", None)
    partner.put(service)
    region = partner.read("Organization", "region-uppsala")
    partner.put({**region, "identifier": [{"system": "urn:oid:1.2.752.29.4.19", "use": "old"}]})
    source = hapi_source(partner, source_prefix)

    run = await sync(graph, source)

    assert (run.status, run.rejected, run.created) == ("SUCCEEDED", 0, 12)
    nameless = await node(graph, f"service:{source.name}:hs-keratoprotes")
    assert "not stated: HealthcareService.name" in nameless["syncUnmapped"]
    assert "hsaId" not in await node(graph, f"org:{source.name}:region-uppsala")
