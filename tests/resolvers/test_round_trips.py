"""No N+1: the Cypher round trips of a request do not grow with the length of its lists."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from graph.client import GraphClient

SYNTHETIC = 60

CREATE = """
UNWIND range(1, $n) AS i
WITH i, 'zz-roundtrip-' + right('000' + toString(i), 3) AS slug
MATCH (country:Country {code: 'AX'})
MATCH (condition:Condition)-[:CODED_AS]->(:Code)
WITH i, slug, country, collect(condition)[i % 5] AS condition
CREATE (s:Entity:Service {id: 'service:' + slug, name_sv: 'Tjänst ' + slug,
        kind: 'REGIONAL_FUNCTION', status: 'APPROVED', source: 'test', recordedBy: 'test',
        recordedAt: datetime()})
CREATE (o:Entity:Organisation {id: 'org:' + slug, name_sv: 'Sjukhus ' + slug, kind: 'HOSPITAL',
        source: 'test', recordedBy: 'test', recordedAt: datetime()})
CREATE (l:Entity:Location {id: 'location:' + slug, name_sv: 'Plats ' + slug, city: 'Mariehamn',
        source: 'test', recordedBy: 'test', recordedAt: datetime()})
CREATE (s)-[:IN_COUNTRY {source: 'test'}]->(country)
CREATE (o)-[:IN_COUNTRY {source: 'test'}]->(country)
CREATE (s)-[:HOSTED_BY {source: 'test'}]->(o)
CREATE (s)-[:OFFERED_AT {source: 'test'}]->(l)
CREATE (l)-[:OPERATED_BY {source: 'test'}]->(o)
CREATE (s)-[:TREATS {source: 'test'}]->(condition)
"""

DELETE = "MATCH (n:Entity) WHERE n.id CONTAINS ':zz-roundtrip-' DETACH DELETE n"

NESTED = """
query Nested($first: Int!) {
  services(country: "AX", first: $first) {
    totalCount
    edges {
      node {
        id name kind status
        country { name }
        kindInfo { name rules { text } }
        hostedBy { name country { name } region { name } locations { name } }
        sites { validFrom location { name organisation { name } country { code } } }
        conditions { name codes { display } registries { name } services { id } }
        registries { name }
        legalBasis { citation }
        decisions { outcome }
        provenance { source document { title } }
      }
    }
  }
}
"""


@pytest.fixture
async def synthetic_services(graph: GraphClient) -> AsyncIterator[int]:
    await graph.write(DELETE)
    await graph.write(CREATE, {"n": SYNTHETIC})
    try:
        yield SYNTHETIC
    finally:
        await graph.write(DELETE)


async def test_round_trips_do_not_grow_with_the_list(gql, synthetic_services: int) -> None:
    one = await gql(NESTED, {"first": 1}, language="sv")
    fifty = await gql(NESTED, {"first": 50}, language="sv")
    assert len(one.ok()["services"]["edges"]) == 1
    assert len(fifty.ok()["services"]["edges"]) == 50
    assert fifty.ok()["services"]["totalCount"] >= synthetic_services
    assert all(
        e["node"]["hostedBy"][0]["name"].startswith("Sjukhus")
        for e in fifty.data["services"]["edges"]
    )
    assert one.round_trips == fifty.round_trips
    # One statement for the page and one per relation field reached: country, kindInfo,
    # hostedBy (+ country, region, locations), sites (+ location.organisation,
    # location.country), conditions (+ codes, registries, services), registries, legalBasis,
    # decisions. (kindInfo.rules and provenance.document have nothing to follow here.)
    assert fifty.round_trips == 1 + 16
