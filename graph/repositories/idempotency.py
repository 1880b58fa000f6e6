"""Idempotency keys past their time: deleted in batches, so the store stays bounded."""

from __future__ import annotations

import datetime as dt

from graph.client import GraphClient
from graph.queries import audit as q


async def expire_keys(graph: GraphClient, expired_before: dt.datetime, *, batch: int = 5000) -> int:
    """Delete every key created before ``expired_before``; returns how many went."""
    deleted = 0
    while True:
        rows = await graph.write(q.EXPIRE_KEYS, {"expiredBefore": expired_before, "batch": batch})
        count = int(rows[0]["deleted"]) if rows else 0
        deleted += count
        if count < batch:
            return deleted
