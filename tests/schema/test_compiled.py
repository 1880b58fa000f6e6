"""Compiled queries answer exactly what graphql-core answers, in fewer round trips.

Each query goes to two hubs over the same graph: one with ``compile_queries`` off (graphql-core
runs every request) and one with it on, where the first request of a text is validated and run
by graphql-core and the second one runs compiled. The answers must be equal, byte for byte
after JSON encoding, and the compiled run must actually have happened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from graphql import parse

from graph.client import GraphClient
from nordhub.app import create_app
from nordhub.schema import build_schema
from nordhub.settings import Settings
from schema.compiled import CompiledOperations, FieldPlan, NotCompiled, compile_operation
from schema.cost import variables_shape
from schema.prefetch import PREFETCHED

PROJECT = "project:nordic-highly-specialised-treatment"

SERVICE_FIELDS = """
  __typename id name nameFi: name(language: "fi") description kind status validFrom validTo
  decisionRef annualVolume reportId languages illustrative
  translations { language languageName text }
  provenance { source sourceDate recordedAt recordedBy illustrative syncRun withdrawnAt note }
"""

EVERYTHING = (
    """
query Everything($after: String) {
  services(first: 40, after: $after, includeIllustrative: true) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { ...ServiceFields
      country { code name translations { language text } }
      hostedBy { id name shortName kind url identifiers { system value }
                 country { code } region { id name kind country { code } }
                 locations { id name } reportsTo { id name } }
      sites { validFrom validTo decisionRef provenance { source }
              location { id name city address coordinates { latitude longitude }
                         organisation { id name } country { code } } }
      locations { id name }
      conditions { id name }
      procedures { id name }
      registries { id name }
      legalBasis { id }
    } }
    nodes { id }
  }
}
fragment ServiceFields on Service {"""
    + SERVICE_FIELDS
    + "}"
)

# The benchmark's Q2 (bench/workload.py Q2_HUB; bench/ is not importable from the tests).
PAGE_OF_SERVICES = """
query Q2($after: String) {
  services(first: 50, after: $after) {
    edges { node {
      id name kind status
      sites { location { id name organisation { name } } }
      hostedBy { id name country { code } }
      country { code }
    } }
  }
}
"""

PROJECT_WITH_LOG = """
query Project($id: ID!, $first: Int, $after: String) {
  collaborationProject(id: $id) {
    id title summary area status periodStart periodEnd version outcome
    translations { language text } summaryTranslations { language text }
    log { id date }
    logEntries(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id text kind date language translations { language text } } }
    }
  }
}
"""

PROJECTS = """
{
  collaborationProjects(first: 30) {
    totalCount
    edges { node { id title logEntries(first: 2) { totalCount edges { node { id } } } } }
  }
}
"""

ONE_SERVICE = """
query One($id: ID!) {
  service(id: $id) {
    ... on Service { id name }
    ...More
  }
}
fragment More on Service { kind hostedBy { id name } }
"""

WHERE_OFFERED = """
query Where($text: String!) {
  whereOffered(treatment: $text, includeIllustrative: true) {
    totalCount illustrativeLeftOut
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      service { id name kind status hostedBy { id name } }
      location { id name } hostOrganisation { name } country { code name }
      kind status validFrom score illustrative
      matched { kind text language }
    } }
    suggestions { text language }
  }
}
"""


@pytest.fixture(scope="module")
async def hubs(
    settings: Settings, graph: GraphClient
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, CompiledOperations]]:
    plain = create_app(dataclasses.replace(settings, compile_queries=False), graph=graph)
    fast = create_app(settings, graph=graph)
    compiled = fast.state.schema.compiled
    assert compiled is not None
    async with (
        plain.router.lifespan_context(plain),
        fast.router.lifespan_context(fast),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=plain), base_url="http://a") as a,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=fast), base_url="http://b") as b,
    ):
        yield a, b, compiled


async def _post(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], language: str
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _both(
    hubs: tuple[httpx.AsyncClient, httpx.AsyncClient, CompiledOperations],
    query: str,
    variables: dict[str, Any] | None = None,
    language: str = "nb",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plain hub's answer and the fast hub's compiled answer (asserted compiled)."""
    plain, fast, compiled = hubs
    variables = variables or {}
    expected = await _post(plain, query, variables, language)
    await _post(fast, query, variables, language)  # graphql-core validates the text
    before = compiled.compiled
    answer = await _post(fast, query, variables, language)
    assert compiled.compiled == before + 1, "the second request did not run compiled"
    return expected, answer


