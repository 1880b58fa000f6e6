"""Backup and restore: the seeded graph plus generated projects goes out to a signed file and back
into an empty Neo4j (a second JVM) through the CLI, and comes back the same: counts per label and
type, and digest. The file is private, and access tokens leave without their hashes unless asked.
"""

from __future__ import annotations

import asyncio
import os
import stat
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import orjson
import pytest

from graph.backup import (
    BackupError,
    backup_key,
    export_graph,
    import_graph,
    read_verified,
)
from graph.client import GraphClient, create_driver
from graph.local import Endpoint

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = 40
KEY = b"test-backup-key-0123456789abcdef-0123"

GENERATE = """
UNWIND range(1, $n) AS i
WITH i, $tag + '-' + toString(i) AS slug
MATCH (no:Country {code: 'NO'}), (se:Country {code: 'SE'})
CREATE (p:Entity:CollaborationProject {
  id: 'project:' + slug, name_nb: 'Prosjekt «' + slug + '»', name_se: 'Prošeakta ' + slug,
  note_en: 'line one\nline two "quoted" \\\\ back', status: 'ACTIVE', area: 'REGISTRY',
  periodStart: date('2024-01-15'), languages: ['nb', 'sv', 'se'], budget: 1.5 * i,
  source: 'test:backup', recordedBy: 'test',
  recordedAt: datetime('2026-11-30T12:00:00.123456789Z')})
CREATE (e:Entity:LogEntry {id: 'log:' + slug, text_sv: 'Möte i Umeå', at: date('2025-03-01'),
  source: 'test:backup', recordedAt: datetime()})
CREATE (p)-[:INVOLVES {source: 'test:backup', role: 'lead', recordedAt: datetime()}]->(no)
CREATE (p)-[:INVOLVES {source: 'test:backup', recordedAt: datetime()}]->(se)
CREATE (p)-[:HAS_LOG_ENTRY {source: 'test:backup'}]->(e)
"""

# Nodes without an id, two of them identical, and values of every tagged kind.
ODD_NODES = """
CREATE (:BackupProbe {tag: $tag, note: 'twin'})
CREATE (:BackupProbe {tag: $tag, note: 'twin'})
CREATE (a:BackupProbe {tag: $tag, where: point({latitude: 63.43, longitude: 10.39}),
        plane: point({x: 1.0, y: 2.0}), took: duration('P1DT2H'),
        at: localdatetime('2026-01-02T03:04:05'),
        opens: time('08:00:00+01:00'), local: localtime('09:30')})
CREATE (a)-[:PROBES {tag: $tag}]->(:BackupProbe {tag: $tag, note: 'end'})
WITH a MATCH (n:Country {code: 'IS'}) CREATE (a)-[:PROBES {tag: $tag}]->(n)
"""

TOKEN = """
MATCH (o:Organisation {id: 'org:helsedirektoratet'})
CREATE (t:AccessToken {id: $id, hash: 'sha256:secret-hash', role: 'COORDINATOR',
        source: 'test:backup', recordedAt: datetime()})-[:ISSUED_TO]->(o)
"""

CLEAN = """
MATCH (n) WHERE n.source = 'test:backup' OR n:BackupProbe
DETACH DELETE n
"""

COUNT_LABELS = """
MATCH (n) WHERE NOT n:Migration
UNWIND labels(n) AS label
WITH label, count(*) AS count
RETURN {label: label, count: count} AS row ORDER BY label
"""

COUNT_TYPES = """
MATCH ()-[r]->()
WITH type(r) AS type, count(*) AS count
RETURN {type: type, count: count} AS row ORDER BY type
"""
WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"


