"""Run a real hub for the scripts in this folder: a Neo4j (``NEO4J_URI`` or the project's own,
in a temporary folder, migrated and seeded) and ``nordhub serve`` as a separate process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.local import Endpoint, LocalNeo4j, free_port  # noqa: E402
from graph.migrate import migrate  # noqa: E402
from graph.seed import load_seed  # noqa: E402
from graph.vocabulary import AccessRole  # noqa: E402
from nordhub.runtime import graph_client  # noqa: E402
from nordhub.settings import Neo4jSettings, Settings  # noqa: E402
from nordhub.token_cli import issue  # noqa: E402

COORDINATOR_ORG = "org:helsedirektoratet"


@dataclass(frozen=True, slots=True)
class Hub:
    url: str
    pid: int
    log: Path


@contextmanager
def graph_endpoint(work: Path) -> Iterator[Endpoint]:
    """``NEO4J_URI`` if set, else a fresh local Neo4j in ``work``; migrated and seeded."""
    if os.environ.get("NEO4J_URI"):
        endpoint = Endpoint(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ["NEO4J_PASSWORD"],
        )
        _prepare(endpoint)
        yield endpoint
        return
    server = LocalNeo4j(work / "neo4j", heap="1g", page_cache_mib=256)
    endpoint = server.start()
    try:
        _prepare(endpoint)
        yield endpoint
    finally:
        server.stop()


def _prepare(endpoint: Endpoint) -> None:
    settings = Settings(neo4j=Neo4jSettings(endpoint.uri, endpoint.user, endpoint.password))

    async def run() -> None:
        async with graph_client(settings) as client:
            await migrate(client)
            await load_seed(client)

    asyncio.run(run())


def coordinator_token(endpoint: Endpoint, label: str) -> str:
    """A bearer token of a seeded coordinator organisation, for scripts that write."""
    settings = Settings(neo4j=Neo4jSettings(endpoint.uri, endpoint.user, endpoint.password))

    async def run() -> str:
        async with graph_client(settings) as client:
            value, _ = await issue(client, COORDINATOR_ORG, AccessRole.COORDINATOR, label)
        return value

    return asyncio.run(run())


@contextmanager
def hub_process(
    endpoint: Endpoint, work: Path, environ: dict[str, str] | None = None
) -> Iterator[Hub]:
    """``nordhub serve`` on a free port over ``endpoint``, stopped with SIGTERM at the end."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": endpoint.uri,
        "NEO4J_USER": endpoint.user,
        "NEO4J_PASSWORD": endpoint.password,
        "NORDHUB_STATE_DIR": str(work),
        **(environ or {}),
    }
    log = work / f"hub-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "nordhub", "serve", "--no-seed", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(log.read_text()[-3000:])
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).is_success:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the hub did not become ready")
            time.sleep(0.2)
        yield Hub(url=f"http://127.0.0.1:{port}/graphql", pid=process.pid, log=log)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


@contextmanager
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="nordhub-") as folder:
        yield Path(folder)
