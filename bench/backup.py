"""Backup and restore at scale: time and peak memory of ``nordhub export`` and ``nordhub import``.

    .venv/bin/python -m bench.backup --size 1m     # or 10k, 100k (not part of make test)

Uses the benchmark's synthetic graph (``bench/.state/<size>``, generated once, as ``bench.run``
does), exports it through the CLI to a signed file, restores that into a fresh Neo4j of its own
(``bench/.state/restore-<size>``) through the CLI, and checks that the restored graph has the same
node and relationship counts. Each command runs as its own process, so its peak resident memory
(``ru_maxrss`` from ``wait4``) is the CLI's alone; Neo4j's JVMs are not counted. Results go to
``bench/results/backup-<size>.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import generate
from graph.client import GraphClient, create_driver
from graph.local import Endpoint, LocalNeo4j
from graph.migrate import migrate
from graph.seed import load_seed

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
STATE = BENCH / ".state"
RESULTS = BENCH / "results"
COUNTS = """
MATCH (n) WHERE NOT n:Migration WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->() WITH nodes, count(r) AS relationships
RETURN {nodes: nodes, relationships: relationships} AS row
"""


async def _prepare(endpoint: Endpoint, total: int) -> dict[str, int]:
    client = GraphClient(create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j")
    try:
        await migrate(client)
        await load_seed(client)
        if not await generate.generated(client, total):
            await generate.generate(client, total)
        if not await generate.projects_generated(client, total):
            await generate.generate_projects(client, total)
        return dict((await client.read(COUNTS))[0])
    finally:
        await client.close()


async def _counts(endpoint: Endpoint) -> dict[str, int]:
    client = GraphClient(create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j")
    try:
        return dict((await client.read(COUNTS))[0])
    finally:
        await client.close()


def _measured(args: list[str], endpoint: Endpoint, key: str) -> dict[str, Any]:
    """Run ``nordhub <args>`` against ``endpoint``; wall time and its own peak RSS."""
    environ = {
        **os.environ,
        "NEO4J_URI": endpoint.uri,
        "NEO4J_USER": endpoint.user,
        "NEO4J_PASSWORD": endpoint.password,
        "NORDHUB_BACKUP_KEY": key,
    }
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "nordhub", *args], cwd=ROOT, env=environ
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"nordhub {' '.join(args)} failed ({process.returncode})")
    return {"seconds": round(seconds, 1), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.backup", description=__doc__)
    parser.add_argument("--size", choices=sorted(generate.SIZES), default="10k")
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--page-cache-mib", type=int, default=1024)
    args = parser.parse_args(argv)
    total = generate.SIZES[args.size]
    key = secrets.token_urlsafe(32)
    backup = STATE / f"backup-{args.size}.jsonl"
    source = LocalNeo4j(
        STATE / args.size / "neo4j", heap=args.heap, page_cache_mib=args.page_cache_mib
    )
    endpoint = source.start()
    try:
        counts = asyncio.run(_prepare(endpoint, total))
        exported = _measured(["export", str(backup)], endpoint, key)
    finally:
        source.stop()
    restore_home = STATE / f"restore-{args.size}"
    shutil.rmtree(restore_home, ignore_errors=True)
    target = LocalNeo4j(restore_home / "neo4j", heap=args.heap, page_cache_mib=args.page_cache_mib)
    endpoint = target.start()
    try:
        imported = _measured(["import", str(backup)], endpoint, key)
        restored = asyncio.run(_counts(endpoint))
    finally:
        target.stop()
    assert restored == counts, (restored, counts)
    result = {
        "size": args.size,
        "nodes": counts["nodes"],
        "relationships": counts["relationships"],
        "file_mib": round(backup.stat().st_size / 2**20, 1),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}",
        "export": exported,
        "import": imported,
    }
    backup.unlink()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"backup-{args.size}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"backup-{args.size}.md").write_text(
        f"# Backup and restore, {args.size}\n\n"
        f"{result['nodes']} nodes, {result['relationships']} relationships, "
        f"a {result['file_mib']} MiB signed file; {result['machine']}; {result['date']}.\n\n"
        "| command | seconds | peak RSS (MiB) |\n|---|---|---|\n"
        f"| `nordhub export` | {exported['seconds']} | {exported['peak_rss_mib']} |\n"
        f"| `nordhub import` | {imported['seconds']} | {imported['peak_rss_mib']} |\n\n"
        "The import's time includes verifying the signature (one pass over the file) before "
        "writing (a second pass). Peak RSS is the CLI process alone.\n"
    )
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
