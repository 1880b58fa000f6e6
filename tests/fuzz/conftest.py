"""A real hub process over the session's Neo4j, for fuzzing over HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from graph.client import GraphClient
from graph.local import Endpoint
from tests.served import served_hub


@pytest.fixture(scope="module")
def hub_url(
    neo4j_endpoint: Endpoint, graph: GraphClient, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``nordhub serve`` on a free port (development mode: introspection on for the fuzzer)."""
    state = tmp_path_factory.mktemp("fuzz-hub")
    environ = {
        **os.environ,
        "NEO4J_URI": neo4j_endpoint.uri,
        "NEO4J_USER": neo4j_endpoint.user,
        "NEO4J_PASSWORD": neo4j_endpoint.password,
        "NORDHUB_STATE_DIR": str(state),
    }
    log = state / "hub.log"
    with served_hub(environ, log) as served:
        yield f"{served.url}/graphql"
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
