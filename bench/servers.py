"""The processes a benchmark needs: the hub with N workers over a given Neo4j, and back down."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from graph.local import Endpoint, free_port

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def hub(endpoint: Endpoint, *, workers: int, log: Path, timeout_s: float = 90.0) -> Iterator[str]:
    """Serve the hub (``nordhub serve --no-seed``) and yield its ``/graphql`` URL."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": endpoint.uri,
        "NEO4J_USER": endpoint.user,
        "NEO4J_PASSWORD": endpoint.password,
        "NORDHUB_GRAPHIQL": "false",
    }
    command = [sys.executable, "-m", "nordhub", "serve", "--no-seed", "--port", str(port)]
    command += ["--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 (our own CLI, fixed arguments)
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(f"http://127.0.0.1:{port}/health/ready", process, timeout_s)
            yield f"http://127.0.0.1:{port}/graphql"
        finally:
            _stop(process)


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the hub exited with {process.returncode}; see its log")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the hub was not ready within {timeout_s:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
