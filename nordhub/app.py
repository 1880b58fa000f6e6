"""The Starlette app factory. Resources (the Neo4j driver) are created in the lifespan and handed
down through ``app.state``; nothing at module level holds a connection."""

from __future__ import annotations

import asyncio
import contextlib
import gc
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
from nordhub.housekeeping import sweep_forever
from nordhub.runtime import connect, require_endpoint
from nordhub.schema import build_schema
from nordhub.security import edge_middleware, request_guards
from nordhub.settings import Settings

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
                client.write_timeout_s = settings.neo4j.write_timeout_s
                client.write_wait_s = settings.neo4j.write_wait_s
            app.state.graph = client
            # Everything made until now lives as long as the process: keep it out of the
            # collector's full passes, which would otherwise stall the loop for 100 ms and more
            # in a request that makes many objects (schema.guards slices the request itself).
            gc.collect()
            gc.freeze()
            sweeper = asyncio.create_task(sweep_forever(client, settings))
            try:
                yield
            finally:
                sweeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeper
        finally:
            if owned:
                await client.close()

    schema = build_schema(introspection=settings.introspection, settings=settings)
    view = HubGraphQL(schema, settings)
    app = Starlette(
        routes=[
            # Every method reaches the view: it answers 405 with ``Allow`` in the GraphQL shape.
            Route("/graphql", view, max_body_size=settings.limits.max_body_bytes),
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
