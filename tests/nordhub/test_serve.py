"""`nordhub serve` for real: a process, a TCP port, Neo4j started and stopped with it, and the
command line beside it using that Neo4j."""

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


def _command(environ: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    """``nordhub <argv>`` in a second process, as in a second terminal."""
    return subprocess.run(
        [sys.executable, "-m", "nordhub", *argv],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _jvms(state: Path) -> list[str]:
    found = subprocess.run(
        ["pgrep", "-f", f"org.nordhub.launcher.Launcher {state}"],
        capture_output=True,
        check=False,
        text=True,
    )
    return found.stdout.split()


LOG_MEETING = """
mutation($input: AddLogEntryInput!) { addLogEntry(input: $input) { entry { provenance {
  recordedBy } } } }
"""


@pytest.mark.slow
def test_serve_starts_and_stops_its_own_neo4j_and_commands_work_beside_it(tmp_path: Path) -> None:
    """`make run` in one terminal, the README's token commands and an export in a second."""
    port = free_port()
    env = {"NORDHUB_STATE_DIR": str(tmp_path), "NORDHUB_NEO4J_HEAP": "512m",
           "NORDHUB_NEO4J_PAGE_CACHE_MIB": "128", "LANG": "C.UTF-8",
           "NORDHUB_BACKUP_KEY": "a test key of at least thirty-two characters"}  # fmt: skip
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "LC_"))}
    environ = {**environ, **env}
    log = tmp_path / "serve.log"
    process = _serve(environ, port, log)
    endpoint = tmp_path / "neo4j" / "endpoint.json"
    try:
        _wait_ready(port, process, 240)
        url = f"http://127.0.0.1:{port}/graphql"
        response = httpx.post(
            url, json={"query": "{ applications(roundYear: 2012) { totalCount } }"}
        )
        assert response.json()["data"]["applications"]["totalCount"] >= 4
        assert (tmp_path / "neo4j" / "password").exists()
        assert endpoint.stat().st_mode & 0o777 == 0o600
        assert "password" not in endpoint.read_text()

        issued = _command(environ, "token", "issue", "org:st-olavs-hospital", "--role", "partner")
        assert issued.returncode == 0, issued.stderr
        token = issued.stdout.strip()
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": "nb"}
        text = [{"language": "nb", "text": "Møte i Trondheim."}]
        entry = {"projectId": "project:nordic-scir-registry", "kind": "MEETING", "language": "nb"}
        variables = {"input": {**entry, "text": text}}
        logged = httpx.post(
            url, json={"query": LOG_MEETING, "variables": variables}, headers=headers
        ).json()
        assert logged["data"]["addLogEntry"]["entry"]["provenance"] == {
            "recordedBy": "org:st-olavs-hospital"
        }, logged

        refused = _command(environ, "token", "issue", "org:st-olavs-hospital", "--role", "ministry")
        assert (refused.returncode, refused.stdout) == (2, "")
        assert refused.stderr.splitlines()[-1].startswith("nordhub: error (ROLE_DOES_NOT_FIT): ")
        assert "Traceback" not in refused.stderr

        exported = _command(environ, "export", str(tmp_path / "backup.jsonl"))
        assert exported.returncode == 0, exported.stderr
        assert (tmp_path / "backup.jsonl").stat().st_size > 0
        assert len(_jvms(tmp_path)) == 1, "a command started a second Neo4j"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=90) == 0, log.read_text()[-3000:]
    assert _jvms(tmp_path) == [], "a JVM outlived `nordhub serve`"
    assert not endpoint.exists(), "the recorded endpoint outlived the hub"
