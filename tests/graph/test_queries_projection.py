"""The Cypher written for compiled queries: traversals, nested hops, and lean reads (no Neo4j)."""

from __future__ import annotations

import re

import pytest

from graph.queries import countries, services
from graph.queries.projection import Hop, LogPageHop, related
from graph.queries.traversal import Traversal


def test_a_traversal_gives_the_dataloader_statement_it_replaced() -> None:
    assert " ".join(services.HOSTED_BY.split()) == (
        "UNWIND $ids AS key MATCH (:Service {id: key})-[r:HOSTED_BY]->(n:Organisation) "
        "RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} "
        "AS row ORDER BY n.id"
    )
    # No order for a relation with at most one node at its end.
    assert "ORDER BY" not in countries.IN_COUNTRY


def test_nested_hops_name_their_variables_and_parameters_by_index() -> None:
    statement = related(
        [
            (
                Hop(0, services.OFFERED_AT_HOP, (Hop(1, services.HOSTED_BY_HOP),)),
                LogPageHop(2),
            ),
            (Hop(3, countries.IN_COUNTRY_HOP),),
        ]
    )
    assert "UNWIND $keys0 AS key MATCH (a0:Entity {id: key})" in statement
    assert "UNWIND $keys1 AS key MATCH (a1:Entity {id: key})" in statement
    assert "MATCH (a0)-[r0:OFFERED_AT]->(n0:Location) WITH r0, n0 ORDER BY n0.id" in statement
    assert "MATCH (n0)-[r1:HOSTED_BY]->(n1:Organisation)" in statement
    assert "$after2" in statement and "$limit2" in statement
    assert "MATCH (a1)-[r3:IN_COUNTRY]->(n3:Country) RETURN" in statement
    assert statement.count(" UNION ALL ") == 1
    assert statement.endswith("RETURN collect(found) AS row")


@pytest.mark.parametrize(
    "groups",
    [
        [(Hop(0, services.TREATS_HOP),)],
        [(Hop(0, services.OFFERED_AT_HOP, (LogPageHop(1),), relationship=True),)],
    ],
)
def test_lean_reads_set_the_provenance_dates_to_null_and_nothing_else(groups) -> None:
    full = related(groups, frozenset({0}))
    lean = related(groups, frozenset({0}), provenance_dates=False)
    assert "properties(" not in lean
    assert lean.count("sourceDate: null, recordedAt: null}") == full.count("properties(")
    # The same statement but for the projections; withdrawnAt is read either way.
    assert lean.replace(" {.*, sourceDate: null, recordedAt: null}", "") == (
        re.sub(r"properties\((\w+)\)", r"\1", full)
    )


def test_a_traversal_pattern_takes_any_variables() -> None:
    hop = Traversal("Organisation", "<-[{r}:OPERATED_BY]-", "Location", "{n}.id")
    assert hop.pattern("o", "rx", "nx") == "(o)<-[rx:OPERATED_BY]-(nx:Location)"
    assert hop.ordering("nx") == "nx.id"
