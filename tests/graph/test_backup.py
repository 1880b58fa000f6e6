"""Backup and restore: the seeded graph plus generated projects goes out to a file and back into
an empty Neo4j (a second JVM), and comes back the same: counts per label and type, and hash."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import orjson
import pytest

from graph.backup import BackupError, export_graph, export_lines, import_graph, read_backup
from graph.client import GraphClient, create_driver
from graph.local import Endpoint, LocalNeo4j

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = 40

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
CREATE (:BackupProbe {tag: $tag, where: point({latitude: 63.43, longitude: 10.39}),
        plane: point({x: 1.0, y: 2.0}), took: duration('P1DT2H'),
        at: localdatetime('2026-01-02T03:04:05'),
        opens: time('08:00:00+01:00'), local: localtime('09:30')})
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


@pytest.fixture(scope="module")
def empty_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    server = LocalNeo4j(tmp_path_factory.mktemp("restore"), heap="512m", page_cache_mib=128)
    endpoint = server.start()
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
async def generated(graph: GraphClient) -> AsyncIterator[str]:
    tag = f"zz-backup-{uuid.uuid4().hex[:8]}"
    await graph.write(CLEAN)
    await graph.write(GENERATE, {"n": PROJECTS, "tag": tag})
    await graph.write(ODD_NODES, {"tag": tag})
    try:
        yield tag
    finally:
        await graph.write(CLEAN)


async def test_round_trip_into_an_empty_neo4j(
    graph: GraphClient, generated: str, empty_neo4j: Endpoint, tmp_path: Path
) -> None:
    backup = tmp_path / "graph.jsonl"
    summary = await export_graph(graph, backup)
    source_labels = await graph.read(COUNT_LABELS)
    source_types = await graph.read(COUNT_TYPES)
    assert summary.nodes == sum(r["count"] for r in await graph.read(
        "MATCH (n) WHERE NOT n:Migration RETURN {count: count(n)} AS row"))  # fmt: skip
    assert summary.relationships == sum(r["count"] for r in source_types)
    assert summary.nodes > 400 + PROJECTS * 2

    # The file is portable: plain JSON lines, ids as keys, no database-internal ids.
    header, lines = read_backup(backup)
    assert header["sha256"] == summary.sha256
    first_project = next(orjson.loads(x) for x in lines if f'project:{generated}-1"'.encode() in x)
    assert first_project["props"]["recordedAt"] == {
        "$datetime": "2026-11-30T12:00:00.123456789+00:00"
    }
    assert first_project["props"]["name_se"] == f"Prošeakta {generated}-1"

    environ = {
        **os.environ,
        "NEO4J_URI": empty_neo4j.uri,
        "NEO4J_USER": empty_neo4j.user,
        "NEO4J_PASSWORD": empty_neo4j.password,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "nordhub", "import", str(backup),
        cwd=ROOT, env=environ, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()[-3000:]

    target = GraphClient(
        create_driver(empty_neo4j.uri, empty_neo4j.user, empty_neo4j.password), "neo4j"
    )
    try:
        again, _ = await export_lines(target)
        assert again["nodes"] == summary.nodes
        assert again["relationships"] == summary.relationships
        assert again["sha256"] == summary.sha256, "the restored graph is the same graph"
        assert await target.read(COUNT_LABELS) == source_labels
        assert await target.read(COUNT_TYPES) == source_types
        # The schema came with it: constraints refuse a duplicate id.
        with pytest.raises(Exception, match="already exists"):
            await target.write(
                "CREATE (:Entity:CollaborationProject {id: $id})", {"id": f"project:{generated}-1"}
            )
        # A database that holds data is not overwritten.
        with pytest.raises(BackupError, match="already holds"):
            await import_graph(target, backup)
    finally:
        await target.close()


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    header = {"format": "nordhub-backup", "version": 1, "schema": [1], "nodes": 1,
              "relationships": 0, "sha256": "0" * 64}  # fmt: skip
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_bytes(orjson.dumps(header) + b"\n" + b'{"node":"x","labels":[],"props":{}}\n')
    with pytest.raises(BackupError, match="sha256"):
        read_backup(damaged)
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_bytes(orjson.dumps({**header, "nodes": 2}) + b"\n")
    with pytest.raises(BackupError, match="truncated"):
        read_backup(truncated)
    other = tmp_path / "other.jsonl"
    other.write_text("hello\n")
    with pytest.raises(BackupError, match="not a nordhub backup"):
        read_backup(other)
