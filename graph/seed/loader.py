"""Load the seed graph in batches: ``UNWIND $rows`` + ``MERGE``, re-runnable without duplicates.

A load whose files are unchanged since the last one (same checksum) does nothing. A changed seed
is written in one transaction per batch; relationships and nodes the previous seed wrote and the
new one no longer has are removed afterwards, unless someone edited them through the API.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.client import GraphClient
from graph.queries import seed as q
from graph.seed.reader import DATA_DIR, SeedGraph, read_seed

SEED_STATE_ID = "seed:nordhub"
BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class SeedReport:
    loaded: bool
    checksum: str
    nodes: int
    relationships: int


def _batches(rows: list[dict[str, Any]], size: int = BATCH_SIZE) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


async def load_seed(
    client: GraphClient,
    directory: Path = DATA_DIR,
    *,
    force: bool = False,
    graph: SeedGraph | None = None,
) -> SeedReport:
    seed = graph or read_seed(directory)
    state = await client.read(q.SEED_STATE, {"id": SEED_STATE_ID})
    if not force and state and state[0]["checksum"] == seed.checksum:
        return SeedReport(False, seed.checksum, len(seed.nodes), len(seed.relationships))

    recorded_at = dt.datetime.now(dt.UTC).isoformat()
    version = seed.checksum[:16]
    node_rows = [
        {"id": n.id, "label": n.label, "props": {**n.props, "seedVersion": version}}
        for n in seed.nodes.values()
    ]
    for batch in _batches(node_rows):
        await client.write(q.UPSERT_NODES, {"rows": batch, "recordedAt": recorded_at})

    by_type: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for rel in seed.relationships:
        by_type[rel.type].append(
            {"from": rel.start, "to": rel.end, "props": {**rel.props, "seedVersion": version}}
        )
    for rel_type, rows in sorted(by_type.items()):
        query = q.UPSERT_RELATIONSHIPS[rel_type]
        for batch in _batches(rows):
            await client.write(query, {"rows": batch, "recordedAt": recorded_at})

    await client.write(q.REMOVE_STALE_RELATIONSHIPS, {"version": version})
    await client.write(q.REMOVE_STALE_NODES, {"version": version})
    await client.write(
        q.RECORD_SEED_STATE,
        {
            "id": SEED_STATE_ID,
            "checksum": seed.checksum,
            "recordedAt": recorded_at,
            "nodes": len(seed.nodes),
            "relationships": len(seed.relationships),
        },
    )
    return SeedReport(True, seed.checksum, len(seed.nodes), len(seed.relationships))
