"""The lookup statement uses the indexes: full-text procedures for text, range seeks for codes.

EXPLAIN shows the plan without running the statement; PROFILE (in the benchmark) shows the rows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from neo4j import AsyncDriver

from graph.client import GraphClient, create_driver
from graph.codes import parse_code
from graph.local import Endpoint
from graph.queries import lookup
from graph.repositories.lookup import LookupFilters, search_params
from graph.terms import SearchTerms


@pytest.fixture(scope="module")
async def driver(neo4j_endpoint: Endpoint, graph: GraphClient) -> AsyncIterator[AsyncDriver]:
    found = create_driver(neo4j_endpoint.uri, neo4j_endpoint.user, neo4j_endpoint.password)
    try:
        yield found
    finally:
        await found.close()


def operators(plan: dict[str, Any]) -> list[str]:
    found = [f"{plan['operatorType']} {plan.get('args', {}).get('Details', '')}"]
    for child in plan.get("children", []):
        found.extend(operators(child))
    return found


async def explain(driver: AsyncDriver, search: SearchTerms) -> list[str]:
    params = search_params(search, LookupFilters(), skip=0, limit=20)
    _, summary, _ = await driver.execute_query(lookup.EXPLAIN_WHERE_OFFERED, {"p": params})
    assert summary.plan is not None
    return operators(summary.plan)


async def test_text_search_queries_the_language_and_folding_full_text_indexes(
    driver: AsyncDriver,
) -> None:
    ops = await explain(driver, SearchTerms(language="sv", text="keratoprotes"))
    calls = [op for op in ops if "db.index.fulltext.queryNodes" in op]
    assert len(calls) >= 3  # language analyzer, folding, and the suggestions query
    assert not any(op.startswith("AllNodesScan") for op in ops)
    assert not any(op.startswith("NodeByLabelScan") and "Code" in op for op in ops)


async def test_code_search_seeks_the_code_range_index(driver: AsyncDriver) -> None:
    ops = await explain(driver, SearchTerms(language="en", code=parse_code("H17")))
    seeks = [op for op in ops if op.startswith("NodeIndexSeek") and ":Code(" in op]
    assert any("STARTS WITH $p.codeStem" in op for op in seeks), ops
    assert not any(op.startswith(("AllNodesScan", "NodeByLabelScan")) for op in ops), ops
