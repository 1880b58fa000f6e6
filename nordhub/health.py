"""Liveness (the process answers) and readiness (Neo4j answers and the schema is migrated)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from graph.client import GraphClient
from graph.errors import GraphError
from graph.migrate import applied_versions, expected_versions


async def live(request: Request) -> JSONResponse:
    return JSONResponse({"status": "live"})


async def ready(request: Request) -> JSONResponse:
    graph: GraphClient = request.app.state.graph
    expected = expected_versions()
    try:
        await graph.verify()
        applied = await applied_versions(graph)
    except GraphError as e:
        return JSONResponse({"status": "unavailable", "reason": str(e)}, status_code=503)
    missing = sorted(expected - applied)
    if missing:
        return JSONResponse(
            {"status": "migrating", "missing": missing, "expected": max(expected, default=0)},
            status_code=503,
        )
    return JSONResponse({"status": "ready", "migration": max(applied, default=0)})
