"""A second hub syncs the first through /fhir: the first hub serves its seeded directory over
real HTTP on 127.0.0.1; the second (the session's spare Neo4j, with the seed's vocabulary but an
empty directory) reads it with the hub's own connector. Both then serve the same resources, with
the same content, and a second run changes nothing: nothing lost, nothing duplicated."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from connectors.fhir_terms import SOURCE_DATE
from connectors.sources import parse_source
from connectors.sync import SyncRunner
from graph.client import GraphClient, create_driver
from graph.local import Endpoint
from graph.migrate import migrate
from graph.seed import load_seed
from nordhub.app import create_app
from nordhub.settings import Settings
from tests.hubserver import served
from tests.nordhub.fhir.bundles import bundles, matches

TYPES = ("Organization", "Location", "HealthcareService")
SOURCE = "hub-one"


@pytest.fixture(scope="module")
def first_hub(settings: Settings, graph: GraphClient) -> Iterator[str]:
    """The first hub (the session's seeded graph) served by uvicorn on a free port."""
    with served(create_app(settings), name="first hub") as base:
        yield f"{base}/fhir"


@pytest.fixture(scope="module")
async def second_hub(spare_neo4j: Endpoint) -> AsyncIterator[GraphClient]:
    """The second hub's graph: migrated, the seed's vocabulary (countries, kinds, conditions,
    procedures, registries), no directory of its own."""
    client = GraphClient(
        create_driver(spare_neo4j.uri, spare_neo4j.user, spare_neo4j.password), "neo4j"
    )
    await client.write("MATCH (n) DETACH DELETE n")
    await migrate(client)
    await load_seed(client)
    await client.write("MATCH (n) WHERE n:Organisation OR n:Location OR n:Service DETACH DELETE n")
    try:
        yield client
    finally:
        await client.write("MATCH (n) DETACH DELETE n")
        await client.close()


async def every(client: httpx.AsyncClient, url: str, base: str = "") -> list[dict[str, Any]]:
    return matches(await bundles(client, url, base=base))


def normalised(resource: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The content of a resource without its bookkeeping (ids, meta, source dates); the second
    hub's references (``Organization/hub-one.x``) read as the first hub's."""

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            out = {k: walk(v) for k, v in value.items() if k not in ("id", "meta")}
            if isinstance(out.get("reference"), str) and prefix:
                kind, _, rest = out["reference"].partition("/")
                out["reference"] = f"{kind}/{rest.removeprefix(prefix)}"
            return out
        if isinstance(value, list):
            return [
                walk(v) for v in value if not (isinstance(v, dict) and v.get("url") == SOURCE_DATE)
            ]
        return value

    found: dict[str, Any] = walk(resource)
    if not found.get("extension"):
        found.pop("extension", None)
    return found


async def test_a_second_hub_syncs_the_first_and_serves_the_same_directory(
    first_hub: str, second_hub: GraphClient, settings: Settings, graph: GraphClient
) -> None:
    source = parse_source(
        {
            "name": SOURCE,
            "kind": "fhir",
            "url": first_hub,
            "country": "NO",
            "country_default": False,  # a hub speaks for every Nordic country
            "page_size": 20,
        }
    )
    async with httpx.AsyncClient(timeout=30) as http:
        served = {kind: await every(http, f"{first_hub}/{kind}?_count=50") for kind in TYPES}
        run = await SyncRunner(second_hub, http, environ={}).run(source)
        again = await SyncRunner(second_hub, http, environ={}).run(source)
        full = await SyncRunner(second_hub, http, environ={}).run(source, full=True)

    total = sum(len(resources) for resources in served.values())
    assert (run.status, run.rejected, run.created) == ("SUCCEEDED", 0, total)
    assert not [i for i in run.issues if i.startswith("unresolved")], run.issues
    # Nothing duplicated: the incremental run finds nothing new, a full run changes nothing.
    assert (again.created, again.updated) == (0, 0)
    assert (full.created, full.updated, full.unchanged, full.withdrawn) == (0, 0, total, 0)

    # A change on the first hub reaches the second with the next incremental run, alone.
    rows = await graph.read(
        "MATCH (o:Organisation {id: 'org:rigshospitalet'}) RETURN {url: o.url} AS row"
    )
    await graph.write(
        "MATCH (o:Organisation {id: 'org:rigshospitalet'}) "
        "SET o.url = 'https://www.rigshospitalet.dk/', o.recordedAt = datetime()"
    )
    try:
        async with httpx.AsyncClient(timeout=30) as http:
            changed = await SyncRunner(second_hub, http, environ={}).run(source)
    finally:
        await graph.write(
            "MATCH (o:Organisation {id: 'org:rigshospitalet'}) SET o.url = $url",
            {"url": rows[0]["url"]},
        )
    assert (changed.full, changed.created, changed.updated) == (False, 0, 1)
    mirrored = await second_hub.read(
        "MATCH (o:Organisation {id: 'org:hub-one:rigshospitalet'}) RETURN {url: o.url} AS row"
    )
    assert mirrored[0]["url"] == "https://www.rigshospitalet.dk/"
    served["Organization"] = [
        {**r, "telecom": [{"system": "url", "value": "https://www.rigshospitalet.dk/"}]}
        if r["id"] == "rigshospitalet"
        else r
        for r in served["Organization"]
    ]

    app = create_app(settings, graph=second_hub)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://two") as two,
    ):
        for kind in TYPES:
            mirrored = await every(two, f"/fhir/{kind}?_count=50", base="http://two")
            assert len(mirrored) == len(served[kind]), kind
            theirs = {r["id"]: normalised(r) for r in served[kind]}
            ours = {
                r["id"].removeprefix(f"{SOURCE}."): normalised(r, f"{SOURCE}.") for r in mirrored
            }
            assert set(ours) == set(theirs), kind
            differing = [i for i in theirs if theirs[i] != ours[i]]
            assert not differing, (
                f"{kind}: {len(differing)} differ, e.g. {differing[0]}:\n"
                f"{json.dumps(theirs[differing[0]], ensure_ascii=False)}\n"
                f"{json.dumps(ours[differing[0]], ensure_ascii=False)}"
            )
