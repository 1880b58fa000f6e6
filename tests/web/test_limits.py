"""The page's forms and the API agree on their limits: the numbers the page gets from the hub
are exactly where the API itself starts refusing (checked against the API, not the constants)."""

from __future__ import annotations

import json
import re

import httpx

from tests.web.conftest import PartnerProject

SEARCH = "query($t: String) { whereOffered(treatment: $t) { totalCount } }"
ADD = """
mutation($input: AddLogEntryInput!) { addLogEntry(input: $input) { entry { id } } }
"""


async def _limits(hub: httpx.AsyncClient) -> dict[str, object]:
    page = (await hub.get("/")).text
    block = re.search(r'id="nordhub-config">(.*?)</script>', page)
    assert block is not None
    limits: dict[str, object] = json.loads(block.group(1))["limits"]
    return limits


def _code(body: dict[str, object]) -> str | None:
    errors = body.get("errors")
    if not errors:
        return None
    assert isinstance(errors, list)
    return str(errors[0]["extensions"]["code"])


async def test_the_search_limit_is_the_apis(hub: httpx.AsyncClient) -> None:
    limit = (await _limits(hub))["searchText"]
    assert isinstance(limit, int)
    for length, code in [(limit, None), (limit + 1, "SEARCH_TEXT_TOO_LONG")]:
        text = ("keratoprotese " * limit)[: length - 1] + "x"
        body = (await hub.post("/graphql", json={"query": SEARCH, "variables": {"t": text}})).json()
        assert _code(body) == code, length
    # Counted after trimming, as the page counts.
    padded = "  " + "k" * limit + "  "
    body = (await hub.post("/graphql", json={"query": SEARCH, "variables": {"t": padded}})).json()
    assert _code(body) is None


async def test_the_log_entry_limits_are_the_apis(
    hub: httpx.AsyncClient, partner_project: PartnerProject
) -> None:
    limits = await _limits(hub)
    limit = limits["logText"]
    assert isinstance(limit, int)

    async def add(text: str, language: str = "nb") -> str | None:
        entry = {
            "projectId": partner_project.id,
            "kind": "NOTE",
            "language": language,
            "text": [{"language": language, "text": text}],
        }
        response = await hub.post(
            "/graphql",
            json={"query": ADD, "variables": {"input": entry}},
            headers={"Authorization": f"Bearer {partner_project.token}"},
        )
        return _code(response.json())

    # Over the limit and blank are refused (nothing written); the limit itself, trimmed, is not.
    assert await add("ø" * (limit + 1)) == "TEXT_TOO_LONG"
    assert await add(" \n\t ") == "TEXT_REQUIRED"
    assert await add(" " + "ø" * limit + "\n") is None
    # Every language the page offers for an entry is one the API takes, and no other.
    languages = limits["languages"]
    assert isinstance(languages, list)
    assert await add("x", "de") == "UNSUPPORTED_LANGUAGE"
    for language in languages:
        assert await add(f"Merknad {language}", language) is None, language