def _same(expected: dict[str, Any], answer: dict[str, Any]) -> None:
    assert "errors" not in expected, expected
    assert orjson.dumps(answer["data"]) == orjson.dumps(expected["data"])


def _trips(answer: dict[str, Any]) -> int:
    trips: int = answer["extensions"]["cypher"]["roundTrips"]
    return trips


@pytest.mark.parametrize("language", ["nb", "sv", "fi", "en"])
async def test_every_listed_relation_and_every_field_of_a_service_page(
    hubs: Any, language: str
) -> None:
    expected, answer = await _both(hubs, EVERYTHING, language=language)
    _same(expected, answer)
    assert expected["data"]["services"]["totalCount"] > 0
    # The page, then every relation of all its services at once (plain: one per relation).
    assert _trips(answer) == 2
    assert _trips(expected) > 10


async def test_the_second_page_through_a_cursor(hubs: Any) -> None:
    first, _ = await _both(hubs, EVERYTHING)
    cursor = first["data"]["services"]["pageInfo"]["endCursor"]
    expected, answer = await _both(hubs, EVERYTHING, {"after": cursor}, "da")
    _same(expected, answer)
    assert answer["data"]["services"]["pageInfo"]["hasPreviousPage"] is True


async def test_round_trips_do_not_grow_with_the_page(hubs: Any) -> None:
    one = PAGE_OF_SERVICES.replace("first: 50", "first: 1")
    small_expected, small = await _both(hubs, one)
    large_expected, large = await _both(hubs, PAGE_OF_SERVICES)
    _same(small_expected, small)
    _same(large_expected, large)
    assert len(large["data"]["services"]["edges"]) > 1
    assert _trips(small) == _trips(large) == 2


@pytest.mark.parametrize("first", [None, 1, 3, 100])
async def test_a_project_with_a_page_of_its_log(hubs: Any, first: int | None) -> None:
    expected, answer = await _both(hubs, PROJECT_WITH_LOG, {"id": PROJECT, "first": first}, "sv")
    _same(expected, answer)
    assert answer["data"]["collaborationProject"]["logEntries"]["totalCount"] >= 3
    # The project, its log and the page of it in one statement (plain: the project, then both).
    assert _trips(answer) == 1
    assert _trips(expected) == 3


async def test_the_log_continues_after_a_cursor(hubs: Any) -> None:
    page, _ = await _both(hubs, PROJECT_WITH_LOG, {"id": PROJECT, "first": 2})
    cursor = page["data"]["collaborationProject"]["logEntries"]["pageInfo"]["endCursor"]
    variables = {"id": PROJECT, "first": 2, "after": cursor}
    expected, answer = await _both(hubs, PROJECT_WITH_LOG, variables, "fi")
    _same(expected, answer)
    entries = answer["data"]["collaborationProject"]["logEntries"]
    assert entries["pageInfo"]["hasPreviousPage"] is True
    assert entries["edges"][0]["cursor"] != cursor


async def test_each_project_gets_its_own_log_page(hubs: Any) -> None:
    expected, answer = await _both(hubs, PROJECTS)
    _same(expected, answer)
    assert len(answer["data"]["collaborationProjects"]["edges"]) > 3
    assert _trips(answer) == 2


async def test_fragments_and_a_single_node(hubs: Any) -> None:
    expected, answer = await _both(hubs, ONE_SERVICE, {"id": "service:no-medfodt-glaukom"})
    _same(expected, answer)
    assert answer["data"]["service"]["hostedBy"]
    assert _trips(answer) == 1


@pytest.mark.parametrize("text", ["keratoprotese", "keratoprotes", "Keratoprothese"])
async def test_where_offered_with_a_relation_below_its_offerings(hubs: Any, text: str) -> None:
    expected, answer = await _both(hubs, WHERE_OFFERED, {"text": text}, "sv")
    _same(expected, answer)
    # The search, then the hosts of every service found.
    assert _trips(answer) == 2


def test_every_prefetched_relation_is_compared_above() -> None:
    """Each entry of schema.prefetch is compared with its resolver by one of these tests."""
    schema = build_schema()
    covered: set[tuple[str, str]] = set()

    def walk(plans: list[FieldPlan]) -> None:
        for plan in plans:
            covered.add((plan.parent, plan.node.name.value))
            walk(plan.hops)

    for query in (EVERYTHING, PROJECT_WITH_LOG, PROJECTS, WHERE_OFFERED, ONE_SERVICE):
        for group in compile_operation(schema, parse(query), None).groups:
            walk(group.hops)
    assert covered == set(PREFETCHED)


