"""``nordhub sync``: sources from the file, a progress line per page, a summary per run."""

from __future__ import annotations

import asyncio
import io
import logging
from pathlib import Path
from typing import Any

import pytest
from rich.logging import RichHandler

from connectors.sync import ProgressEvent
from graph.client import GraphClient
from nordhub.cli import build_parser, run
from nordhub.runtime import graph_client
from nordhub.settings import Settings
from nordhub.sync_cli import ProgressBar
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
    bars = [line for line in err.splitlines() if f"{source_prefix}-cli-fhir Location" in line]
    assert bars and "5/5" in bars[-1] and "page   2" in bars[-1]
    assert f"{source_prefix}-cli-fhir: SUCCEEDED" in err
    assert (
        "created 12, updated 0, unchanged 0, rejected 0, withdrawn 0 records and "
        "0 relationships, pages 5"
    ) in err
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


def event(records: int, pages: int, total: int | None = 10) -> ProgressEvent:
    return ProgressEvent(
        source="se",
        kind="Location",
        pages=pages,
        records=records,
        total=total,
        created=records,
        updated=0,
        unchanged=0,
        rejected=0,
    )


def test_log_lines_print_above_the_bar_and_httpx_chatter_stays_out() -> None:
    stream = io.StringIO()
    with ProgressBar(stream, terminal=True) as bar:
        bar(event(4, 2))
        logging.getLogger("nordhub.sync").warning("se: partner answered 503, trying again")
        logging.getLogger("httpx").info('HTTP Request: GET http://x "HTTP/1.1 200 OK"')
        bar(event(10, 5))
    out = stream.getvalue()
    assert "HTTP Request" not in out
    warning = next(line for line in out.splitlines() if "trying again" in line)
    assert "Location" not in warning and "━" not in warning  # a line of its own
    assert "10/10" in out
    # The handlers are back as they were.
    assert not any(isinstance(h, RichHandler) for h in logging.getLogger().handlers)


def test_a_resumed_run_continues_its_bar() -> None:
    stream = io.StringIO()
    with ProgressBar(stream) as bar:
        bar(event(6, 3))  # the runner's first event after resuming carries the earlier pages
        bar(event(8, 4))
    last = [line for line in stream.getvalue().splitlines() if "Location" in line][-1]
    assert "8/10" in last and "page   4" in last


def test_name_matches_are_listed_and_decided_from_the_command_line(
    graph: GraphClient,
    settings: Settings,
    partner: PartnerServer,
    source_prefix: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sources = write_sources(tmp_path, partner, source_prefix)
    name = f"{source_prefix}-cli-fhir"
    assert sync(settings, name, "--sources", str(sources)) == 0
    capsys.readouterr()

    def reconcile(*argv: str) -> int:
        args = build_parser().parse_args(["reconcile", *argv])
        code: int = args.run(settings, args)
        return code

    assert reconcile("list", "--source", name) == 0
    listed = capsys.readouterr()
    review = f"reconcile:org:{name}:sahlgrenska:org:sahlgrenska-universitetssjukhuset"
    assert f"{review}  OPEN" in listed.out
    assert "“Sahlgrenska University Hospital” may be org:sahlgrenska-universitets" in listed.out
    assert "3 open reviews" in listed.err

    assert reconcile("accept", review) == 0
    assert f"{review}  ACCEPTED" in capsys.readouterr().out
    assert reconcile("accept", review) == 1
    assert "no open review" in capsys.readouterr().err

    async def same_as() -> Any:
        async with graph_client(settings) as client:
            rows = await client.read(
                "MATCH (n:Entity {id: $id}) RETURN {same: n.sameAs} AS row",
                {"id": f"org:{name}:sahlgrenska"},
            )
            return rows[0]["same"]

    assert asyncio.run(same_as()) == "org:sahlgrenska-universitetssjukhuset"
