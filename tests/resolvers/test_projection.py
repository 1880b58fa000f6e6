"""The projection read path answers exactly what graphql-core and the resolvers answer.

Each query goes to two hubs over the seeded graph: one with ``compile_queries`` off (graphql-core
runs every request through the resolvers) and one with it on, where the first request of a text
is validated by graphql-core and the second is read as one projection statement. The answers
must be equal byte for byte after JSON encoding, and the projection must actually have run.
Besides the fixed queries below, hypothesis draws random valid selections over every declared
field of :mod:`schema.reads` (aliases, fragments, ``language`` arguments, nesting) in several
languages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from graphql import GraphQLObjectType, get_named_type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.workload import Q2_HUB as Q2
from graph.client import GraphClient
from nordhub.app import create_app
from nordhub.schema import schema as hub_schema
from nordhub.settings import Settings
from resolvers.projection import ProjectedReads
from schema.internals import graphql_schema
from schema.reads import READS, Hop, LogEntries, Text, Within, declared

PROJECT = "project:nordic-highly-specialised-treatment"
LANGUAGES = ("nb", "nn", "sv", "da", "fi", "is", "en")
CORE = graphql_schema(hub_schema)

Q6 = """
query Q6 {
  services(first: 20, includeIllustrative: true) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      __typename id name
      conditions { id name codes { system code display } }
      registries { id name reportingOrganisations { id name country { code name } } }
      sites { validFrom validTo decisionRef provenance { source sourceDate illustrative }
              location { id name city organisation { id name kind } } }
    } }
    nodes { id }
  }
}
"""

PROJECT_WITH_LOG = """
query Project($id: ID!, $first: Int, $after: String) {
  collaborationProject(id: $id) {
    id title summary area status periodStart periodEnd version outcome
    log { id date }
    logEntries(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id text kind date language } }
    }
  }
}
"""

WHERE_OFFERED = """
query Where($text: String!, $after: String) {
  whereOffered(treatment: $text, includeIllustrative: true, first: 3, after: $after) {
    totalCount illustrativeLeftOut illustrativeServicesLeftOut
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      service { id name kind status provenance { source } }
      location { id name city } hostOrganisation { name shortName } country { code name }
      kind status validFrom validTo score illustrative
    } }
  }
}
"""

ENTITIES = """
query E($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Service { id name kind status }
    ... on Organisation { id name country { code } }
    ... on Location { id name }
  }
}
"""


@pytest.fixture(scope="module")
async def hubs(
    settings: Settings, graph: GraphClient
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, ProjectedReads]]:
    plain = create_app(dataclasses.replace(settings, compile_queries=False), graph=graph)
    fast = create_app(settings, graph=graph)
    projected = fast.state.schema.projected
    assert projected is not None
    async with (
        plain.router.lifespan_context(plain),
        fast.router.lifespan_context(fast),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=plain), base_url="http://a") as a,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=fast), base_url="http://b") as b,
    ):
        yield a, b, projected


async def _post(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], language: str
) -> bytes:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return orjson.dumps(body["data"])


async def _same(
    hubs: tuple[httpx.AsyncClient, httpx.AsyncClient, ProjectedReads],
    query: str,
    variables: dict[str, Any] | None = None,
    language: str = "nb",
) -> bytes:
    """The plain hub's answer, asserted equal to the projected one (asserted projected)."""
    plain, fast, projected = hubs
    variables = variables or {}
    expected = await _post(plain, query, variables, language)
    await _post(fast, query, variables, language)  # graphql-core validates the text
    before = projected.projected
    answer = await _post(fast, query, variables, language)
    assert projected.projected == before + 1, "the second request was not projected"
    assert answer == expected
    return answer


@pytest.mark.parametrize("language", ["nb", "sv", "fi", "en"])
async def test_the_benchmark_pages_of_services(hubs: Any, language: str) -> None:
    found = orjson.loads(await _same(hubs, Q2, {}, language))
    assert len(found["services"]["edges"]) > 0
    await _same(hubs, Q6, {}, language)


@pytest.mark.parametrize("first", [1, 2, 100])
async def test_a_project_with_a_page_of_its_log(hubs: Any, first: int) -> None:
    found = orjson.loads(await _same(hubs, PROJECT_WITH_LOG, {"id": PROJECT, "first": first}))
    log = found["collaborationProject"]["logEntries"]
    if log["pageInfo"]["hasNextPage"]:
        after = {"id": PROJECT, "first": first, "after": log["pageInfo"]["endCursor"]}
        await _same(hubs, PROJECT_WITH_LOG, after, "sv")


@pytest.mark.parametrize(
    ("text", "language"),
    [("hornhinne", "nb"), ("hornhinna", "sv"), ("sarveiskalvo", "fi"), ("cornea", "en")],
)
async def test_where_a_treatment_is_offered(hubs: Any, text: str, language: str) -> None:
    found = orjson.loads(await _same(hubs, WHERE_OFFERED, {"text": text}, language))
    page = found["whereOffered"]
    if page["pageInfo"]["hasNextPage"]:
        after = {"text": text, "after": page["pageInfo"]["endCursor"]}
        await _same(hubs, WHERE_OFFERED, after, language)


async def test_entities_in_order_with_nulls(hubs: Any, services: list[str]) -> None:
    representations = [
        {"__typename": "Service", "id": services[0]},
        {"__typename": "Service", "id": "service:no-such-service"},
        {"__typename": "Organisation", "id": services[1]},  # a service, not an organisation
        {"__typename": "Service", "id": services[1]},
    ]
    found = orjson.loads(await _same(hubs, ENTITIES, {"representations": representations}))
    entities = found["_entities"]
    assert entities[0]["id"] == services[0] and entities[1] is None and entities[2] is None


