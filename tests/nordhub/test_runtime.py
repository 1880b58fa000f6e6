"""Commands beside a running hub: they use the local Neo4j recorded under the state folder, never
start a second one on a store in use, and say in one line what to do when nothing answers."""

from __future__ import annotations

import asyncio
import dataclasses
import fcntl
import os
from pathlib import Path
from typing import Any

import pytest

from graph.client import GraphClient
from graph.local import LocalNeo4j
from nordhub import cli
from nordhub.runtime import neo4j_endpoint
from nordhub.settings import Neo4jSettings, Settings
from schema import tokens

VIEWER = "{ viewer { role organisation { id } } }"


@pytest.fixture
def local_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The environment of `make run`: no NEO4J_*, English messages."""
    for name in list(os.environ):
        if name.startswith("NEO4J_") or name in {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}:
            monkeypatch.delenv(name)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return monkeypatch


def test_the_running_local_neo4j_is_used_not_started_again(
    local_neo4j: LocalNeo4j | None, settings: Settings
) -> None:
    if local_neo4j is None:
        pytest.skip("the session uses a Neo4j of its own (NORDHUB_TEST_NEO4J_URI)")
    pid, running = local_neo4j.pid, local_neo4j.endpoint
    assert running is not None
    unset = dataclasses.replace(settings, neo4j=Neo4jSettings())
    with neo4j_endpoint(unset) as live:
        assert (live.neo4j.uri, live.neo4j.password) == (running.uri, running.password)
    assert local_neo4j.pid == pid
    assert (local_neo4j.home / "endpoint.json").exists(), "a borrower does not stop the owner's"


async def test_token_commands_work_beside_the_running_neo4j(
    local_neo4j: LocalNeo4j | None,
    state_dir: Path,
    graph: GraphClient,
    gql: Any,
    local_environment: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if local_neo4j is None:
        pytest.skip("the session uses a Neo4j of its own (NORDHUB_TEST_NEO4J_URI)")
    local_environment.setenv("NORDHUB_STATE_DIR", str(state_dir))
    argv = ["token", "issue", "org:helse-bergen", "--role", "partner", "--label", "beside"]
    code = await asyncio.to_thread(cli.main, argv)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    value = captured.out.strip()
    tokens.parse(value)
    me = (await gql(VIEWER, headers={"Authorization": f"Bearer {value}"})).ok()["viewer"]
    assert me == {"role": "PARTNER", "organisation": {"id": "org:helse-bergen"}}

    code = await asyncio.to_thread(
        cli.main, ["token", "issue", "org:helse-bergen", "--role", "ministry"]
    )
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "ROLE_DOES_NOT_FIT" in captured.err


def test_a_store_in_use_that_does_not_answer_is_one_line_and_no_second_neo4j(
    tmp_path: Path, local_environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "neo4j"
    home.mkdir()
    # Another process is starting the local Neo4j: it holds the owner's lock, nothing answers.
    fd = os.open(home / "owner.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"4242")
        local_environment.setenv("NORDHUB_STATE_DIR", str(tmp_path))
        local_environment.setenv("NORDHUB_BACKUP_KEY", "k" * 32)
        for argv in (["token", "list"], ["export", str(tmp_path / "out.jsonl")], ["seed"]):
            assert cli.main(argv) == 1
            err = capsys.readouterr().err
            assert err.count("\n") == 1, err
            assert err.startswith("nordhub: error (STORE_IN_USE): The local Neo4j store in ")
            assert "(pid 4242)" in err and "Traceback" not in err
        assert not (home / "launcher.log").exists(), "no JVM was launched"
        assert not (tmp_path / "out.jsonl").exists()
    finally:
        os.close(fd)


def test_nordhub_neo4j_beside_a_running_one_says_where_it_is_and_returns(
    local_neo4j: LocalNeo4j | None,
    state_dir: Path,
    local_environment: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if local_neo4j is None or local_neo4j.endpoint is None:
        pytest.skip("the session uses a Neo4j of its own (NORDHUB_TEST_NEO4J_URI)")
    local_environment.setenv("NORDHUB_STATE_DIR", str(state_dir))
    assert cli.main(["neo4j"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"NEO4J_URI={local_neo4j.endpoint.uri}"
    assert lines[-1] == f"already running, started by process {os.getpid()}"
