"""The local Neo4j is killed (SIGKILL) under write load and heals without a person.

``nordhub serve`` runs as a real process with its own Neo4j (``NEO4J_URI`` unset) in a temporary
state folder; clients create projects through it over HTTP, each retrying with the same request
(half with their own idempotency key, half with the one the hub derives). After a share of them
is acknowledged, the JVM is SIGKILLed. The hub's supervisor reaps it (no zombie), starts it on the
same store and port, and ``/health/ready`` answers 200 again within 30 s (on a machine so busy
that the JVM's own restart takes longer, within 10 s of the restarted JVM answering, stretched by
how much slower than a quiet machine this one started the same Neo4j). A second
hub in this process points at the same Neo4j as an external ``NEO4J_URI``: its driver reconnects
and its readiness follows the server. Afterwards every acknowledged write is in the graph exactly
once; no body ever names the Bolt address.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from graph.client import GraphClient, create_driver
from graph.local import Endpoint
from nordhub.app import create_app
from nordhub.settings import Neo4jSettings, Settings
from tests.faults.conftest import FaultScale, coordinator_token, error_code
from tests.hub_process import serving

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
READY_WITHIN_S = 30.0
SUPERVISOR_SLACK_S = 10.0  # kill -> reaped -> restart begun, and JVM answering -> hub ready
QUIET_COLD_START_S = 20.0  # a cold start of the local Neo4j on the quiet 2-core machine
NEVER_HEALED_S = 240.0  # no restart at all: fail with the log rather than wait forever
RETRY_PAUSE_S = 0.5  # clients back off a little, as docs/operations.md asks them to
CREATE_PROJECT = """
mutation($input: CreateProjectInput!, $key: String) {
  createProject(input: $input, idempotencyKey: $key) { replayed idempotencyKey project { id } }
}
"""
PROJECTS = """
MATCH (p:CollaborationProject) WHERE p.title_nb STARTS WITH $prefix
RETURN {id: p.id, title: p.title_nb} AS row
"""


@dataclass
class ServedHub:
    url: str
    process: subprocess.Popen[bytes]
    state: Path
    log: Path
    endpoint: Endpoint
    cold_start_s: float  # how long this machine, right now, took to start the same Neo4j

    def ready_within_s(self, bolt_answered_s: float) -> float:
        """30 s, the target on the project's 2-core machine. On a machine so busy (other suites
        on it) that the JVM itself takes longer to start, the hub must be ready within 10 s of the
        restarted JVM answering on its Bolt port, those 10 s stretched by how much slower than a
        quiet machine this one started the same Neo4j: noticing the exit, reaping, starting again
        and following the server are the supervisor's and the hub's part."""
        slower = max(1.0, self.cold_start_s / QUIET_COLD_START_S)
        return max(READY_WITHIN_S, bolt_answered_s + SUPERVISOR_SLACK_S * slower)


@dataclass
class Observed:
    acknowledged: dict[str, str] = field(default_factory=dict)  # title -> project id
    failures: Counter[str] = field(default_factory=Counter)
    kills: list[dict[str, float | int | str]] = field(default_factory=list)
    next_kill: asyncio.Event = field(default_factory=asyncio.Event)
    leaked: list[str] = field(default_factory=list)
    transport: Counter[str] = field(default_factory=Counter)  # no answer at all: sent again


def children(pid: int) -> set[int]:
    """Every child of ``pid`` (any thread may have started one)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(child) for child in text)
    return found


def _cold_start(log: Path) -> float:
    """Seconds from "starting the local Neo4j" to "answers on" in the hub's log."""
    stamps = {}
    for line in log.read_text().splitlines():
        for mark in ("starting the local Neo4j", "local Neo4j answers on"):
            if mark in line and mark not in stamps:
                stamps[mark] = dt.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
    started, answered = stamps["starting the local Neo4j"], stamps["local Neo4j answers on"]
    return (answered - started).total_seconds()


def _log_tail(log: Path) -> str:
    lines = [x for x in log.read_text().splitlines() if "HTTP/1.1" not in x]
    return "not ready after the kill; the hub's log ends:\n" + "\n".join(lines[-25:])


