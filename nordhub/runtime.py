"""Where the graph comes from when the hub or a command runs: the user's server (``NEO4J_URI``),
the project's own local Neo4j already running on the state folder (``nordhub serve`` records
how to reach it: see :mod:`graph.local`), or a local Neo4j started here and stopped when the
block ends. A store in use by a Neo4j that does not answer is never started twice: that is
:class:`~graph.errors.StoreInUse`. While the hub serves, a :class:`graph.supervisor.Supervisor`
starts the local Neo4j again whenever its JVM dies."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from graph.client import GraphClient, create_driver
from graph.local import Endpoint, LocalNeo4j, recorded_endpoint
from graph.migrate import migrate
from graph.supervisor import Supervisor
from nordhub.settings import Settings, SettingsError

logger = logging.getLogger("nordhub")


@contextmanager
def neo4j_endpoint(settings: Settings, *, supervise: bool = False) -> Iterator[Settings]:
    """Settings that point at a running Neo4j: as given, the local one already running on the
    state folder, or a local one started for the block (with ``supervise``, started again on the
    same store and port whenever it dies)."""
    if settings.neo4j.uri is not None:
        yield settings
        return
    home = settings.state_dir / "neo4j"
    running = recorded_endpoint(home)
    if running is not None:
        logger.info("using the local Neo4j already running on %s (%s)", running.uri, home)
        yield _pointing_at(settings, running)
        return
    local = LocalNeo4j(
        home,
        heap=settings.neo4j.heap,
        page_cache_mib=settings.neo4j.page_cache_mib,
    )
    logger.info("starting the local Neo4j in %s", local.home)
    endpoint = local.start()
    logger.info("local Neo4j answers on %s (pid %s)", endpoint.uri, local.pid)
    live = _pointing_at(settings, endpoint)
    supervisor = Supervisor(local, on_restart=lambda again: _remigrate(_pointing_at(live, again)))
    if supervise:
        supervisor.start()
    try:
        yield live
    finally:
        logger.info("stopping the local Neo4j")
        if supervise:
            supervisor.stop()
        else:
            local.stop()


def _pointing_at(settings: Settings, endpoint: Endpoint) -> Settings:
    return dataclasses.replace(
        settings,
        neo4j=dataclasses.replace(
            settings.neo4j, uri=endpoint.uri, user=endpoint.user, password=endpoint.password
        ),
    )


def _remigrate(settings: Settings) -> None:
    """What readiness needs after a restart: the schema migrated (a no-op when it is)."""

    async def run() -> None:
        async with graph_client(settings) as client:
            await migrate(client)

    asyncio.run(run())


def require_endpoint(settings: Settings) -> tuple[str, str]:
    """The URI and password to connect with; :class:`SettingsError` when they are not set."""
    neo4j = settings.neo4j
    if neo4j.uri is None or neo4j.password is None:
        raise SettingsError(
            "NEO4J_URI and NEO4J_PASSWORD are not set: run `nordhub serve` (or `make run`), "
            "which starts the project's own Neo4j, or point them at your server"
        )
    return neo4j.uri, neo4j.password


def connect(settings: Settings) -> GraphClient:
    """A client over a new driver for ``settings.neo4j`` (the caller closes it)."""
    uri, password = require_endpoint(settings)
    neo4j = settings.neo4j
    driver = create_driver(
        uri,
        neo4j.user,
        password,
        max_pool_size=neo4j.max_pool_size,
        connection_timeout_s=neo4j.connection_timeout_s,
        max_retry_time_s=neo4j.max_retry_time_s,
        acquisition_timeout_s=neo4j.acquisition_timeout_s,
    )
    return GraphClient(driver, neo4j.database)


@asynccontextmanager
async def graph_client(settings: Settings) -> AsyncIterator[GraphClient]:
    """A client over a fresh driver, verified, and closed when the block ends."""
    client = connect(settings)
    try:
        await client.verify()
        yield client
    finally:
        await client.close()
