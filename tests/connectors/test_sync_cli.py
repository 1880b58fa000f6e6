"""``nordhub sync``: sources from the file, a progress line per page, a summary per run."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.client import GraphClient
from nordhub.cli import build_parser, run
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
    assert "rejected line 7: record must be unit or coverage" in err


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
