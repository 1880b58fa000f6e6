"""Where the graph comes from when the hub runs: the user's server (``NEO4J_URI``) or the
project's own local Neo4j, started here and stopped when the block ends."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from graph.client import GraphClient, create_driver
from graph.local import LocalNeo4j
from nordhub.settings import Settings

logger = logging.getLogger("nordhub")


@contextmanager
def neo4j_endpoint(settings: Settings) -> Iterator[Settings]:
    """Settings that point at a running Neo4j: as given, or a local one started for the block."""
    if settings.neo4j.uri is not None:
        yield settings
        return
    local = LocalNeo4j(
        settings.state_dir / "neo4j",
        heap=settings.neo4j.heap,
        page_cache_mib=settings.neo4j.page_cache_mib,
    )
    logger.info("starting the local Neo4j in %s", local.home)
    endpoint = local.start()
    logger.info("local Neo4j answers on %s (pid %s)", endpoint.uri, local.pid)
    try:
        yield dataclasses.replace(
            settings,
            neo4j=dataclasses.replace(
                settings.neo4j, uri=endpoint.uri, user=endpoint.user, password=endpoint.password
            ),
        )
    finally:
        logger.info("stopping the local Neo4j")
        local.stop()


@asynccontextmanager
async def graph_client(settings: Settings) -> AsyncIterator[GraphClient]:
    """A client over a fresh driver, closed when the block ends."""
    assert settings.neo4j.uri is not None and settings.neo4j.password is not None
    client = GraphClient(
        create_driver(
            settings.neo4j.uri,
            settings.neo4j.user,
            settings.neo4j.password,
            max_pool_size=settings.neo4j.max_pool_size,
            connection_timeout_s=settings.neo4j.connection_timeout_s,
        ),
        settings.neo4j.database,
    )
    try:
        await client.verify()
        yield client
    finally:
        await client.close()
