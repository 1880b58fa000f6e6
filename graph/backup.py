"""Backup and restore: the whole graph as a signed, streamed JSON-lines file.

Every node and relationship goes out with all its properties, so provenance (``source``,
``recordedAt``, ...), audit records and sync history travel with the data they describe. Access
tokens go out without their hashes unless asked for (``include_token_hashes``, for disaster
recovery): a file that leaks then lets nobody in. The file (format version 2):

- line 1, a header: ``{"format": "nordhub-backup", "version": 2, "schema": [<migrations>],
  "createdAt": ..., "tokenHashes": false}``;
- one line per node, ``{"node": key, "labels": [...], "props": {...}}``;
- one line per relationship, ``{"rel": type, "from": key, "to": key, "props": {...}}``;
- a last line, ``{"end": {"nodes": N, "relationships": M, "digest": ...},
  "signature": {"alg": "HMAC-SHA256", "value": ...}}``.

A node's key is its ``id`` where that is a string no other node carries, else ``~`` and a digest
of its labels and properties; database-internal ids never appear. ``digest`` is the sum of the
lines' SHA-256 (order-independent), so it compares graphs across databases. The signature is an
HMAC-SHA256 with ``NORDHUB_BACKUP_KEY`` over every byte before the last line and the ``end``
object: a file changed or made by anyone without the key is refused before anything is written.
Files are written 0600. Temporal and spatial values are tagged (``{"$date": "2012-05-03"}``).

Both directions stream: the export writes rows as Neo4j sends them (memory holds only the keys of
nodes without a usable ``id``, none in the hub's own data); the import reads the file twice (once
to verify, once to write) in batches. The import is all-or-nothing: nodes are written marked
``ImportStaging`` with their key and the run's id, relationships find their ends by that key,
and only when everything is in does the run commit and the marks go; on any failure every staged
node is removed again. A restore that was cut off (the process killed) is cleaned up by the next.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, LiteralString

import neo4j.spatial
import neo4j.time
import orjson

from graph.client import GraphClient
from graph.errors import GraphError
from graph.migrate import applied_versions, expected_versions, migrate
from graph.queries import backup as q

FORMAT = "nordhub-backup"
VERSION = 2
BATCH = 2000
CLEANUP_BATCH = 10_000
KEY_ENV = "NORDHUB_BACKUP_KEY"
MIN_KEY_LENGTH = 32
SIGNATURE_ALG = "HMAC-SHA256"
TOKEN_LABEL = "AccessToken"  # noqa: S105 - a label, not a secret
TOKEN_SECRET = "hash"  # noqa: S105 - the property's name, not a secret
CARTESIAN_SRIDS = frozenset({7203, 9157})
WGS84_SRIDS = frozenset({4326, 4979})


class BackupError(GraphError):
    """Raised when a backup cannot be written, read, trusted or restored; ``code`` says which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def line(self) -> str:
        """The refusal as one line: its code and what to do."""
        return f"{self.code}: {self}"


@dataclass(frozen=True, slots=True)
class BackupSummary:
    nodes: int
    relationships: int
    digest: str
    schema: list[int]


def backup_key(environ: Mapping[str, str] | None = None) -> bytes:
    """The signing key from ``NORDHUB_BACKUP_KEY``; refused when unset or short."""
    env = os.environ if environ is None else environ
    value = env.get(KEY_ENV, "")
    if not value:
        raise BackupError(
            "BACKUP_KEY_MISSING",
            f"set {KEY_ENV} (at least {MIN_KEY_LENGTH} characters) to sign and verify backups",
        )
    if len(value) < MIN_KEY_LENGTH:
        raise BackupError(
            "BACKUP_KEY_TOO_SHORT", f"{KEY_ENV} must be at least {MIN_KEY_LENGTH} characters long"
        )
    return value.encode("utf-8")


# --- values ----------------------------------------------------------------------------------


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
    raise BackupError("BACKUP_MALFORMED", f"unknown spatial reference {srid}")


def _dumps(line: Mapping[str, Any]) -> bytes:
    return orjson.dumps(line, option=orjson.OPT_SORT_KEYS)


# --- signing ---------------------------------------------------------------------------------


