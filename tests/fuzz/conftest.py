"""A real hub process over the session's Neo4j, for fuzzing over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.client import GraphClient
from graph.local import Endpoint, free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hub_url(
    neo4j_endpoint: Endpoint, graph: GraphClient, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``nordhub serve`` on a free port (development mode: introspection on for the fuzzer)."""
    port = free_port()
    state = tmp_path_factory.mktemp("fuzz-hub")
    environ = {
        **os.environ,
        "NEO4J_URI": neo4j_endpoint.uri,
        "NEO4J_USER": neo4j_endpoint.user,
        "NEO4J_PASSWORD": neo4j_endpoint.password,
        "NORDHUB_STATE_DIR": str(state),
    }
    log = state / "hub.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "nordhub", "serve", "--no-seed", "--port", str(port)],
            cwd=ROOT,
            env=environ,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).is_success:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the hub did not become ready"
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
