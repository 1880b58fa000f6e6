"""One real Neo4j per test session: the project's own, started once (or the server named by
``NORDHUB_TEST_NEO4J_URI``), migrated and seeded once; one app over it for every test."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from graph.client import GraphClient, create_driver
from graph.local import Endpoint, LocalNeo4j, free_port
from graph.migrate import migrate
from graph.seed import load_seed
from nordhub.settings import Neo4jSettings, Settings
from tests.app import serving
from tests.fhirserver import HapiFhirServer

FHIR_DIRECTORY = Path(__file__).resolve().parent / "connectors" / "fixtures" / "fhir_directory.json"


@pytest.fixture(scope="session")
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's state folder, laid out like ``make run``'s (the local Neo4j in ``neo4j/``)."""
    return Path(tmp_path_factory.mktemp("state"))


@pytest.fixture(scope="session")
def local_neo4j(state_dir: Path) -> Iterator[LocalNeo4j | None]:
    """The project's own Neo4j for the session; None when ``NORDHUB_TEST_NEO4J_URI`` names one."""
    if os.environ.get("NORDHUB_TEST_NEO4J_URI"):
        yield None
        return
    server = LocalNeo4j(state_dir / "neo4j", heap="1g", page_cache_mib=512)
    server.start()
    try:
        yield server
    finally:
        server.stop()


REDIS_SERVER = Path(os.environ.get("NORDHUB_REDIS_SERVER", "/usr/bin/redis-server"))


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Debian's redis-server on a free loopback port, for the session (started when first
    asked for); nothing is saved to disk."""
    if not REDIS_SERVER.exists():
        pytest.fail(f"{REDIS_SERVER} is missing: `make test` installs Debian's redis-server")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    with (folder / "redis.log").open("wb") as log:
        process = subprocess.Popen(
            [str(REDIS_SERVER), "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, (folder / "redis.log").read_text()
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def neo4j_endpoint(local_neo4j: LocalNeo4j | None) -> Endpoint:
    if local_neo4j is None:
        return Endpoint(
            uri=os.environ["NORDHUB_TEST_NEO4J_URI"],
            user=os.environ.get("NORDHUB_TEST_NEO4J_USER", "neo4j"),
            password=os.environ["NORDHUB_TEST_NEO4J_PASSWORD"],
        )
    assert local_neo4j.endpoint is not None
    return local_neo4j.endpoint


@pytest.fixture(scope="session")
def spare_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """A second, small Neo4j for tests that need a database of their own (restores into an
    empty one); started at the first test that asks, shared by the rest, which wipe it first."""
    server = LocalNeo4j(tmp_path_factory.mktemp("spare-neo4j"), heap="512m", page_cache_mib=128)
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
def settings(neo4j_endpoint: Endpoint, state_dir: Path) -> Settings:
    return Settings(
        neo4j=Neo4jSettings(
            uri=neo4j_endpoint.uri, user=neo4j_endpoint.user, password=neo4j_endpoint.password
        ),
        state_dir=state_dir,
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
    async with serving(settings, graph) as client:
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