async def test_what_the_projection_declines_runs_through_graphql_core(hubs: Any) -> None:
    plain, fast, projected = hubs
    for query in (
        "{ services(first: 2) { edges { node { id applications { id } } } } }",
        '{ service(id: "service:no-such-service") { id } }',
    ):
        await _post(plain, query, {}, "nb") if "no-such" not in query else None
        before = projected.projected
        for _ in range(2):
            await fast.post("/graphql", json={"query": query})
        assert projected.projected == before


def test_every_declaration_names_a_field_of_the_schema() -> None:
    for type_name, reads in READS.items():
        graphql_type = CORE.type_map[type_name]
        assert isinstance(graphql_type, GraphQLObjectType), type_name
        assert set(reads) <= set(graphql_type.fields), (
            type_name,
            set(reads) - set(graphql_type.fields),
        )


@pytest.fixture(scope="module")
async def services(hubs: Any) -> list[str]:
    plain, _, _ = hubs
    response = await plain.post(
        "/graphql", json={"query": "{ services(first: 100) { edges { node { id } } } }"}
    )
    return [e["node"]["id"] for e in response.json()["data"]["services"]["edges"]]


# Random selections ------------------------------------------------------------------------------

NAMES = st.sampled_from(["a", "b", "c"])


@st.composite
def selection(
    draw: st.DrawFn, type_name: str, depth: int, prefix: str = "", on_map: bool = False
) -> str:
    """A non-empty selection of declared fields of ``type_name``, nested up to ``depth``;
    ``prefix`` aliases every field (fragments on two types of a union may not conflict)."""
    graphql_type = CORE.type_map[type_name]
    assert isinstance(graphql_type, GraphQLObjectType)
    reads = declared(graphql_type)
    choices = sorted(
        name
        for name, read in reads.items()
        if not isinstance(read, LogEntries)
        and not (on_map and (isinstance(read, Hop) or getattr(read, "relationship", False)))
        and (
            not isinstance(get_named_type(graphql_type.fields[name].type), GraphQLObjectType)
            or depth > 0
        )
    )
    names = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=6, unique=True))
    typename = f"{prefix}typename: __typename" if prefix else "__typename"
    parts = [typename] if draw(st.booleans()) else []
    for name in names:
        alias = f"{draw(NAMES)}_{name}: " if draw(st.integers(0, 4)) == 0 else ""
        if prefix:
            alias = f"{prefix}{alias[:-2] or name}: "
        argument = ""
        if isinstance(reads[name], Text) and draw(st.integers(0, 3)) == 0:
            argument = f'(language: "{draw(st.sampled_from(LANGUAGES))}")'
        target = get_named_type(graphql_type.fields[name].type)
        inner = ""
        if isinstance(target, GraphQLObjectType):
            inner_map = on_map or isinstance(reads[name], Within)
            inner = " { " + draw(selection(target.name, depth - 1, on_map=inner_map)) + " }"
        parts.append(f"{alias}{name}{argument}{inner}")
    if draw(st.integers(0, 5)) == 0:
        return f"... on {type_name} {{ {' '.join(parts)} }}"
    return " ".join(parts)


@st.composite
def query(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    root = draw(st.sampled_from(["services", "project", "entities", "where"]))
    if root == "where":
        text = draw(st.sampled_from(["hornhinne", "hornhinna", "cornea", "spiserør", "fetal"]))
        return (
            f'{{ whereOffered(treatment: "{text}", first: {draw(st.integers(0, 8))}, '
            f"includeIllustrative: {str(draw(st.booleans())).lower()}) {{ totalCount "
            f"edges {{ cursor node {{ {draw(selection('Offering', 2))} }} }} "
            "pageInfo { hasNextPage hasPreviousPage } } }",
            {},
        )
    if root == "services":
        first = draw(st.integers(0, 30))
        illustrative = draw(st.booleans())
        total = " totalCount" if draw(st.booleans()) else ""
        return (
            f"{{ services(first: {first}, includeIllustrative: {str(illustrative).lower()}) "
            f"{{ edges {{ cursor node {{ {draw(selection('Service', 3))} }} }}{total} "
            "pageInfo { hasNextPage endCursor } } }",
            {},
        )
    if root == "project":
        first = draw(st.integers(1, 5))
        return (
            f"query P($id: ID!) {{ collaborationProject(id: $id) {{ "
            f"{draw(selection('CollaborationProject', 2))} "
            f"logEntries(first: {first}) {{ totalCount edges {{ cursor node {{ "
            f"{draw(selection('LogEntry', 1))} }} }} }} }} }}",
            {"id": PROJECT},
        )
    return (
        "query E($r: [_Any!]!) { _entities(representations: $r) { __typename "
        f"... on Service {{ {draw(selection('Service', 2))} }} "
        f"... on Organisation {{ {draw(selection('Organisation', 2, 'o_'))} }} }} }}",
        {"r": "SERVICES"},
    )


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=query(), language=st.sampled_from(LANGUAGES))
async def test_random_selections_answer_alike(
    hubs: Any, services: list[str], case: tuple[str, dict[str, Any]], language: str
) -> None:
    text, variables = case
    if variables.get("r") == "SERVICES":
        variables = {
            "r": [{"__typename": "Service", "id": i} for i in services[:5]]
            + [{"__typename": "Organisation", "id": "organisation:oslo-universitetssykehus"}]
        }
    await _same(hubs, text, variables, language)
