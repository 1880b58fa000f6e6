"""The format guide's JSON Schema is a valid schema, says what the reader reads, accepts the
documented examples and refuses the bad feeds the reader refuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from connectors import feed
from connectors.errors import MalformedPage
from graph import identifiers
from graph.vocabulary import COUNTRY_CODES
from i18n.languages import SUPPORTED_LANGUAGES

FEEDS = Path(__file__).resolve().parents[2] / "docs" / "registry-feeds"
SCHEMA = json.loads((FEEDS / "feed.schema.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def example() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((FEEDS / "nordicscir.json").read_text("utf-8"))
    return found


def test_the_schema_is_a_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_names_what_the_reader_reads() -> None:
    definitions = SCHEMA["$defs"]
    assert set(SCHEMA["properties"]) == set(feed.TOP_LEVEL)
    assert set(SCHEMA["properties"]["registry"]["properties"]) == set(feed.REGISTRY_KEYS)
    assert tuple(definitions["unit"]["properties"]) == feed.UNIT_KEYS
    assert tuple(definitions["coverage"]["properties"]) == feed.COVERAGE_KEYS
    assert definitions["unit"]["properties"]["system"]["enum"] == list(identifiers.BY_NAME)
    assert definitions["country"]["enum"] == list(COUNTRY_CODES)
    assert definitions["language"]["enum"] == list(SUPPORTED_LANGUAGES)


def test_the_documented_example_is_valid() -> None:
    assert list(VALIDATOR.iter_errors(example())) == []


def _set(document: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["coverage", 0, "percent"], 140),
        (["coverage", 0, "percent"], "94,0"),
        (["units", 0, "system"], "HSA"),
        (["units", 0, "idd"], "x"),
        (["units", 3, "country"], "SE"),  # a SOR code for a Swedish unit
        (["units", 0, "identifier"], "T-4001031"),
    ],
)
def test_the_schema_refuses_the_bad_feeds(path: list[Any], value: Any) -> None:
    document = _set(example(), path, value)
    assert list(VALIDATOR.iter_errors(document)) != []
    read = feed.read_json(json.dumps(document).encode())
    assert read.rejected  # the reader rejects the row (the schema refuses the whole file)


@pytest.mark.parametrize(
    ("path", "value"),
    [(["enheter"], []), (["coverage"], {"year": 2024, "percent": 90})],
)
def test_what_the_schema_refuses_whole_the_reader_refuses_whole(
    path: list[Any], value: Any
) -> None:
    document = _set(example(), path, value)
    with pytest.raises(MalformedPage):
        feed.read_json(json.dumps(document).encode())
