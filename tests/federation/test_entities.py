"""The hub as a Federation v2 subgraph, asked directly: ``_service``, batched ``_entities``, and an
error per bad representation while the rest of the batch is answered."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from graph.client import GraphClient
from nordhub.app import create_app
from nordhub.schema import schema
from nordhub.sdl import export_sdl
from nordhub.settings import Settings
from resolvers.entities import ENTITY_TYPES

ENTITIES = """
query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Service { id name }
    ... on Condition { id code codeSystem name }
    ... on Country { id isoCode: code name }
    ... on Location { id name }
    ... on Organisation { id name }
    ... on Procedure { id name }
    ... on QualityRegistry { id name }
    ... on CollaborationProject { id title }
  }
}
"""


async def _service_ids(gql: Any, count: int) -> list[str]:
    found = await gql(
        "query($n: Int!) { services(first: $n) { edges { node { id } } } }",
        {"n": count},
    )
    return [edge["node"]["id"] for edge in found.ok()["services"]["edges"]]


def _services(ids: list[str]) -> list[dict[str, str]]:
    return [{"__typename": "Service", "id": i} for i in ids]


async def test_one_representation_costs_one_round_trip(gql: Any) -> None:
    [known] = await _service_ids(gql, 1)
    result = await gql(ENTITIES, {"representations": _services([known])}, language="sv")
    assert result.ok()["_entities"][0]["id"] == known
    assert result.round_trips == 1


async def test_a_hundred_representations_cost_one_round_trip_in_order(gql: Any) -> None:
    known = await _service_ids(gql, 50)
    assert len(known) == 50
    missing = [f"service:zz-missing-{i:03d}" for i in range(50)]
    # Interleaved, so order matters: known, missing, known, missing ...
    ids = [i for pair in zip(known, missing, strict=True) for i in pair]
    result = await gql(ENTITIES, {"representations": _services(ids)}, language="fi")
    answered = result.ok()["_entities"]
    assert len(answered) == 100
    assert [e["id"] if e else None for e in answered] == [
        i if not i.startswith("service:zz-missing") else None for i in ids
    ]
    assert result.round_trips == 1


async def test_one_round_trip_per_loader_for_a_mix_of_types_and_keys(gql: Any) -> None:
    representations = [
        {"__typename": "Country", "code": "FI"},
        {"__typename": "Condition", "codeSystem": "ICD10", "code": "Q13.1"},
        {"__typename": "Location", "id": "location:karolinska-universitetssjukhuset"},
        {"__typename": "Country", "id": "country:SE"},
        {"__typename": "Condition", "codeSystem": "ICD10", "code": "q13.1"},
        {"__typename": "QualityRegistry", "id": "registry:nordicscir"},
        {"__typename": "Country", "code": "IS"},
        {"__typename": "CollaborationProject", "id": "project:nordic-scir-registry"},
    ]
    result = await gql(ENTITIES, {"representations": representations}, language="fi")
    answered = result.ok()["_entities"]
    assert [e["__typename"] for e in answered] == [r["__typename"] for r in representations]
    assert answered[0]["name"] == "Suomi"
    assert answered[1]["id"] == answered[4]["id"] == "condition:aniridia"
    assert answered[1]["name"] == "Aniridia"
    assert answered[3]["isoCode"] == "SE" and answered[3]["name"] == "Ruotsi"
    assert answered[6]["name"] == "Islanti"
    # One statement for everything by id, one for countries by code, one for conditions by code.
    assert result.round_trips == 3


async def test_an_id_of_another_type_is_null(gql: Any) -> None:
    result = await gql(
        ENTITIES,
        {
            "representations": [
                {"__typename": "Service", "id": "location:karolinska-universitetssjukhuset"},
                {"__typename": "Country", "code": "DE"},
                {"__typename": "Condition", "codeSystem": "NCSP", "code": "Q13.1"},
            ]
        },
    )
    assert result.ok()["_entities"] == [None, None, None]


async def test_bad_representations_get_their_own_error_and_the_rest_is_answered(gql: Any) -> None:
    representations: list[Any] = [
        {"__typename": "Service", "id": "service:se-nhv-barnglaukom-barnkatarakt"},
        {"__typename": "Service"},
        {"__typename": "Patient", "id": "patient:1"},
        {"__typename": "Service", "id": "not an id"},
        {"__typename": "Condition", "codeSystem": "ICD-11", "code": "9A"},
        {"__typename": "Country", "code": 47},
        {"id": "service:se-nhv-barnglaukom-barnkatarakt"},
        "Service",
        {"__typename": "Condition", "code": "Q13.1"},
        {"__typename": "Country", "code": "NO"},
    ]
    result = await gql(ENTITIES, {"representations": representations}, language="sv")
    answered = result.data["_entities"]
    assert answered[0]["name"] == "Barnglaukom och barnkatarakt"
    assert answered[9]["name"] == "Norge"
    assert answered[1:9] == [None] * 8
    by_index = {e["path"][1]: e for e in result.errors}
    assert {i: e["extensions"]["code"] for i, e in by_index.items()} == {
        1: "MISSING_KEY_FIELD",
        2: "UNKNOWN_ENTITY_TYPE",
        3: "BAD_KEY",
        4: "BAD_KEY",
        5: "BAD_KEY",
        6: "BAD_REPRESENTATION",
        7: "BAD_REPRESENTATION",
        8: "MISSING_KEY_FIELD",
    }
    assert all(e["path"][0] == "_entities" for e in result.errors)
    # Messages in the caller's language, naming what was wrong.
    assert "Patient" in by_index[2]["message"] and "Service" in by_index[2]["message"]
    assert "codeSystem code" in by_index[8]["message"]
    assert by_index[1]["message"] != by_index[1]["extensions"]["code"]
    english = await gql(ENTITIES, {"representations": [{"__typename": "Service"}]}, language="en")
    assert english.errors[0]["message"] != by_index[1]["message"]


def test_entity_registry_matches_the_keys_in_the_sdl() -> None:
    sdl = export_sdl()
    declared: dict[str, list[str]] = {}
    for match in re.finditer(
        r"^type (\w+) implements Node((?: @key\(fields: \"[^\"]+\"\))+)", sdl, re.M
    ):
        declared[match.group(1)] = re.findall(r'@key\(fields: "([^"]+)"\)', match.group(2))
    assert declared == {
        name: [" ".join(fields) for fields in entity.keys] for name, entity in ENTITY_TYPES.items()
    }
    union = re.search(r"^union _Entity = (.+)$", sdl, re.M)
    assert union is not None and set(union.group(1).split(" | ")) == set(ENTITY_TYPES)


def test_subgraph_sdl_links_a_current_federation_version() -> None:
    sdl = export_sdl()
    assert 'schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key"])' in sdl
    assert schema.as_str() + "\n" == sdl


@pytest.fixture(scope="module")
async def closed_hub(settings: Settings, graph: GraphClient) -> AsyncIterator[httpx.AsyncClient]:
    """The hub as in production: introspection off."""
    app = create_app(dataclasses.replace(settings, introspection=False), graph=graph)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub") as client,
    ):
        yield client


async def test_service_and_entities_work_with_introspection_off(
    closed_hub: httpx.AsyncClient,
) -> None:
    introspection = await closed_hub.post(
        "/graphql", json={"query": "{ __schema { types { name } } }"}
    )
    assert introspection.json().get("errors"), "introspection should be off"
    sdl = await closed_hub.post("/graphql", json={"query": "{ _service { sdl } }"})
    assert sdl.json()["data"]["_service"]["sdl"] + "\n" == export_sdl()
    found = await closed_hub.post(
        "/graphql",
        json={
            "query": ENTITIES,
            "variables": {"representations": [{"__typename": "Country", "code": "DK"}]},
        },
        headers={"Accept-Language": "da"},
    )
    assert found.json()["data"]["_entities"] == [
        {"__typename": "Country", "id": "country:DK", "isoCode": "DK", "name": "Danmark"}
    ]


async def test_five_thousand_representations_fit_the_limits_in_one_round_trip(gql: Any) -> None:
    known = await _service_ids(gql, 100)
    ids = [known[n % len(known)] if n % 2 == 0 else f"service:zz-gone-{n:05d}" for n in range(5000)]
    result = await gql(ENTITIES, {"representations": _services(ids)}, language="da")
    answered = result.ok()["_entities"]
    assert len(answered) == 5000
    assert [e["id"] if e else None for e in answered] == [
        i if not i.startswith("service:zz-gone") else None for i in ids
    ]
    assert result.round_trips == 1
    nodes = await gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert [n["id"] if n else None for n in nodes.ok()["nodes"]] == [
        e["id"] if e else None for e in answered
    ]
    assert nodes.round_trips == 1
