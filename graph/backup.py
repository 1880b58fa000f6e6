"""Backup and restore: the whole graph as a portable, canonical JSON-lines file.

Every node and relationship goes out with all its properties, so provenance (``source``,
``recordedAt``, ...), audit records and sync history travel with the data they describe. The file:

- line 1, a header: ``{"format": "nordhub-backup", "version": 1, "schema": [<migrations>],
  "nodes": N, "relationships": M, "sha256": <hash of the lines below>}``;
- one line per node, ``{"node": key, "labels": [...], "props": {...}}``, sorted by key;
- one line per relationship, ``{"rel": type, "from": key, "to": key, "props": {...}}``, sorted.

A node's key is its ``id`` where it has a unique one, else ``~`` and a digest of its labels and
properties; database-internal ids never appear, so two exports of the same graph are identical
byte for byte, and the hash compares graphs across databases. Temporal and spatial values are
tagged (``{"$date": "2012-05-03"}``); JSON keys are sorted, text is UTF-8.

:func:`import_graph` refuses a database that already holds data, applies the migrations first
(constraints, indexes) and refuses a backup taken at another schema version.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j.spatial
import neo4j.time
import orjson

from graph.client import GraphClient
from graph.errors import GraphError
from graph.migrate import applied_versions, expected_versions, migrate
from graph.queries import backup as q

FORMAT = "nordhub-backup"
VERSION = 1
BATCH = 1000
CARTESIAN_SRIDS = frozenset({7203, 9157})
WGS84_SRIDS = frozenset({4326, 4979})


class BackupError(GraphError):
    """Raised when a backup file is malformed, or the target of an import is not empty."""


@dataclass(frozen=True, slots=True)
class BackupSummary:
    nodes: int
    relationships: int
    sha256: str
    schema: list[int]


def encode(value: Any) -> Any:
    """A graph value as JSON: temporal and spatial values tagged, lists element by element."""
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, neo4j.time.DateTime):
        tag = "$datetime" if value.tzinfo is not None else "$localdatetime"
        return {tag: value.iso_format()}
    if isinstance(value, neo4j.time.Date):
        return {"$date": value.iso_format()}
    if isinstance(value, neo4j.time.Time):
        tag = "$time" if value.tzinfo is not None else "$localtime"
        return {tag: value.iso_format()}
    if isinstance(value, neo4j.time.Duration):
        return {"$duration": value.iso_format()}
    if isinstance(value, neo4j.spatial.Point):
        return {"$point": {"srid": value.srid, "coordinates": list(value)}}
    return value


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        if tag in ("$datetime", "$localdatetime"):
            return neo4j.time.DateTime.from_iso_format(raw)
        if tag == "$date":
            return neo4j.time.Date.from_iso_format(raw)
        if tag in ("$time", "$localtime"):
            return neo4j.time.Time.from_iso_format(raw)
        if tag == "$duration":
            return neo4j.time.Duration.from_iso_format(raw)
        if tag == "$point":
            return _point(raw)
    return value


def _point(raw: dict[str, Any]) -> neo4j.spatial.Point:
    srid = raw["srid"]
    if srid in CARTESIAN_SRIDS:
        return neo4j.spatial.CartesianPoint(raw["coordinates"])
    if srid in WGS84_SRIDS:
        return neo4j.spatial.WGS84Point(raw["coordinates"])
    raise BackupError(f"unknown spatial reference {srid}")


def _props(props: dict[str, Any]) -> dict[str, Any]:
    return {key: encode(value) for key, value in props.items()}


def _dumps(line: dict[str, Any]) -> bytes:
    return orjson.dumps(line, option=orjson.OPT_SORT_KEYS)


def _keys(nodes: list[dict[str, Any]]) -> dict[str, str]:
    """Stable keys: the node's ``id`` where unique, else a digest of labels and properties."""
    ids = Counter(n["props"].get("id") for n in nodes if isinstance(n["props"].get("id"), str))
    keys: dict[str, str] = {}
    digests: Counter[str] = Counter()
    for node in sorted(nodes, key=lambda n: _dumps({"l": n["labels"], "p": n["props"]})):
        node_id = node["props"].get("id")
        if isinstance(node_id, str) and ids[node_id] == 1 and not node_id.startswith("~"):
            keys[node["ref"]] = node_id
            continue
        body = _dumps({"l": sorted(node["labels"]), "p": node["props"]})
        digest = "~" + hashlib.sha256(body).hexdigest()[:24]
        digests[digest] += 1
        keys[node["ref"]] = digest if digests[digest] == 1 else f"{digest}#{digests[digest]}"
    return keys