# What graphql-core keeps -----------------------------------------------------------------------


async def _twice(
    hubs: Any, query: str, variables: dict[str, Any] | None = None, language: str = "nb"
) -> dict[str, Any]:
    _, fast, compiled = hubs
    await _post(fast, query, variables or {}, language)
    before = compiled.compiled
    answer = await _post(fast, query, variables or {}, language)
    assert compiled.compiled == before, "graphql-core should have run it"
    # A valid request (kept by the document cache), not one refused before it could compile.
    codes = {e["extensions"]["code"] for e in answer.get("errors", [])}
    assert not codes & {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"}, answer
    return answer


@pytest.mark.parametrize(
    "query",
    [
        "{ services(first: 2) { edges { node { id name @include(if: true) } } } }",
        "{ services(first: 2) { edges { node { id decisions { id } } } } }",
        "{ countries { code name } }",
        '{ node(id: "service:no-medfodt-glaukom") { id } }',
        "{ __schema { queryType { name } } }",
        'mutation { closeProject(input: {id: "project:x", version: 1, outcome: [{language: "nb", '
        'text: "y"}]}) { project { id } } }',
    ],
)
async def test_what_the_compiler_leaves_to_graphql_core(hubs: Any, query: str) -> None:
    await _twice(hubs, query)


async def test_a_bad_argument_in_a_compiled_text_is_reported_like_any_other(hubs: Any) -> None:
    plain, fast, compiled = hubs
    await _post(fast, PROJECT_WITH_LOG, {"id": PROJECT, "first": 2}, "sv")
    before = compiled.handed_back
    refused = await _post(fast, PROJECT_WITH_LOG, {"id": PROJECT, "first": 1000}, "sv")
    expected = await _post(plain, PROJECT_WITH_LOG, {"id": PROJECT, "first": 1000}, "sv")
    assert compiled.handed_back == before + 1
    assert refused["errors"] == expected["errors"]
    assert refused["errors"][0]["extensions"]["code"] == "BAD_PAGE_SIZE"
    assert refused["data"] == expected["data"]


async def test_a_missing_node_is_reported_like_any_other(hubs: Any) -> None:
    plain, fast, _ = hubs
    variables = {"id": "project:does-not-exist"}
    await _post(fast, PROJECT_WITH_LOG, {"id": PROJECT}, "fi")
    missing = await _post(fast, PROJECT_WITH_LOG, variables, "fi")
    expected = await _post(plain, PROJECT_WITH_LOG, variables, "fi")
    assert missing["errors"] == expected["errors"]
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_request_limits_still_apply_to_a_compiled_text(hubs: Any) -> None:
    _, fast, compiled = hubs
    query = "query Big($n: Int) { services(first: $n) { edges { node { id hostedBy { id } } } } }"
    await _post(fast, query, {"n": 2}, "nb")
    before = compiled.compiled
    refused = await _post(fast, query, {"n": 10_000_000}, "nb")
    assert compiled.compiled == before
    assert refused.get("errors"), refused


def test_no_caller_text_reaches_cypher() -> None:
    """Aliases, variables and fragment names never appear in the statement."""
    schema = build_schema()
    document = parse(
        """
        query One($evilCursor: String) {
          services(first: 3, after: $evilCursor) { edges { node { id } } }
        }
        query Other { services(first: 2) { edges { node { ...F } } } }
        fragment F on Service { zzzInjected: hostedBy { id } detachDelete: country { code } }
        """
    )
    operation = compile_operation(schema, document, "Other")
    assert operation.statement is not None
    for text in ("zzzInjected", "detachDelete", "evilCursor", "F "):
        assert text not in operation.statement
    assert "$keys0" in operation.statement
    assert compile_operation(schema, document, "One").statement is None  # nothing to prefetch
    with pytest.raises(NotCompiled):
        compile_operation(schema, document, None)  # two operations and no name


def test_the_limits_verdict_is_kept_per_shape_of_the_variables() -> None:
    assert variables_shape({"n": 2, "after": "x", "ids": [1, 2], "none": None}) == (
        ("after", True),
        ("ids", ("list", 2)),
        ("n", 2),
        ("none", False),
    )
    assert variables_shape({"after": "a"}) == variables_shape({"after": "b"})
    assert variables_shape({"n": 2}) != variables_shape({"n": 3})
    assert variables_shape({"flag": True}) == (("flag", True),)
