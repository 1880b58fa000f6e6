"""Readiness compares the set of applied migrations with the files: a gap is not ready; a
migration applied by a newer build (another branch's number) does not make it unready."""

from __future__ import annotations

import httpx

from graph.client import GraphClient
from graph.migrate import applied_versions, expected_versions
from nordhub.app import create_app
from nordhub.settings import Settings


async def _ready(settings: Settings, graph: GraphClient) -> httpx.Response:
    app = create_app(settings, graph=graph)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub") as client,
    ):
        return await client.get("/health/ready")


async def test_every_expected_migration_is_applied(graph: GraphClient) -> None:
    assert expected_versions() <= await applied_versions(graph)
    assert 5 in expected_versions()


async def test_an_extra_applied_migration_keeps_the_hub_ready(
    graph: GraphClient, settings: Settings
) -> None:
    extra = max(expected_versions()) + 90
    await graph.write("CREATE (:Migration {version: $v, name: 'other_branch'})", {"v": extra})
    try:
        response = await _ready(settings, graph)
        assert response.status_code == 200
        assert response.json()["status"] == "ready"
    finally:
        await graph.write("MATCH (m:Migration {version: $v}) DELETE m", {"v": extra})


async def test_a_missing_migration_below_the_latest_is_not_ready(
    graph: GraphClient, settings: Settings
) -> None:
    await graph.write("MATCH (m:Migration {version: 5}) SET m.version = -5")
    try:
        response = await _ready(settings, graph)
        assert response.status_code == 503
        assert response.json()["missing"] == [5]
    finally:
        await graph.write("MATCH (m:Migration {version: -5}) SET m.version = 5")
