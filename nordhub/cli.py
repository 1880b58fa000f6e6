"""``nordhub`` (or ``python -m nordhub``): serve the hub and look after its graph.

nordhub serve            start Neo4j if NEO4J_URI is unset, migrate, seed, serve /graphql
nordhub migrate          apply schema migrations
nordhub seed [--force]   load the seed data (skipped when unchanged)
nordhub check-seed       read and check the seed files without a database
nordhub neo4j            run only the local Neo4j until interrupted
nordhub export-schema    print (or write) the subgraph SDL
nordhub export FILE      write the whole graph to a signed backup file (JSON lines)
nordhub import FILE      restore a signed backup into an empty database, all or nothing
nordhub compose          compose the hub with partner subgraphs (SDL files or URLs)
nordhub token issue|list|revoke   partner bearer tokens (see nordhub/token_cli.py)

Beside a running ``nordhub serve`` every command uses the hub's local Neo4j (recorded under the
state folder, see graph/local.py) rather than starting a second one on the same store.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.local import owner_of, recorded_endpoint
from graph.migrate import migrate
from graph.seed import load_seed, read_seed
from i18n.negotiation import environment_language
from nordhub import token_cli
from nordhub.cli_errors import CommandError, command_error
from nordhub.runtime import graph_client, neo4j_endpoint
from nordhub.settings import Settings, SettingsError
from nordhub.sync_cli import add_sync_command

logger = logging.getLogger("nordhub")


async def _prepare(settings: Settings, *, seed: bool, force: bool = False) -> None:
    async with graph_client(settings) as client:
        started = time.perf_counter()
        applied = await migrate(client)
        logger.info(
            "migrations: %s (%.1f s)",
            applied or "up to date",
            time.perf_counter() - started,
        )
        if seed:
            started = time.perf_counter()
            report = await load_seed(client, force=force)
            logger.info(
                "seed: %s %d nodes, %d relationships (%.1f s)",
                "loaded" if report.loaded else "unchanged,",
                report.nodes,
                report.relationships,
                time.perf_counter() - started,
            )


class _Stopped(Exception):
    """Raised by the SIGTERM handler so that the local Neo4j is stopped on the way out."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Stopped


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    # uvicorn handles SIGTERM while serving, then re-raises it once stopped; this handler turns
    # that into an exception, so the `with` below stops the local Neo4j before we exit.
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _serve_until_stopped(settings, args, uvicorn)
    except (_Stopped, KeyboardInterrupt):
        return 0


def _serve_until_stopped(settings: Settings, args: argparse.Namespace, uvicorn: Any) -> int:
    settings = dataclasses.replace(
        settings,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
    )
    with neo4j_endpoint(settings, supervise=True) as live:
        asyncio.run(_prepare(live, seed=not args.no_seed))
        logger.info("serving on http://%s:%d/graphql", live.host, live.port)
        if live.workers > 1:
            # Workers are separate processes: hand them the endpoint through the environment.
            assert live.neo4j.uri is not None and live.neo4j.password is not None
            os.environ.update(
                NEO4J_URI=live.neo4j.uri,
                NEO4J_USER=live.neo4j.user,
                NEO4J_PASSWORD=live.neo4j.password,
                NEO4J_DATABASE=live.neo4j.database,
                NORDHUB_MIGRATE_ON_START="false",
            )
            uvicorn.run(
                "nordhub.app:create_app",
                factory=True,
                host=live.host,
                port=live.port,
                workers=live.workers,
                loop="uvloop",
                http="httptools",
                log_level="info",
                # The app reads forwarded addresses from trusted proxies only (nordhub.proxies).
                proxy_headers=False,
            )
        else:
            from nordhub.app import create_app

            app = create_app(dataclasses.replace(live, migrate_on_start=False))
            uvicorn.run(
                app,
                host=live.host,
                port=live.port,
                loop="uvloop",
                http="httptools",
                log_level="info",
                # The app reads forwarded addresses from trusted proxies only (nordhub.proxies).
                proxy_headers=False,
            )
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    with neo4j_endpoint(settings) as live:
        asyncio.run(_prepare(live, seed=False))
    return 0


def _seed(settings: Settings, args: argparse.Namespace) -> int:
    with neo4j_endpoint(settings) as live:
        asyncio.run(_prepare(live, seed=True, force=args.force))
    return 0


def _check_seed(settings: Settings, args: argparse.Namespace) -> int:
    graph = read_seed()
    for label, count in sorted(graph.labels().items()):
        print(f"{label:24} {count:5d}")
    print(f"{'relationships':24} {len(graph.relationships):5d}")
    return 0


