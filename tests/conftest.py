"""One real Neo4j per test session: the project's own, started once (or the server named by
``NORDHUB_TEST_NEO4J_URI``), migrated and seeded once; one app over it for every test."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.client import GraphClient, create_driver
from graph.local import Endpoint, LocalNeo4j
from graph.migrate import migrate
from graph.seed import load_seed
from nordhub.app import create_app
from nordhub.settings import Neo4jSettings, Settings
from tests.fhirserver import HapiFhirServer

FHIR_DIRECTORY = Path(__file__).resolve().parent / "connectors" / "fixtures" / "fhir_directory.json"


@pytest.fixture(scope="session")
def neo4j_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    uri = os.environ.get("NORDHUB_TEST_NEO4J_URI")
    if uri:
        yield Endpoint(
            uri=uri,
            user=os.environ.get("NORDHUB_TEST_NEO4J_USER", "neo4j"),
            password=os.environ["NORDHUB_TEST_NEO4J_PASSWORD"],
        )
        return
    yield from _running(LocalNeo4j(tmp_path_factory.mktemp("neo4j"), heap="1g", page_cache_mib=512))


@pytest.fixture(scope="session")
def spare_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """A second, small Neo4j for tests that need a database of their own (restores into an
    empty one); started at the first test that asks, shared by the rest, which wipe it first."""
    home = tmp_path_factory.mktemp("spare-neo4j")
    yield from _running(LocalNeo4j(home, heap="512m", page_cache_mib=128))


def _running(server: LocalNeo4j) -> Iterator[Endpoint]:
    endpoint = server.start()
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture(scope="session")
def hapi_fhir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HapiFhirServer]:
    """HAPI FHIR's plain server holding the Swedish test directory, one JVM for the session
    (started at the first test that asks for it). Tests may restart it; it keeps its port."""
    resources = json.loads(FHIR_DIRECTORY.read_text(encoding="utf-8"))
    server = HapiFhirServer(tmp_path_factory.mktemp("hapi-fhir"), resources)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def settings(neo4j_endpoint: Endpoint, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        neo4j=Neo4jSettings(
            uri=neo4j_endpoint.uri, user=neo4j_endpoint.user, password=neo4j_endpoint.password
        ),
        state_dir=Path(tmp_path_factory.mktemp("state")),
        migrate_on_start=False,
    )


@pytest.fixture(scope="session")
async def graph(settings: Settings) -> AsyncIterator[GraphClient]:
    assert settings.neo4j.uri is not None and settings.neo4j.password is not None
    client = GraphClient(
        create_driver(settings.neo4j.uri, settings.neo4j.user, settings.neo4j.password),
        settings.neo4j.database,
    )
    await migrate(client)
    await load_seed(client)
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture(scope="session")
async def hub(settings: Settings, graph: GraphClient) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the hub app, its lifespan running for the whole session."""
    app = create_app(settings, graph=graph)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub") as client,
    ):
        yield client


class GraphQLResponse:
    """A GraphQL answer: ``data``, ``errors``, ``extensions`` and the HTTP response."""

    def __init__(self, response: httpx.Response) -> None:
        self.http = response
        body: dict[str, Any] = response.json()
        self.body = body
        self.data: Any = body.get("data")
        self.errors: list[dict[str, Any]] = body.get("errors") or []
        self.extensions: dict[str, Any] = body.get("extensions") or {}

    @property
    def round_trips(self) -> int:
        return int(self.extensions["cypher"]["roundTrips"])

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code", "") for e in self.errors]

    def ok(self) -> Any:
        assert self.http.status_code == 200, self.http.text
        assert not self.errors, self.errors
        return self.data


@pytest.fixture(scope="session")
def gql(hub: httpx.AsyncClient) -> Any:
    async def send(
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        language: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> GraphQLResponse:
        all_headers = dict(headers or {})
        if language is not None:
            all_headers["Accept-Language"] = language
        response = await hub.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=all_headers
        )
        return GraphQLResponse(response)

    return send
