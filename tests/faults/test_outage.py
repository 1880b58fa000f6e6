"""Neo4j dies (SIGKILL) under concurrent idempotent writes and comes back; the hub keeps running.

A separate JVM with its own store (the session's Neo4j is never touched). Clients create 1 000
projects, each with its own idempotency key, retrying on failure with the same key. Halfway the
JVM is killed, left down for a moment and started again on the same store and port. Afterwards
every acknowledged write is in the graph exactly once; during the outage reads and writes fail
fast with SERVICE_UNAVAILABLE; /health/ready says not ready and recovers without a hub restart.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from graph.client import GraphClient, create_driver
from graph.local import Endpoint, LocalNeo4j, free_port
from graph.migrate import migrate
from graph.vocabulary import AccessRole
from nordhub.app import create_app
from nordhub.limits import Limits
from nordhub.settings import Neo4jSettings, Settings
from nordhub.token_cli import issue

pytestmark = pytest.mark.slow

WRITES = 1000
CLIENTS = 20
KILL_AFTER = 250  # acknowledged writes before the kill
DOWN_FOR_S = 2.0
TIMEOUT_S = 8.0
COORDINATOR = "org:fault-test-coordinator"

CREATE_PROJECT = """
mutation($input: CreateProjectInput!, $key: String) {
  createProject(input: $input, idempotencyKey: $key) { replayed project { id } }
}
"""
READ = "{ countries { code } }"
# A coordinator is the secretariat of a Nordic programme (resolvers.policy.HOLDERS).
COORDINATOR_ORG = """
MERGE (o:Entity:Organisation {id: $id})
SET o.name_en = 'Fault test coordinator', o.kind = 'COUNCIL', o.source = 'test',
    o.recordedAt = datetime()
