"""Idempotency keys expire: the sweep deletes those older than the configured time, in batches,
and leaves younger ones."""

from __future__ import annotations

import dataclasses
import uuid

from graph.client import GraphClient
from graph.repositories.idempotency import expire_keys
from nordhub.housekeeping import sweep_once
from nordhub.settings import Settings

MAKE_KEYS = """
UNWIND range(1, $n) AS i
CREATE (:IdempotencyKey {id: $prefix + toString(i), action: 'TEST', fingerprint: 'x',
        createdAt: datetime() - duration({seconds: $age})})
"""
COUNT = """
MATCH (k:IdempotencyKey) WHERE k.id STARTS WITH $prefix RETURN {n: count(k)} AS row
"""


async def test_the_sweep_deletes_expired_keys_only(graph: GraphClient, settings: Settings) -> None:
    old, young = f"sweep-old-{uuid.uuid4().hex}|", f"sweep-young-{uuid.uuid4().hex}|"
    await graph.write(MAKE_KEYS, {"n": 120, "prefix": old, "age": 7200})
    await graph.write(MAKE_KEYS, {"n": 5, "prefix": young, "age": 60})
    hourly = dataclasses.replace(settings, idempotency_ttl_s=3600)
    assert await sweep_once(graph, hourly) >= 120
    assert (await graph.read(COUNT, {"prefix": old}))[0]["n"] == 0
    assert (await graph.read(COUNT, {"prefix": young}))[0]["n"] == 5
    await graph.write("MATCH (k:IdempotencyKey) WHERE k.id STARTS WITH $p DELETE k", {"p": young})


async def test_expiry_goes_in_batches(graph: GraphClient) -> None:
    import datetime as dt

    prefix = f"sweep-batch-{uuid.uuid4().hex}|"
    await graph.write(MAKE_KEYS, {"n": 25, "prefix": prefix, "age": 7200})
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    assert await expire_keys(graph, cutoff, batch=10) >= 25
    assert (await graph.read(COUNT, {"prefix": prefix}))[0]["n"] == 0
