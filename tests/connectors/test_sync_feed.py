"""Registry feeds (JSON and CSV over HTTP) into the graph, and why no mistake in a file loses
data: each bad feed of issue 24 ends PARTIAL with nothing withdrawn."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.sources import Source, parse_source
from connectors.sync import SyncRunner
from graph.client import GraphClient
from graph.repositories.reviews import ReviewRepository, review_id
from graph.repositories.sync import SyncRunState
from nordhub.feed_cli import dry_run
from tests.connectors.conftest import Fault, PartnerServer

pytestmark = pytest.mark.usefixtures("synced_cleanup")

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "registry-feeds"
RIGSHOSPITALET_SOR = "8031000016007"

# What a source states now, and what it withdrew: nodes and relationships.
FACTS = """
CALL () { MATCH (n:Entity) WHERE n.syncSource = $source
          RETURN count(n.withdrawnAt) AS nodesOut, count(n) AS nodes }
CALL () { MATCH ()-[r]->() WHERE r.syncSource = $source
          RETURN count(r.withdrawnAt) AS linksOut, count(r) AS links }
RETURN {live: nodes - nodesOut + links - linksOut, withdrawn: nodesOut + linksOut} AS row
"""
EVERYTHING = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS links }
CALL () { MATCH (n) WHERE n.seenInRun IS NOT NULL RETURN collect(n.seenInRun) AS seen }
RETURN {nodes: nodes, links: links, seen: seen} AS row
"""

REGISTRY = """
query ($id: ID!, $all: Boolean = false) {
  node(id: $id) {
    ... on QualityRegistry {
      name translations { language text }
      participatingCountries(includeWithdrawn: $all) { code }
      reportingOrganisations(includeWithdrawn: $all) { id }
      reporting(includeWithdrawn: $all) {
        organisation { id } years provenance { withdrawnAt }
      }
      coverage(includeWithdrawn: $all) {
        year country { code } percent newCases totalRegistered provenance { source }
      }
    }
  }
}
"""


def feed_source(partner: PartnerServer, prefix: str, name: str, path: str, **extra: Any) -> Source:
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
            **extra,
        }
    )


def good() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((FIXTURES / "registry_feed.json").read_text("utf-8"))
    return found


def serve(
    partner: PartnerServer, path: str, content: bytes | dict[str, Any], kind: str = ""
) -> None:
    if isinstance(content, dict):
        body = json.dumps(content, ensure_ascii=False).encode("utf-8")
        partner.state.feeds[path] = (kind or "application/json", body)
    else:
        partner.state.feeds[path] = (kind or "text/csv", content)


async def sync(graph: GraphClient, source: Source) -> SyncRunState:
    async with httpx.AsyncClient() as http:
        return await SyncRunner(graph, http, environ={}).run(source)


async def facts(graph: GraphClient, source: Source) -> dict[str, int]:
    found: dict[str, int] = (await graph.read(FACTS, {"source": source.name}))[0]
    return found


async def registry(gql: Any, registry_id: str, *, everything: bool = False) -> dict[str, Any]:
    found = await gql(REGISTRY, {"id": registry_id, "all": everything}, language="sv")
    node: dict[str, Any] = found.ok()["node"]
    return node


