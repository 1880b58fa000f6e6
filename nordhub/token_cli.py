"""``nordhub token issue|list|revoke``: partner tokens from the command line.

``issue`` prints the token once; only its SHA-256 hash is stored (see :mod:`nordhub.tokens`).
A token acts for one organisation with one role; ``revoke`` ends it at once.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from graph.client import GraphClient
from graph.migrate import migrate
from graph.repositories.tokens import StoredToken, TokenRepository, UnknownOrganisation
from graph.vocabulary import AccessRole
from nordhub import tokens
from nordhub.runtime import graph_client, neo4j_endpoint
from nordhub.settings import Settings


async def issue(
    client: GraphClient, organisation: str, role: AccessRole, label: str | None = None
) -> tuple[str, StoredToken]:
    """Issue a token; returns its value (shown once, never stored) and what was stored."""
    made = tokens.generate()
    stored = await TokenRepository(client).issue(
        token_id=made.id,
        token_hash=made.hash,
        role=role.value,
        organisation=organisation,
        label=label,
    )
    return made.value, stored


def _line(token: StoredToken) -> str:
    state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
    return f"{token.id}  {token.role:<26} {token.organisation:<40} {state}  {token.label or ''}"


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    async with graph_client(settings) as client:
        await migrate(client)
        repository = TokenRepository(client)
        if args.action == "issue":
            try:
                value, stored = await issue(
                    client, args.organisation, AccessRole(args.role.upper()), args.label
                )
            except UnknownOrganisation as e:
                print(f"error: {e}", file=sys.stderr)
                return 2
            print(f"token {stored.id} for {stored.organisation} as {stored.role}", file=sys.stderr)
            print("shown once, store it now:", file=sys.stderr)
            print(value)
            return 0
        if args.action == "list":
            for token in await repository.list(args.organisation):
                print(_line(token))
            return 0
        revoked = await repository.revoke(args.token_id)
        if revoked is None:
            print(f"error: no token has the id {args.token_id!r}", file=sys.stderr)
            return 2
        print(_line(revoked))
        return 0


def _token(settings: Settings, args: argparse.Namespace) -> int:
    with neo4j_endpoint(settings) as live:
        return asyncio.run(_run(live, args))


def register(commands: Any) -> None:
    """Add ``token`` with its subcommands to the CLI's subparsers."""
    token = commands.add_parser("token", help="issue, list or revoke partner tokens")
    actions = token.add_subparsers(dest="action", required=True)
    issue_cmd = actions.add_parser("issue", help="issue a token (printed once)")
    issue_cmd.add_argument("organisation", help="organisation id, e.g. org:helsedirektoratet")
    issue_cmd.add_argument(
        "--role",
        required=True,
        choices=[r.value.lower() for r in AccessRole],
        help="coordinator, partner or reader (or a governance role)",
    )
    issue_cmd.add_argument("--label", help="a note on what the token is for")
    listing = actions.add_parser("list", help="list tokens (never their secrets)")
    listing.add_argument("--organisation", help="only this organisation's tokens")
    revoke = actions.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("token_id", help="the id part of nh_<id>_<secret>")
    token.set_defaults(run=_token)
