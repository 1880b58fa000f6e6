"""Registry participation feeds (JSON and CSV over HTTP) into QualityRegistry, participating
countries, reporting organisations and yearly coverage."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from connectors.sources import Source, parse_source
from connectors.sync import SyncRunner
from graph.client import GraphClient
from graph.repositories.sync import SyncRunState
from tests.connectors.conftest import Fault, PartnerServer

pytestmark = pytest.mark.usefixtures("synced_cleanup")


def feed_source(partner: PartnerServer, prefix: str, name: str, path: str) -> Source:
    return parse_source(
        {
            "name": f"{prefix}-{name}",
            "kind": "registry-feed",
            "url": f"{partner.base}{path}",
            "country": "NO",
            "registry": f"registry:{prefix}-{name}",
            "registry_scope": "NORDIC",
            "retries": 2,
            "backoff_s": 0.01,
        }
    )


async def sync(graph: GraphClient, source: Source) -> SyncRunState:
    async with httpx.AsyncClient() as http:
        return await SyncRunner(graph, http, environ={}).run(source)


async def registry(gql: Any, registry_id: str) -> dict[str, Any]:
    found = await gql(
        """
        query ($id: ID!) {
          node(id: $id) {
            ... on QualityRegistry {
              name scope
              participatingCountries { code }
              reportingOrganisations { id name identifiers { system value } provenance { syncRun } }
              coverage { year percent newCases totalRegistered provenance { source } }
              provenance { recordedBy syncRun }
            }
          }
        }
        """,
        {"id": registry_id},
        language="sv",
    )
    node: dict[str, Any] = found.ok()["node"]
    return node


async def test_a_json_feed_brings_in_the_registry_its_countries_units_and_coverage(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    # A unit the hub already knows by its HSA-id is linked, not duplicated.
    await graph.write(
        "MERGE (o:Entity {id: $id}) SET o:Organisation, o.hsaId = 'SE2321000032-T0001', "
        "o.name_sv = 'Akademiska sjukhuset', o.source = 'test', o.syncSource = $source",
        {"id": f"org:{source_prefix}-known:akademiska", "source": f"{source_prefix}-known"},
    )
    source = feed_source(partner, source_prefix, "scir", "/feeds/scir.json")

    run = await sync(graph, source)

    assert (run.status, run.kind, run.full) == ("SUCCEEDED", "registry-feed", True)
    # registry, two coverage years, two new units (Akademiska is known); two rows rejected
    assert (run.created, run.rejected) == (5, 2)
    assert any("units[4]: country 'XX'" in e for e in run.errors)
    assert any("coverage[3]: year must be a number" in e for e in run.errors)
    assert "unknown code: feed registry name language de (1×)" in run.issues
    assert "unmapped field: feed.publishedBy (1×)" in run.issues

    found = await registry(gql, source.registry or "")
    assert found["name"] == "Nordiskt testregister för ryggmärgsskador"
    assert found["scope"] == "NORDIC"
    assert found["provenance"] == {"recordedBy": f"sync:{source.name}", "syncRun": run.id}
    assert [c["code"] for c in found["participatingCountries"]] == ["DK", "NO", "SE"]
    units = {o["id"]: o for o in found["reportingOrganisations"]}
    assert set(units) == {
        f"org:{source_prefix}-known:akademiska",
        f"org:{source.name}:resh-T-4001031",
        f"org:{source.name}:sor-T-265161000016006",
    }
    assert units[f"org:{source.name}:resh-T-4001031"]["identifiers"] == [
        {"system": "RESH", "value": "T-4001031"}
    ]
    assert [(c["year"], c["percent"]) for c in found["coverage"]] == [(2023, 82.5), (2024, 86.0)]
    assert (
        found["coverage"][1]["provenance"]["source"]
        == f"{partner.base}/feeds/scir.json#coverage=2024"
    )

    # The registry's next feed no longer lists Viborg: its reporting is withdrawn, not deleted.
    document = json.loads(partner.state.feeds["/feeds/scir.json"][1])
    document["units"] = [u for u in document["units"] if u["country"] != "DK"]
    partner.state.feeds["/feeds/scir.json"] = ("application/json", json.dumps(document).encode())

    again = await sync(graph, source)

    assert (again.status, again.created, again.updated) == ("SUCCEEDED", 0, 0)
    # Viborg, its IN_COUNTRY and REPORTS_TO, and Denmark's PARTICIPATES_IN
    assert again.withdrawn == 4
    rows = await graph.read(
        "MATCH (o:Organisation)-[r:REPORTS_TO]->(:QualityRegistry {id: $id}) "
        "RETURN {org: o.id, withdrawnAt: r.withdrawnAt} AS row",
        {"id": source.registry},
    )
    withdrawn = {row["org"] for row in rows if row["withdrawnAt"] is not None}
    assert withdrawn == {f"org:{source.name}:sor-T-265161000016006"}


async def test_a_csv_feed_is_read_row_by_row(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = feed_source(partner, source_prefix, "csv", "/feeds/scir.csv")

    run = await sync(graph, source)

    assert run.status == "SUCCEEDED"
    assert run.rejected == 2  # coverage 2025 "abc", record "summary"
    found = await registry(gql, source.registry or "")
    assert [c["code"] for c in found["participatingCountries"]] == ["DK", "SE"]
    assert [(c["year"], c["newCases"]) for c in found["coverage"]] == [(2024, 12)]
    rows = await graph.read(
        "MATCH (o:Organisation)-[r:REPORTS_TO]->(:QualityRegistry {id: $id}) "
        "RETURN {org: o.id, years: r.years} AS row ORDER BY row.org",
        {"id": source.registry},
    )
    assert {tuple(row["years"]) for row in rows} == {(2023, 2024), (2024,)}


async def test_a_feed_that_keeps_failing_leaves_the_graph_as_it_was(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = feed_source(partner, source_prefix, "flaky", "/feeds/scir.json")
    partner.fault(Fault("/feeds/scir.json", status=502, times=2))

    run = await sync(graph, source)

    assert (run.status, run.pages) == ("FAILED", 0)
    assert "answered 502, 2 attempts in all" in run.errors[0]
    rows = await graph.read(
        "MATCH (n:Entity {id: $id}) RETURN {n: count(n)} AS row", {"id": source.registry}
    )
    assert rows[0]["n"] == 0


async def test_a_malformed_feed_is_rejected(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = feed_source(partner, source_prefix, "broken", "/feeds/scir.json")
    partner.fault(Fault("/feeds/scir.json", body=b'{"units": 7}'))

    run = await sync(graph, source)

    assert run.status == "PARTIAL"
    assert run.errors == ("feed rejected: the feed must be an object with a list of units",)
