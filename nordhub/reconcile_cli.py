"""``nordhub reconcile list|accept REVIEW|dismiss REVIEW``: partner organisations whose name
matches one of the hub's own.

A FHIR sync reconciles a partner's organisation with the hub's by a national identifier on its
own; a name alone never merges two bodies. Such a match waits as a review until someone accepts
it (the partner's record then names the hub's organisation, and everything that named the
record names the organisation) or dismisses it (the next runs do not ask again).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from graph.errors import GraphConflict
from graph.migrate import migrate
from graph.repositories.sync import SyncRepository
from nordhub.cli_errors import CommandError
from nordhub.runtime import graph_client, neo4j_endpoint
from nordhub.settings import Settings


def review_line(item: dict[str, Any]) -> str:
    return (
        f"{item['id']}  {item['status']}\n"
        f"    {item['record']} “{item.get('recordName')}” may be "
        f"{item['own']} “{item.get('ownName')}” (same {item.get('basis', 'name')})"
    )


def run_reconcile(settings: Settings, args: argparse.Namespace) -> int:
    async def run(live: Settings) -> int:
        async with graph_client(live) as graph:
            await migrate(graph)
            repo = SyncRepository(graph)
            if args.action == "list":
                found = await repo.reconciliation_reviews(
                    status=None if args.all else "OPEN", source=args.source
                )
                for item in found:
                    print(review_line(item))
                print(f"{len(found)} {'reviews' if args.all else 'open reviews'}", file=sys.stderr)
                return 0
            try:
                decided = await repo.decide_reconciliation(
                    args.review, accept=args.action == "accept", by="cli"
                )
            except GraphConflict as e:
                raise CommandError("REVIEW_REFUSED", str(e)) from e
            if decided is None:
                raise CommandError("REVIEW_REFUSED", f"no open review {args.review}")
            print(review_line(decided))
            return 0

    with neo4j_endpoint(settings) as live:
        return asyncio.run(run(live))


def add_reconcile_command(commands: Any) -> None:
    """Register ``reconcile`` on the CLI's sub-command parser."""
    reconcile = commands.add_parser(
        "reconcile", help="partner organisations whose name matches one of the hub's"
    )
    actions = reconcile.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the open reviews (--all: every review)")
    listing.add_argument("--source")
    listing.add_argument("--all", action="store_true")
    accept = actions.add_parser("accept", help="the partner's organisation is the hub's")
    accept.add_argument("review")
    dismiss = actions.add_parser("dismiss", help="they are different bodies")
    dismiss.add_argument("review")
    reconcile.set_defaults(run=run_reconcile)
