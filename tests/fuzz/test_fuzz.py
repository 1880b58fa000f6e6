"""Schemathesis (GraphQL mode) against a running hub: every root field gets generated queries,
valid and invalid; none may end in a 5xx or an internal error, and every error has a stable
code. Each case is sent twice: graphql-core validates and runs a text the first time, and the
second time a read the projection path takes (resolvers/projection.py) runs through it, so the
suite runs through both paths and their answers must be equal. The short profile runs here;
`scripts/fuzz.py` runs the long one (≥ 2 000 cases)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode

from schema.errors import ErrorCode

pytestmark = pytest.mark.slow

EXAMPLES_PER_OPERATION = 4
KNOWN_CODES = {code.value for code in ErrorCode}


def check(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    body = response.json()
    for error in body.get("errors") or []:
        code = error.get("extensions", {}).get("code")
        assert code in KNOWN_CODES, error
        assert code != "INTERNAL_SERVER_ERROR", error


def _answer(response: Any) -> tuple[int, Any, Any]:
    body = response.json()
    return response.status_code, body.get("data"), body.get("errors")


def test_generated_queries_never_fail_the_hub(hub_url: str) -> None:
    schema = schemathesis.graphql.from_url(hub_url)
    session = requests.Session()
    cases = 0
    operations = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                nonlocal cases
                cases += 1
                first = case.call(session=session, timeout=30)
                check(first)
                second = case.call(session=session, timeout=30)
                check(second)
                assert _answer(second) == _answer(first), case.body

            run()
    assert operations >= 25, "every root field is an operation"
    assert cases >= operations * EXAMPLES_PER_OPERATION
