"""``nordhub token issue|list|revoke``: partner tokens from the command line.

``issue`` prints the token once; only its SHA-256 hash is stored (see :mod:`schema.tokens`).
A token acts for one organisation with one role, and only a role the organisation may hold
(``schema.policy.HOLDERS``: a ministry role for a ministry ...); ``revoke`` ends it at once.
Refusals are :class:`~nordhub.cli_errors.CommandError` in the terminal's language, with a
stable code: one line, exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Any

from graph.client import GraphClient
from graph.migrate import migrate
from graph.repositories.tokens import StoredToken, TokenRepository, UnknownOrganisation
from graph.vocabulary import AccessRole
from i18n.messages import N_, gettext
from i18n.negotiation import environment_language
from nordhub.cli_errors import CommandError
from nordhub.runtime import graph_client, neo4j_endpoint
from nordhub.settings import Settings
from schema import tokens
from schema.errors import MESSAGES, ErrorCode
from schema.policy import HOLDERS, SECRETARIAT_TEXT, holds

ROLE_DOES_NOT_FIT = N_(
    "“{organisation}” ({kind}) cannot hold the role {role}. That role is for: {holders}."
)
NO_SUCH_TOKEN = N_("No token has the id “{token}”.")


async def issue(
    client: GraphClient, organisation: str, role: AccessRole, label: str | None = None
) -> tuple[str, StoredToken]:
    """Issue a token; returns its value (shown once, never stored) and what was stored.

    Raises :class:`UnknownOrganisation` for an id the graph does not hold and
    :class:`~schema.tokens.RoleDoesNotFit` when the organisation may not hold ``role``.
    """
    repository = TokenRepository(client)
    body = await repository.body(organisation)
    if body is None:
        raise UnknownOrganisation(organisation)
    if not holds(role, body.kind, body.secretariat):
        raise tokens.RoleDoesNotFit(organisation, body.kind, role.value)
    made = tokens.generate()
    stored = await repository.issue(
        token_id=made.id,
        token_hash=made.hash,
        role=role.value,
        organisation=organisation,
        label=label,
    )
    return made.value, stored


def refusal(error: UnknownOrganisation | tokens.RoleDoesNotFit, language: str) -> CommandError:
    """Why ``issue`` refused, with its stable code."""
    if isinstance(error, tokens.RoleDoesNotFit):
        role = AccessRole(error.role)
        holders = [
            gettext(text, language) if text == SECRETARIAT_TEXT else text
            for text in HOLDERS[role].describe()
        ]
        text = gettext(
            ROLE_DOES_NOT_FIT,
            language,
            organisation=error.organisation,
            kind=error.kind or "-",
            role=role.value.lower(),
            holders=", ".join(holders),
        )
        return CommandError("ROLE_DOES_NOT_FIT", text)
    text = gettext(MESSAGES[ErrorCode.UNKNOWN_ORGANISATION], language, id=error.organisation)
    return CommandError(ErrorCode.UNKNOWN_ORGANISATION, text)


def _line(token: StoredToken) -> str:
    state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
    return f"{token.id}  {token.role:<26} {token.organisation:<40} {state}  {token.label or ''}"


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    language = environment_language(os.environ)
    async with graph_client(settings) as client:
        await migrate(client)
        repository = TokenRepository(client)
        if args.action == "issue":
            try:
                value, stored = await issue(
                    client, args.organisation, AccessRole(args.role.upper()), args.label
                )
            except (UnknownOrganisation, tokens.RoleDoesNotFit) as e:
                raise refusal(e, language) from e
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
            raise CommandError(
                ErrorCode.NOT_FOUND, gettext(NO_SUCH_TOKEN, language, token=args.token_id)
            )
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
        help="a role the organisation may hold: see docs/authorisation.md",
    )
    issue_cmd.add_argument("--label", help="a note on what the token is for")
    listing = actions.add_parser("list", help="list tokens (never their secrets)")
    listing.add_argument("--organisation", help="only this organisation's tokens")
    revoke = actions.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("token_id", help="the id part of nh_<id>_<secret>")
    token.set_defaults(run=_token)
