"""Registry feeds from the command line: dry runs, checking a file, and the review list.

* ``nordhub sync SOURCE --dry-run``: fetch the feed, and show what a run would create, update,
  withdraw and reject, and which units wait for review; nothing is written.
* ``nordhub validate FILE (--source NAME | --registry ID --country CC)``: the same for a file on
  disk, e.g. before a registry publishes it.
* ``nordhub review list``, ``nordhub review link REVIEW ORGANISATION``, ``nordhub review dismiss
  REVIEW``: the units feeds name by identifiers no organisation carries, and deciding them.

The exit status of a dry run is 0 when the run would succeed, 1 when it would be PARTIAL (or the
file cannot be read), 2 when the command is used wrongly.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from pathlib import Path
from typing import Any, TextIO

import httpx

from connectors.errors import ConnectorError, MalformedPage, SourceConfigError
from connectors.feed import ReadOptions, fetch_feed, read_feed
from connectors.feed_run import FeedOutcome, FeedSync
from connectors.retry import RetryPolicy
from connectors.sources import (
    FeedFormat,
    Source,
    SourceKind,
    load_sources,
    parse_source,
    sources_path,
)
from graph.client import GraphClient
from graph.migrate import migrate
from graph.repositories.reviews import IdentifierReview, ReviewRefused, ReviewRepository
from graph.repositories.sync import RunStatus, SyncRepository
from nordhub.cli_errors import FAILED, CommandError
from nordhub.runtime import graph_client, neo4j_endpoint
from nordhub.settings import Settings

_LIMIT = 20


def add_feed_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--accept-withdrawals",
        action="store_true",
        help="withdraw what a feed no longer states even when rows were rejected, the file "
        "lost a section, units wait for review or the guard would hold",
    )
    parser.add_argument("--encoding", help="the feed's encoding, e.g. windows-1252")
    parser.add_argument("--delimiter", choices=[",", ";"], help="a CSV feed's delimiter")


def given(source: Source, args: argparse.Namespace) -> Source:
    """The source with what the command line says instead of the sources file."""
    changes: dict[str, Any] = {}
    if args.accept_withdrawals:
        changes["accept_withdrawals"] = True
    if args.encoding:
        changes["encoding"] = args.encoding
    if args.delimiter:
        changes["delimiter"] = args.delimiter
    return dataclasses.replace(source, **changes) if changes else source


def render(source: Source, outcome: FeedOutcome, *, dry: bool) -> str:
    """What a feed run did, or a dry run would do, in plain lines."""
    would = "would " if dry else ""
    head = f"{source.name}: dry run, nothing written; the run would end {outcome.status}"
    lines = [head if dry else f"{source.name}: {outcome.status}", f"  read as {outcome.read_as}"]

    def listed(title: str, items: tuple[str, ...] | list[str]) -> None:
        if not items:
            return
        lines.append(f"  {title} {len(items)}:")
        lines.extend(f"    {item}" for item in items[:_LIMIT])
        if len(items) > _LIMIT:
            lines.append(f"    … {len(items) - _LIMIT} more")

    listed(f"{would}create", outcome.created)
    listed(f"{would}update", outcome.updated)
    lines.append(f"  unchanged {outcome.unchanged}")
    if outcome.held:
        lines.append(f"  {would}withdraw nothing, because:")
        lines.extend(f"    {reason}" for reason in outcome.held)
        listed("held back", outcome.unseen)
    else:
        listed(f"{would}withdraw", outcome.withdrawn)
        if outcome.accepted and outcome.withdrawn:
            lines.append("  (withdrawals accepted)")
    listed("rejected", outcome.rejected)
    listed(
        "wait for review",
        [
            f"{u.country} {u.system} {u.identifier} “{u.name}” ({u.language})"
            for u in outcome.review
        ],
    )
    listed("notes", [str(issue) for issue in outcome.issues])
    return "\n".join(lines)


async def dry_run(
    graph: GraphClient, source: Source, content: bytes, charset: str | None
) -> FeedOutcome:
    """What a run of ``source`` would do with ``content`` (:class:`MalformedPage`: no feed)."""
    options = ReadOptions(source.encoding or charset, source.delimiter)
    doc = read_feed(content, source.format, options)
    feeds = FeedSync(SyncRepository(graph))
    return await feeds.apply(await feeds.plan(source, doc), run_id=None)


async def dry_runs(settings: Settings, sources: list[Source], *, stream: TextIO) -> int:
    code = 0
    async with graph_client(settings) as graph, httpx.AsyncClient() as http:
        await migrate(graph)  # the schema only: a dry run writes no data
        for source in sources:
            try:
                fetched = await fetch_feed(
                    http, source, policy=RetryPolicy.of(source.retry), headers=source.headers()
                )
                outcome = await dry_run(graph, source, fetched.content, fetched.charset)
            except ConnectorError as e:
                print(f"{source.name}: the feed cannot be read: {e}", file=stream, flush=True)
                code = 1
                continue
            print(render(source, outcome, dry=True), file=stream, flush=True)
            if outcome.status is not RunStatus.SUCCEEDED:
                code = 1
    return code


# --- nordhub validate --------------------------------------------------------------------------


def _validated_source(args: argparse.Namespace, path: Path) -> Source:
    if args.source:
        found = load_sources(Path(args.sources) if args.sources else sources_path()).get(
            args.source
        )
        if found is None or found.kind is not SourceKind.REGISTRY_FEED:
            raise SourceConfigError(f"no registry feed source named {args.source}")
        source = found
    elif args.registry and args.country:
        source = parse_source(
            {
                "name": "validate",
                "kind": "registry-feed",
                "url": "https://nordhub.invalid/validate",
                "country": args.country,
                "registry": args.registry,
                "registry_scope": args.scope,
                "countries": [args.country],
            }
        )
    else:
        raise SourceConfigError("give --source NAME, or --registry and --country")
    feed_format = args.format or ("csv" if path.suffix.lower() == ".csv" else source.format.value)
    source = dataclasses.replace(
        source, format=FeedFormat(feed_format), url=path.resolve().as_uri()
    )
    return given(source, args)


def run_validate(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        source = _validated_source(args, path)
        content = path.read_bytes()
    except (SourceConfigError, OSError) as e:
        raise CommandError("BAD_SOURCES", str(e)) from e

    async def run(live: Settings) -> int:
        async with graph_client(live) as graph:
            await migrate(graph)  # the schema only: a dry run writes no data
            try:
                outcome = await dry_run(graph, source, content, None)
            except MalformedPage as e:
                # The check's verdict, like a run that would not succeed: status 1.
                raise CommandError(
                    "NOT_A_REGISTRY_FEED", f"{path}: not a registry feed: {e}", status=FAILED
                ) from e
        print(render(source, outcome, dry=True), file=sys.stderr)
        return 0 if outcome.status is RunStatus.SUCCEEDED else 1

    with neo4j_endpoint(settings) as live:
        return asyncio.run(run(live))


# --- nordhub review ----------------------------------------------------------------------------


def review_line(item: IdentifierReview) -> str:
    years = ", ".join(str(y) for y in item.years) or "-"
    decided = item.decided_as or item.created_as
    seen = f"{item.last_seen:%Y-%m-%d}" if item.last_seen else "-"
    return (
        f"{item.id}  {item.status}{f' -> {decided}' if decided else ''}\n"
        f"    {item.country} {item.system} {item.value} “{item.name}” ({item.language}), "
        f"registry {item.registry}, years {years}, last seen {seen}"
    )


def run_review(settings: Settings, args: argparse.Namespace) -> int:
    async def run(live: Settings) -> int:
        async with graph_client(live) as graph:
            await migrate(graph)
            reviews = ReviewRepository(graph)
            if args.action == "list":
                status = None if args.all else "OPEN"
                found = await reviews.list(
                    status=status, registry=args.registry, source=args.source
                )
                for item in found:
                    print(review_line(item))
                print(f"{len(found)} {'reviews' if args.all else 'open reviews'}", file=sys.stderr)
                return 0
            try:
                if args.action == "link":
                    item = await reviews.link(args.review, args.organisation, by="cli")
                else:
                    item = await reviews.dismiss(args.review, by="cli")
            except ReviewRefused as e:
                raise CommandError("REVIEW_REFUSED", str(e)) from e
            print(review_line(item))
            return 0

    with neo4j_endpoint(settings) as live:
        return asyncio.run(run(live))


def add_commands(commands: Any) -> None:
    """Register ``validate`` and ``review`` on the CLI's sub-command parser."""
    validate = commands.add_parser(
        "validate", help="check a registry feed file against the graph, writing nothing"
    )
    validate.add_argument("file", help="the feed file (JSON or CSV)")
    validate.add_argument("--source", help="a configured registry feed source to diff against")
    validate.add_argument("--sources", help="the sources file (default: $NORDHUB_SOURCES)")
    validate.add_argument("--registry", help="without --source: the registry, registry:<id>")
    validate.add_argument(
        "--country", help="without --source: the country whose facts the file states"
    )
    validate.add_argument("--scope", choices=["NATIONAL", "NORDIC"], default="NORDIC")
    validate.add_argument("--format", choices=["json", "csv"], help="default: from the file name")
    add_feed_arguments(validate)
    validate.set_defaults(run=run_validate)

    review = commands.add_parser(
        "review", help="units registry feeds name by identifiers the hub does not know"
    )
    actions = review.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the open reviews (--all: every review)")
    listing.add_argument("--registry")
    listing.add_argument("--source")
    listing.add_argument("--all", action="store_true")
    link = actions.add_parser("link", help="give the unit's identifier to an organisation")
    link.add_argument("review")
    link.add_argument("organisation")
    dismiss = actions.add_parser("dismiss", help="decide a review without linking it")
    dismiss.add_argument("review")
    review.set_defaults(run=run_review)
