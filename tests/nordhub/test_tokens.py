"""Partner tokens: their form, what is stored (a hash only), and the CLI that issues, lists and
revokes them."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import pytest

from graph.client import GraphClient
from nordhub import cli
from nordhub.settings import Settings
from schema import tokens

VIEWER = "{ viewer { authenticated role organisation { id } } }"


def test_a_token_names_its_id_and_carries_a_random_secret() -> None:
    made = tokens.generate()
    assert made.value == f"nh_{made.id}_{made.secret}"
    assert tokens.parse(made.value) == made
    assert made.hash == hashlib.sha256(made.secret.encode()).hexdigest()
    assert tokens.matches(made.secret, made.hash)
    assert not tokens.matches(made.secret + "x", made.hash)
    assert tokens.generate().secret != made.secret


@pytest.mark.parametrize(
    "value",
    ["", "nh_", "nh_abc_def", "xx_0123456789abcdef_" + "A" * 43, "nh_0123456789abcdef_" + "A" * 42],
)
def test_malformed_tokens_are_refused(value: str) -> None:
    with pytest.raises(tokens.InvalidToken):
        tokens.parse(value)


def test_the_bearer_scheme_is_required() -> None:
    assert tokens.bearer(None) is None
    assert tokens.bearer("Bearer nh_x") == "nh_x"
    assert tokens.bearer("bearer  nh_x ") == "nh_x"
    with pytest.raises(tokens.InvalidToken):
        tokens.bearer("Basic dXNlcjpwYXNz")


def _cli(settings: Settings, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run ``nordhub <argv>``; returns the exit code and stdout (stderr follows it)."""
    code = cli.run(cli.build_parser().parse_args(list(argv)), settings)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


async def test_the_cli_issues_a_token_once_lists_and_revokes_it(
    settings: Settings, graph: GraphClient, gql: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    run = asyncio.to_thread
    code, out = await run(
        _cli, settings, capsys, "token", "issue", "org:helse-bergen", "--role", "partner",
        "--label", "test: cli",
    )  # fmt: skip
    assert code == 0
    value = out.splitlines()[0].strip()
    issued = tokens.parse(value)

    # Only the hash is stored; no property holds the secret.
    rows = await graph.read(
        "MATCH (t:AccessToken {id: $id})-[:ISSUED_TO]->(o) "
        "RETURN {props: properties(t), org: o.id} AS row",
        {"id": issued.id},
    )
    props = rows[0]["props"]
    assert rows[0]["org"] == "org:helse-bergen"
    assert props["hash"] == issued.hash
    assert props["role"] == "PARTNER"
    assert all(issued.secret not in str(v) for v in props.values())

    headers = {"Authorization": f"Bearer {value}"}
    me = (await gql(VIEWER, headers=headers)).ok()["viewer"]
    assert me == {
        "authenticated": True,
        "role": "PARTNER",
        "organisation": {"id": "org:helse-bergen"},
    }

    code, out = await run(
        _cli, settings, capsys, "token", "list", "--organisation", "org:helse-bergen"
    )
    assert code == 0
    assert issued.id in out and "active" in out and issued.secret not in out

    code, out = await run(_cli, settings, capsys, "token", "revoke", issued.id)
    assert code == 0 and "revoked" in out
    refused = await gql(VIEWER, headers=headers, language="sv")
    assert refused.codes == ["TOKEN_REVOKED"]
    assert refused.errors[0]["message"] == f"Token ”{issued.id}” har återkallats."


async def test_issuing_to_an_unknown_organisation_fails(
    settings: Settings, graph: GraphClient, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = await asyncio.to_thread(
        _cli, settings, capsys, "token", "issue", "org:finnes-ikke", "--role", "reader"
    )
    assert code == 2
    assert out == (
        "nordhub: error (UNKNOWN_ORGANISATION): "
        "“org:finnes-ikke” is not an organisation this hub knows.\n"
    )


COUNT_TOKENS = (
    "MATCH (t:AccessToken)-[:ISSUED_TO]->(:Organisation {id: $id}) RETURN {n: count(t)} AS row"
)


@pytest.mark.parametrize(
    ("organisation", "role", "language", "line"),
    [
        (
            "org:st-olavs-hospital",
            "ministry",
            "en_GB.UTF-8",
            "nordhub: error (ROLE_DOES_NOT_FIT): "
            "“org:st-olavs-hospital” (HEALTH_TRUST) cannot hold the "
            "role ministry. That role is for: MINISTRY.",
        ),
        (
            "org:st-olavs-hospital",
            "ministry",
            "nb_NO.UTF-8",
            "nordhub: error (ROLE_DOES_NOT_FIT): "
            "«org:st-olavs-hospital» (HEALTH_TRUST) kan ikke ha rollen "
            "ministry. Den rollen er for: MINISTRY.",
        ),
        (
            "org:karolinska-universitetssjukhuset",
            "coordinator",
            "sv_SE.UTF-8",
            "nordhub: error (ROLE_DOES_NOT_FIT): "
            "”org:karolinska-universitetssjukhuset” (HOSPITAL) kan "
            "inte ha rollen coordinator. Den rollen är för: sekretariatet för ett nordiskt "
            "program.",
        ),
        (
            "org:hod",
            "regional_health_authority",
            "C",
            "nordhub: error (ROLE_DOES_NOT_FIT): "
            "“org:hod” (MINISTRY) cannot hold the role "
            "regional_health_authority. That role is for: REGIONAL_HEALTH_AUTHORITY.",
        ),
    ],
)
async def test_a_role_the_organisation_cannot_hold_is_refused(
    settings: Settings,
    graph: GraphClient,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    organisation: str,
    role: str,
    language: str,
    line: str,
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", language)
    before = await graph.read(COUNT_TOKENS, {"id": organisation})
    code, out = await asyncio.to_thread(
        _cli, settings, capsys, "token", "issue", organisation, "--role", role
    )
    assert (code, out) == (2, line + "\n")
    assert await graph.read(COUNT_TOKENS, {"id": organisation}) == before
