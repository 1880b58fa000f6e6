"""The hub app in this process: its lifespan running and an HTTP client for it (no socket)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from graph.client import GraphClient
from nordhub.app import create_app
from nordhub.settings import Settings


@asynccontextmanager
async def serving(settings: Settings, graph: GraphClient) -> AsyncIterator[httpx.AsyncClient]:
    """A hub app over ``graph`` with ``settings``, lifespan running, and a client for it."""
    app = create_app(settings, graph=graph)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub") as client,
    ):
        yield client
