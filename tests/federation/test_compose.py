"""``nordhub compose``: the hub's SDL with partner SDL from files or URLs, and clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from nordhub import compose
from nordhub.cli import main
from nordhub.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow

PARTNER_SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key"])

type Service @key(fields: "id") {
  id: ID!
  waitingDays: Int
}

type Location @key(fields: "id") {
  id: ID!
  hsaId: String
}
"""

CONFLICTING_SDL = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key"])

type Country @key(fields: "code") {
  code: String!
  name: Int
}
"""


def _run(**arguments: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    options: dict[str, object] = {
        "config": None,
        "subgraphs": [],
        "hub_url": compose.DEFAULT_HUB_URL,
        "output": None,
    }
    code = compose.run(**{**options, **arguments}, out=out, err=err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_hub_composes_with_a_partner_sdl_file(tmp_path: Path) -> None:
    partner = tmp_path / "sweden.graphql"
    partner.write_text(PARTNER_SDL, encoding="utf-8")
    code, supergraph, err = _run(subgraphs=[f"sweden={partner}@https://partner.example.se/graphql"])
    assert code == 0, err
    assert 'SWEDEN @join__graph(name: "sweden", url: "https://partner.example.se/graphql")' in (
        supergraph
    )
    assert f'NORDHUB @join__graph(name: "nordhub", url: "{compose.DEFAULT_HUB_URL}")' in supergraph
    assert "waitingDays: Int @join__field(graph: SWEDEN)" in supergraph


def test_the_committed_config_composes_with_a_partner_url(partner_url: str, tmp_path: Path) -> None:
    config = tmp_path / "supergraph.yaml"
    config.write_text(
        (PROJECT_ROOT / "supergraph.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "file: schema/schema.graphql", f"file: {PROJECT_ROOT / 'schema' / 'schema.graphql'}"
        )
        + f"  sweden:\n    schema:\n      subgraph_url: {partner_url}\n",
        encoding="utf-8",
    )
    output = tmp_path / "supergraph.graphql"
    code, _, err = _run(config=config, output=output)
    assert code == 0, err
    supergraph = output.read_text(encoding="utf-8")
    assert f'SWEDEN @join__graph(name: "sweden", url: "{partner_url}")' in supergraph
    assert "hsaId: String @join__field(graph: SWEDEN)" in supergraph


def test_conflicting_partner_sdl_prints_every_error_and_exits_1(tmp_path: Path) -> None:
    partner = tmp_path / "conflicting.graphql"
    partner.write_text(CONFLICTING_SDL, encoding="utf-8")
    code, out, err = _run(subgraphs=[f"denmark={partner}"])
    assert code == 1
    assert out == ""
    assert err.startswith("composition failed: 2 errors\n")
    assert "\nFIELD_TYPE_MISMATCH (nordhub, denmark)\n" in err
    assert "\nINVALID_FIELD_SHARING (nordhub, denmark)\n" in err
    assert 'Type of field "Country.name" is incompatible' in err


def test_unusable_sources_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "supergraph.yaml"
    empty.write_text("federation_version: =2.14.4\n", encoding="utf-8")

    def refused(*argv: str) -> str:
        assert main(["compose", *argv]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith("nordhub: error (BAD_SUBGRAPH): ")
        assert captured.err.count("\n") == 1, captured.err
        return captured.err

    refused("--config", str(empty))
    assert "NAME=FILE or NAME=URL" in refused("--subgraph", "sweden")
    assert "cannot read" in refused("--subgraph", f"sweden={tmp_path / 'missing.graphql'}")
    assert "_service" in refused("--subgraph", "sweden=http://127.0.0.1:9/graphql")


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    partner = tmp_path / "sweden.graphql"
    partner.write_text(PARTNER_SDL, encoding="utf-8")
    output = tmp_path / "supergraph.graphql"
    assert main(["compose", "--subgraph", f"sweden={partner}", "--output", str(output)]) == 0
    assert "join__Graph" in output.read_text(encoding="utf-8")
    partner.write_text(CONFLICTING_SDL, encoding="utf-8")
    assert main(["compose", "--subgraph", f"sweden={partner}"]) == 1
    assert "FIELD_TYPE_MISMATCH" in capsys.readouterr().err