def _neo4j(settings: Settings, args: argparse.Namespace) -> int:
    home = settings.state_dir / "neo4j"
    running = recorded_endpoint(home) if settings.neo4j.uri is None else None
    if running is not None:
        # Another process (a hub) runs it: say where, and leave it to that process to stop.
        print(f"NEO4J_URI={running.uri}")
        print(f"NEO4J_USER={running.user}")
        print(f"password in {home / 'password'}")
        print(f"already running, started by process {owner_of(home)}")
        return 0
    with neo4j_endpoint(settings, supervise=True) as live:
        print(f"NEO4J_URI={live.neo4j.uri}")
        print(f"NEO4J_USER={live.neo4j.user}")
        print(f"password in {home / 'password'}")
        print("Ctrl-C stops it.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


def _export_schema(settings: Settings, args: argparse.Namespace) -> int:
    from nordhub.sdl import export_sdl

    sdl = export_sdl()
    if args.output:
        Path(args.output).write_text(sdl, encoding="utf-8")
    else:
        sys.stdout.write(sdl)
    return 0


def _backup(settings: Settings, args: argparse.Namespace) -> int:
    """``nordhub export FILE`` and ``nordhub import FILE``: the key is checked (and an import's
    file verified) before Neo4j starts; a refusal is a :class:`BackupError` (``main`` says it)."""
    from graph.backup import backup_key, export_graph, import_graph, read_verified

    exporting = args.backup == "export"
    path = Path(args.file)

    async def run(live: Settings, key: bytes) -> None:
        async with graph_client(live) as client:
            if exporting:
                summary = await export_graph(
                    client, path, key, include_token_hashes=args.include_token_hashes
                )
            else:
                summary = await import_graph(client, path, key)
        logger.info(
            "%s %d nodes, %d relationships %s %s (%s; digest %s%s)",
            "exported" if exporting else "imported",
            summary.nodes,
            summary.relationships,
            "to" if exporting else "from",
            path,
            "signed" if exporting else "signature verified",
            summary.digest[:16],
            "; token hashes included" if exporting and args.include_token_hashes else "",
        )

    key = backup_key()  # refused before anything starts
    if not exporting:
        read_verified(path, key)  # a forged file is refused before Neo4j starts
    with neo4j_endpoint(settings) as live:
        asyncio.run(run(live, key))
    return 0


def _compose(settings: Settings, args: argparse.Namespace) -> int:
    from nordhub import compose
    from nordhub.gateway import HarnessError

    try:
        return compose.run(**compose.options(vars(args)))
    except HarnessError as e:
        raise CommandError("BAD_SUBGRAPH", str(e)) from e


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nordhub", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the hub on /graphql")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, help="worker processes (default 1)")
    serve.add_argument("--no-seed", action="store_true", help="do not load the seed data")
    serve.set_defaults(run=_serve)

    commands.add_parser("migrate", help="apply schema migrations").set_defaults(run=_migrate)

    seed = commands.add_parser("seed", help="load the seed data")
    seed.add_argument("--force", action="store_true", help="reload even if unchanged")
    seed.set_defaults(run=_seed)

    commands.add_parser("check-seed", help="check the seed files").set_defaults(run=_check_seed)
    commands.add_parser("neo4j", help="run the local Neo4j").set_defaults(run=_neo4j)

    export = commands.add_parser("export-schema", help="print the subgraph SDL")
    export.add_argument("--output", help="write to this file instead of stdout")
    export.set_defaults(run=_export_schema)

    backup = commands.add_parser(
        "export", help="write the whole graph to a signed backup file ($NORDHUB_BACKUP_KEY)"
    )
    backup.add_argument("file", help="the backup file to write (JSON lines, mode 0600)")
    backup.add_argument(
        "--include-token-hashes",
        action="store_true",
        help="keep access tokens' hashes (disaster recovery: tokens then work after a restore)",
    )
    backup.set_defaults(run=_backup, backup="export")
    restore = commands.add_parser(
        "import", help="restore a signed backup into an empty database, all or nothing"
    )
    restore.add_argument("file", help="a file written by `nordhub export`")
    restore.set_defaults(run=_backup, backup="import")
    compose = commands.add_parser(
        "compose", help="compose the hub with partner subgraphs into a supergraph"
    )
    compose.add_argument("--config", help="a rover-style supergraph.yaml")
    compose.add_argument(
        "--subgraph",
        action="append",
        metavar="NAME=SOURCE",
        help="a partner subgraph: NAME=URL, NAME=FILE or NAME=FILE@ROUTING_URL (repeatable)",
    )
    compose.add_argument("--hub-url", help="where a gateway reaches the hub (routing URL)")
    compose.add_argument("--output", help="write the supergraph SDL here instead of stdout")
    compose.set_defaults(run=_compose)
    token_cli.register(commands)
    add_sync_command(commands)
    return parser


def run(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Run a parsed command with ``settings`` (else read from the environment). Every way a
    command fails ends here, as one line on stderr and its exit status (see cli_errors)."""
    try:
        code: int = args.run(Settings.from_env() if settings is None else settings, args)
    except CommandError as e:
        error = e
    except (GraphError, SettingsError) as e:
        error = command_error(e, environment_language(os.environ))
    else:
        return code
    print(error.line(), file=sys.stderr)
    return error.status


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return run(build_parser().parse_args(argv))
