"""``nordhub validate`` and ``nordhub review``: a feed file checked against the graph, nothing
written; the review list read and decided."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest

from graph.client import GraphClient
from nordhub import cli
from nordhub.runtime import graph_client
from nordhub.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "registry-feeds"
EVERYTHING = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS links }
RETURN {nodes: nodes, links: links} AS row
"""


def run(settings: Settings, *argv: str) -> int:
    return cli.run(cli.build_parser().parse_args(list(argv)), settings)


def query(settings: Settings, statement: str, params: dict[str, Any] | None = None) -> Any:
    async def go() -> Any:
        async with graph_client(settings) as graph:
            return await graph.write(statement, params or {})

    return asyncio.run(go())


def test_validate_shows_what_a_file_would_do_and_writes_nothing(
    graph: GraphClient, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = query(settings, EVERYTHING)
    example = EXAMPLES / "nordicscir-excel.csv"

    code = run(
        settings,
        "validate",
        str(example),
        "--registry",
        "registry:nordicscir",
        "--country",
        "NO",
        "--encoding",
        "windows-1252",
    )

    err = capsys.readouterr().err
    assert code == 1, err  # the Danish unit and figure are not Norway's to state
    assert "validate: dry run, nothing written; the run would end PARTIAL" in err
    assert "read as CSV, delimiter ';', encoding windows-1252" in err
    assert "DK is not this source's to state (it speaks for NO)" in err
    assert query(settings, EVERYTHING) == before

    broken = tmp_path / "broken.csv"
    broken.write_bytes(example.read_bytes())
    code = run(
        settings, "validate", str(broken), "--registry", "registry:nordicscir", "--country", "NO"
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "nordhub: error (NOT_A_REGISTRY_FEED): " in err
    assert "not a registry feed: the feed is not UTF-8: byte 0xE4" in err


def test_validate_needs_a_source_or_a_registry(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(settings, "validate", str(EXAMPLES / "nordicscir.json")) == 2
    assert "give --source NAME, or --registry and --country" in capsys.readouterr().err


def test_the_review_list_is_read_and_decided(
    graph: GraphClient, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    review = f"review:t24{uuid.uuid4().hex[:6]}:HSA-id:SE0000000000-T0009"
    query(
        settings,
        "CREATE (:IdentifierReview {id: $id, status: 'OPEN', source: 't24', registry: "
        "'registry:nordicscir', country: 'SE', system: 'HSA-id', value: 'SE0000000000-T0009', "
        "name: 'Universitetssjukhuset i Linköping', language: 'sv', years: [2024]})",
        {"id": review},
    )
    try:
        assert run(settings, "review", "list", "--registry", "registry:nordicscir") == 0
        out = capsys.readouterr().out
        assert f"{review}  OPEN" in out and "“Universitetssjukhuset i Linköping” (sv)" in out

        assert run(settings, "review", "link", review, "org:rigshospitalet") == 2
        assert "org:rigshospitalet is in DK; HSA-id identifies bodies in SE" in (
            capsys.readouterr().err
        )

        assert run(settings, "review", "link", review, "org:no-such-organisation") == 2
        assert "no organisation org:no-such-organisation" in capsys.readouterr().err

        assert run(settings, "review", "dismiss", review) == 0
        assert f"{review}  DISMISSED" in capsys.readouterr().out
    finally:
        query(settings, "MATCH (v:IdentifierReview {id: $id}) DELETE v", {"id": review})
        query(
            settings,
            "MATCH (o:Organisation {id: 'org:rigshospitalet'}) WHERE o.hsaIdSource = $id "
            "REMOVE o.hsaId, o.hsaIdSource",
            {"id": review},
        )
