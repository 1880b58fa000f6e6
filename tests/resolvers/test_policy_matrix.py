"""The authorisation matrix, generated from the policy table and run against the real graph:
every mutation × role × own/other organisation (its participant role in a project or registry)
× own/other country. An allowed cell writes (an audit entry at least); a refused one answers
FORBIDDEN and writes nothing: no node, no relationship, no property of its target changes.

The matrix in ``docs/authorisation.md`` is the same table, rendered (``python -m
schema.policy``); a test fails when it is stale.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from graph.client import GraphClient
from graph.vocabulary import Action
from nordhub.schema import schema
from schema.policy import POLICY, render_matrix
from tests.resolvers.matrix import (
    WRITES_NOTHING,
    Cell,
    Targets,
    cells,
    create_bodies,
    expected,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "authorisation.md"
CELLS = cells()

# What was there before the module: whatever the matrix writes goes again after it.
SNAPSHOT = """
CALL () { MATCH (n) RETURN collect(elementId(n)) AS nodes }
CALL () { MATCH ()-[r]->() RETURN collect(elementId(r)) AS relationships }
RETURN {nodes: nodes, relationships: relationships} AS row
"""
CLEAN_RELATIONSHIPS = "MATCH ()-[r]->() WHERE NOT elementId(r) IN $relationships DELETE r"
CLEAN_NODES = "MATCH (n) WHERE NOT elementId(n) IN $nodes DETACH DELETE n"
# What a refusal must leave as it was: how many nodes and relationships there are, and the
# target's properties and relationships (the counts come from Neo4j's count store).
STATE = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
OPTIONAL MATCH (t:Entity {id: $id})
RETURN {nodes: nodes, relationships: relationships, props: properties(t),
        degree: COUNT { (t)--() }} AS row
"""


def _name(action: Action) -> str:
    head, *rest = action.value.lower().split("_")
    return head + "".join(word.capitalize() for word in rest)


def mutation(action: Action) -> str:
    name = _name(action)
    field = schema._schema.mutation_type.fields[name]  # type: ignore[union-attr]
    return (
        f"mutation($input: {field.args['input'].type}) {{ {name}(input: $input) {{ __typename }} }}"
    )


@pytest.fixture(scope="module")
async def targets(graph: GraphClient) -> AsyncIterator[Targets]:
    snapshot = (await graph.read(SNAPSHOT))[0]
    try:
        yield Targets(graph, await create_bodies(graph))
    finally:
        await graph.write(CLEAN_RELATIONSHIPS, snapshot)
        await graph.write(CLEAN_NODES, snapshot)


def test_every_action_has_a_rule_and_every_rule_an_action() -> None:
    assert set(POLICY) == set(Action)
    assert all(POLICY[action] for action in Action)


def test_the_documented_matrix_is_the_policy_table() -> None:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"<!-- matrix -->\n(.*?)<!-- /matrix -->", text, re.DOTALL)
    assert found is not None, "docs/authorisation.md has no <!-- matrix --> block"
    assert found.group(1) == render_matrix(), (
        "the policy changed: paste `python -m schema.policy` into docs/authorisation.md"
    )
    assert f"{len(CELLS)} cells" in text


@pytest.mark.parametrize("cell", CELLS, ids=lambda c: c.id)
async def test_matrix(gql: Any, graph: GraphClient, targets: Targets, cell: Cell) -> None:
    given, target = await targets.input(cell)
    before = (await graph.read(STATE, {"id": target}))[0]
    headers = {"Authorization": f"Bearer {targets.tokens[targets.caller(cell)]}"}

    response = await gql(mutation(cell.action), {"input": given}, headers=headers)

    after = (await graph.read(STATE, {"id": target}))[0]
    if expected(cell) and cell.action in WRITES_NOTHING:
        assert response.ok(), response.errors
        assert after == before, "a dry run wrote"
    elif expected(cell):
        targets.consumed(cell)
        assert response.ok(), response.errors
        assert after["nodes"] > before["nodes"], "nothing was audited"
    else:
        assert response.codes == ["FORBIDDEN"], response.errors
        assert response.data is None
        assert after == before, "a refusal wrote"
