"""Work the hub does on its own while it serves: expiring idempotency keys.

Every ``idempotency_sweep_s`` each hub process deletes the keys older than
``idempotency_ttl_s`` (several processes doing so at once only find less to delete). A sweep
that meets an outage is skipped and tried again at the next turn.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random

from graph.client import GraphClient
from graph.errors import GraphError
from graph.repositories.idempotency import expire_keys
from nordhub.settings import Settings

logger = logging.getLogger("nordhub.housekeeping")


async def sweep_once(graph: GraphClient, settings: Settings) -> int:
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=settings.idempotency_ttl_s)
    deleted = await expire_keys(graph, cutoff)
    if deleted:
        logger.info("expired %d idempotency keys older than %s", deleted, cutoff.isoformat())
    return deleted


async def sweep_forever(graph: GraphClient, settings: Settings) -> None:
    # Spread the processes' turns apart.
    await asyncio.sleep(random.uniform(0, settings.idempotency_sweep_s))  # noqa: S311
    while True:
        try:
            await sweep_once(graph, settings)
        except GraphError as e:
            logger.info("idempotency sweep skipped: %s", str(e).splitlines()[0][:200])
        await asyncio.sleep(settings.idempotency_sweep_s)