async def wipe(endpoint: Endpoint) -> GraphClient:
    """A client over ``endpoint`` with every node gone (the spare Neo4j is shared)."""
    client = GraphClient(create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j")
    async with client._driver.session(database="neo4j") as session:
        await (await session.run(WIPE)).consume()
    return client


@pytest.fixture
async def generated(graph: GraphClient) -> AsyncIterator[str]:
    tag = f"zz-backup-{uuid.uuid4().hex[:8]}"
    await graph.write(CLEAN)
    await graph.write(GENERATE, {"n": PROJECTS, "tag": tag})
    await graph.write(ODD_NODES, {"tag": tag})
    await graph.write(TOKEN, {"id": f"token:{tag}"})
    try:
        yield tag
    finally:
        await graph.write(CLEAN)


def cli_environ(endpoint: Endpoint, key: bytes | None = KEY) -> dict[str, str]:
    environ = {
        **os.environ,
        "NEO4J_URI": endpoint.uri,
        "NEO4J_USER": endpoint.user,
        "NEO4J_PASSWORD": endpoint.password,
    }
    environ.pop("NORDHUB_BACKUP_KEY", None)
    if key is not None:
        environ["NORDHUB_BACKUP_KEY"] = key.decode()
    return environ


async def nordhub(*args: str, environ: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "nordhub", *args,
        cwd=ROOT, env=environ, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, (out + err).decode()


async def test_round_trip_into_an_empty_neo4j(
    graph: GraphClient, generated: str, spare_neo4j: Endpoint, tmp_path: Path
) -> None:
    backup = tmp_path / "graph.jsonl"
    summary = await export_graph(graph, backup, KEY)
    source_labels = await graph.read(COUNT_LABELS)
    source_types = await graph.read(COUNT_TYPES)
    assert summary.nodes == sum(r["count"] for r in await graph.read(
        "MATCH (n) WHERE NOT n:Migration RETURN {count: count(n)} AS row"))  # fmt: skip
    assert summary.relationships == sum(r["count"] for r in source_types)
    assert summary.nodes > 400 + PROJECTS * 2

    # Private, portable, signed: plain JSON lines, ids as keys, no database-internal ids.
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    lines = backup.read_bytes().splitlines()
    verified = read_verified(backup, KEY)
    assert verified.header["tokenHashes"] is False
    assert verified.end["digest"] == summary.digest
    first_project = next(orjson.loads(x) for x in lines if f'project:{generated}-1"'.encode() in x)
    assert first_project["props"]["recordedAt"] == {
        "$datetime": "2026-11-30T12:00:00.123456789+00:00"
    }
    assert first_project["props"]["name_se"] == f"Prošeakta {generated}-1"
    token = next(orjson.loads(x) for x in lines if f'"token:{generated}"'.encode() in x)
    assert "hash" not in token["props"] and token["props"]["role"] == "COORDINATOR"
    assert b"secret-hash" not in backup.read_bytes()

    target = await wipe(spare_neo4j)
    try:
        code, output = await nordhub("import", str(backup), environ=cli_environ(spare_neo4j))
        assert code == 0, output[-3000:]
        again = tmp_path / "again.jsonl"
        restored = await export_graph(target, again, KEY)
        assert (restored.nodes, restored.relationships) == (summary.nodes, summary.relationships)
        assert restored.digest == summary.digest, "the restored graph is the same graph"
        assert await target.read(COUNT_LABELS) == source_labels
        assert await target.read(COUNT_TYPES) == source_types
        # The schema came with it: constraints refuse a duplicate id.
        with pytest.raises(Exception, match="already exists"):
            await target.write(
                "CREATE (:Entity:CollaborationProject {id: $id})", {"id": f"project:{generated}-1"}
            )
        # A database that holds data is not overwritten.
        with pytest.raises(BackupError, match="already holds") as refused:
            await import_graph(target, backup, KEY)
        assert refused.value.code == "IMPORT_TARGET_NOT_EMPTY"
    finally:
        await target.close()


async def test_a_restore_in_many_batches(
    graph: GraphClient, generated: str, spare_neo4j: Endpoint, tmp_path: Path, monkeypatch
) -> None:
    # Small batches: nodes, then relationships, each over many transactions and file slices.
    monkeypatch.setattr("graph.backup.BATCH", 97)
    backup = tmp_path / "graph.jsonl"
    summary = await export_graph(graph, backup, KEY)
    target = await wipe(spare_neo4j)
    try:
        restored = await import_graph(target, backup, KEY)
        assert restored.digest == summary.digest
        again = await export_graph(target, tmp_path / "again.jsonl", KEY)
        assert (again.nodes, again.relationships, again.digest) == (
            summary.nodes,
            summary.relationships,
            summary.digest,
        )
    finally:
        await target.close()


async def test_token_hashes_only_when_asked(graph: GraphClient, generated: str, tmp_path: Path):
    backup = tmp_path / "with-hashes.jsonl"
    await export_graph(graph, backup, KEY, include_token_hashes=True)
    assert read_verified(backup, KEY).header["tokenHashes"] is True
    assert b"sha256:secret-hash" in backup.read_bytes()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_the_key_comes_from_the_environment() -> None:
    with pytest.raises(BackupError) as missing:
        backup_key({})
    assert missing.value.code == "BACKUP_KEY_MISSING"
    with pytest.raises(BackupError) as short:
        backup_key({"NORDHUB_BACKUP_KEY": "short"})
    assert short.value.code == "BACKUP_KEY_TOO_SHORT"
    assert backup_key({"NORDHUB_BACKUP_KEY": KEY.decode()}) == KEY


def test_damaged_unsigned_and_foreign_files_are_refused(tmp_path: Path) -> None:
    old = tmp_path / "v1.jsonl"
    v1_header = {"format": "nordhub-backup", "version": 1, "schema": [1], "nodes": 0,
                 "relationships": 0, "sha256": "0" * 64}  # fmt: skip
    old.write_bytes(orjson.dumps(v1_header) + b"\n")
    truncated = tmp_path / "truncated.jsonl"
    header = {"format": "nordhub-backup", "version": 2, "schema": [1], "tokenHashes": False}
    truncated.write_bytes(orjson.dumps(header) + b'\n{"labels":[],"node":"x","props":{}}\n')
    other = tmp_path / "other.jsonl"
    other.write_text("hello\n")
    for path, code in [
        (old, "BACKUP_UNSIGNED_FORMAT"),
        (truncated, "BACKUP_TRUNCATED"),
        (other, "BACKUP_NOT_A_BACKUP"),
        (tmp_path / "missing.jsonl", "BACKUP_NOT_FOUND"),
    ]:
        with pytest.raises(BackupError) as refused:
            read_verified(path, KEY)
        assert refused.value.code == code, path
        assert "\n" not in refused.value.line()
