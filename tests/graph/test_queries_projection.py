"""The Cypher the projection read path composes: traversals, nested hops, pages (no Neo4j)."""

from __future__ import annotations

from graph.queries import countries, services
from graph.queries.projection import (
    Expression,
    Items,
    LogPage,
    by_ids,
    page_of,
    page_with_total,
    project,
)
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
    parts = (
        Expression("{n}.id"),
        Items(
            services.OFFERED_AT_HOP,
            (Expression("{r}.validFrom"), Items(countries.IN_COUNTRY_HOP, (), one=True)),
        ),
        LogPage(0, (Expression("{n}.id"),)),
    )
    statement = project(parts, "s")
    assert statement.startswith("[s.id, COLLECT { MATCH (s)-[r0:OFFERED_AT]->(n0:Location) ")
    assert (
        "WHERE NOT coalesce(n0.illustrative, false) AND r0.withdrawnAt IS NULL "
        "AND n0.withdrawnAt IS NULL WITH r0, n0 ORDER BY n0.id"
    ) in statement
    assert "RETURN [r0.validFrom, COLLECT { MATCH (n0)-[r1:IN_COUNTRY]->(n1:Country)" in statement
    assert "RETURN [] }[0]]" in statement
    assert "$log0.after" in statement and "LIMIT $log0.limit" in statement


def test_a_page_reads_its_items_and_its_total_only_when_asked() -> None:
    parts = (Expression("{n}.id"),)
    without = page_of(services.SERVICES.match, "s", parts)
    assert "count(" not in without and without.endswith("RETURN [null, items]")
    with_total = page_with_total(services.SERVICES.body, services.SERVICES.match, "s", parts)
    assert "RETURN count(s) AS total" in with_total
    assert with_total.endswith("RETURN [total, items]")


def test_entities_keep_their_order_and_their_nulls() -> None:
    statement = by_ids((("Service", (Expression("{n}.id"),)),))
    assert "ORDER BY i RETURN collect([CASE found WHEN 'Service' THEN [a.id] END])" in statement


def test_a_traversal_pattern_takes_any_variables() -> None:
    hop = Traversal("Organisation", "<-[{r}:OPERATED_BY]-", "Location", "{n}.id")
    assert hop.pattern("o", "rx", "nx") == "(o)<-[rx:OPERATED_BY]-(nx:Location)"
    assert hop.ordering("nx") == "nx.id"