async def export_lines(graph: GraphClient) -> tuple[dict[str, Any], list[bytes]]:
    """The header and the canonical data lines of the whole graph."""
    nodes = [
        {"ref": r["ref"], "labels": sorted(r["labels"]), "props": _props(r["props"])}
        for r in await graph.read(q.NODES)
    ]
    keys = _keys(nodes)
    node_lines = sorted(
        _dumps({"node": keys[n["ref"]], "labels": n["labels"], "props": n["props"]}) for n in nodes
    )
    rel_lines = sorted(
        _dumps(
            {
                "rel": r["type"],
                "from": keys[r["start"]],
                "to": keys[r["end"]],
                "props": _props(r["props"]),
            }
        )
        for r in await graph.read(q.RELATIONSHIPS)
    )
    lines = node_lines + rel_lines
    header = {
        "format": FORMAT,
        "version": VERSION,
        "schema": sorted(await applied_versions(graph)),
        "nodes": len(node_lines),
        "relationships": len(rel_lines),
        "sha256": content_hash(lines),
    }
    return header, lines


def content_hash(lines: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line)
        digest.update(b"\n")
    return digest.hexdigest()


async def export_graph(graph: GraphClient, path: Path) -> BackupSummary:
    """Write the whole graph to ``path`` (see the module docstring for the format)."""
    header, lines = await export_lines(graph)
    write_backup(path, header, lines)
    return _summary(header)


def write_backup(path: Path, header: dict[str, Any], lines: list[bytes]) -> None:
    # Written beside the target and renamed, so a failed export never leaves half a file.
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as output:
        output.write(_dumps(header) + b"\n")
        for line in lines:
            output.write(line + b"\n")
    partial.replace(path)


def _summary(header: dict[str, Any]) -> BackupSummary:
    return BackupSummary(
        nodes=header["nodes"],
        relationships=header["relationships"],
        sha256=header["sha256"],
        schema=header["schema"],
    )


def read_backup(path: Path) -> tuple[dict[str, Any], list[bytes]]:
    """Header and data lines of a backup file, checked against the header's counts and hash."""
    with path.open("rb") as handle:
        first = handle.readline()
        lines = [line.rstrip(b"\n") for line in handle if line.strip()]
    try:
        header = orjson.loads(first)
    except orjson.JSONDecodeError as e:
        raise BackupError(f"{path} is not a nordhub backup") from e
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path} is not a nordhub backup")
    if header.get("version") != VERSION:
        raise BackupError(f"backup format version {header.get('version')} is not supported")
    if len(lines) != header["nodes"] + header["relationships"]:
        raise BackupError("the backup is truncated: its line count differs from the header")
    if content_hash(lines) != header["sha256"]:
        raise BackupError("the backup's content does not match its sha256")
    return header, lines


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


async def import_graph(graph: GraphClient, path: Path) -> BackupSummary:
    """Restore a backup into an empty database (after migrating it)."""
    header, lines = read_backup(path)
    expected = sorted(expected_versions())
    if header["schema"] != expected:
        raise BackupError(
            f"the backup has the migrations {header['schema']}, this hub {expected}: "
            "import it with the matching release, then migrate"
        )
    existing = await graph.read(q.DATA_NODES)
    if existing[0]["count"]:
        raise BackupError(f"the database already holds {existing[0]['count']} nodes")
    await migrate(graph)
    records = [orjson.loads(line) for line in lines]
    nodes = [
        {"key": r["node"], "labels": r["labels"], "props": _decoded(r["props"])}
        for r in records
        if "node" in r
    ]
    refs: dict[str, str] = {}
    for batch in _batches(nodes):
        for row in await graph.write(q.CREATE_NODES, {"rows": batch}):
            refs[row["key"]] = row["ref"]
    relationships = [
        {
            "type": r["rel"],
            "start": refs[r["from"]],
            "end": refs[r["to"]],
            "props": _decoded(r["props"]),
        }
        for r in records
        if "rel" in r
    ]
    for batch in _batches(relationships):
        await graph.write(q.CREATE_RELATIONSHIPS, {"rows": batch})
    return _summary(header)


def _decoded(props: dict[str, Any]) -> dict[str, Any]:
    return {key: decode(value) for key, value in props.items()}
