"""Every command fails the same way: one line, ``nordhub: error (CODE): message``, and its status
(2 refused before changing anything, 1 could not do its work). None of these needs Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.backup import BackupError
from graph.errors import GraphError, GraphUnavailable, LocalServerError, StoreInUse
from nordhub import cli
from nordhub.cli_errors import FAILED, REFUSED, CommandError, command_error
from nordhub.settings import SettingsError


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """English messages, no backup key, a state folder of the test's own."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "NORDHUB_BACKUP_KEY", "NORDHUB_SOURCES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NORDHUB_STATE_DIR", str(tmp_path / "state"))
    return monkeypatch


@pytest.mark.parametrize(
    ("argv", "code", "status"),
    [
        (["export", "backup.jsonl"], "BACKUP_KEY_MISSING", REFUSED),
        (["import", "backup.jsonl"], "BACKUP_KEY_MISSING", REFUSED),
        (["sync", "--sources", "no-such-sources.toml", "--all"], "BAD_SOURCES", REFUSED),
        (["compose", "--subgraph", "sweden"], "BAD_SUBGRAPH", REFUSED),
    ],
)
def test_a_refusal_is_one_line_in_the_one_format(
    environment: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
    code: str,
    status: int,
) -> None:
    environment.chdir(tmp_path)
    assert cli.main(argv) == status
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"nordhub: error ({code}): "), captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert not (tmp_path / "state" / "neo4j").exists(), "a refusal starts no Neo4j"


def test_bad_settings_fail_every_command_alike(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.setenv("NORDHUB_TRUSTED_PROXIES", "not an address")
    for argv in (["export", "backup.jsonl"], ["token", "list"], ["migrate"]):
        assert cli.main(argv) == FAILED
        err = capsys.readouterr().err
        assert err.startswith("nordhub: error (SETTINGS): NORDHUB_TRUSTED_PROXIES "), err
        assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("error", "code", "status"),
    [
        (BackupError("BACKUP_TRUNCATED", "the file ends early"), "BACKUP_TRUNCATED", REFUSED),
        (StoreInUse("/x/neo4j", 4242), "STORE_IN_USE", FAILED),
        (LocalServerError("Java 17 is needed\nmore"), "LOCAL_NEO4J", FAILED),
        (GraphUnavailable("connection refused\nmore"), "GRAPH_UNAVAILABLE", FAILED),
        (GraphError("something else"), "GRAPH_ERROR", FAILED),
        (SettingsError("NEO4J_PASSWORD is required"), "SETTINGS", FAILED),
    ],
)
def test_errors_of_the_graph_and_settings_become_command_errors(
    error: GraphError | SettingsError, code: str, status: int
) -> None:
    made = command_error(error, "en")
    assert (made.code, made.status) == (code, status)
    assert made.line().startswith(f"nordhub: error ({code}): ")
    assert "\n" not in made.line()


def test_a_command_error_is_a_refusal_unless_it_says_otherwise() -> None:
    assert CommandError("X", "y").status == REFUSED
    assert CommandError("X", "y", status=FAILED).line() == "nordhub: error (X): y"
