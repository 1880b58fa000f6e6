"""A real hub process over the session's Neo4j, for fuzzing over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.client import GraphClient
from graph.local import Endpoint
from tests.hub_process import serving


@pytest.fixture(scope="module")
def hub_url(
    neo4j_endpoint: Endpoint, graph: GraphClient, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``nordhub serve`` on a free port (development mode: introspection on for the fuzzer)."""
    with serving(neo4j_endpoint, tmp_path_factory.mktemp("fuzz-hub")) as hub:
        yield hub.graphql
        log = hub.log
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
