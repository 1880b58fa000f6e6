"""``nordhub sync``: sources from the file, a progress line per page, a summary per run."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from graph.client import GraphClient
from nordhub.cli import build_parser, run
from nordhub.runtime import graph_client
from nordhub.settings import Settings
from tests.connectors.conftest import Fault, PartnerServer

pytestmark = pytest.mark.usefixtures("synced_cleanup")


def write_sources(tmp_path: Path, partner: PartnerServer, prefix: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[[source]]
name = "{prefix}-cli-fhir"
kind = "fhir"
url = "{partner.base}/fhir"
country = "SE"
page_size = 3
backoff_s = 0.01

[[source]]
name = "{prefix}-cli-feed"
kind = "registry-feed"
url = "{partner.base}/feeds/scir.csv"
country = "DK"
registry = "registry:{prefix}-cli-feed"
registry_scope = "NORDIC"
retries = 1

[[source]]
name = "{prefix}-cli-dry"
kind = "registry-feed"
url = "{partner.base}/feeds/scir.csv"
country = "DK"
registry = "registry:{prefix}-cli-dry"
registry_scope = "NORDIC"
retries = 1

[[source]]
name = "{prefix}-cli-secret"
kind = "fhir"
url = "{partner.base}/fhir"
country = "FI"
token_env = "NORDHUB_TEST_UNSET_TOKEN"
""",
        encoding="utf-8",
    )
    return path


def sync(settings: Settings, *argv: str) -> int:
    return run(build_parser().parse_args(["sync", *argv]), settings)


def test_syncing_named_sources_shows_progress_and_a_summary(
    graph: GraphClient,
    settings: Settings,
    partner: PartnerServer,
    source_prefix: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sources = write_sources(tmp_path, partner, source_prefix)

    code = sync(
        settings,
        f"{source_prefix}-cli-fhir",
        f"{source_prefix}-cli-feed",
        "--sources",
        str(sources),
    )

    err = capsys.readouterr().err
    assert code == 0, err
    assert f"{source_prefix}-cli-fhir Location          page   2 [" in err
    assert "5/5" in err
    assert f"{source_prefix}-cli-fhir: SUCCEEDED" in err
    assert "created 12, updated 0, unchanged 0, rejected 0, withdrawn 0, pages 5" in err
    assert f"{source_prefix}-cli-feed: SUCCEEDED" in err
    assert "read as CSV, delimiter ',', encoding utf-8" in err


def test_a_failed_run_exits_non_zero(
    graph: GraphClient,
    settings: Settings,
    partner: PartnerServer,
    source_prefix: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sources = write_sources(tmp_path, partner, source_prefix)
    partner.fault(Fault("/feeds/scir.csv", status=503))

    assert sync(settings, f"{source_prefix}-cli-feed", "--sources", str(sources)) == 1
    assert "FAILED" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "name one or more sources, or give --all"),
        (["nowhere"], "no source named nowhere"),
        (["--all"], "NORDHUB_TEST_UNSET_TOKEN is not set"),
    ],
)
def test_configuration_mistakes_exit_2_before_anything_runs(
    settings: Settings,
    partner: PartnerServer,
    source_prefix: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    sources = write_sources(tmp_path, partner, source_prefix)
    assert sync(settings, *argv, "--sources", str(sources)) == 2
    assert message in capsys.readouterr().err
    assert partner.requests == []


def feed_cli(settings: Settings, *argv: str) -> int:
    return run(build_parser().parse_args(list(argv)), settings)


def test_a_dry_run_prints_the_diff_writes_nothing_and_exits_by_what_a_run_would_do(
    graph: GraphClient,
    settings: Settings,
    partner: PartnerServer,
    source_prefix: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sources = write_sources(tmp_path, partner, source_prefix)
    name = f"{source_prefix}-cli-dry"

    assert sync(settings, name, "--sources", str(sources), "--dry-run") == 0
    err = capsys.readouterr().err
    assert f"{name}: dry run, nothing written; the run would end SUCCEEDED" in err
    assert f"would create 2:\n    coverage:{name}:2024\n    registry:{name}" in err
    assert "would withdraw" not in err
    assert written_by(settings, name) == 0

    # The file now lost its coverage rows and mistyped a year: PARTIAL, exit 1, still nothing.
    partner.state.feeds["/feeds/scir.csv"] = (
        "text/csv",
        b"record,country,system,identifier,name,year\nunit,DK,SOR,8031000016007,Rigshospitalet,20x4\n",
    )
    assert sync(settings, name, "--sources", str(sources), "--dry-run") == 1
    err = capsys.readouterr().err
    assert "the run would end PARTIAL" in err
    assert "line 2: year must be a year between 1900 and 2100, got '20x4'" in err
    assert written_by(settings, name) == 0


def written_by(settings: Settings, source: str) -> int:
    """Nodes the source wrote and runs of it, read with a client of the test's own."""

    async def count() -> int:
        async with graph_client(settings) as graph:
            rows = await graph.read(
                "CALL () { MATCH (n:Entity) WHERE n.syncSource = $s RETURN count(n) AS nodes } "
                "CALL () { MATCH (r:SyncRun {source: $s}) RETURN count(r) AS runs } "
                "RETURN {n: nodes + runs} AS row",
                {"s": source},
            )
            return int(rows[0]["n"])

    return asyncio.run(count())