class _Seal:
    """What the last line certifies: counts, the order-independent digest, and the HMAC."""

    def __init__(self, key: bytes) -> None:
        self._mac = hmac.new(key, digestmod=hashlib.sha256)
        self._sum = 0
        self.nodes = 0
        self.relationships = 0

    def header(self, line: bytes) -> None:
        self._mac.update(line + b"\n")

    def data(self, line: bytes, *, node: bool) -> None:
        self._mac.update(line + b"\n")
        self._sum = (self._sum + int.from_bytes(hashlib.sha256(line).digest(), "big")) % (1 << 256)
        if node:
            self.nodes += 1
        else:
            self.relationships += 1

    def end(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "relationships": self.relationships, "digest": self.digest}

    @property
    def digest(self) -> str:
        return f"{self._sum:064x}"

    def signature(self, end: Mapping[str, Any]) -> str:
        mac = self._mac.copy()
        mac.update(_dumps(end))
        return mac.hexdigest()


# --- export ----------------------------------------------------------------------------------


class _Keys:
    """Backup keys of nodes: their ``id``, or a digest for those without a usable one (only
    these are remembered, for their relationships)."""

    def __init__(self, shared_ids: set[str]) -> None:
        self._shared = shared_ids
        self._digests: Counter[str] = Counter()
        self.by_ref: dict[str, str] = {}

    def usable(self, node_id: Any) -> bool:
        return (
            isinstance(node_id, str) and not node_id.startswith("~") and node_id not in self._shared
        )

    def of_node(self, ref: str, labels: list[str], props: Mapping[str, Any]) -> str:
        node_id = props.get("id")
        if self.usable(node_id):
            return str(node_id)
        body = _dumps({"l": sorted(labels), "p": props})
        digest = "~" + hashlib.sha256(body).hexdigest()[:24]
        self._digests[digest] += 1
        key = digest if self._digests[digest] == 1 else f"{digest}#{self._digests[digest]}"
        self.by_ref[ref] = key
        return key

    def of_end(self, ref: str, node_id: Any) -> str:
        known = self.by_ref.get(ref)
        if known is not None:
            return known
        if self.usable(node_id):
            return str(node_id)
        raise BackupError(
            "BACKUP_INCONSISTENT",
            "a relationship's end appeared after the nodes were read (the graph changed during "
            "the export): export again while no one writes",
        )


def _open_private(path: Path) -> BinaryIO:
    """A new file only its owner may read (0600), whatever the umask."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


async def export_graph(
    graph: GraphClient, path: Path, key: bytes, *, include_token_hashes: bool = False
) -> BackupSummary:
    """Write the whole graph to ``path`` (see the module docstring for the format)."""
    schema = sorted(await applied_versions(graph))
    header = {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema,
        "createdAt": dt.datetime.now(dt.UTC).isoformat(),
        "tokenHashes": include_token_hashes,
    }
    keys = _Keys({row["id"] for row in await graph.read(q.SHARED_IDS)})
    seal = _Seal(key)
    # Written beside the target and renamed, so a failed export never leaves half a file.
    partial = path.with_name(path.name + ".partial")
    try:
        with _open_private(partial) as output:
            first = _dumps(header)
            seal.header(first)
            output.write(first + b"\n")
            async with graph.stream(q.NODES) as nodes:
                async for row in nodes:
                    labels = sorted(row["labels"])
                    props = {k: encode(v) for k, v in row["props"].items()}
                    if TOKEN_LABEL in labels and not include_token_hashes:
                        props.pop(TOKEN_SECRET, None)
                    node_key = keys.of_node(row["ref"], labels, props)
                    line = _dumps({"node": node_key, "labels": labels, "props": props})
                    seal.data(line, node=True)
                    output.write(line + b"\n")
            async with graph.stream(q.RELATIONSHIPS) as relationships:
                async for row in relationships:
                    line = _dumps(
                        {
                            "rel": row["type"],
                            "from": keys.of_end(row["start"], row["startId"]),
                            "to": keys.of_end(row["end"], row["endId"]),
                            "props": {k: encode(v) for k, v in row["props"].items()},
                        }
                    )
                    seal.data(line, node=False)
                    output.write(line + b"\n")
            end = seal.end()
            output.write(
                _dumps(
                    {"end": end, "signature": {"alg": SIGNATURE_ALG, "value": seal.signature(end)}}
                )
                + b"\n"
            )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(seal.nodes, seal.relationships, seal.digest, schema)


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verified:
    header: dict[str, Any]
    end: dict[str, Any]


def _lines(path: Path) -> Iterator[tuple[bytes, bool]]:
    """The file's lines without their newline, each with whether it is the last."""
    try:
        handle = path.open("rb")
    except FileNotFoundError as e:
        raise BackupError("BACKUP_NOT_FOUND", f"there is no file {path}") from e
    with handle:
        previous: bytes | None = None
        for raw in handle:
            if previous is not None:
                yield previous, False
            previous = raw.rstrip(b"\n")
        if previous is not None:
            yield previous, True


