"""FHIR directory sync against a real FHIR server on 127.0.0.1 and the session's Neo4j."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import httpx
import pytest

from connectors.sources import Source, parse_source
from connectors.sync import SyncRunner
from graph.client import GraphClient
from graph.repositories.sync import SyncRepository, SyncRunState
from tests.connectors.conftest import Fault, PartnerServer

pytestmark = pytest.mark.usefixtures("synced_cleanup")

_names = itertools.count(1)


def fhir_source(partner: PartnerServer, prefix: str, **extra: Any) -> Source:
    return parse_source(
        {
            "name": f"{prefix}-se-{next(_names)}",
            "kind": "fhir",
            "url": f"{partner.base}/fhir",
            "country": "SE",
            "page_size": 2,
            "service_kind": "NATIONAL_HIGHLY_SPECIALISED_CARE",
            "retries": 3,
            "backoff_s": 0.01,
            "timeout_s": 2,
            **extra,
        }
    )


async def sync(
    graph: GraphClient,
    source: Source,
    *,
    full: bool = False,
    environ: dict[str, str] | None = None,
) -> SyncRunState:
    async with httpx.AsyncClient() as http:
        return await SyncRunner(graph, http, environ=environ or {}).run(source, full=full)


async def node(graph: GraphClient, node_id: str) -> dict[str, Any]:
    rows = await graph.read(
        "MATCH (n:Entity {id: $id}) RETURN properties(n) AS row", {"id": node_id}
    )
    assert rows, f"{node_id} is not in the graph"
    return rows[0]


async def links(graph: GraphClient, start: str, rel_type: str) -> dict[str, dict[str, Any]]:
    rows = await graph.read(
        "MATCH (:Entity {id: $id})-[r]->(b) WHERE type(r) = $type "
        "RETURN {end: b.id, props: properties(r)} AS row",
        {"id": start, "type": rel_type},
    )
    return {row["end"]: row["props"] for row in rows}


async def source_nodes(graph: GraphClient, source: str) -> int:
    """The source's records in the graph (a service's contact is part of its record)."""
    rows = await graph.read(
        "MATCH (n:Entity {syncSource: $source}) WHERE n.syncOwner IS NULL "
        "RETURN {n: count(n)} AS row",
        {"source": source},
    )
    return int(rows[0]["n"])


# --- a paged directory, twice -----------------------------------------------------------------


async def test_first_run_reads_every_page_and_maps_the_directory(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    run = await sync(graph, source)

    assert (run.status, run.full, run.since) == ("SUCCEEDED", True, None)
    assert (run.created, run.updated, run.unchanged, run.rejected) == (12, 0, 0, 0)
    assert run.pages == 2 + 3 + 2  # 3 organisations, 5 locations, 4 services, 2 a page
    assert [r.query.get("_offset") for r in partner.searches("Location")] == [None, "2", "4"]
    assert all("_lastUpdated" not in r.query for r in partner.requests)

    site = await node(graph, f"location:{source.name}:loc-akademiska")
    assert site["name_sv"] == "Akademiska sjukhuset, Uppsala"
    assert site["name_fi"] == "Akateeminen sairaala, Uppsala"
    assert (site["latitude"], site["longitude"]) == (59.8497, 17.6387)
    assert (site["address"], site["city"]) == ("Sjukhusvägen, 751 85 Uppsala", "Uppsala")
    assert site["source"] == f"{partner.base}/fhir/Location/loc-akademiska"
    assert site["sourceDate"].to_native() == dt.date(2026, 1, 7)
    assert (site["syncRun"], site["recordedBy"]) == (run.id, f"sync:{source.name}")
    assert f"org:{source.name}:akademiska" in await links(graph, site["id"], "OPERATED_BY")
    assert "country:SE" in await links(graph, site["id"], "IN_COUNTRY")

    hospital = await node(graph, f"org:{source.name}:akademiska")
    assert (hospital["hsaId"], hospital["kind"], hospital["shortName"]) == (
        "SE2321000032-T0001",
        "HOSPITAL",
        "AS",
    )
    assert hospital["name_en"] == "Uppsala University Hospital"
    assert f"org:{source.name}:region-uppsala" in await links(graph, hospital["id"], "PART_OF")

    service_id = f"service:{source.name}:hs-esofagusatresi"
    service = await node(graph, service_id)
    assert (service["kind"], service["status"], service["languages"]) == (
        "NATIONAL_HIGHLY_SPECIALISED_CARE",
        "APPROVED",
        ["sv", "en"],
    )
    assert service["name_nb"] == "Øsofagusatresi – kirurgisk behandling av barn"
    assert set(await links(graph, service_id, "OFFERED_AT")) == {
        f"location:{source.name}:loc-ostra",
        f"location:{source.name}:loc-sahlgrenska",
    }
    assert set(await links(graph, service_id, "TREATS")) == {"condition:oesophageal-atresia"}
    closed = await node(graph, f"service:{source.name}:hs-okand")
    assert closed["status"] == "DISCONTINUED"
    # telecom and availableTime are the service's contact, a dependent of its record.
    keratoprotes = f"service:{source.name}:hs-keratoprotes"
    contact = await node(graph, f"contact:{source.name}:hs-keratoprotes")
    assert (contact["phone"], contact["syncOwner"]) == ("+46 18 611 00 00", keratoprotes)
    assert f"contact:{source.name}:hs-keratoprotes" in await links(
        graph, keratoprotes, "HAS_CONTACT"
    )

    # Nothing dropped silently: the SyncRun names what the hub could not map.
    issues = "\n".join(run.issues)
    for expected in (
        "unknown code: HealthcareService.type http://snomed.info/sct|394594003",
        "unmapped field: HealthcareService.eligibility.comment",
        "unknown code: Organization.identifier system urn:oid:2.5.4.97",
        "unmapped field: Organization.address",
        f"unresolved reference: service:{source.name}:hs-okand OFFERED_AT "
        f"location:{source.name}:loc-saknas (waits for it)",
        "unknown code: no condition has ICD-10 X99.9",
        "unknown code: HealthcareService.eligibility.code http://example.org/local-codes|L-17",
    ):
        assert expected in issues
    stored = await SyncRepository(graph).run(run.id)
    assert stored is not None and stored.issues == run.issues and stored.finished is not None


async def test_second_run_asks_only_for_changes_and_touches_only_them(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    first = await sync(graph, source)
    assert first.watermark == dt.datetime(2026, 1, 10, 8, 0, tzinfo=dt.UTC)
    partner.touch("Location", "loc-molndal", name="Mölndals sjukhus, hus R")
    partner.touch(
        "HealthcareService", "hs-ryggmarg", location=[{"reference": "Location/loc-akademiska"}]
    )
    partner.requests.clear()

    second = await sync(graph, source)

    assert (second.full, second.since) == (False, first.watermark)
    assert {r.query["_lastUpdated"] for r in partner.requests} == {"gt2026-01-10T08:00:00.000Z"}
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 2, 0, 0)
    changed = await node(graph, f"location:{source.name}:loc-molndal")
    assert (changed["name_sv"], changed["syncRun"]) == ("Mölndals sjukhus, hus R", second.id)
    untouched = await node(graph, f"location:{source.name}:loc-akademiska")
    assert untouched["syncRun"] == first.id
    # The service dropped a site: that relationship is withdrawn, not deleted.
    sites = await links(graph, f"service:{source.name}:hs-ryggmarg", "OFFERED_AT")
    dropped = sites[f"location:{source.name}:loc-enkoping"]
    assert dropped["withdrawnAt"] is not None and dropped["withdrawnInRun"] == second.id
    assert sites[f"location:{source.name}:loc-akademiska"].get("withdrawnAt") is None

    third = await sync(graph, source)
    assert third.since is not None and third.since > first.watermark
    assert (third.created, third.updated, third.unchanged) == (0, 0, 0)


async def test_full_run_marks_withdrawn_what_the_partner_no_longer_has(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    first = await sync(graph, source)
    partner.fhir["Location"] = [r for r in partner.fhir["Location"] if r["id"] != "loc-enkoping"]

    again = await sync(graph, source, full=True)

    assert (again.status, again.full) == ("SUCCEEDED", True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 11)
    gone = await node(graph, f"location:{source.name}:loc-enkoping")
    assert gone["withdrawnInRun"] == again.id and gone["syncRun"] == first.id
    # ... and so are the relationships only it took part in.
    # The site and its own two relationships; a service still naming it keeps its OFFERED_AT.
    assert (again.withdrawn, again.withdrawn_links) == (1, 2)  # counted apart
    kept = await node(graph, f"location:{source.name}:loc-akademiska")
    assert kept.get("withdrawnAt") is None


async def test_synced_sites_show_in_lookups_with_their_provenance(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = fhir_source(partner, source_prefix)
    run = await sync(graph, source)
    service_id = f"service:{source.name}:hs-esofagusatresi"

    found = await gql(
        """
        query ($id: ID!) {
          service(id: $id) {
            name kind status
            provenance { source recordedBy syncRun }
            conditions { id }
            sites {
              provenance { syncRun recordedBy }
              location {
                id name city coordinates { latitude longitude }
                organisation { id identifiers { system value } }
                provenance { source syncRun withdrawnAt }
              }
            }
          }
        }
        """,
        {"id": service_id},
        language="nb",
    )
    service = found.ok()["service"]
    assert service["name"] == "Øsofagusatresi – kirurgisk behandling av barn"
    assert service["provenance"] == {
        "source": f"{partner.base}/fhir/HealthcareService/hs-esofagusatresi",
        "recordedBy": f"sync:{source.name}",
        "syncRun": run.id,
    }
    assert service["conditions"] == [{"id": "condition:oesophageal-atresia"}]
    sites = {site["location"]["id"]: site for site in service["sites"]}
    ostra = sites[f"location:{source.name}:loc-ostra"]
    assert ostra["provenance"] == {"syncRun": run.id, "recordedBy": f"sync:{source.name}"}
    assert ostra["location"]["coordinates"] == {"latitude": 57.7219, "longitude": 12.045}
    assert ostra["location"]["provenance"]["syncRun"] == run.id
    assert ostra["location"]["organisation"]["identifiers"] == [
        {"system": "HSA-id", "value": "SE2321000131-T0002"}
    ]

    listed = await gql(
        """
        query ($org: ID!) {
          locations(organisation: $org, first: 10) {
            totalCount edges { node { id provenance { syncRun } } }
          }
        }
        """,
        {"org": f"org:{source.name}:sahlgrenska"},
    )
    edges = listed.ok()["locations"]["edges"]
    assert {e["node"]["id"].rsplit(":", 1)[1] for e in edges} == {
        "loc-molndal",
        "loc-ostra",
        "loc-sahlgrenska",
    }
    assert {e["node"]["provenance"]["syncRun"] for e in edges} == {run.id}


# --- faults --------------------------------------------------------------------------------


async def test_retry_after_is_honoured_and_the_run_goes_on(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    partner.fault(Fault("/fhir/Location", offset=2, status=503, retry_after="1"))
    partner.fault(Fault("/fhir/HealthcareService", offset=0, status=429))

    run = await sync(graph, source)

    assert (run.status, run.created) == ("SUCCEEDED", 12)
    asked = [r for r in partner.searches("Location") if r.query.get("_offset") == "2"]
    assert len(asked) == 2
    assert asked[1].at - asked[0].at >= 1.0  # waited as long as the partner asked
    assert len([r for r in partner.searches("HealthcareService") if "_offset" not in r.query]) == 2


async def test_a_timeout_is_retried(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix, timeout_s=0.3)
    partner.fault(Fault("/fhir/Organization", offset=0, delay_s=1.0))

    run = await sync(graph, source)

    assert (run.status, run.created) == ("SUCCEEDED", 12)
    assert len([r for r in partner.searches("Organization") if "_offset" not in r.query]) == 2


async def test_a_page_failing_midway_resumes_from_the_last_committed_page(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    partner.fault(Fault("/fhir/Location", offset=4, status=500, times=3))

    failed = await sync(graph, source)

    assert (failed.status, failed.pages, failed.created) == ("FAILED", 2 + 2, 3 + 4)
    assert "answered 500, 3 attempts in all" in failed.errors[-1]
    assert (failed.checkpoint_kind, failed.done_kinds) == ("Location", ("Organization",))
    assert await source_nodes(graph, source.name) == 7  # two whole pages, nothing of the third
    partner.requests.clear()

    resumed = await sync(graph, source)

    assert (resumed.id, resumed.resumes, resumed.status) == (failed.id, 1, "SUCCEEDED")
    assert partner.searches("Organization") == []
    assert partner.searches("Location")[0].query["_offset"] == "4"
    assert (resumed.created, resumed.pages) == (12, 7)
    assert await source_nodes(graph, source.name) == 12


async def test_a_malformed_page_is_rejected_and_the_rest_goes_on(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    partner.fault(Fault("/fhir/Location", offset=2, body=b"<html>Bad gateway</html>"))

    run = await sync(graph, source)

    assert run.status == "PARTIAL"
    assert any("page rejected" in e and "not JSON" in e for e in run.errors)
    assert run.created == 3 + 2 + 4  # organisations, the first page of sites, the services
    assert run.watermark is None  # the next run must read the lost page again
    assert run.withdrawn == 0
    assert await SyncRepository(graph).watermark(source.name) is None


async def test_a_malformed_resource_is_rejected_and_its_page_goes_on(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    source = fhir_source(partner, source_prefix)
    partner.fhir["Location"][0]["position"] = {"latitude": "nord", "longitude": 17.6}
    partner.fhir["Organization"].append({"resourceType": "Organization", "name": "Utan id"})

    run = await sync(graph, source)

    assert (run.status, run.rejected, run.created) == ("SUCCEEDED", 2, 11)
    assert any(
        "Location/loc-akademiska: position.latitude must be a number" in e for e in run.errors
    )
    assert any("Organization with a missing or malformed id" in e for e in run.errors)
    assert await source_nodes(graph, source.name) == 11


async def test_a_partner_that_is_down_fails_the_run_cleanly(
    graph: GraphClient, closed_port: int, source_prefix: str
) -> None:
    source = parse_source(
        {
            "name": f"{source_prefix}-down",
            "kind": "fhir",
            "url": f"http://127.0.0.1:{closed_port}/fhir",
            "country": "NO",
            "retries": 2,
            "backoff_s": 0.01,
        }
    )

    run = await sync(graph, source)

    assert (run.status, run.pages, run.created) == ("FAILED", 0, 0)
    assert "did not answer" in run.errors[0] and "2 attempts" in run.errors[0]
    assert await source_nodes(graph, source.name) == 0
    assert await SyncRepository(graph).resumable(source.name) is None


async def test_credentials_come_from_the_environment(
    graph: GraphClient, partner: PartnerServer, source_prefix: str
) -> None:
    partner.state.token = "s3cret"
    source = fhir_source(partner, source_prefix, token_env="PARTNER_TOKEN")

    refused = await sync(graph, source, environ={"PARTNER_TOKEN": "wrong"})
    assert refused.status == "FAILED" and "answered 401" in refused.errors[0]
    assert await source_nodes(graph, source.name) == 0

    other = fhir_source(partner, source_prefix, token_env="PARTNER_TOKEN")
    run = await sync(graph, other, environ={"PARTNER_TOKEN": "s3cret"})
    assert run.status == "SUCCEEDED"
    assert {r.authorization for r in partner.requests[-7:]} == {"Bearer s3cret"}


async def test_runs_can_be_read_through_the_api(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = fhir_source(partner, source_prefix)
    first = await sync(graph, source)
    second = await sync(graph, source)

    found = await gql(
        """
        query ($source: String, $id: ID!) {
          syncRuns(source: $source) { id status full created unchanged pages }
          syncRun(id: $id) { source kind since status issues errors finished }
        }
        """,
        {"source": source.name, "id": second.id},
    )
    data = found.ok()
    assert data["syncRuns"] == [
        {
            "id": second.id,
            "status": "SUCCEEDED",
            "full": False,
            "created": 0,
            "unchanged": 0,
            "pages": 3,
        },
        {
            "id": first.id,
            "status": "SUCCEEDED",
            "full": True,
            "created": 12,
            "unchanged": 0,
            "pages": 7,
        },
    ]
    assert data["syncRun"]["since"].startswith("2026-01-10T")
    assert data["syncRun"]["kind"] == "fhir"

    too_many = await gql("{ syncRuns(first: 1000) { id } }", language="sv")
    assert too_many.codes == ["BAD_PAGE_SIZE"]


async def test_synced_sites_show_in_where_offered_with_their_provenance(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = fhir_source(partner, source_prefix)
    run = await sync(graph, source)

    found = await gql(
        """
        query {
          whereOffered(code: "Q39.0", countries: ["SE"], first: 50) {
            edges { node {
              service { id }
              location { id name coordinates { latitude } provenance { source syncRun } }
              hostOrganisation { id }
              kind status
              provenance { recordedBy syncRun }
            } }
          }
        }
        """,
        language="sv",
    )
    offerings = [
        edge["node"]
        for edge in found.ok()["whereOffered"]["edges"]
        if edge["node"]["service"]["id"] == f"service:{source.name}:hs-esofagusatresi"
    ]
    sites = {o["location"]["id"]: o for o in offerings}
    assert set(sites) == {
        f"location:{source.name}:loc-ostra",
        f"location:{source.name}:loc-sahlgrenska",
    }
    ostra = sites[f"location:{source.name}:loc-ostra"]
    assert ostra["location"]["provenance"] == {
        "source": f"{partner.base}/fhir/Location/loc-ostra",
        "syncRun": run.id,
    }
    assert ostra["hostOrganisation"] == {"id": f"org:{source.name}:sahlgrenska"}
    assert (ostra["kind"], ostra["status"]) == ("NATIONAL_HIGHLY_SPECIALISED_CARE", "APPROVED")
    assert ostra["provenance"] == {"recordedBy": f"sync:{source.name}", "syncRun": run.id}

    # The partner drops a site: the lookup no longer offers it (the graph keeps it, withdrawn).
    partner.touch(
        "HealthcareService",
        "hs-esofagusatresi",
        location=[{"reference": "Location/loc-ostra"}],
    )
    await sync(graph, source)
    again = await gql(
        '{ whereOffered(code: "Q39.0", countries: ["SE"], first: 50) '
        "{ edges { node { service { id } location { id } } } } }"
    )
    assert [
        edge["node"]["location"]["id"]
        for edge in again.ok()["whereOffered"]["edges"]
        if edge["node"]["service"]["id"] == f"service:{source.name}:hs-esofagusatresi"
    ] == [f"location:{source.name}:loc-ostra"]


# --- a service's telecom and availableTime: its contact -------------------------------------

CONTACT = """
query ($code: String!, $country: String!) {
  whereOffered(code: $code, countries: [$country], first: 100) {
    edges { node { service { id } contact {
      id phone email url openingHours openingHoursLocalized { language original }
      provenance { source } lastConfirmed { on by source } stale
    } } }
  }
  referralOptions(fromCountry: "FI", code: $code) {
    options { offering { service { id } } contact { id phone } }
  }
}
"""


async def contacts(gql: Any, service: str) -> tuple[list[Any], list[Any]]:
    """The contact of ``service`` on each of its offerings and referral options."""
    body = (await gql(CONTACT, {"code": "Q39.0", "country": "SE"}, language="sv")).ok()
    offered = [
        e["node"]["contact"]
        for e in body["whereOffered"]["edges"]
        if e["node"]["service"]["id"] == service
    ]
    options = [
        o["contact"]
        for o in body["referralOptions"]["options"]
        if o["offering"]["service"]["id"] == service
    ]
    assert offered and options, f"{service} is not offered"
    return offered, options


async def test_telecom_and_hours_are_the_services_contact_updated_and_withdrawn_with_it(
    graph: GraphClient, partner: PartnerServer, source_prefix: str, gql: Any
) -> None:
    source = fhir_source(partner, source_prefix)
    telecom = [
        {"system": "url", "value": "https://www.sahlgrenska.se/esofagusatresi"},
        {"system": "phone", "value": "+46 31 342 10 00", "rank": 2},
        {"system": "phone", "value": "+46 31 343 00 00", "rank": 1},
        {"system": "email", "value": "mailto:barnkirurgi@vgregion.se"},
        {"system": "fax", "value": "+46 31 343 00 01"},
    ]
    hours = [
        {
            "daysOfWeek": ["mon", "tue", "wed", "thu", "fri"],
            "availableStartTime": "08:00:00",
            "availableEndTime": "15:30:00",
        }
    ]
    partner.touch("HealthcareService", "hs-esofagusatresi", telecom=telecom, availableTime=hours)
    service = f"service:{source.name}:hs-esofagusatresi"
    contact_id = f"contact:{source.name}:hs-esofagusatresi"
    stated = next(r for r in partner.fhir["HealthcareService"] if r["id"] == "hs-esofagusatresi")
    url = f"{partner.base}/fhir/HealthcareService/hs-esofagusatresi"

    first = await sync(graph, source)

    # Counted as part of its service: twelve records, as before.
    assert (first.status, first.created) == ("SUCCEEDED", 12)
    assert "unmapped field: HealthcareService.telecom(fax) (1×)" in first.issues
    offered, options = await contacts(gql, service)
    assert (
        offered[0]
        == {
            "id": contact_id,
            "phone": "+46 31 343 00 00",  # the first by rank
            "email": "barnkirurgi@vgregion.se",
            "url": "https://www.sahlgrenska.se/esofagusatresi",
            "openingHours": "mån–fre 08:00–15:30",
            "openingHoursLocalized": {"language": "sv", "original": True},
            "provenance": {"source": url},
            "lastConfirmed": {
                "on": stated["meta"]["lastUpdated"][:10],
                "by": source.name,
                "source": url,
            },
            "stale": False,
        }
    )
    assert all(o == offered[0] for o in offered)  # both sites
    assert options[0] == {"id": contact_id, "phone": "+46 31 343 00 00"}
    fi = await gql(
        'query ($id: ID!) { node(id: $id) { ... on Contact { openingHours(language: "fi") } } }',
        {"id": contact_id},
    )
    assert fi.ok()["node"] == {"openingHours": "ma–pe 08:00–15:30"}

    partner.touch(
        "HealthcareService",
        "hs-esofagusatresi",
        telecom=[{"system": "phone", "value": "+46 31 343 99 99"}],
        availableTime=[],
    )
    changed = await sync(graph, source)

    assert (changed.full, changed.created, changed.updated) == (False, 0, 1)
    offered, _ = await contacts(gql, service)
    assert {k: offered[0][k] for k in ("id", "phone", "email", "url", "openingHours")} == {
        "id": contact_id,
        "phone": "+46 31 343 99 99",
        "email": None,
        "url": None,
        "openingHours": None,
    }

    stated.pop("telecom")
    partner.touch("HealthcareService", "hs-esofagusatresi")
    dropped = await sync(graph, source)

    assert (dropped.full, dropped.updated) == (False, 1)
    offered, options = await contacts(gql, service)
    assert offered[0] is None and options[0] is None
    gone = await node(graph, contact_id)
    assert gone["withdrawnInRun"] == dropped.id
    assert (
        gone["withdrawnInRun"]
        == (await links(graph, service, "HAS_CONTACT"))[contact_id]["withdrawnInRun"]
    )

    # Stated again, then the service itself is gone: a full run withdraws both, counting one.
    partner.touch("HealthcareService", "hs-esofagusatresi", telecom=telecom[:1])
    again = await sync(graph, source)
    assert (again.updated, (await contacts(gql, service))[0][0]["url"]) == (
        1,
        "https://www.sahlgrenska.se/esofagusatresi",
    )
    assert "withdrawnAt" not in await node(graph, contact_id)
    partner.fhir["HealthcareService"].remove(stated)
    full = await sync(graph, source, full=True)
    assert full.withdrawn == 1
    assert (await node(graph, contact_id))["withdrawnInRun"] == full.id
