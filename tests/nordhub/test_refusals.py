"""Request limits: each refusal is a localized error with its own code, and nothing runs."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest

from bench.edge import bomb as introspection_bomb
from graph.client import GraphClient, create_driver
from nordhub.settings import Settings
from schema.limits import Limits
from tests.app import serving


def _nested(depth: int) -> str:
    """condition > services > conditions > ... > id: ``depth`` fields deep."""
    inner = "id"
    for level in reversed(range(depth - 2)):
        inner = f"{'services' if level % 2 == 0 else 'conditions'} {{ {inner} }}"
    return f'{{ condition(id: "condition:x") {{ {inner} }} }}'


async def test_depth_over_the_limit_is_refused(gql) -> None:
    deep = await gql(_nested(13), language="sv")
    assert deep.codes == ["QUERY_TOO_DEEP"]
    assert deep.data is None
    assert deep.errors[0]["extensions"]["depth"] == 13
    assert deep.errors[0]["message"].startswith("Frågan är nästlad 13 nivåer djupt")
    at_limit = await gql(_nested(12))
    assert "QUERY_TOO_DEEP" not in at_limit.codes


async def test_depth_counts_through_fragments(gql) -> None:
    query = (
        'query { condition(id: "condition:x") { ...A } }'
        "fragment A on Condition { services { conditions { services { conditions { services {"
        " conditions { services { conditions { services { conditions { services { id"
        " } } } } } } } } } } } }"
    )
    assert (await gql(query)).codes == ["QUERY_TOO_DEEP"]


async def test_aliases_over_the_limit_are_refused(gql) -> None:
    aliased = " ".join(f"a{i}: language {{ code }}" for i in range(31))
    response = await gql(f"{{ {aliased} }}", language="nb")
    assert response.codes == ["TOO_MANY_ALIASES"]
    assert "31 aliaser" in response.errors[0]["message"]
    fine = " ".join(f"a{i}: language {{ code }}" for i in range(30))
    assert (await gql(f"{{ {fine} }}")).ok()["a29"]["code"] == "en"


async def test_tokens_over_the_limit_are_refused(gql) -> None:
    many = " ".join("__typename" for _ in range(4001))
    response = await gql(f"{{ {many} }}", language="da")
    assert response.codes == ["TOO_MANY_TOKENS"]
    assert response.errors[0]["extensions"]["maximum"] == 4000
    assert response.errors[0]["message"] == "Forespørgslen er længere end 4000 symboler."


COSTLY = """
query($first: Int) {
  services(first: $first) { edges { node {
    conditions { services { conditions { services { id } } } }
  } } }
}
"""


async def test_cost_grows_with_page_sizes_and_is_refused_past_the_limit(gql) -> None:
    # 1 + 100 * (1 + 5 * (1 + 5 * (1 + 5))) = 15 601 estimated objects.
    refused = await gql(COSTLY, {"first": 100}, language="fi")
    assert refused.codes == ["QUERY_TOO_COSTLY"]
    assert refused.errors[0]["extensions"] == {
        "code": "QUERY_TOO_COSTLY",
        "cost": 15601,
        "maximum": 10000,
    }
    assert refused.errors[0]["message"].startswith("Kysely voisi hakea noin 15601 objektia")
    # The same shape with a smaller page fits: 1 + 10 * 156 = 1561.
    assert "QUERY_TOO_COSTLY" not in (await gql(COSTLY, {"first": 10})).codes


async def test_a_cached_query_text_is_still_costed_with_its_own_variables(gql) -> None:
    # The document cache skips validation for a text it has seen; the cost depends on the
    # variables, so a cheap request must not let the same text through later with a large page.
    text = COSTLY.replace("id }", "id name }")  # a text no other test has sent
    assert (await gql(text, {"first": 5})).ok()
    assert (await gql(text, {"first": 5})).ok()
    assert (await gql(text, {"first": 100})).codes == ["QUERY_TOO_COSTLY"]


async def test_cost_of_a_literal_page_size(gql) -> None:
    query = COSTLY.replace("query($first: Int)", "query").replace("$first", "100")
    assert (await gql(query)).codes == ["QUERY_TOO_COSTLY"]


async def test_page_size_over_the_maximum_is_refused(gql) -> None:
    response = await gql("{ services(first: 101) { totalCount } }")
    assert response.codes == ["BAD_PAGE_SIZE"]


async def test_limits_are_configurable(settings: Settings, graph: GraphClient) -> None:
    tight = dataclasses.replace(
        settings, limits=Limits(max_depth=2, max_aliases=1, max_tokens=30, max_cost=3)
    )
    async with serving(tight, graph) as client:

        async def codes(query: str) -> list[str]:
            body = (await client.post("/graphql", json={"query": query})).json()
            return [e["extensions"]["code"] for e in body.get("errors", [])]

        assert await codes("{ countries { regions { id } } }") == ["QUERY_TOO_DEEP"]
        assert await codes("{ a: language { code } b: language { code } }") == ["TOO_MANY_ALIASES"]
        assert await codes("{ countries { code } c: countries { code } }") == []
        assert await codes("{ countries { code } language { code } regions { id } }") == []
        assert await codes(
            '{ countries { code } language { code } regions { id } country(code: "NO") { code } }'
        ) == ["QUERY_TOO_COSTLY"]
        assert await codes("{ countries { code } c: countries { code } d: language { code } }") == [
            "TOO_MANY_ALIASES"
        ]
        assert await codes("{ " + "__typename " * 31 + "}") == ["TOO_MANY_TOKENS"]


async def test_a_body_over_the_limit_is_refused_before_it_is_read(
    settings: Settings, graph: GraphClient
) -> None:
    small = dataclasses.replace(settings, limits=Limits(max_body_bytes=1024))
    async with serving(small, graph) as client:
        padding = "#" + "x" * 2000 + "\n"
        response = await client.post(
            "/graphql",
            json={"query": padding + "{ countries { code } }"},
            headers={"Accept-Language": "nn"},
        )
        assert response.status_code == 413
        body = response.json()
        assert body["errors"][0]["extensions"] == {"code": "REQUEST_TOO_LARGE", "maximum": 1024}
        assert body["errors"][0]["message"] == "Førespurnaden er større enn 1024 byte."

        async def chunks() -> AsyncIterator[bytes]:
            yield b'{"query": "' + b"#" * 800
            yield b"x" * 800 + b'\\n{ countries { code } }"}'

        streamed = await client.post(
            "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert streamed.status_code == 413
        fits = await client.post("/graphql", json={"query": "{ countries { code } }"})
        assert fits.status_code == 200


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A TCP server that accepts connections and never answers: a graph that hangs."""
    held: list[asyncio.StreamWriter] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port: int = server.sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_request_past_the_timeout_is_stopped(
    settings: Settings, silent_server: int
) -> None:
    hanging = GraphClient(
        create_driver(f"bolt://127.0.0.1:{silent_server}", "neo4j", "x", connection_timeout_s=60.0),
        "neo4j",
    )
    quick = dataclasses.replace(settings, limits=Limits(timeout_s=0.5))
    try:
        async with serving(quick, hanging) as client:
            response = await client.post(
                "/graphql",
                json={"query": "{ countries { code } }"},
                headers={"Accept-Language": "sv"},
            )
            body = response.json()
            assert body["errors"][0]["extensions"] == {"code": "REQUEST_TIMEOUT", "seconds": "0.5"}
            assert body["errors"][0]["message"] == (
                "Begäran tog längre tid än 0.5 sekunder och stoppades."
            )
    finally:
        await hanging.close()


