"""The Starlette app factory. Resources (the Neo4j driver) are created in the lifespan and handed
down through ``app.state``; nothing at module level holds a connection."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from graph.client import GraphClient
from graph.migrate import migrate
from i18n.middleware import LanguageMiddleware
from nordhub import fhir, health, page
from nordhub.graphql_view import HubGraphQL
from nordhub.runtime import connect, require_endpoint
from nordhub.security import edge_middleware, request_guards
from nordhub.settings import Settings
from schema.root import build_schema

logger = logging.getLogger("nordhub")


def create_app(settings: Settings | None = None, *, graph: GraphClient | None = None) -> Starlette:
    """Build the hub. With ``graph`` the app uses that client (and leaves it open on shutdown);
    otherwise it connects to ``settings.neo4j`` in its lifespan."""
    settings = settings or Settings.from_env()
    if graph is None:
        require_endpoint(settings)  # fail now, not at the first request

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = graph is None
        client = graph if graph is not None else connect(settings)
        try:
            if settings.migrate_on_start:
                applied = await migrate(client)
                if applied:
                    logger.info("applied migrations %s", applied)
            if owned:  # after migrating: index builds may take longer than a request call
                client.call_timeout_s = settings.neo4j.call_timeout_s
            app.state.graph = client
            yield
        finally:
            if owned:
                await client.close()

    schema = build_schema(introspection=settings.introspection, settings=settings)
    view = HubGraphQL(schema, settings)
    app = Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            Route("/health/live", health.live),
            Route("/health/ready", health.ready),
            *page.routes(),
            *fhir.routes(),
        ],
        middleware=[
            *edge_middleware(settings),
            Middleware(LanguageMiddleware),
            *request_guards(settings),
        ],
        lifespan=lifespan,
    )
    app.state.schema = schema
    return app
