"""The project's own Neo4j: it answers Bolt on 127.0.0.1, stops cleanly, never outlives the
process that started it, records how to reach it, and is never started twice on one store. The
first two tests start one more (small) JVM each in a child process; the others start none."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.errors import StoreInUse
from graph.local import LocalNeo4j, owner_of, recorded_endpoint, store_holder

CHILD = """
import sys
from pathlib import Path
from graph.local import LocalNeo4j

server = LocalNeo4j(Path(sys.argv[1]), heap="512m", page_cache_mib=64)
endpoint = server.start()
print(endpoint.uri, server.pid, flush=True)
while (command := sys.stdin.readline().strip()) == "restart":
    server.stop()
    endpoint = server.start()
    print(endpoint.uri, server.pid, flush=True)
if command == "stop":
    server.stop()
    print("stopped", flush=True)
sys.stdin.readline()
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in {"Z", "X"}


def _wait_gone(pid: int, timeout_s: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.2)
    return False


def _port_open(uri: str) -> bool:
    host, port = uri.removeprefix("bolt://").split(":")
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, int(port))) == 0


@pytest.fixture
def child(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "neo4j")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()


def _started(child: subprocess.Popen[str]) -> tuple[str, int]:
    assert child.stdout is not None
    uri, pid = child.stdout.readline().split()
    return uri, int(pid)


def _send(child: subprocess.Popen[str], command: str) -> None:
    assert child.stdin is not None
    child.stdin.write(command + "\n")
    child.stdin.flush()


def test_bolt_answers_on_loopback_restarts_on_its_store_and_stops_clean(
    child: subprocess.Popen[str], tmp_path: Path
) -> None:
    uri, pid = _started(child)
    assert uri.startswith("bolt://127.0.0.1:")
    password = (tmp_path / "neo4j" / "password").read_text().strip()
    assert (tmp_path / "neo4j" / "password").stat().st_mode & 0o077 == 0
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        driver.execute_query("CREATE (:Probe {kept: true})")

    _send(child, "restart")
    old_pid = pid
    uri, pid = _started(child)
    assert not _alive(old_pid), "restarting stops the old JVM first"
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("MATCH (p:Probe) RETURN count(p) AS kept")
        assert records[0]["kept"] == 1, "the store survives a restart"
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition"
        )
        assert records[0]["version"].startswith("5.26.")
        assert records[0]["edition"] == "community"
    with (
        pytest.raises(neo4j.exceptions.AuthError),
        neo4j.GraphDatabase.driver(uri, auth=("neo4j", "wrong-password")) as driver,
    ):
        driver.verify_connectivity()

    assert child.stdout is not None
    _send(child, "stop")
    assert child.stdout.readline().strip() == "stopped"
    assert _wait_gone(pid, 5)
    assert not _port_open(uri)


def test_the_jvm_stops_when_its_parent_is_killed(child: subprocess.Popen[str]) -> None:
    uri, pid = _started(child)
    assert _alive(pid) and _port_open(uri)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _wait_gone(pid), "the JVM outlived the process that started it"
    assert not _port_open(uri)


def test_a_running_store_is_recorded_and_never_started_twice(
    local_neo4j: LocalNeo4j | None,
) -> None:
    if local_neo4j is None:
        pytest.skip("the session uses a Neo4j of its own (NORDHUB_TEST_NEO4J_URI)")
    home = local_neo4j.home
    recorded_file = home / "endpoint.json"
    assert recorded_file.stat().st_mode & 0o777 == 0o600
    recorded = json.loads(recorded_file.read_text())
    assert local_neo4j.endpoint is not None
    assert (recorded["uri"], recorded["user"]) == (local_neo4j.endpoint.uri, "neo4j")
    assert recorded["pid"] == local_neo4j.pid and recorded["owner"] == os.getpid()
    assert local_neo4j.endpoint.password not in recorded_file.read_text()
    assert recorded_endpoint(home) == local_neo4j.endpoint
    assert store_holder(home) == local_neo4j.pid
    assert owner_of(home) == os.getpid()

    with pytest.raises(StoreInUse) as refused:
        LocalNeo4j(home).start()
    assert refused.value.pid == os.getpid()
    jvms = subprocess.run(
        ["pgrep", "-f", f"org.nordhub.launcher.Launcher {home}/db"],
        capture_output=True,
        check=False,
        text=True,
    )
    assert jvms.stdout.split() == [str(local_neo4j.pid)], "a second JVM on the store"


def test_a_recording_nobody_backs_is_ignored(tmp_path: Path) -> None:
    home = tmp_path / "neo4j"
    home.mkdir()
    (home / "password").write_text("secret")
    (home / "endpoint.json").write_text('{"uri": "bolt://127.0.0.1:9", "user": "neo4j"}')
    assert recorded_endpoint(home) is None  # nobody holds the store: a crash left it behind
    (home / "endpoint.json").write_text("{not json")
    assert recorded_endpoint(home) is None
    assert store_holder(home) is None and owner_of(home) is None


def test_a_store_being_started_by_another_process_is_not_started_again(tmp_path: Path) -> None:
    home = tmp_path / "neo4j"
    home.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OWNER_LOCK, str(home / "owner.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert owner_of(home) == holder.pid
        with pytest.raises(StoreInUse) as refused:
            LocalNeo4j(home).start()
        assert refused.value.pid == holder.pid
        assert not (home / "launcher.log").exists(), "no JVM was launched"
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert owner_of(home) is None


HOLD_OWNER_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, str(os.getpid()).encode())
print("held", flush=True)
time.sleep(600)
"""