async def test_a_json_feed_states_units_by_their_identifiers_countries_and_coverage(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = feed_source(partner, source_prefix, "scir", "/feeds/scir.json")

    run = await sync(graph, source)

    assert (run.status, run.kind, run.full, run.rejected, run.review) == (
        "SUCCEEDED",
        "registry-feed",
        True,
        0,
        0,
    )
    assert run.read_as == "JSON, encoding utf-8"
    assert run.created == 5  # the registry and four coverage figures; the units are known
    found = await registry(gql, str(source.registry))
    assert found["name"] == "Nordiskt testregister för ryggmärgsskador"
    assert [c["code"] for c in found["participatingCountries"]] == ["DK", "NO"]
    # The seeded hospitals, found by their real identifiers: no second Rigshospitalet.
    assert {r["organisation"]["id"]: r["years"] for r in found["reporting"]} == {
        "org:st-olavs-hospital": [2023, 2024],
        "org:helse-bergen": [2024],
        "org:rigshospitalet": [2023, 2024],
    }
    assert [
        (c["year"], (c["country"] or {}).get("code"), c["percent"]) for c in found["coverage"]
    ] == [
        (2023, None, 82.5),
        (2024, None, 86.0),
        (2024, "DK", 79.5),
        (2024, "NO", 91.0),
    ]
    assert found["coverage"][2]["provenance"]["source"] == f"{source.url}#coverage=2024:DK"
    named = await graph.read(
        "MATCH (o:Organisation) WHERE o.name_da = 'Rigshospitalet' RETURN {id: o.id} AS row"
    )
    assert named == [{"id": "org:rigshospitalet"}]

    again = await sync(graph, source)
    assert (again.status, again.created, again.updated, again.withdrawn) == ("SUCCEEDED", 0, 0, 0)


def _drop_unit(document: dict[str, Any], identifier: str) -> dict[str, Any]:
    document["units"] = [u for u in document["units"] if u["identifier"] != identifier]
    return document


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(document: dict[str, Any]) -> dict[str, Any]:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return document

    return change


def _rename(old: str, new: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda document: {(new if k == old else k): v for k, v in document.items()}


def _without(key: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda document: {k: v for k, v in document.items() if k != key}


def _typo(document: dict[str, Any]) -> dict[str, Any]:
    document["units"][1]["identifier"] = "105594"  # Helse Bergen's RESH-id mistyped
    return document


# Every bad feed of the issue: each one, after a good run, ends PARTIAL and withdraws nothing.
BAD_FEEDS: dict[str, tuple[Callable[[dict[str, Any]], dict[str, Any]], str]] = {
    "coverage-140": (_set(["coverage", 3, "percent"], 140), "percent 140 is not between 0 and 100"),
    "decimal-comma-text": (
        _set(["coverage", 2, "percent"], "94,0"),
        "percent must be a JSON number, got the text '94,0'",
    ),
    "system-hsa": (
        lambda d: _set(["units", 0, "system"], "HSA")(d),
        "system 'HSA' is not one of",
    ),
    "key-enheter": (_rename("units", "enheter"), "unknown top-level key 'enheter'"),
    "coverage-object": (
        _set(["coverage"], {"year": 2024, "percent": 90}),
        "coverage must be a list",
    ),
    "lost-coverage": (_without("coverage"), "the file no longer has coverage"),
    "unknown-identifier": (_typo, "1 units wait for review"),
}


@pytest.mark.parametrize("case", sorted(BAD_FEEDS))
async def test_a_bad_feed_ends_partial_and_withdraws_nothing(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any, case: str
) -> None:
    path = f"/feeds/bad-{case}.json"
    source = feed_source(partner, source_prefix, f"bad-{case}", path)
    serve(partner, path, good())
    assert (await sync(graph, source)).status == "SUCCEEDED"
    before, answer = await facts(graph, source), await registry(gql, str(source.registry))

    change, reason = BAD_FEEDS[case]
    serve(partner, path, change(good()))
    run = await sync(graph, source)

    assert (run.status, run.withdrawn) == ("PARTIAL", 0)
    assert any(reason in line for line in (*run.errors, *run.held)), (run.errors, run.held)
    assert await facts(graph, source) == before
    assert await registry(gql, str(source.registry)) == answer


async def test_a_csv_file_with_a_column_id_for_identifier_ends_partial_naming_what_it_saw(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = feed_source(partner, source_prefix, "bad-column", "/feeds/bad-column.csv")
    good_csv = (FIXTURES / "registry_feed.csv").read_bytes()
    serve(partner, "/feeds/bad-column.csv", good_csv)
    assert (await sync(graph, source)).status == "SUCCEEDED"
    before = await facts(graph, source)

    serve(partner, "/feeds/bad-column.csv", good_csv.replace(b",identifier,", b",id,", 1))
    run = await sync(graph, source)

    assert (run.status, run.withdrawn) == ("PARTIAL", 0)
    assert "unknown column 'id' (did you mean 'identifier'?)" in run.errors[0]
    assert "read with CSV, delimiter ',', encoding utf-8" in run.errors[0]
    assert await facts(graph, source) == before


async def test_the_guard_holds_a_mass_withdrawal_until_it_is_accepted(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    path = "/feeds/guard.json"
    source = feed_source(partner, source_prefix, "guard", path, max_withdrawal_percent=10)
    serve(partner, path, good())
    await sync(graph, source)
    before = await facts(graph, source)
    left = _drop_unit(_drop_unit(good(), "107627"), "105593")
    serve(partner, path, left)

    held = await sync(graph, source)

    assert (held.status, held.withdrawn) == ("PARTIAL", 0)
    assert held.held == (
        f"it would withdraw 2 of the source's {before['live']} facts (12 %), more than the 10 % "
        "allowed",
    )
    assert await facts(graph, source) == before

    accepted = await sync(graph, dataclasses.replace(source, accept_withdrawals=True))

    assert (accepted.status, accepted.withdrawn, accepted.held) == ("SUCCEEDED", 2, ())
    # Gone from current answers on every path, kept as history.
    found = await registry(gql, str(source.registry))
    assert [o["id"] for o in found["reportingOrganisations"]] == ["org:rigshospitalet"]
    assert [r["organisation"]["id"] for r in found["reporting"]] == ["org:rigshospitalet"]
    history = await registry(gql, str(source.registry), everything=True)
    withdrawn = {
        r["organisation"]["id"] for r in history["reporting"] if r["provenance"]["withdrawnAt"]
    }
    assert withdrawn == {"org:st-olavs-hospital", "org:helse-bergen"}
    olav = await gql(
        'query ($all: Boolean) { node(id: "org:st-olavs-hospital") '
        "{ ... on Organisation { reportsTo(includeWithdrawn: $all) { id } } } }",
        {"all": False},
    )
    assert source.registry not in [r["id"] for r in olav.ok()["node"]["reportsTo"]]


async def test_a_country_that_stops_taking_part_leaves_every_current_answer(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    path = "/feeds/leaver.json"
    source = feed_source(partner, source_prefix, "leaver", path, accept_withdrawals=True)
    serve(partner, path, good())
    await sync(graph, source)
    document = _drop_unit(good(), RIGSHOSPITALET_SOR)
    document["coverage"] = [c for c in document["coverage"] if c.get("country") != "DK"]
    serve(partner, path, document)

    run = await sync(graph, source)

    assert (run.status, run.withdrawn) == ("SUCCEEDED", 5)  # reporting, participation, figure
    found = await registry(gql, str(source.registry))
    assert [c["code"] for c in found["participatingCountries"]] == ["NO"]
    assert "org:rigshospitalet" not in [o["id"] for o in found["reportingOrganisations"]]
    assert [c["country"] for c in found["coverage"]].count({"code": "DK"}) == 0
    denmark = await gql(
        "query ($c: String) { qualityRegistries(country: $c, first: 100) { nodes { id } } }",
        {"c": "DK"},
    )
    assert source.registry not in [r["id"] for r in denmark.ok()["qualityRegistries"]["nodes"]]
    history = await registry(gql, str(source.registry), everything=True)
    assert [c["code"] for c in history["participatingCountries"]] == ["DK", "NO"]


async def test_a_dry_run_shows_the_diff_and_writes_nothing(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    path = "/feeds/dry.json"
    source = feed_source(partner, source_prefix, "dry", path, accept_withdrawals=True)
    serve(partner, path, good())
    await sync(graph, source)
    document = _drop_unit(good(), "105593")
    document["coverage"].append({"year": 2025, "country": "NO", "percent": 93.0})
    document["coverage"][0]["newCases"] = 271
    content = json.dumps(document).encode("utf-8")
    before = (await graph.read(EVERYTHING))[0]

    outcome = await dry_run(graph, source, content, None)

    assert (await graph.read(EVERYTHING))[0] == before
    slug = str(source.registry).split(":", 1)[1]
    assert outcome.status == "SUCCEEDED"
    assert outcome.created == (f"coverage:{slug}:NO:2025",)
    assert outcome.updated == (f"coverage:{slug}:2023",)
    assert outcome.withdrawn == (f"org:helse-bergen REPORTS_TO {source.registry}",)

    serve(partner, path, document)
    run = await sync(graph, source)
    assert (run.created, run.updated, run.withdrawn) == (1, 1, 1)
    rows = await graph.read(
        "MATCH (a)-[r]->(b) WHERE r.withdrawnInRun = $run "
        "RETURN {fact: a.id + ' ' + type(r) + ' ' + b.id} AS row",
        {"run": run.id},
    )
    assert tuple(row["fact"] for row in rows) == outcome.withdrawn


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [
        ("windows-1252", "windows-1252"),  # in the sources file
        ("iso-8859-1", None),  # by the server: text/csv; charset=iso-8859-1
        ("utf-8-sig", None),  # UTF-8 with a BOM, as Excel's "CSV UTF-8"
    ],
)
async def test_a_semicolon_decimal_comma_csv_from_excel_syncs(
    graph: GraphClient,
    partner: PartnerServer,
    source_prefix: str,
    gql: Any,
    encoding: str,
    declared: str | None,
) -> None:
    text = (EXAMPLES / "nordicscir-excel.csv").read_bytes().decode("windows-1252")
    path = f"/feeds/excel-{encoding}.csv"
    extra = {"encoding": declared} if declared else {}
    source = feed_source(partner, source_prefix, f"excel-{encoding}", path, **extra)
    kind = "text/csv; charset=iso-8859-1" if encoding == "iso-8859-1" else "text/csv"
    serve(partner, path, text.encode(encoding), kind)

    run = await sync(graph, source)

    assert (run.status, run.rejected) == ("SUCCEEDED", 0), run.errors
    seen = "utf-8 with BOM" if encoding == "utf-8-sig" else encoding
    assert run.read_as == f"CSV, delimiter ';', encoding {seen}"
    found = await registry(gql, str(source.registry))
    names = {t["language"]: t["text"] for t in found["translations"]}
    assert names["is"] == "Norræn mænuskaðaskrá (NordicSCIR)"
    assert names["sv"] == "Nordiskt ryggmärgsskaderegister (NordicSCIR)"
    figures = {(c["year"], (c["country"] or {}).get("code")): c for c in found["coverage"]}
    assert (figures[(2022, None)]["percent"], figures[(2022, None)]["totalRegistered"]) == (
        84.0,
        1634,
    )
    assert figures[(2023, "NO")]["percent"] == 91.5


async def test_an_undeclared_latin_1_csv_is_refused_with_what_to_declare(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    text = (EXAMPLES / "nordicscir-excel.csv").read_bytes()
    source = feed_source(partner, source_prefix, "latin", "/feeds/latin.csv")
    serve(partner, "/feeds/latin.csv", text)

    run = await sync(graph, source)

    assert (run.status, run.created) == ("PARTIAL", 0)
    assert "the feed is not UTF-8: byte 0xE4 on line 4" in run.errors[0]
    assert 'encoding = "windows-1252"' in run.errors[0]


async def test_linkoping_and_rigshospitalet_exist_once_after_a_feed_names_them(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    path = "/feeds/once.json"
    source = feed_source(partner, source_prefix, "once", path)
    linkoping = {
        "country": "SE",
        "system": "HSA-id",
        "identifier": "SE0000000000-T0001",  # no public source gives Linköping's HSA-id
        "name": "Universitetssjukhuset i Linköping",
        "years": [2024],
    }
    document = {**good(), "units": [good()["units"][2], linkoping]}
    serve(partner, path, document)

    first = await sync(graph, source)

    # Rigshospitalet is found by its real SOR code; the unknown HSA-id waits for review.
    assert (first.status, first.review) == ("PARTIAL", 1)
    assert "1 units wait for review (unknown identifiers)" in first.held
    reviews = ReviewRepository(graph)
    waiting = await reviews.list(source=source.name)
    assert [(r.system, r.value, r.name, r.language, r.status) for r in waiting] == [
        ("HSA-id", "SE0000000000-T0001", "Universitetssjukhuset i Linköping", "sv", "OPEN")
    ]
    listed = await gql(
        "query ($s: String) { identifierReviews(source: $s) { id system value name } }",
        {"s": source.name},
    )
    assert [r["name"] for r in listed.ok()["identifierReviews"]] == [
        "Universitetssjukhuset i Linköping"
    ]
    await reviews.link(
        review_id(source.name, "HSA-id", "SE0000000000-T0001"),
        "org:universitetssjukhuset-linkoping",
        by="tests",
    )

    second = await sync(graph, source)

    assert (second.status, second.review) == ("SUCCEEDED", 0)
    for name, language in (("Rigshospitalet", "da"), ("Universitetssjukhuset i Linköping", "sv")):
        rows = await graph.read(
            "MATCH (o:Organisation) WHERE o['name_' + $lang] = $name RETURN {id: o.id} AS row",
            {"name": name, "lang": language},
        )
        assert len(rows) == 1, (name, rows)
    found = await registry(gql, str(source.registry))
    assert {r["organisation"]["id"] for r in found["reporting"]} == {
        "org:rigshospitalet",
        "org:universitetssjukhuset-linkoping",
    }


async def test_a_shared_registry_takes_each_countrys_facts_from_its_own_feed(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    central = feed_source(partner, source_prefix, "shared", "/feeds/shared.json")
    danish = parse_source(
        {
            **{k: v for k, v in _config(central).items() if k != "name"},
            "name": f"{source_prefix}-shared-dk",
            "url": f"{partner.base}/feeds/shared-dk.csv",
            "country": "DK",
            "countries": ["DK"],
        }
    )
    serve(partner, "/feeds/shared.json", good())
    serve(partner, "/feeds/shared-dk.csv", (EXAMPLES / "nordicscir-dk.csv").read_bytes())

    assert (await sync(graph, central)).status == "SUCCEEDED"
    run = await sync(graph, danish)

    assert (run.status, run.rejected) == ("SUCCEEDED", 0)
    slug = str(central.registry).split(":", 1)[1]
    owners = await graph.read(
        "MATCH (c:RegistryCoverage) WHERE c.id STARTS WITH $prefix "
        "RETURN {id: c.id, source: c.syncSource} AS row ORDER BY row.id",
        {"prefix": f"coverage:{slug}:"},
    )
    assert {row["id"]: row["source"] for row in owners} == {
        f"coverage:{slug}:2023": central.name,
        f"coverage:{slug}:2024": central.name,
        f"coverage:{slug}:DK:2023": danish.name,
        f"coverage:{slug}:DK:2024": central.name,
        f"coverage:{slug}:NO:2024": central.name,
    }
    found = await registry(gql, str(central.registry))
    assert found["name"] == "Nordiskt testregister för ryggmärgsskador"  # the central's name

    # The Danish feed states neither Sweden's units nor the registry's total.
    bad = b"record,country,system,identifier,name,year,percent\n"
    bad += b"unit,SE,HSA-id,SE0000000000-T0002,Testsjukhuset,2024,\ncoverage,,,,,2024,80\n"
    serve(partner, "/feeds/shared-dk.csv", bad)
    refused = await sync(graph, danish)
    assert (refused.status, refused.rejected, refused.withdrawn) == ("PARTIAL", 2, 0)
    assert any("SE is not this source's to state (it speaks for DK)" in e for e in refused.errors)
    assert any("the registry's total coverage is not this source's" in e for e in refused.errors)


def _config(source: Source) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind.value,
        "url": source.url,
        "country": source.country,
        "registry": source.registry,
        "registry_scope": source.registry_scope,
        "retries": 2,
        "backoff_s": 0.01,
    }


async def test_units_brought_in_are_named_in_their_own_language(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    path = "/feeds/create.json"
    source = feed_source(partner, source_prefix, "create", path, unknown_units="create")
    unit = {
        "country": "DK",
        "system": "SOR",
        "identifier": "999911000016001",
        "name": "Testhospitalet Ærø",
        "years": [2024],
    }
    serve(partner, path, {**good(), "units": [unit]})

    run = await sync(graph, source)

    assert (run.status, run.review) == ("SUCCEEDED", 1)  # created, and listed for a look
    org = f"org:{source.name}:sor-999911000016001"
    rows = await graph.read(
        "MATCH (o:Organisation {id: $id}) RETURN {props: properties(o)} AS row", {"id": org}
    )
    props = rows[0]["props"]
    assert (props["name_da"], props["nameOriginal"], props["sor"]) == (
        "Testhospitalet Ærø",
        "da",
        "999911000016001",
    )
    assert "name_nb" not in props  # the source is Norwegian; the name is not
    listed = await ReviewRepository(graph).list(source=source.name)
    assert [(r.created_as, r.status) for r in listed] == [(org, "OPEN")]


async def test_a_registry_lists_the_runs_of_its_feeds(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    path = "/feeds/runs.json"
    source = feed_source(partner, source_prefix, "runs", path)
    serve(partner, path, good())
    await sync(graph, source)
    serve(partner, path, _without("coverage")(good()))
    await sync(graph, source)

    found = await gql(
        "query ($id: ID!) { node(id: $id) { ... on QualityRegistry { syncRuns "
        "{ source status readAs withdrawalsHeld review } } } }",
        {"id": source.registry},
    )

    runs = found.ok()["node"]["syncRuns"]
    assert [(r["source"], r["status"]) for r in runs] == [
        (source.name, "PARTIAL"),
        (source.name, "SUCCEEDED"),
    ]
    assert runs[0]["withdrawalsHeld"][0].startswith("the file no longer has coverage")


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


async def test_the_documented_json_example_syncs_onto_the_seeded_hospitals(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = feed_source(partner, source_prefix, "documented", "/feeds/documented.json")
    serve(
        partner,
        "/feeds/documented.json",
        (EXAMPLES / "nordicscir.json").read_bytes(),
        "application/json",
    )

    run = await sync(graph, source)

    assert (run.status, run.rejected, run.review) == ("SUCCEEDED", 0, 0)
    found = await registry(gql, str(source.registry))
    assert {r["organisation"]["id"] for r in found["reporting"]} == {
        "org:st-olavs-hospital",
        "org:helse-bergen",
        "org:sunnaas-sykehus",
        "org:rigshospitalet",
    }
    assert found["name"] == "Nordiskt ryggmärgsskaderegister (NordicSCIR)"