def state_of(pid: int) -> str | None:
    """The kernel's state letter of ``pid`` (Z: a zombie), None once it is gone (reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return None


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedHub]:
    state = tmp_path_factory.mktemp("self-healing")
    env = dict(
        NORDHUB_NEO4J_HEAP="512m",
        NORDHUB_NEO4J_PAGE_CACHE_MIB="128",
        NORDHUB_REQUEST_TIMEOUT_S="8",
        NEO4J_CALL_TIMEOUT_S="4",
        NEO4J_ACQUISITION_TIMEOUT_S="2",
        NEO4J_MAX_RETRY_TIME_S="1",
    )
    with serving(None, state, env, ready_within_s=180) as hub:
        found = re.search(r"local Neo4j answers on (bolt://[0-9.:]+)", hub.log.read_text())
        assert found is not None
        password = (state / "neo4j" / "password").read_text().strip()
        endpoint = Endpoint(found[1], "neo4j", password)
        yield ServedHub(hub.url, hub.process, state, hub.log, endpoint, _cold_start(hub.log))


@pytest.fixture(scope="module")
async def direct(served: ServedHub) -> AsyncIterator[GraphClient]:
    endpoint = served.endpoint
    client = GraphClient(create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j")
    try:
        yield client
    finally:
        await client.close()


def _no_address(text: str, endpoint: Endpoint, seen: Observed) -> None:
    port = endpoint.uri.rsplit(":", 1)[1]
    if "bolt://" in text or f":{port}" in text:
        seen.leaked.append(text[:300])


async def _writer(
    hub: httpx.AsyncClient,
    titles: list[str],
    token: str,
    seen: Observed,
    endpoint: Endpoint,
    kill_every: int,
) -> None:
    for i, title in enumerate(titles):
        # Half bring their own key; a retry of the other half sends none: the hub derives it.
        key = f"heal-{uuid.uuid5(uuid.NAMESPACE_URL, title).hex}" if i % 2 else None
        variables = {
            "key": key,
            "input": {"title": [{"language": "nb", "text": title}], "area": "QUALITY_REGISTRY"},
        }
        while True:
            try:
                response = await hub.post(
                    "/graphql",
                    json={"query": CREATE_PROJECT, "variables": variables},
                    headers={"Authorization": f"Bearer {token}"},
                )
                _no_address(response.text, endpoint, seen)
                body = response.json()
                code = error_code(body)
            except httpx.HTTPError as e:
                seen.transport[type(e).__name__] += 1
                await asyncio.sleep(RETRY_PAUSE_S)
                continue
            if code == "OK":
                seen.acknowledged[title] = body["data"]["createProject"]["project"]["id"]
                if len(seen.acknowledged) % kill_every == 0:
                    seen.next_kill.set()
                break
            seen.failures[code] += 1
            await asyncio.sleep(RETRY_PAUSE_S)


async def _bolt_answers(endpoint: Endpoint) -> bool:
    """Whether the (restarted) JVM accepts connections on its Bolt port."""
    host, port = endpoint.uri.rsplit("/", 1)[1].rsplit(":", 1)
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 1.0)
    except (OSError, TimeoutError):
        return False
    writer.close()
    return True


async def _ready(hub: httpx.AsyncClient, endpoint: Endpoint, seen: Observed) -> int:
    try:
        response = await hub.get("/health/ready")
    except httpx.HTTPError:
        return 0
    _no_address(response.text, endpoint, seen)
    return response.status_code


async def _chaos(
    served: ServedHub,
    hub: httpx.AsyncClient,
    external: httpx.AsyncClient,
    seen: Observed,
    kills: int,
) -> None:
    for _ in range(kills):
        await seen.next_kill.wait()
        seen.next_kill.clear()
        (jvm,) = children(served.process.pid)
        os.kill(jvm, signal.SIGKILL)
        killed = time.monotonic()
        record: dict[str, float | int | str] = {"pid": jvm}
        # The supervisor notices and reaps at once: the dead JVM never stays a zombie.
        while state_of(jvm) is not None:
            assert state_of(jvm) != "Z" or time.monotonic() - killed < 2, "left a zombie"
            assert time.monotonic() - killed < 5, "the killed JVM was never reaped"
            await asyncio.sleep(0.05)
        record["reaped_s"] = round(time.monotonic() - killed, 2)
        record["ready_during"] = await _ready(hub, served.endpoint, seen)
        bolt_answered_s: float | None = None
        while await _ready(hub, served.endpoint, seen) != 200:
            assert time.monotonic() - killed < NEVER_HEALED_S, _log_tail(served.log)
            if bolt_answered_s is None and await _bolt_answers(served.endpoint):
                bolt_answered_s = round(time.monotonic() - killed, 2)
            await asyncio.sleep(0.2)
        ready_s = round(time.monotonic() - killed, 2)
        record["ready_s"] = ready_s
        while await _ready(external, served.endpoint, seen) != 200:
            assert time.monotonic() - killed < NEVER_HEALED_S, "the external hub lags"
            await asyncio.sleep(0.2)
        external_ready_s = round(time.monotonic() - killed, 2)
        record["external_ready_s"] = external_ready_s
        record["bolt_answered_s"] = bolt_answered_s = bolt_answered_s or ready_s
        limit = served.ready_within_s(bolt_answered_s)
        assert ready_s <= limit, (record, _log_tail(served.log))
        assert external_ready_s <= limit, record
        (again,) = children(served.process.pid)
        assert again != jvm
        seen.kills.append(record)


async def test_a_killed_local_neo4j_heals_itself_under_load(
    served: ServedHub, direct: GraphClient, fault_scale: FaultScale
) -> None:
    token = await coordinator_token(direct)
    endpoint = served.endpoint
    external_app = create_app(
        Settings(
            neo4j=Neo4jSettings(
                uri=endpoint.uri,
                user=endpoint.user,
                password=endpoint.password,
                connection_timeout_s=2.0,
                acquisition_timeout_s=2.0,
                max_retry_time_s=1.0,
                call_timeout_s=2.0,
            ),
            migrate_on_start=False,
        )
    )
    prefix = f"Selvlekking {uuid.uuid4().hex[:8]}"
    titles = [f"{prefix} {i}" for i in range(fault_scale.writes)]
    clients = fault_scale.clients
    kill_every = fault_scale.writes // (fault_scale.kills + 1)
    seen = Observed()
    async with (
        external_app.router.lifespan_context(external_app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=external_app), base_url="http://external"
        ) as external,
        httpx.AsyncClient(base_url=served.url, timeout=60) as hub,
    ):
        assert await _ready(external, endpoint, seen) == 200
        await asyncio.wait_for(
            asyncio.gather(
                _chaos(served, hub, external, seen, fault_scale.kills),
                *(
                    _writer(hub, titles[i::clients], token, seen, endpoint, kill_every)
                    for i in range(clients)
                ),
            ),
            timeout=600,
        )

    print(
        f"kills: {seen.kills}; cold start {served.cold_start_s:.1f} s; answers without data: "
        f"{dict(seen.failures)}; no answer (sent again): {dict(seen.transport)}"
    )
    assert len(seen.kills) == fault_scale.kills
    assert all(
        float(k["ready_s"]) <= served.ready_within_s(float(k["bolt_answered_s"]))
        for k in seen.kills
    )
    assert all(k["ready_during"] != 200 for k in seen.kills)
    assert not seen.leaked, seen.leaked[:3]
    assert seen.failures, "the clients met the outage"
    # Each a truthful answer: not written, written but not read back, or settled by the key.
    truthful = {"SERVICE_UNAVAILABLE", "WRITTEN_NOT_READ", "WRITE_OUTCOME_UNKNOWN"}
    assert set(seen.failures) <= truthful, seen.failures
    assert "starting it again" in served.log.read_text()

    stored = await direct.read(PROJECTS, {"prefix": prefix})
    per_title = Counter(row["title"] for row in stored)
    assert len(seen.acknowledged) == len(titles), "every write was acknowledged in the end"
    lost = [t for t in titles if per_title[t] == 0]
    duplicated = [t for t, n in per_title.items() if n > 1]
    print(f"acknowledged {len(seen.acknowledged)}, lost {len(lost)}, duplicated {len(duplicated)}")
    assert not lost and not duplicated
    assert {row["title"]: row["id"] for row in stored} == seen.acknowledged
