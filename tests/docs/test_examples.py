"""Every GraphQL example in ``docs/`` runs against the real hub and answers what the page says.

An example is a ```` ```graphql ```` block; a first line ``# Accept-Language: xx`` sets the
language it is asked in. When a ```` ```json ```` block follows, the answer must match it: objects
by the keys shown (others may be there too), lists item by item and of the same length, unless
the expected list ends with ``"…"`` (more may follow). Without ``data`` or ``errors`` at its top,
the expected JSON is the answer's ``data`` and the answer must have no errors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
_BLOCK = re.compile(r"```(graphql|json)\n(.*?)```", re.S)
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


def examples() -> list[Example]:
    found: list[Example] = []
    for page in sorted(DOCS.glob("*.md")):
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


FOUND = examples()


def test_the_docs_have_examples() -> None:
    assert len(FOUND) >= 10


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


def test_matching_rules() -> None:
    assert matches({"a": 1}, {"a": 1, "b": 2}) == []
    assert matches({"a": [1, 2]}, {"a": [1, 2, 3]}) == [".a: 3 items, expected 2"]
    assert matches({"a": [1, MORE]}, {"a": [1, 2, 3]}) == []
    assert matches({"a": []}, {"a": [1]}) == [".a: 1 items, expected 0"]
    assert matches({"a": {"b": 1}}, {"a": {"b": 2}}) == [".a.b: 2 != 1"]
