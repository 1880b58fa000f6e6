"""The processes a benchmark needs: the hub with N workers and the peer (``bench/peer``, Node)
over a given Neo4j, their peak memory, and back down."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from graph.local import Endpoint, free_port

ROOT = Path(__file__).resolve().parents[1]
PEER = ROOT / "bench" / "peer"


@dataclass(frozen=True, slots=True)
class Served:
    """A server process (group) and its GraphQL URL."""

    url: str
    pid: int

    def peak_rss_mib(self) -> dict[str, float]:
        """Peak resident memory (``VmHWM``) of the process and each descendant, by role and pid."""
        return {
            f"{_role(pid, self.pid)} {pid}": peak
            for pid in _family(self.pid)
            if (peak := _vm_hwm_mib(pid)) is not None
        }


def _role(pid: int, root: int) -> str:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "process"
    if b"spawn_main" in cmdline:
        return "worker"
    if b"resource_tracker" in cmdline:
        return "resource tracker"
    return "main" if pid == root else "process"


def _family(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _vm_hwm_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


@contextmanager
def peer(endpoint: Endpoint, *, log: Path, timeout_s: float = 90.0) -> Iterator[Served]:
    """Serve ``bench/peer/server.mjs`` (@neo4j/graphql on @apollo/server) on a free port."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": endpoint.uri,
        "NEO4J_USER": endpoint.user,
        "NEO4J_PASSWORD": endpoint.password,
        "PORT": str(port),
        "NODE_ENV": "production",
        "APOLLO_TELEMETRY_DISABLED": "1",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["node", "server.mjs"],  # noqa: S607 (node from PATH, like gateway/)
            cwd=PEER,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(f"http://127.0.0.1:{port}/health", process, timeout_s)
            yield Served(f"http://127.0.0.1:{port}/graphql", process.pid)
        finally:
            _stop(process)


def peer_statements(served: Served) -> int:
    """Cypher statements the peer has sent so far (its ``/stats``)."""
    stats: dict[str, int] = httpx.get(served.url.replace("/graphql", "/stats"), timeout=5).json()
    return stats["statements"]


@contextmanager
def hub(
    endpoint: Endpoint,
    *,
    workers: int,
    log: Path,
    timeout_s: float = 90.0,
    environ: dict[str, str] | None = None,
    tree: Path = ROOT,
    seed: bool = False,
) -> Iterator[Served]:
    """Serve the hub (``nordhub serve``, ``--no-seed`` unless ``seed``) with ``workers`` worker
    processes; ``tree`` runs another checkout's code (e.g. main, to compare)."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": endpoint.uri,
        "NEO4J_USER": endpoint.user,
        "NEO4J_PASSWORD": endpoint.password,
        "NORDHUB_GRAPHIQL": "false",
        **({"PYTHONPATH": str(tree)} if tree != ROOT else {}),
        **(environ or {}),
    }
    command = [sys.executable, "-m", "nordhub", "serve", "--port", str(port)]
    command += ["--workers", str(workers)] + ([] if seed else ["--no-seed"])
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 (our own CLI, fixed arguments)
            command,
            cwd=tree,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(f"http://127.0.0.1:{port}/health/ready", process, timeout_s)
            yield Served(f"http://127.0.0.1:{port}/graphql", process.pid)
        finally:
            _stop(process)


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}; see its log")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server was not ready within {timeout_s:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
