"""A real ``nordhub serve`` process over the session's Neo4j, for tests that need the hub as a
server (uvicorn, its workers, its event loop) rather than in-process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from graph.local import Endpoint, free_port

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class HubProcess:
    url: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def graphql(self) -> str:
        return f"{self.url}/graphql"


@contextmanager
def serving(
    endpoint: Endpoint | None,
    state: Path,
    environ: Mapping[str, str] | None = None,
    *,
    workers: int = 1,
    host: str = "127.0.0.1",
    ready_within_s: float = 120.0,
) -> Iterator[HubProcess]:
    """``nordhub serve --no-seed`` on a free port with ``environ`` on top of a clean NORDHUB_*
    environment, over ``endpoint`` (None: the hub starts its own Neo4j in ``state``, as
    ``make run`` does); stopped with SIGTERM on exit."""
    port = free_port()
    neo4j = (
        {}
        if endpoint is None
        else {
            "NEO4J_URI": endpoint.uri,
            "NEO4J_USER": endpoint.user,
            "NEO4J_PASSWORD": endpoint.password,
        }
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "NORDHUB_"))},
        **neo4j,
        "NORDHUB_STATE_DIR": str(state),
        **(environ or {}),
    }
    log = state / "serve.log"
    command = [sys.executable, "-m", "nordhub", "serve", "--no-seed", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    if host != "127.0.0.1":
        command += ["--host", host]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://{host}:{port}"
    try:
        _wait_ready(url, process, log, ready_within_s)
        yield HubProcess(url, process, log)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the hub exited while starting:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the hub did not become ready:\n{log.read_text()[-3000:]}")
