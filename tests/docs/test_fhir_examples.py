"""Every FHIR example in ``docs/fhir.md`` runs against the real hub and answers what the page
says: an ```` ```http ```` block (``GET <path>`` and header lines) followed by a ```` ```json ````
block, matched as in :mod:`tests.docs.test_examples` (the keys shown; a list ending in ``"…"``
may go on)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.docs.test_examples import matches

PAGE = Path(__file__).resolve().parents[2] / "docs" / "fhir.md"
_EXAMPLE = re.compile(r"```http\n(.*?)```\s*```json\n(.*?)```", re.S)


def examples() -> list[tuple[str, dict[str, str], Any]]:
    found = []
    for request, expected in _EXAMPLE.findall(PAGE.read_text(encoding="utf-8")):
        first, *header_lines = request.strip().splitlines()
        method, path = first.split(" ", 1)
        assert method == "GET", first
        headers = dict(line.split(": ", 1) for line in header_lines)
        found.append((path, headers, json.loads(expected)))
    return found


def test_the_page_has_examples() -> None:
    assert len(examples()) >= 5


@pytest.mark.parametrize(("path", "headers", "expected"), examples())
async def test_example(
    hub: httpx.AsyncClient, path: str, headers: dict[str, str], expected: Any
) -> None:
    response = await hub.get(path, headers=headers)
    assert response.headers["content-type"].startswith("application/fhir+json")
    assert matches(expected, response.json()) == []