def _header(line: bytes, path: Path) -> dict[str, Any]:
    try:
        header = orjson.loads(line)
    except orjson.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("BACKUP_NOT_A_BACKUP", f"{path} is not a nordhub backup")
    if header.get("version") != VERSION:
        raise BackupError(
            "BACKUP_UNSIGNED_FORMAT",
            f"{path} is a format {header.get('version')} backup, which carries no signature: "
            f"only signed format {VERSION} backups are restored",
        )
    return header


def read_verified(
    path: Path, key: bytes, on_data: Callable[[bytes], None] | None = None
) -> Verified:
    """Read ``path`` through, checking its structure, counts and signature; hand each data line
    to ``on_data`` on the way. Raises :class:`BackupError` at the first thing wrong."""
    seal = _Seal(key)
    header: dict[str, Any] | None = None
    trailer: Any = None
    for line, last in _lines(path):
        if header is None:
            header = _header(line, path)
            seal.header(line)
            if last:
                break
            continue
        if last:
            try:
                trailer = orjson.loads(line)
            except orjson.JSONDecodeError:
                trailer = None
            break
        # Keys are sorted: a node's line starts with its labels, a relationship's with "from".
        seal.data(line, node=line.startswith(b'{"labels'))
        if on_data is not None:
            on_data(line)
    if header is None:
        raise BackupError("BACKUP_NOT_A_BACKUP", f"{path} is empty")
    if not isinstance(trailer, dict) or "end" not in trailer or "signature" not in trailer:
        raise BackupError(
            "BACKUP_TRUNCATED", f"{path} ends before its signature: the file is incomplete"
        )
    end = trailer["end"]
    signature = trailer["signature"]
    if not isinstance(end, dict) or not isinstance(signature, dict):
        raise BackupError("BACKUP_TRUNCATED", f"{path} has no readable signature line")
    given = str(signature.get("value", ""))
    if signature.get("alg") != SIGNATURE_ALG or not hmac.compare_digest(given, seal.signature(end)):
        raise BackupError(
            "BACKUP_SIGNATURE_INVALID",
            f"{path} is not signed with this {KEY_ENV}: it was changed, or made with another key",
        )
    if end != seal.end():
        raise BackupError("BACKUP_TRUNCATED", f"{path}: the counts or digest differ from the file")
    return Verified(header, end)


# --- import ----------------------------------------------------------------------------------


async def import_graph(graph: GraphClient, path: Path, key: bytes) -> BackupSummary:
    """Restore a verified backup into a database without data: everything, or nothing."""
    verified = read_verified(path, key)
    schema = verified.header["schema"]
    expected = sorted(expected_versions())
    if schema != expected:
        raise BackupError(
            "BACKUP_SCHEMA_MISMATCH",
            f"the backup has the migrations {schema}, this hub {expected}: "
            "restore it with the matching release, then migrate",
        )
    await migrate(graph)
    await _clear_left_over(graph)
    existing = (await graph.read(q.DATA_NODES))[0]["count"]
    if existing:
        raise BackupError(
            "IMPORT_TARGET_NOT_EMPTY",
            f"the database already holds {existing} nodes: restore into an empty database",
        )
    run = f"import:{uuid.uuid4().hex}"
    await graph.write(q.BEGIN_IMPORT, {"run": run, "file": path.name})
    try:
        await _stage(graph, path, key, run)
    except BaseException as e:
        try:
            await _drain(graph, q.DROP_STAGED, run)
            await graph.write(q.END_IMPORT, {"run": run})
        except GraphError:
            pass  # the next import removes what is left
        if isinstance(e, BackupError):
            raise
        if isinstance(e, GraphError):
            raise BackupError(
                "IMPORT_FAILED",
                f"the restore stopped ({str(e).splitlines()[0][:200]}); nothing of it was kept: "
                "run the same import again",
            ) from e
        raise
    await graph.write(q.COMMIT_IMPORT, {"run": run})
    await _drain(graph, q.UNMARK_STAGED, run)
    await graph.write(q.END_IMPORT, {"run": run})
    end = verified.end
    return BackupSummary(end["nodes"], end["relationships"], end["digest"], schema)