async def test_the_introspection_bomb_is_refused_before_anything_runs(gql) -> None:
    bomb = introspection_bomb(300)
    assert 6_000 < len(bomb.encode()) < 20_000
    refused = await gql(bomb, language="sv")
    assert refused.codes == ["TOO_MANY_ALIASES"]
    assert refused.errors[0]["extensions"]["count"] == 300
    # Within the alias limit the cost rule counts every copy.
    costly = await gql(introspection_bomb(30))
    assert costly.codes == ["QUERY_TOO_COSTLY"]
    assert costly.errors[0]["extensions"]["cost"] > 10_000


async def test_the_usual_introspection_query_and_a_few_copies_still_run(gql) -> None:
    from graphql import get_introspection_query

    full = await gql(get_introspection_query(descriptions=True))
    assert len(full.ok()["__schema"]["types"]) > 100
    assert (await gql(introspection_bomb(3))).ok()["s2"]["queryType"]["name"] == "Query"


async def test_introspection_counts_in_depth_and_cost(gql) -> None:
    # Going round through the schema multiplies like data: types x fields x fields x ...
    round_trip = "{ __schema { types { fields { type { fields { type { fields { type { fields {"
    deep = round_trip + " name } } } } } } } } } }"
    # (graphql-core's own rule refuses this round trip too: "Maximum introspection depth".)
    assert "QUERY_TOO_COSTLY" in (await gql(deep)).codes
    nested = "name"
    for _ in range(12):
        nested = f"fields {{ type {{ {nested} }} }}"
    assert "QUERY_TOO_DEEP" in (await gql(f'{{ __type(name: "Query") {{ {nested} }} }}')).codes
    aliased = " ".join(f"t{i}: __typename" for i in range(31))
    assert (await gql(f"{{ {aliased} }}")).codes == ["TOO_MANY_ALIASES"]


async def test_an_answer_over_the_response_size_ceiling_is_refused(
    settings: Settings, graph: GraphClient
) -> None:
    small = dataclasses.replace(settings, limits=Limits(max_response_bytes=4096))
    async with serving(small, graph) as client:
        fits = await client.post("/graphql", json={"query": "{ language { code } }"})
        assert fits.json()["data"] == {"language": {"code": "en"}}
        large = await client.post(
            "/graphql",
            json={"query": "{ services(first: 100) { edges { node { id name kind status } } } }"},
            headers={"Accept-Language": "is"},
        )
        assert large.status_code == 200
        body = large.json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"] == {"code": "RESPONSE_TOO_LARGE", "maximum": 4096}
        assert len(large.content) < 4096


async def test_entity_batches_have_their_own_budget(gql) -> None:
    ids = [f"service:batch-{n}" for n in range(5000)]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Service { name } } }"
    found = (await gql(query, {"ids": ids})).ok()["nodes"]
    assert len(found) == 5000 and found == [None] * 5000
    # Under each entity its sites, their locations and countries: 1 + 5000 x (1 + 5 x 2) = 55 001.
    nested = (
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Service {"
        " sites { location { country { code } } } } } }"
    )
    refused = await gql(nested, {"ids": ids})
    assert refused.codes == ["QUERY_TOO_COSTLY"]
    assert refused.errors[0]["extensions"]["maximum"] == 50_000
    # The batch budget is not a way round the ordinary one.
    mixed = (
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } services(first: 100) { edges { node {"
        " conditions { services { conditions { services { id } } } } } } } }"
    )
    assert (await gql(mixed, {"ids": ids[:10]})).codes == ["QUERY_TOO_COSTLY"]
