"""`nordhub serve` for real: a process, a TCP port, Neo4j started and stopped with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph.local import Endpoint, free_port

ROOT = Path(__file__).resolve().parents[2]


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, "the hub exited while starting"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError("the hub did not become ready")


def _serve(environ: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "nordhub", "serve", "--port", str(port)],
            cwd=ROOT,
            env=environ,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


@pytest.mark.slow
def test_serve_against_a_configured_server(neo4j_endpoint: Endpoint, tmp_path: Path) -> None:
    port = free_port()
    env = {
        "NEO4J_URI": neo4j_endpoint.uri,
        "NEO4J_USER": neo4j_endpoint.user,
        "NEO4J_PASSWORD": neo4j_endpoint.password,
        "NORDHUB_STATE_DIR": str(tmp_path),
    }
    process = _serve({**os.environ, **env}, port, tmp_path / "serve.log")
    try:
        _wait_ready(port, process, 60)
        response = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ countries { code name } }"},
            headers={"Accept-Language": "fi"},
        )
        assert response.headers["content-language"] == "fi"
        names = {c["code"]: c["name"] for c in response.json()["data"]["countries"]}
        assert names["NO"] == "Norja"
        graphiql = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"Accept": "text/html"})
        assert "graphiql" in graphiql.text.lower()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert not (tmp_path / "neo4j").exists(), "no local Neo4j when NEO4J_URI is set"


@pytest.mark.slow
def test_serve_starts_and_stops_its_own_neo4j(tmp_path: Path) -> None:
    port = free_port()
    env = {"NORDHUB_STATE_DIR": str(tmp_path), "NORDHUB_NEO4J_HEAP": "512m",
           "NORDHUB_NEO4J_PAGE_CACHE_MIB": "128"}  # fmt: skip
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    log = tmp_path / "serve.log"
    process = _serve({**environ, **env}, port, log)
    try:
        _wait_ready(port, process, 240)
        response = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ applications(roundYear: 2012) { totalCount } }"},
        )
        assert response.json()["data"]["applications"]["totalCount"] >= 4
        assert (tmp_path / "neo4j" / "password").exists()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=90) == 0, log.read_text()[-3000:]
    jvms = subprocess.run(
        ["pgrep", "-f", f"org.nordhub.launcher.Launcher {tmp_path}"],
        capture_output=True,
        check=False,
    )
    assert jvms.stdout.strip() == b"", "a JVM outlived `nordhub serve`"
