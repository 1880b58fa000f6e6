"""``validateRegistryFeed``: a partner checks a feed document through the API. Authorised like the
participation push it previews, answered with the diff a sync would make, and nothing written."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from graph.client import GraphClient

REGISTRY = f"registry:t24{uuid.uuid4().hex[:6]}-validated"
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "registry-feeds"

VALIDATE = """
mutation ($input: RegistryFeedInput!) {
  validateRegistryFeed(input: $input) {
    written source status readAs created updated unchanged withdrawn withdrawalsHeld heldBack
    rejected review { country system identifier name language years } notes
  }
}
"""
EVERYTHING = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS links }
RETURN {nodes: nodes, links: links} AS row
"""


@pytest.fixture(scope="module", autouse=True)
async def registry(graph: GraphClient) -> AsyncIterator[None]:
    # St. Olavs hospital holds it (as it holds NordicSCIR); Sunnaas reports to it.
    await graph.write(
        "MERGE (q:Entity {id: $id}) SET q:QualityRegistry, q.name_en = 'Validated registry', "
        "q.scope = 'NORDIC', q.source = 'tests', q.recordedBy = 'tests' "
        "WITH q MATCH (o:Organisation {id: 'org:st-olavs-hospital'}) "
        "MERGE (q)-[:HELD_BY {source: 'tests'}]->(o)",
        {"id": REGISTRY},
    )
    yield
    await graph.write("MATCH (n:Entity {id: $id}) DETACH DELETE n", {"id": REGISTRY})


def feed(**changes: Any) -> str:
    document = json.loads((EXAMPLES / "nordicscir.json").read_text("utf-8"))
    document["units"].append(
        {
            "country": "SE",
            "system": "HSA-id",
            "identifier": "SE0000000000-T0003",
            "name": "Universitetssjukhuset i Linköping",
            "years": [2024],
        }
    )
    return json.dumps({**document, **changes}, ensure_ascii=False)


async def test_the_holder_sees_what_a_sync_would_do_and_nothing_is_written(
    gql: Any, graph: GraphClient, partners: Any
) -> None:
    before = (await graph.read(EVERYTHING))[0]

    found = await gql(
        VALIDATE,
        {"input": {"registry": REGISTRY, "country": "NO", "content": feed()}},
        headers=partners.headers("participant"),
    )

    diff = found.ok()["validateRegistryFeed"]
    assert (await graph.read(EVERYTHING))[0] == before
    slug = REGISTRY.split(":", 1)[1]
    assert (diff["written"], diff["source"], diff["status"]) == (False, None, "PARTIAL")
    assert diff["readAs"] == "JSON, encoding utf-8"
    # No feed is configured for it: the check speaks for Norway only.
    assert diff["created"] == [f"coverage:{slug}:NO:2023"]
    assert any("DK is not this source's to state" in r for r in diff["rejected"])
    assert any("the registry's total coverage is not this source's" in r for r in diff["rejected"])
    assert "1 units wait for review (unknown identifiers)" not in diff["withdrawalsHeld"]
    assert any(
        r.endswith("SE is not this source's to state (it speaks for NO)") for r in diff["rejected"]
    )
    assert diff["review"] == []
    assert diff["withdrawn"] == [] and diff["heldBack"] == []


async def test_a_reporting_unit_checks_its_own_country_in_csv(
    gql: Any, graph: GraphClient, partners: Any
) -> None:
    content = (
        "record;country;system;identifier;name;year;percent;newCases\n"
        "unit;NO;RESH;107627;St. Olavs hospital HF;2024;;\n"
        "unit;NO;RESH;999001;Ukjent enhet;2024;;\n"
        "coverage;NO;;;;2024;91,5;120\n"
    )

    found = await gql(
        VALIDATE,
        {"input": {"registry": REGISTRY, "country": "NO", "format": "CSV", "content": content}},
        headers=partners.headers("participant"),
    )

    diff = found.ok()["validateRegistryFeed"]
    assert diff["readAs"] == "CSV, delimiter ';', encoding utf-8"
    assert diff["rejected"] == []
    assert diff["review"] == [
        {
            "country": "NO",
            "system": "RESH",
            "identifier": "999001",
            "name": "Ukjent enhet",
            "language": "nb",
            "years": [2024],
        }
    ]
    assert diff["withdrawalsHeld"] == ["1 units wait for review (unknown identifiers)"]


@pytest.mark.parametrize(
    ("caller", "code"),
    [("anonymous", "UNAUTHENTICATED"), ("reader", "FORBIDDEN"), ("outsider", "FORBIDDEN")],
)
async def test_only_those_who_may_push_it_may_check_it(
    gql: Any, graph: GraphClient, partners: Any, caller: str, code: str
) -> None:
    before = (await graph.read(EVERYTHING))[0]
    response = await gql(
        VALIDATE,
        {"input": {"registry": REGISTRY, "country": "NO", "content": feed()}},
        headers=partners.headers(caller),
    )
    assert response.codes == [code]
    assert (await graph.read(EVERYTHING))[0] == before


@pytest.mark.parametrize(
    ("given", "code", "words"),
    [
        ({"content": '{"enheter": []}'}, "FEED_UNREADABLE", "unknown top-level key 'enheter'"),
        ({"content": '{"coverage": {}}'}, "FEED_UNREADABLE", "coverage must be a list"),
        ({"source": "no-such-feed"}, "UNKNOWN_SOURCE", "no-such-feed"),
        ({"registry": "registry:no-such-registry"}, "NOT_FOUND", "registry:no-such-registry"),
        ({"country": "XX"}, "UNKNOWN_COUNTRY", "XX"),
    ],
)
async def test_a_feed_that_cannot_be_checked_is_refused_in_the_callers_language(
    gql: Any, partners: Any, given: dict[str, str], code: str, words: str
) -> None:
    body = {"registry": REGISTRY, "country": "NO", "content": feed(), **given}
    response = await gql(
        VALIDATE, {"input": body}, headers=partners.headers("participant"), language="nb"
    )
    assert response.codes == [code]
    message = response.errors[0]["message"]
    assert words in message
    if code == "FEED_UNREADABLE":
        assert message.startswith("Feeden kan ikke leses")
