"""What real FHIR directories do to a sync: references to later pages, deactivations and
deletions, valid but sparse resources, updates the hub cannot read, partner code systems, and
organisations the hub already has. Against the partner server of tests/connectors/conftest.py
and the session's Neo4j."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from connectors.sync import ProgressEvent, SyncRunner
from graph.client import GraphClient
from graph.repositories.sync import SyncRepository
from tests.connectors.conftest import Fault, PartnerServer
from tests.connectors.test_sync import fhir_source, links, node, sync

pytestmark = pytest.mark.usefixtures("synced_cleanup")

RIGSHOSPITALET_SOR = "8031000016007"  # graph/seed/data/identifiers.toml
PLAN = "https://partner.example.dk/CodeSystem/specialeplan-niveau"


def later(partner: PartnerServer) -> str:
    """A lastUpdated after everything the partner holds (so incremental runs see it)."""
    newest = max(
        dt.datetime.fromisoformat(r["meta"]["lastUpdated"])
        for rows in partner.fhir.values()
        for r in rows
    )
    return (newest + dt.timedelta(minutes=5)).isoformat()


async def where_offered(gql: Any, code: str, country: str) -> list[dict[str, Any]]:
    found = await gql(
        """
        query ($code: String!, $country: String!) {
          whereOffered(code: $code, countries: [$country], first: 100) {
            edges { node { service { id } location { id } hostOrganisation { id } } }
          }
        }
        """,
        {"code": code, "country": country},
    )
    return [edge["node"] for edge in found.ok()["whereOffered"]["edges"]]


async def pending(graph: GraphClient, source: str) -> list[str]:
    rows = await graph.read(
        "MATCH (p:PendingLink {source: $source}) "
        "RETURN {link: p.start + ' ' + p.type + ' ' + p.end} AS row ORDER BY row.link",
        {"source": source},
    )
    return [row["link"] for row in rows]


# --- references to resources on later pages ---------------------------------------------------


async def test_a_parent_on_a_later_page_is_linked_in_the_same_run(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    # One resource a page: Akademiska (partOf Region Uppsala) comes a page before its parent.
    source = fhir_source(partner, source_prefix, page_size=1)

    run = await sync(graph, source)

    assert run.status == "SUCCEEDED"
    child = f"org:{source.name}:akademiska"
    assert f"org:{source.name}:region-uppsala" in await links(graph, child, "PART_OF")
    issues = "\n".join(run.issues)
    assert not any("unresolved" in i and "region-uppsala" in i for i in run.issues)
    # Only the reference to a site the partner does not have waits, and is reported once.
    assert await pending(graph, source.name) == [
        f"service:{source.name}:hs-okand OFFERED_AT location:{source.name}:loc-saknas"
    ]
    assert issues.count("loc-saknas") == 1


async def test_an_incremental_run_repairs_a_reference_an_earlier_run_could_not_resolve(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    await sync(graph, source)
    service = f"service:{source.name}:hs-okand"
    assert f"location:{source.name}:loc-saknas" not in await links(graph, service, "OFFERED_AT")

    # The partner adds the site; the service itself is unchanged and is not read again.
    partner.fhir["Location"].append(
        {
            "resourceType": "Location",
            "id": "loc-saknas",
            "meta": {"lastUpdated": later(partner)},
            "name": "Okänd plats",
        }
    )
    second = await sync(graph, source)

    assert (second.full, second.created, second.updated) == (False, 1, 0)
    sites = await links(graph, service, "OFFERED_AT")
    assert f"location:{source.name}:loc-saknas" in sites
    assert sites[f"location:{source.name}:loc-saknas"]["syncRun"] == second.id
    assert await pending(graph, source.name) == []
    assert not any("loc-saknas" in issue for issue in second.issues)


# --- deactivation and deletion ------------------------------------------------------------------


async def test_a_deactivated_service_leaves_every_current_answer_and_comes_back(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = fhir_source(partner, source_prefix)
    await sync(graph, source)
    service = f"service:{source.name}:hs-esofagusatresi"
    assert service in {o["service"]["id"] for o in await where_offered(gql, "Q39.0", "SE")}

    partner.touch("HealthcareService", "hs-esofagusatresi", active=False)
    off = await sync(graph, source)

    stored = await node(graph, service)
    assert stored["status"] == "DISCONTINUED"
    assert stored["withdrawnAt"] is not None and stored["withdrawnInRun"] == off.id
    assert service not in {o["service"]["id"] for o in await where_offered(gql, "Q39.0", "SE")}
    listed = await gql(
        "query ($c: String) { services(country: $c, first: 100) { edges { node { id } } } }",
        {"c": "SE"},
    )
    assert service not in {e["node"]["id"] for e in listed.ok()["services"]["edges"]}
    # Read by its id it is history: discontinued, and since when its source no longer states it.
    history = await gql(
        "query ($id: ID!) { service(id: $id) { status provenance { withdrawnAt } } }",
        {"id": service},
    )
    assert history.ok()["service"]["status"] == "DISCONTINUED"
    assert history.ok()["service"]["provenance"]["withdrawnAt"] is not None

    partner.touch("HealthcareService", "hs-esofagusatresi", active=True)
    await sync(graph, source)
    back = await node(graph, service)
    assert (back["status"], back.get("withdrawnAt")) == ("APPROVED", None)
    assert service in {o["service"]["id"] for o in await where_offered(gql, "Q39.0", "SE")}


async def test_a_deleted_service_is_withdrawn_and_discontinued_by_a_full_run(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = fhir_source(partner, source_prefix)
    await sync(graph, source)
    partner.fhir["HealthcareService"] = [
        r for r in partner.fhir["HealthcareService"] if r["id"] != "hs-esofagusatresi"
    ]

    full = await sync(graph, source, full=True)

    service = f"service:{source.name}:hs-esofagusatresi"
    stored = await node(graph, service)
    assert (stored["status"], stored["withdrawnInRun"]) == ("DISCONTINUED", full.id)
    # One node; its own relationships (country, kind, host, two sites, a condition) apart.
    assert (full.withdrawn, full.withdrawn_links) == (1, 6)
    assert service not in {o["service"]["id"] for o in await where_offered(gql, "Q39.0", "SE")}


# --- valid but sparse, and updates the hub cannot read -------------------------------------------


async def test_valid_but_sparse_resources_are_taken_and_marked(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    for resource in partner.fhir["HealthcareService"]:
        if resource["id"] == "hs-keratoprotes":
            resource.pop("name")
            resource.pop("_name", None)
    partner.touch(
        "Organization",
        "region-uppsala",
        identifier=[{"system": "urn:oid:1.2.752.29.4.19", "use": "old"}],
    )

    run = await sync(graph, source)

    assert (run.status, run.rejected, run.created) == ("SUCCEEDED", 0, 12)
    nameless = await node(graph, f"service:{source.name}:hs-keratoprotes")
    assert not any(key.startswith("name_") for key in nameless)
    assert "not stated: HealthcareService.name" in nameless["syncUnmapped"]
    region = await node(graph, f"org:{source.name}:region-uppsala")
    assert "hsaId" not in region
    assert "unmapped field: Organization.identifier without a value" in region["syncUnmapped"]
    assert any(issue.startswith("not stated: HealthcareService.name") for issue in run.issues)


async def test_an_update_the_hub_cannot_read_marks_the_node_stale_until_one_it_can(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    await sync(graph, source)
    site = f"location:{source.name}:loc-akademiska"
    before = await node(graph, site)

    partner.touch(
        "Location",
        "loc-akademiska",
        name="Akademiska, ny",
        position={"latitude": "norr", "longitude": 17.6},
    )
    refused = await sync(graph, source)

    assert refused.rejected == 1
    stale = await node(graph, site)
    assert stale["name_sv"] == before["name_sv"]  # the last version the hub could read
    assert stale["syncStaleSince"] is not None
    assert "position.latitude must be a number" in stale["syncStaleReason"]
    assert any(f"not updated: {site}" in issue for issue in refused.issues)
    # The partner still has it: a full run does not withdraw it or its relationships.
    full = await sync(graph, source, full=True)
    assert (await node(graph, site)).get("withdrawnAt") is None
    assert full.withdrawn == 0 and full.withdrawn_links == 0

    partner.touch("Location", "loc-akademiska", position={"latitude": 59.85, "longitude": 17.64})
    await sync(graph, source)
    fixed = await node(graph, site)
    assert fixed["name_sv"] == "Akademiska, ny" and fixed.get("syncStaleSince") is None


# --- partner code systems ----------------------------------------------------------------------


async def test_a_sources_code_map_gives_danish_levels_their_kinds(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(
        partner,
        source_prefix,
        country="DK",
        service_kind="HIGHLY_SPECIALISED_FUNCTION",
        service_kinds={PLAN: {"HSF": "HIGHLY_SPECIALISED_FUNCTION", "RF": "REGIONAL_FUNCTION"}},
    )
    for service_id, level in (("hs-esofagusatresi", "HSF"), ("hs-keratoprotes", "RF")):
        partner.touch(
            "HealthcareService",
            service_id,
            category=[{"coding": [{"system": PLAN, "code": level}]}],
        )

    await sync(graph, source)

    kinds = {
        service_id: (await node(graph, f"service:{source.name}:{service_id}"))["kind"]
        for service_id in ("hs-esofagusatresi", "hs-keratoprotes")
    }
    assert kinds == {
        "hs-esofagusatresi": "HIGHLY_SPECIALISED_FUNCTION",
        "hs-keratoprotes": "REGIONAL_FUNCTION",
    }
    rf = f"service:{source.name}:hs-keratoprotes"
    assert "service-kind:REGIONAL_FUNCTION" in await links(graph, rf, "OF_KIND")


# --- organisations the hub already has --------------------------------------------------------


async def test_an_organisation_with_a_seeded_identifier_is_the_seeded_one(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = fhir_source(partner, source_prefix, country="DK")
    partner.fhir["Organization"].append(
        {
            "resourceType": "Organization",
            "id": "rh",
            "meta": {"lastUpdated": "2026-01-05T09:00:00.000+01:00"},
            "language": "da",
            "identifier": [{"system": "urn:oid:1.2.208.176.1.1", "value": RIGSHOSPITALET_SOR}],
            "name": "Rigshospitalet, Blegdamsvej",
        }
    )
    partner.touch("Location", "loc-ostra", managingOrganization={"reference": "Organization/rh"})
    partner.touch(
        "HealthcareService", "hs-esofagusatresi", providedBy={"reference": "Organization/rh"}
    )

    run = await sync(graph, source)

    record = await node(graph, f"org:{source.name}:rh")
    assert record["sameAs"] == "org:rigshospitalet" and record["reconciledOn"] == "identifier"
    labels = await graph.read(
        "MATCH (n:Entity {id: $id}) RETURN {labels: labels(n)} AS row", {"id": record["id"]}
    )
    assert "Organisation" not in labels[0]["labels"]
    site = f"location:{source.name}:loc-ostra"
    assert set(await links(graph, site, "OPERATED_BY")) == {"org:rigshospitalet"}
    hosts = {
        o["hostOrganisation"]["id"]
        for o in await where_offered(gql, "Q39.0", "DK")
        if o["service"]["id"] == f"service:{source.name}:hs-esofagusatresi"
    }
    assert hosts == {"org:rigshospitalet"}
    assert any(f"org:{source.name}:rh is org:rigshospitalet" in i for i in run.issues)
    # The seeded organisation keeps its own facts.
    seeded = await node(graph, "org:rigshospitalet")
    assert seeded.get("syncSource") is None and seeded["sor"] == RIGSHOSPITALET_SOR

    # A later run writes the partner's record again without making it an organisation again.
    partner.touch("Organization", "rh", name="Rigshospitalet")
    await sync(graph, source)
    again = await graph.read(
        "MATCH (n:Entity {id: $id}) RETURN {labels: labels(n), same: n.sameAs} AS row",
        {"id": record["id"]},
    )
    assert "Organisation" not in again[0]["labels"] and again[0]["same"] == "org:rigshospitalet"


async def test_a_name_match_waits_for_review_and_is_never_merged_silently(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = fhir_source(partner, source_prefix)
    run = await sync(graph, source)

    repo = SyncRepository(graph)
    reviews = {r["own"]: r for r in await repo.reconciliation_reviews(source=source.name)}
    assert set(reviews) == {
        "org:akademiska-sjukhuset",
        "org:region-uppsala",
        "org:sahlgrenska-universitetssjukhuset",
    }
    assert reviews["org:akademiska-sjukhuset"]["record"] == f"org:{source.name}:akademiska"
    assert any("may be org:akademiska-sjukhuset" in issue for issue in run.issues)
    # Until someone decides, the partner's Sahlgrenska is its own.
    service = f"service:{source.name}:hs-esofagusatresi"
    hosts = {
        o["hostOrganisation"]["id"]
        for o in await where_offered(gql, "Q39.0", "SE")
        if o["service"]["id"] == service
    }
    assert hosts == {f"org:{source.name}:sahlgrenska"}

    sahlgrenska = reviews["org:sahlgrenska-universitetssjukhuset"]["id"]
    decided = await repo.decide_reconciliation(sahlgrenska, accept=True, by="test")
    assert decided is not None and decided["status"] == "ACCEPTED"
    dismissed = reviews["org:akademiska-sjukhuset"]["id"]
    assert (await repo.decide_reconciliation(dismissed, accept=False, by="test")) is not None
    assert await repo.decide_reconciliation(dismissed, accept=True, by="test") is None

    hosts = {
        o["hostOrganisation"]["id"]
        for o in await where_offered(gql, "Q39.0", "SE")
        if o["service"]["id"] == service
    }
    assert hosts == {"org:sahlgrenska-universitetssjukhuset"}
    sites = await links(graph, f"location:{source.name}:loc-ostra", "OPERATED_BY")
    assert set(sites) == {"org:sahlgrenska-universitetssjukhuset"}
    # The next run neither undoes the decision nor asks again.
    await sync(graph, source, full=True)
    left = await repo.reconciliation_reviews(source=source.name)
    assert [r["own"] for r in left] == ["org:region-uppsala"]  # undecided, still open
    record = await node(graph, f"org:{source.name}:sahlgrenska")
    assert record["sameAs"] == "org:sahlgrenska-universitetssjukhuset"
    assert (await node(graph, f"org:{source.name}:akademiska")).get("sameAs") is None


async def test_a_resumed_run_reports_progress_from_where_it_stopped(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix, retries=1)
    partner.fault(Fault("/fhir/Location", offset=2, times=10, status=503))
    stopped = await sync(graph, source)
    assert stopped.status == "FAILED"
    partner.state.faults.clear()

    events: list[ProgressEvent] = []
    async with httpx.AsyncClient() as http:
        resumed = await SyncRunner(graph, http, progress=events.append, environ={}).run(source)

    assert resumed.id == stopped.id and resumed.status == "SUCCEEDED"
    sites = [(e.pages, e.records) for e in events if e.kind == "Location"]
    assert sites == [(2, 4), (3, 5)]  # page 1 (two sites) came before the stop
