"""Every example in ``docs/`` (and the README's) runs against the real hub and answers what the
page says, and every page has one.

A GraphQL example is a ```` ```graphql ```` block; a first line ``# Accept-Language: xx`` sets
the language it is asked in. When a ```` ```json ```` block follows, the answer must match it:
objects by the keys shown (others may be there too), lists item by item and of the same length,
unless the expected list ends with ``"…"`` (more may follow). Without ``data`` or ``errors`` at
its top, the expected JSON is the answer's ``data`` and the answer must have no errors.

A command-line example is a ```` ```console ```` block: each ``$ nordhub ...`` line runs the
command (``python -m nordhub``) against the session's Neo4j, with no other configuration; the
lines below it, up to the next command, must appear in its output in that order (a line ending in
``…`` matches any line that starts with what precedes it), and ``[exit N]`` names its exit
status (0 when not given). Commands shown this way are those that change nothing in the graph.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
_BLOCK = re.compile(r"```(graphql|json|console)\n(.*?)```", re.S)
_EXIT = re.compile(r"^\[exit (\d+)\]$")
_LANGUAGE = re.compile(r"^#\s*Accept-Language:\s*(\S+)\s*$", re.M)
MORE = "…"


@dataclass(frozen=True)
class Example:
    page: str
    number: int
    query: str
    language: str | None
    expected: Any

    def __str__(self) -> str:
        return f"{self.page}#{self.number}"


@dataclass(frozen=True)
class Command:
    page: str
    number: int
    argv: tuple[str, ...]
    expected: tuple[str, ...]
    exit_status: int

    def __str__(self) -> str:
        return f"{self.page}#{self.number}"


def commands() -> list[Command]:
    found: list[Command] = []
    for page in sorted(DOCS.glob("*.md")):
        for kind, body in _BLOCK.findall(page.read_text(encoding="utf-8")):
            if kind != "console":
                continue
            for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
                line, *output = chunk.rstrip("\n").split("\n")
                argv = tuple(shlex.split(line))
                expected = [o for o in output if o.strip()]
                status = [int(m.group(1)) for o in expected if (m := _EXIT.match(o.strip()))]
                found.append(
                    Command(
                        page.name,
                        len(found) + 1,
                        argv,
                        tuple(o for o in expected if not _EXIT.match(o.strip())),
                        status[0] if status else 0,
                    )
                )
    return found


def examples() -> list[Example]:
    found: list[Example] = []
    for page in [README, *sorted(DOCS.glob("*.md"))]:
        blocks = _BLOCK.findall(page.read_text(encoding="utf-8"))
        for index, (kind, body) in enumerate(blocks):
            if kind != "graphql":
                continue
            language = _LANGUAGE.search(body)
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            expected = json.loads(following[1]) if following and following[0] == "json" else None
            found.append(
                Example(
                    page.name,
                    len(found) + 1,
                    _LANGUAGE.sub("", body).strip(),
                    language.group(1) if language else None,
                    expected,
                )
            )
    return found


def matches(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Where ``actual`` differs from ``expected`` (see the module docstring)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        problems: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{where}.{key}: missing")
            else:
                problems += matches(value, actual[key], f"{where}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: expected a list, got {actual!r}"]
        more = bool(expected) and expected[-1] == MORE
        items = expected[:-1] if more else expected
        if len(actual) < len(items) or (not more and len(actual) != len(items)):
            return [f"{where}: {len(actual)} items, expected {len(items)}{' or more' * more}"]
        problems = []
        for i, item in enumerate(items):
            problems += matches(item, actual[i], f"{where}[{i}]")
        return problems
    return [] if expected == actual else [f"{where}: {actual!r} != {expected!r}"]


def in_order(expected: tuple[str, ...], output: str) -> list[str]:
    """The expected lines not found in ``output`` in their order (see the module docstring)."""
    lines = [line.rstrip() for line in output.splitlines()]
    missing: list[str] = []
    at = 0
    for want in expected:
        want = want.rstrip()
        prefix = want[:-1] if want.endswith(MORE) else None
        for i in range(at, len(lines)):
            if lines[i] == want or (prefix is not None and lines[i].startswith(prefix)):
                at = i + 1
                break
        else:
            missing.append(want)
    return missing


FOUND = examples()
COMMANDS = commands()


def test_the_docs_have_examples() -> None:
    assert len(FOUND) >= 10
    assert COMMANDS


def test_every_docs_page_has_a_tested_example() -> None:
    tested = {e.page for e in FOUND} | {c.page for c in COMMANDS}
    pages = {page.name for page in DOCS.glob("*.md")}
    assert pages - tested == set(), "pages without a GraphQL or console example a test runs"


@pytest.mark.parametrize("example", FOUND, ids=str)
async def test_example(gql: Any, example: Example) -> None:
    answer = await gql(example.query, language=example.language)
    assert answer.http.status_code == 200, answer.http.text
    if example.expected is None or not {"data", "errors"} & set(example.expected):
        assert not answer.errors, answer.errors
    if example.expected is None:
        return
    whole = {"data", "errors"} & set(example.expected)
    actual = answer.body if whole else answer.data
    assert matches(example.expected, actual) == []


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_command(settings: Any, tmp_path: Path, command: Command) -> None:
    assert command.argv[0] == "nordhub", "docs run only nordhub's own commands"
    neo4j = settings.neo4j
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "NEO4J_URI": neo4j.uri,
        "NEO4J_USER": neo4j.user,
        "NEO4J_PASSWORD": neo4j.password,
        "NORDHUB_STATE_DIR": str(tmp_path / "state"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "nordhub", *command.argv[1:]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == command.exit_status, output
    assert in_order(command.expected, output) == [], output


def test_matching_rules() -> None:
    assert matches({"a": 1}, {"a": 1, "b": 2}) == []
    assert matches({"a": [1, 2]}, {"a": [1, 2, 3]}) == [".a: 3 items, expected 2"]
    assert matches({"a": [1, MORE]}, {"a": [1, 2, 3]}) == []
    assert matches({"a": []}, {"a": [1]}) == [".a: 1 items, expected 0"]
    assert matches({"a": {"b": 1}}, {"a": {"b": 2}}) == [".a.b: 2 != 1"]


def test_console_rules() -> None:
    assert in_order(("a", "c…"), "a\nb\ncd\n") == []
    assert in_order(("c", "a"), "a\nc\n") == ["a"]
    assert in_order(("b",), "a b\n") == ["b"]