MERGE (p:Entity:CollaborationProject {id: 'project:fault-test-programme'})
SET p.area = 'PROGRAMME', p.status = 'ACTIVE', p.version = 1, p.source = 'test'
MERGE (p)-[:INVOLVES {role: 'SECRETARIAT'}]->(o)
"""
PROJECTS = """
MATCH (p:CollaborationProject) WHERE p.title_nb STARTS WITH $prefix
RETURN {id: p.id, title: p.title_nb} AS row
"""


@dataclass
class Observed:
    acknowledged: dict[str, str] = field(default_factory=dict)  # key -> project id
    failures: Counter[str] = field(default_factory=Counter)  # error code -> count
    slowest_failure_s: float = 0.0
    outage: dict[str, object] = field(default_factory=dict)
    halfway: asyncio.Event = field(default_factory=asyncio.Event)


@pytest.fixture(scope="module")
def neo4j_to_kill(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(
        tmp_path_factory.mktemp("fault-neo4j"), heap="512m", page_cache_mib=128, port=free_port()
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
async def prepared(neo4j_to_kill: LocalNeo4j) -> AsyncIterator[tuple[Endpoint, str]]:
    endpoint = neo4j_to_kill.endpoint
    assert endpoint is not None
    client = GraphClient(create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j")
    try:
        await migrate(client)
        await client.write(COORDINATOR_ORG, {"id": COORDINATOR})
        token, _ = await issue(client, COORDINATOR, AccessRole.COORDINATOR, "fault test")
        yield endpoint, token
    finally:
        await client.close()


def _code(body: dict[str, object]) -> str:
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return str(errors[0].get("extensions", {}).get("code"))
    return "OK"


async def _writer(
    hub: httpx.AsyncClient, keys: list[str], prefix: str, token: str, seen: Observed
) -> None:
    for key in keys:
        variables = {
            "key": key,
            "input": {
                "title": [{"language": "nb", "text": f"{prefix} {key}"}],
                "area": "QUALITY_REGISTRY",
            },
        }
        while True:
            started = time.monotonic()
            try:
                response = await hub.post(
                    "/graphql",
                    json={"query": CREATE_PROJECT, "variables": variables},
                    headers={"Authorization": f"Bearer {token}"},
                )
                body = response.json()
                code = _code(body)
            except httpx.HTTPError as e:
                code = type(e).__name__
            if code == "OK":
                seen.acknowledged[key] = body["data"]["createProject"]["project"]["id"]
                if len(seen.acknowledged) >= KILL_AFTER:
                    seen.halfway.set()
                break
            seen.failures[code] += 1
            seen.slowest_failure_s = max(seen.slowest_failure_s, time.monotonic() - started)
            await asyncio.sleep(0.1)


async def _chaos(hub: httpx.AsyncClient, server: LocalNeo4j, seen: Observed) -> None:
    await seen.halfway.wait()
    server.kill()
    killed = time.monotonic()
    # While it is down: reads and writes fail fast with SERVICE_UNAVAILABLE, not ready.
    read = await hub.post("/graphql", json={"query": READ})
    seen.outage["read"] = (_code(read.json()), time.monotonic() - killed)
    ready = await hub.get("/health/ready")
    seen.outage["ready_status"] = ready.status_code
    await asyncio.sleep(max(0.0, DOWN_FOR_S - (time.monotonic() - killed)))
    await asyncio.to_thread(server.start)
    back = time.monotonic()
    while (await hub.get("/health/ready")).status_code != 200:
        assert time.monotonic() - back < 30, "not ready 30 s after Neo4j came back"
        await asyncio.sleep(0.2)
    seen.outage["ready_after_s"] = time.monotonic() - back
    seen.outage["down_s"] = back - killed


async def test_acknowledged_writes_survive_a_killed_neo4j(
    prepared: tuple[Endpoint, str], neo4j_to_kill: LocalNeo4j
) -> None:
    endpoint, token = prepared
    hub_settings = Settings(
        neo4j=Neo4jSettings(
            uri=endpoint.uri,
            user=endpoint.user,
            password=endpoint.password,
            connection_timeout_s=2.0,
            max_retry_time_s=1.0,
            acquisition_timeout_s=2.0,
            call_timeout_s=2.0,
        ),
        limits=Limits(timeout_s=TIMEOUT_S),
        migrate_on_start=False,
    )
    app = create_app(hub_settings)  # owns its driver, like a deployed hub
    prefix = f"Feiltest {uuid.uuid4().hex[:8]}"
    keys = [f"fault-{uuid.uuid4().hex}" for _ in range(WRITES)]
    seen = Observed()
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub", timeout=60
        ) as hub,
    ):
        await asyncio.wait_for(
            asyncio.gather(
                _chaos(hub, neo4j_to_kill, seen),
                *(_writer(hub, keys[i::CLIENTS], prefix, token, seen) for i in range(CLIENTS)),
            ),
            timeout=240,
        )
        after = (await hub.post("/graphql", json={"query": READ})).json()
        assert after["data"] == {"countries": []} and "errors" not in after

    assert seen.outage["read"][0] == "SERVICE_UNAVAILABLE"  # type: ignore[index]
    assert seen.outage["ready_status"] == 503
    assert float(seen.outage["ready_after_s"]) <= 30  # type: ignore[arg-type]
    assert seen.failures, "the clients met the outage"
    assert set(seen.failures) == {"SERVICE_UNAVAILABLE"}, seen.failures
    assert seen.slowest_failure_s < TIMEOUT_S + 2, "failures came fast, not at a hang's end"

    assert len(seen.acknowledged) == WRITES
    client = GraphClient(create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j")
    try:
        stored = await client.read(PROJECTS, {"prefix": prefix})
    finally:
        await client.close()
    per_key = Counter(row["title"].removeprefix(f"{prefix} ") for row in stored)
    assert len(stored) == WRITES
    assert all(per_key[key] == 1 for key in keys), "every acknowledged write exactly once"
    ids = {row["title"].removeprefix(f"{prefix} "): row["id"] for row in stored}
    assert ids == seen.acknowledged
    print(f"outage: {seen.outage}; failures seen by clients: {dict(seen.failures)}")