async def _stage(graph: GraphClient, path: Path, key: bytes, run: str) -> None:
    """Write every line of ``path`` as staged nodes and relationships, checking the signature
    again on the way (the file must not change between verifying and writing)."""
    nodes: list[dict[str, Any]] = []
    relationships: list[dict[str, Any]] = []
    pending: list[list[dict[str, Any]]] = []  # full batches, written between reads

    def collect(line: bytes) -> None:
        record = orjson.loads(line)
        if "node" in record:
            nodes.append(
                {
                    "key": record["node"],
                    "labels": record["labels"],
                    "props": {k: decode(v) for k, v in record["props"].items()},
                }
            )
            if len(nodes) == BATCH:
                pending.append(nodes.copy())
                nodes.clear()
        else:
            if nodes:  # every node is written before the first relationship that needs it
                pending.append(nodes.copy())
                nodes.clear()
            relationships.append(
                {
                    "type": record["rel"],
                    "from": record["from"],
                    "to": record["to"],
                    "props": {k: decode(v) for k, v in record["props"].items()},
                }
            )
            if len(relationships) == BATCH:
                pending.append(relationships.copy())
                relationships.clear()

    # The file is read in slices of lines, each slice's batches written before the next.
    reader = _SliceReader(path, key, collect)
    while reader.more():
        for batch in pending:
            await _write_batch(graph, batch, run)
        pending.clear()
    for batch in (nodes, relationships):
        if batch:
            await _write_batch(graph, batch, run)


async def _write_batch(graph: GraphClient, batch: list[dict[str, Any]], run: str) -> None:
    if "key" in batch[0]:
        await graph.write(q.STAGE_NODES, {"rows": batch, "run": run})
        return
    created = (await graph.write(q.STAGE_RELATIONSHIPS, {"rows": batch, "run": run}))[0]["created"]
    if created != len(batch):
        raise BackupError(
            "BACKUP_INCONSISTENT",
            f"{len(batch) - created} relationships name a node the backup does not hold; "
            "nothing of it was kept",
        )


class _SliceReader:
    """Reads a backup a slice of lines at a time (verifying it as it goes), so the caller can
    write each slice's batches before memory fills; the signature is checked after the last."""

    def __init__(self, path: Path, key: bytes, on_data: Callable[[bytes], None]) -> None:
        self._on_data = on_data
        self._seal = _Seal(key)
        self._lines = _lines(path)
        self._path = path
        self._header_seen = False
        self._done = False

    def more(self) -> bool:
        """Read up to one slice; False once the whole file is read and its signature holds."""
        if self._done:
            return False
        for _ in range(BATCH):
            try:
                line, last = next(self._lines)
            except StopIteration:
                raise BackupError(
                    "BACKUP_TRUNCATED", f"{self._path} changed while restoring"
                ) from None
            if not self._header_seen:
                _header(line, self._path)
                self._seal.header(line)
                self._header_seen = True
                continue
            if last:
                self._finish(line)
                return True
            self._seal.data(line, node=line.startswith(b'{"labels'))
            self._on_data(line)
        return True

    def _finish(self, line: bytes) -> None:
        trailer = orjson.loads(line)
        end = trailer["end"]
        if not hmac.compare_digest(str(trailer["signature"]["value"]), self._seal.signature(end)):
            raise BackupError(
                "BACKUP_SIGNATURE_INVALID", f"{self._path} changed while it was being restored"
            )
        self._done = True


async def _drain(graph: GraphClient, statement: LiteralString, run: str) -> None:
    """Run a batched clean-up statement until it finds nothing more."""
    while True:
        rows = await graph.write(statement, {"run": run, "batch": CLEANUP_BATCH})
        if not rows or rows[0]["done"] < CLEANUP_BATCH:
            return


async def _clear_left_over(graph: GraphClient) -> None:
    """Finish or undo restores that were cut off (the process killed part-way)."""
    for row in await graph.read(q.LEFT_OVER):
        if row["status"] == "COMMITTED":
            await _drain(graph, q.UNMARK_STAGED, row["id"])
        else:
            await _drain(graph, q.DROP_STAGED, row["id"])
        await graph.write(q.END_IMPORT, {"run": row["id"]})
