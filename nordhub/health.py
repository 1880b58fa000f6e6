"""Liveness (the process answers) and readiness (Neo4j answers and the schema is migrated).

The bodies are for load balancers and people: they say what state the hub is in, never where its
database is (no Bolt URI, host or port); the log line has the driver's own words.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse

from graph.client import GraphClient
from graph.errors import GraphError
from graph.migrate import applied_versions, expected_versions

logger = logging.getLogger("nordhub.health")


async def live(request: Request) -> JSONResponse:
    return JSONResponse({"status": "live"})


async def ready(request: Request) -> JSONResponse:
    graph: GraphClient = request.app.state.graph
    expected = expected_versions()
    try:
        await graph.verify()
        applied = await applied_versions(graph)
    except GraphError as e:
        logger.info("not ready: %s", str(e).splitlines()[0] if str(e) else type(e).__name__)
        return JSONResponse(
            {"status": "unavailable", "reason": "the graph database does not answer"},
            status_code=503,
        )
    missing = sorted(expected - applied)
    if missing:
        return JSONResponse(
            {"status": "migrating", "missing": missing, "expected": max(expected, default=0)},
            status_code=503,
        )
    return JSONResponse({"status": "ready", "migration": max(applied, default=0)})
