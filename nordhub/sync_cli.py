"""``nordhub sync [SOURCE ...] [--all] [--full] [--dry-run] [--accept-withdrawals]``: bring
partner sources into the graph.

Sources come from the sources file (``--sources``, else ``NORDHUB_SOURCES``, else
``sources.toml``). Each run shows a progress bar on a terminal and ends with a summary; the
exit status is 0 when every run succeeded, 1 when one failed or was partial, 2 when the
configuration is wrong. ``--dry-run`` reads a registry feed and shows what a run would create,
update, withdraw and reject, writing nothing (see :mod:`nordhub.feed_cli`, which also has
``nordhub validate`` and ``nordhub review``).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any, TextIO

import httpx

from connectors.errors import SourceConfigError
from connectors.sources import Source, SourceKind, load_sources, sources_path
from connectors.sync import ProgressEvent, SyncRunner
from graph.migrate import migrate
from graph.repositories.sync import RunStatus, SyncRunState
from graph.seed import load_seed
from nordhub import feed_cli
from nordhub.cli_errors import CommandError
from nordhub.runtime import graph_client, neo4j_endpoint
from nordhub.settings import Settings

_BAR = 24


class ProgressBar:
    """One line per source on a terminal, redrawn after each page; plain lines otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tty = stream.isatty()

    def __call__(self, event: ProgressEvent) -> None:
        if event.total:
            done = min(event.records, event.total)
            filled = round(_BAR * done / event.total)
            bar = f"[{'#' * filled}{'.' * (_BAR - filled)}] {done}/{event.total}"
        else:
            bar = f"{event.records} records"
        line = (
            f"{event.source} {event.kind:<17} page {event.pages:>3} {bar}  "
            f"+{event.created} ~{event.updated} ={event.unchanged} x{event.rejected}"
        )
        if self._tty:
            self._stream.write("\r\x1b[2K" + line)
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def done(self) -> None:
        if self._tty:
            self._stream.write("\n")
            self._stream.flush()


def summary(run: SyncRunState, *, limit: int = 10) -> str:
    lines = [
        f"{run.source}: {run.status} ({run.id}{', resumed' if run.resumes else ''}"
        f"{', full' if run.full else ', since ' + run.since.isoformat() if run.since else ''})",
        f"  created {run.created}, updated {run.updated}, unchanged {run.unchanged}, "
        f"rejected {run.rejected}, withdrawn {run.withdrawn}, pages {run.pages}",
    ]
    if run.read_as:
        lines.append(f"  read as {run.read_as}")
    for title, items in (("errors", run.errors), ("notes", run.issues)):
        if items:
            lines.append(f"  {title}:")
            lines += [f"    {item}" for item in items[:limit]]
            if len(items) > limit:
                lines.append(f"    … {len(items) - limit} more (see the SyncRun node)")
    if run.held:
        lines.append("  withdrawals held back (nothing withdrawn), because:")
        lines += [f"    {reason}" for reason in run.held]
        lines.append("    check the file; --accept-withdrawals withdraws all the same")
    if run.review:
        lines.append(
            f"  {run.review} units wait for review: nordhub review list --source {run.source}"
        )
    return "\n".join(lines)


def select(sources: dict[str, Source], names: list[str], every: bool) -> list[Source]:
    if every == bool(names):
        raise SourceConfigError("name one or more sources, or give --all")
    if every:
        return list(sources.values())
    unknown = [name for name in names if name not in sources]
    if unknown:
        raise SourceConfigError(
            f"no source named {', '.join(unknown)}; configured: {', '.join(sources) or 'none'}"
        )
    return [sources[name] for name in names]


async def sync_sources(
    settings: Settings, sources: list[Source], *, full: bool, stream: TextIO
) -> list[SyncRunState]:
    bar = ProgressBar(stream)
    runs: list[SyncRunState] = []
    async with graph_client(settings) as graph, httpx.AsyncClient() as http:
        await migrate(graph)
        await load_seed(graph)  # skipped when unchanged; synced facts link to countries, kinds
        runner = SyncRunner(graph, http, progress=bar)
        for source in sources:
            try:
                run = await runner.run(source, full=full)
            finally:
                bar.done()
            runs.append(run)
            print(summary(run), file=stream, flush=True)
    return runs


def run_sync(settings: Settings, args: argparse.Namespace) -> int:
    try:
        path = Path(args.sources) if args.sources else sources_path()
        sources = [
            feed_cli.given(source, args)
            for source in select(load_sources(path), args.source, args.all)
        ]
        for source in sources:
            source.token()  # fail on a missing credential before starting anything
            if args.dry_run and source.kind is not SourceKind.REGISTRY_FEED:
                raise SourceConfigError(f"{source.name}: dry runs are for registry feeds")
    except SourceConfigError as e:
        raise CommandError("BAD_SOURCES", str(e)) from e
    with neo4j_endpoint(settings) as live:
        if args.dry_run:
            return asyncio.run(feed_cli.dry_runs(live, sources, stream=sys.stderr))
        runs = asyncio.run(sync_sources(live, sources, full=args.full, stream=sys.stderr))
    return 0 if all(run.status == RunStatus.SUCCEEDED for run in runs) else 1


def add_sync_command(commands: Any) -> None:
    """Register ``sync`` on the CLI's sub-command parser."""
    sync = commands.add_parser("sync", help="bring partner sources into the graph")
    sync.add_argument("source", nargs="*", help="names of configured sources")
    sync.add_argument("--all", action="store_true", help="every configured source")
    sync.add_argument("--full", action="store_true", help="read everything, not only changes")
    sync.add_argument("--sources", help="the sources file (default: $NORDHUB_SOURCES)")
    feed_cli.add_feed_arguments(sync)
    sync.add_argument(
        "--dry-run",
        action="store_true",
        help="registry feeds: show what a run would change, write nothing",
    )
    sync.set_defaults(run=run_sync)
    feed_cli.add_commands(commands)
