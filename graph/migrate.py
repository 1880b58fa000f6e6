"""Versioned schema migrations: ``graph/migrations/NNNN_name.cypher``, applied in order, once.

Each file holds statements separated by ``;`` at the end of a line (``//`` starts a comment line).
Statements are idempotent (``IF NOT EXISTS``), so a run that was cut off can simply run again.
Applied versions are recorded as ``(:Migration {version, name, checksum, appliedAt})``; editing
a file after it was applied is an error, not a silent divergence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from graph.client import GraphClient
from graph.errors import MigrationError
from graph.queries import migrations as q

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.cypher$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    checksum: str


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations: list[Migration] = []
    for path in sorted(directory.glob("*.cypher")):
        match = _FILE_NAME.match(path.name)
        if match is None:
            raise MigrationError(f"migration file name must be NNNN_name.cypher: {path.name}")
        text = path.read_text(encoding="utf-8")
        migrations.append(
            Migration(
                version=int(match.group(1)),
                name=match.group(2),
                statements=split_statements(text),
                checksum=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            )
        )
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migration files share a version: {versions}")
    return migrations


def split_statements(text: str) -> tuple[str, ...]:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    statements = [s.strip() for s in re.split(r";\s*$", "\n".join(lines), flags=re.MULTILINE)]
    return tuple(s for s in statements if s)


def latest_version(directory: Path = MIGRATIONS_DIR) -> int:
    return max((m.version for m in load_migrations(directory)), default=0)


def expected_versions(directory: Path = MIGRATIONS_DIR) -> frozenset[int]:
    return frozenset(m.version for m in load_migrations(directory))


async def applied_versions(client: GraphClient) -> frozenset[int]:
    """Every applied version. Readiness compares sets, not maxima: a branch's migration
    numbers need not arrive in order, and a gap is a missing migration."""
    return frozenset(int(row["version"]) for row in await client.read(q.APPLIED))


async def applied_version(client: GraphClient) -> int:
    rows = await client.read(q.LATEST_VERSION)
    version = rows[0]["version"] if rows else None
    return int(version) if version is not None else 0


async def migrate(
    client: GraphClient, directory: Path = MIGRATIONS_DIR, *, index_wait_s: int = 300
) -> list[int]:
    """Apply every migration not yet recorded; return the versions applied by this call."""
    applied = {row["version"]: row for row in await client.read(q.APPLIED)}
    done: list[int] = []
    for migration in load_migrations(directory):
        recorded = applied.get(migration.version)
        if recorded is not None:
            if recorded["checksum"] != migration.checksum:
                raise MigrationError(
                    f"migration {migration.version:04d}_{migration.name} changed after it was "
                    "applied; add a new migration instead of editing an applied one"
                )
            continue
        for statement in migration.statements:
            # Statements come from the project's own migration files, never from callers.
            await client.write(statement)
        await client.write(
            q.RECORD,
            {"version": migration.version, "name": migration.name, "checksum": migration.checksum},
        )
        done.append(migration.version)
    if done:
        await client.write(q.AWAIT_INDEXES, {"seconds": index_wait_s})
    return done
