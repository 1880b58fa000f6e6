"""Backups that lie or break: a forged file (recomputed counts and digest, but no key) carrying a
coordinator token with a known secret is refused before anything is written; a restore that
fails part-way (a signed backup whose last relationships name a node it lacks) leaves the
database exactly as it was, and the same import of a good backup then succeeds; a restore cut
off by a killed process is cleaned up by the next one. Refusals are one line with a code."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest

from graph.backup import SIGNATURE_ALG, _Seal, export_graph, read_verified
from graph.client import GraphClient
from graph.local import Endpoint
from tests.graph.test_backup import COUNT_LABELS, COUNT_TYPES, KEY, cli_environ, nordhub, wipe

pytestmark = pytest.mark.slow

STATE = """
MATCH (n) WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->() WITH nodes, count(r) AS relationships
RETURN {nodes: nodes, relationships: relationships} AS row
"""
FORGED_TOKEN = "token:forged"


def _relabel(backup: Path, out: Path, key: bytes, change: bytes | None = None) -> None:
    """Rewrite ``backup`` with ``change`` appended as data, signed with ``key``."""
    lines = backup.read_bytes().splitlines()
    header, data = lines[0], lines[1:-1]
    if change is not None:
        data.append(change)
    seal = _Seal(key)
    seal.header(header)
    for line in data:
        seal.data(line, node=line.startswith(b'{"labels'))
    end = seal.end()
    trailer = {"end": end, "signature": {"alg": SIGNATURE_ALG, "value": seal.signature(end)}}
    out.write_bytes(b"\n".join([header, *data, orjson.dumps(trailer)]) + b"\n")


async def test_a_forged_backup_is_refused_before_anything_is_written(
    graph: GraphClient, spare_neo4j: Endpoint, tmp_path: Path
) -> None:
    good = tmp_path / "good.jsonl"
    await export_graph(graph, good, KEY)
    # The attacker adds an active coordinator token whose secret they know, and recomputes every
    # count and digest, signing with a key of their own.
    token = orjson.dumps(
        {
            "labels": ["AccessToken"],
            "node": FORGED_TOKEN,
            "props": {"id": FORGED_TOKEN, "role": "COORDINATOR",
                      "hash": hashlib.sha256(b"known secret").hexdigest()},
        },
        option=orjson.OPT_SORT_KEYS,
    )  # fmt: skip
    forged = tmp_path / "forged.jsonl"
    _relabel(good, forged, b"not-the-hub-key-but-long-enough-0123456789", token)

    target = await wipe(spare_neo4j)
    try:
        before = (await target.read(STATE))[0]
        code, output = await nordhub("import", str(forged), environ=cli_environ(spare_neo4j))
        assert code == 2
        lines = [line for line in output.splitlines() if line.startswith("nordhub: error (")]
        assert lines == [
            f"nordhub: error (BACKUP_SIGNATURE_INVALID): {forged} is not signed with this "
            "NORDHUB_BACKUP_KEY: it was changed, or made with another key"
        ], output
        assert "Traceback" not in output
        assert (await target.read(STATE))[0] == before
        assert not await target.read(
            "MATCH (t:AccessToken {id: $id}) RETURN {id: t.id} AS row", {"id": FORGED_TOKEN}
        )
        # Without the key nothing starts at all.
        code, output = await nordhub(
            "import", str(good), environ=cli_environ(spare_neo4j, key=None)
        )
        assert code == 2 and "BACKUP_KEY_MISSING" in output and "Traceback" not in output
    finally:
        await target.close()


async def test_a_restore_failing_part_way_leaves_the_database_as_it_was(
    graph: GraphClient, spare_neo4j: Endpoint, tmp_path: Path
) -> None:
    good = tmp_path / "good.jsonl"
    summary = await export_graph(graph, good, KEY)
    # Signed with the right key, but its last relationship names a node it does not hold: the
    # restore fails after every node and most relationships were written.
    dangling = orjson.dumps(
        {"from": "country:no", "props": {}, "rel": "BORDERS", "to": "country:atlantis"},
        option=orjson.OPT_SORT_KEYS,
    )
    broken = tmp_path / "broken.jsonl"
    _relabel(good, broken, KEY, dangling)
    assert read_verified(broken, KEY).end["relationships"] == summary.relationships + 1

    target = await wipe(spare_neo4j)
    try:
        code, _ = await nordhub("migrate", environ=cli_environ(spare_neo4j))
        assert code == 0
        before = (await target.read(STATE))[0]
        labels_before = await target.read(COUNT_LABELS)
        code, output = await nordhub("import", str(broken), environ=cli_environ(spare_neo4j))
        assert code == 2, output
        refusal = [line for line in output.splitlines() if line.startswith("nordhub: error (")]
        assert len(refusal) == 1 and "BACKUP_INCONSISTENT" in refusal[0], output
        assert "Traceback" not in output
        assert (await target.read(STATE))[0] == before, "a failed restore leaves nothing behind"
        assert await target.read(COUNT_LABELS) == labels_before

        # Retried with the good backup, the same database takes it whole.
        code, output = await nordhub("import", str(good), environ=cli_environ(spare_neo4j))
        assert code == 0, output[-2000:]
        restored = await export_graph(target, tmp_path / "again.jsonl", KEY)
        assert restored.digest == summary.digest
        assert await target.read(COUNT_TYPES) == await graph.read(COUNT_TYPES)
    finally:
        await target.close()


async def test_a_restore_cut_off_is_cleaned_up_by_the_next(
    graph: GraphClient, spare_neo4j: Endpoint, tmp_path: Path
) -> None:
    good = tmp_path / "good.jsonl"
    summary = await export_graph(graph, good, KEY)
    target = await wipe(spare_neo4j)
    try:
        code, _ = await nordhub("migrate", environ=cli_environ(spare_neo4j))
        assert code == 0
        # What a restore killed part-way leaves: its run record and some staged nodes.
        await target.write(
            "CREATE (:ImportRun {id: 'import:killed', status: 'STAGING'}) "
            "WITH 1 AS one UNWIND range(1, 500) AS i "
            "CREATE (:Entity:Country:ImportStaging {id: 'country:x' + i, importKey: 'k' + i, "
            "importRun: 'import:killed'})"
        )
        code, output = await nordhub("import", str(good), environ=cli_environ(spare_neo4j))
        assert code == 0, output[-2000:]
        left = await target.read(
            "MATCH (n) WHERE n:ImportStaging OR n:ImportRun OR n.id STARTS WITH 'country:x' "
            "RETURN {n: count(n)} AS row"
        )
        assert left[0]["n"] == 0
        restored = await export_graph(target, tmp_path / "again.jsonl", KEY)
        assert restored.digest == summary.digest
    finally:
        await target.close()
