"""`nordhub serve --workers 2`: every worker serves, and no per-process state changes answers.

Which worker answered is read from the operating system, not from the API: each client keeps its
own keep-alive connection open, and ``/proc`` tells which worker process holds the accepted end of
each one. Every answer is compared with the in-process hub's answer to the same request.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.local import Endpoint, free_port

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("nb", "sv", "da", "fi", "is", "en")
QUERIES = (
    "{ countries { code name } }",
    "{ services(first: 5) { totalCount edges { node { id name kind status } } } }",
    '{ whereOffered(code: "C71") { totalCount edges { node { service { id name } } } } }',
)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _workers(master: int) -> list[int]:
    """uvicorn's worker processes (multiprocessing spawns them; the resource tracker is not one)."""
    workers = []
    for pid in _children(master):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            workers.append(pid)
    return workers


def _accepted(pid: int, port: int) -> int:
    """Established TCP connections on ``port`` whose accepted socket the process holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:
                count += 1
    return count


def _wait_ready(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError("the hub did not become ready")


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "nordhub", "serve", "--no-seed", "--workers", "2",
             "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


async def _expected(gql: Any) -> dict[tuple[str, str], Any]:
    expected = {}
    for query in QUERIES:
        for language in LANGUAGES:
            response = await gql(query, language=language)
            expected[query, language] = response.ok()
    return expected


@pytest.mark.slow
async def test_two_workers_both_serve_the_same_answers(
    neo4j_endpoint: Endpoint, graph: Any, gql: Any, tmp_path: Path
) -> None:
    expected = await _expected(gql)
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_endpoint.uri,
        "NEO4J_USER": neo4j_endpoint.user,
        "NEO4J_PASSWORD": neo4j_endpoint.password,
        "NORDHUB_STATE_DIR": str(tmp_path),
    }
    log = tmp_path / "serve.log"
    process = _serve(env, port, log)
    clients: list[httpx.AsyncClient] = []
    try:
        await asyncio.to_thread(_wait_ready, port, process, log)
        workers = _workers(process.pid)
        assert len(workers) == 2, workers
        serving: dict[int, int] = {}
        answers = 0

        async def session(client: httpx.AsyncClient, n: int) -> None:
            nonlocal answers
            for k in range(len(QUERIES) * 2):
                query = QUERIES[(n + k) % len(QUERIES)]
                language = LANGUAGES[(n + k) % len(LANGUAGES)]
                response = await client.post(
                    "/graphql", json={"query": query}, headers={"Accept-Language": language}
                )
                body = response.json()
                assert response.status_code == 200 and "errors" not in body, body
                assert body["data"] == expected[query, language], (query, language)
                answers += 1

        # Open connections in waves, each kept alive, until both workers hold some.
        for _ in range(6):
            wave = [
                httpx.AsyncClient(
                    base_url=f"http://127.0.0.1:{port}",
                    limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                    timeout=60,
                )
                for _ in range(8)
            ]
            clients.extend(wave)
            await asyncio.gather(*(session(c, len(clients) + i) for i, c in enumerate(wave)))
            serving = {pid: _accepted(pid, port) for pid in workers}
            if all(serving.values()):
                break
        assert sum(serving.values()) == len(clients), serving
        assert all(count > 0 for count in serving.values()), serving
        assert answers == len(clients) * len(QUERIES) * 2
    finally:
        for client in clients:
            await client.aclose()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, log.read_text()[-3000:]
