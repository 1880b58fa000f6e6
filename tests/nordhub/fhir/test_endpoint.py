"""The FHIR R4 directory at /fhir against the session's seeded graph: reads, searches, paging,
includes, and OperationOutcome for everything malformed (never a 500)."""

from __future__ import annotations

import urllib.parse
from typing import Any

import httpx
import pytest

from graph.client import GraphClient
from tests.nordhub.fhir.bundles import bundles, matches

FHIR_JSON = "application/fhir+json"


async def get(hub: httpx.AsyncClient, url: str, **headers: str) -> tuple[int, dict[str, Any]]:
    response = await hub.get(url, headers=headers)
    assert response.headers["content-type"].startswith(FHIR_JSON), response.text
    body: dict[str, Any] = response.json()
    return response.status_code, body


async def every_page(hub: httpx.AsyncClient, url: str) -> tuple[list[dict[str, Any]], int]:
    """All matches of a search, following its next links; and how many pages it took."""
    pages = await bundles(hub, url, base="http://hub")
    return matches(pages), len(pages)


async def current(graph: GraphClient, label: str) -> set[str]:
    rows = await graph.read(
        "MATCH (n:Entity) WHERE $label IN labels(n) AND n.withdrawnAt IS NULL "
        "AND NOT coalesce(n.illustrative, false) AND coalesce(n.status, '') <> 'UNCONFIRMED' "
        "RETURN {id: n.id} AS row",
        {"label": label},
    )
    return {row["id"] for row in rows}


def ids(resources: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in resources]


async def test_metadata_is_a_capability_statement_of_the_three_types(
    hub: httpx.AsyncClient,
) -> None:
    status, statement = await get(hub, "/fhir/metadata")
    assert status == 200
    assert (statement["resourceType"], statement["fhirVersion"]) == (
        "CapabilityStatement",
        "4.0.1",
    )
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert set(resources) == {"Organization", "Location", "HealthcareService"}
    service = {p["name"] for p in resources["HealthcareService"]["searchParam"]}
    assert {"_id", "_lastUpdated", "name", "organization", "location", "active"} <= service
    assert "HealthcareService:organization" in resources["Organization"]["searchRevInclude"]


async def test_a_seeded_hospital_reads_with_its_identifier_names_and_provenance(
    hub: httpx.AsyncClient,
) -> None:
    status, org = await get(hub, "/fhir/Organization/rigshospitalet")
    assert status == 200
    assert (org["resourceType"], org["id"], org["language"], org["name"]) == (
        "Organization",
        "rigshospitalet",
        "da",
        "Rigshospitalet",
    )
    assert {"system": "urn:oid:1.2.208.176.1.1", "value": "8031000016007"} in org["identifier"]
    translations = {
        {p["url"]: p for p in ext["extension"]}["lang"]["valueCode"]: {
            p["url"]: p for p in ext["extension"]
        }["content"]["valueString"]
        for ext in org["_name"]["extension"]
    }
    assert translations["en"] == "Rigshospitalet, Copenhagen University Hospital"
    assert org["meta"]["source"].startswith("https://www.rigshospitalet.dk/")
    assert org["meta"]["lastUpdated"].endswith("Z")
    assert org["type"][0]["coding"][0] == {
        "system": "urn:nordhub:organisation-kind",
        "code": "HOSPITAL",
    }


async def test_services_map_designations_conditions_and_sites(hub: httpx.AsyncClient) -> None:
    status, bundle = await get(
        hub, "/fhir/HealthcareService?organization=Organization/rigshospitalet&_count=50"
    )
    assert status == 200
    found = {e["resource"]["id"]: e["resource"] for e in bundle["entry"]}
    assert set(found) == {
        "dk-boernekirurgi-kirurgisk-gastroenterologi",
        "dk-transplantation-rigshospitalet",
        "dk-rygmarvsskader",
        "dk-hornhindetransplantation",
    }
    assert bundle["total"] == 4
    service = found["dk-rygmarvsskader"]
    hosts = [service["providedBy"]] + [
        e["valueReference"] for e in service["extension"] if e["url"].endswith("also-hosted-by")
    ]
    assert {"reference": "Organization/rigshospitalet"} in hosts and len(hosts) == 2
    assert service["category"][0]["coding"][0]["system"] == "urn:nordhub:service-kind"
    assert {"url": "urn:nordhub:fhir:extension:designation-status", "valueCode": "APPROVED"} in (
        service["extension"]
    )
    assert service["active"] is True
    codes = {c["system"] for e in service.get("eligibility", []) for c in e["code"]["coding"]}
    assert codes <= {"http://hl7.org/fhir/sid/icd-10", "http://www.orpha.net"}


async def test_paging_follows_keyset_links_and_returns_every_current_resource_once(
    hub: httpx.AsyncClient, graph: GraphClient
) -> None:
    for resource_type, label in (
        ("Organization", "Organisation"),
        ("Location", "Location"),
        ("HealthcareService", "Service"),
    ):
        expected = await current(graph, label)
        found, pages = await every_page(hub, f"/fhir/{resource_type}?_count=7")
        assert len(found) == len(set(ids(found))) == len(expected), resource_type
        assert pages == -(-len(expected) // 7)
        assert all(":" not in i for i in ids(found))


async def test_illustrative_services_are_never_served(hub: httpx.AsyncClient) -> None:
    found, _ = await every_page(hub, "/fhir/HealthcareService?_count=500")
    assert not {"dk-keratoprotese", "se-keratoprotes", "fi-keratoproteesi"} & set(ids(found))
    status, outcome = await get(hub, "/fhir/HealthcareService/se-keratoprotes")
    assert (status, outcome["issue"][0]["code"]) == (404, "not-found")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("name=sahlgr", {"sahlgrenska-universitetssjukhuset"}),
        ("name=SAHLGRENSKA%20UNIV", {"sahlgrenska-universitetssjukhuset"}),
        ("name:contains=universitetssjukhuset", {"sahlgrenska-universitetssjukhuset"}),
        ("name:exact=Rigshospitalet", {"rigshospitalet"}),
        ("name:exact=rigshospitalet", set()),
        ("identifier=urn:oid:1.2.208.176.1.1|8031000016007", {"rigshospitalet"}),
        ("identifier=8031000016007", {"rigshospitalet"}),
        ("identifier=urn:oid:1.2.752.29.4.19|8031000016007", set()),
        ("_id=rigshospitalet,hod", {"rigshospitalet", "hod"}),
        ("_lastUpdated=gt2999-01-01", set()),
        ("active=false", set()),
    ],
)
async def test_organization_searches(
    hub: httpx.AsyncClient, query: str, expected: set[str]
) -> None:
    found, _ = await every_page(hub, f"/fhir/Organization?_count=500&{query}")
    matches = set(ids(found))
    if "contains" in query:
        assert expected <= matches
    else:
        assert matches == expected


async def test_last_updated_bounds_and_service_filters(
    hub: httpx.AsyncClient, graph: GraphClient
) -> None:
    every, _ = await every_page(hub, "/fhir/Location?_count=500&_lastUpdated=ge2020-01-01")
    assert len(every) == len(await current(graph, "Location"))
    newest = max(r["meta"]["lastUpdated"] for r in every)
    after, _ = await every_page(hub, f"/fhir/Location?_count=500&_lastUpdated=gt{newest}")
    assert after == []
    upto, _ = await every_page(
        hub, "/fhir/Location?_count=500&_lastUpdated=" + urllib.parse.quote(f"le{newest}")
    )
    assert len(upto) == len(every)

    services, _ = await every_page(hub, "/fhir/HealthcareService?_count=500")
    active, _ = await every_page(hub, "/fhir/HealthcareService?_count=500&active=true")
    assert {r["id"] for r in active} == {r["id"] for r in services if r["active"]}
    kind = "urn:nordhub:service-kind|HIGHLY_SPECIALISED_FUNCTION"
    danish, _ = await every_page(
        hub, "/fhir/HealthcareService?_count=500&service-category=" + urllib.parse.quote(kind)
    )
    assert danish and all(
        r["category"][0]["coding"][0]["code"] == "HIGHLY_SPECIALISED_FUNCTION" for r in danish
    )
    at_site, _ = await every_page(
        hub, "/fhir/HealthcareService?_count=500&location=Location/ous-rikshospitalet"
    )
    assert at_site and all(
        {"reference": "Location/ous-rikshospitalet"} in r["location"] for r in at_site
    )


async def test_includes_bring_the_referenced_resources_once(hub: httpx.AsyncClient) -> None:
    status, bundle = await get(
        hub,
        "/fhir/HealthcareService?_count=10&_include=HealthcareService:organization"
        "&_include=HealthcareService:location",
    )
    assert status == 200
    matches = [e["resource"] for e in bundle["entry"] if e["search"]["mode"] == "match"]
    included = {
        (e["resource"]["resourceType"], e["resource"]["id"])
        for e in bundle["entry"]
        if e["search"]["mode"] == "include"
    }
    referenced = {
        tuple(ref["reference"].split("/"))
        for r in matches
        for ref in [
            r.get("providedBy"),
            *r.get("location", []),
            *[e.get("valueReference") for e in r.get("extension", [])],
        ]
        if ref
    }
    assert referenced == included
    assert len(included) == len([e for e in bundle["entry"] if e["search"]["mode"] == "include"])

    status, bundle = await get(
        hub, "/fhir/Organization?_id=rigshospitalet&_revinclude=HealthcareService:organization"
    )
    assert status == 200
    services = {
        e["resource"]["id"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "HealthcareService"
    }
    assert len(services) == 4 and bundle["total"] == 1


@pytest.mark.parametrize(
    ("method", "url", "headers", "status", "code"),
    [
        ("GET", "/fhir/Organization?color=blue", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?name:fuzzy=x", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_count=abc", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_count=-1", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_count=100000000000000000000", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_lastUpdated=yesterday", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_lastUpdated=2026-13-45", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_lastUpdated=2026-01-01T10:00", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_cursor=%FF%FE", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_cursor=!!", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_include=Patient:link", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?active=maybe", {}, 400, "invalid"),
        ("GET", "/fhir/Location?organization=Patient/x", {}, 400, "invalid"),
        ("GET", "/fhir/Location?organization=", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?name=", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?identifier=x|", {}, 400, "invalid"),
        ("GET", "/fhir/Organization?_format=xml", {}, 406, "not-supported"),
        ("GET", "/fhir/Organization", {"Accept": "application/fhir+xml"}, 406, "not-supported"),
        ("GET", "/fhir/Patient", {}, 404, "not-supported"),
        ("GET", "/fhir/Organization/..%2F..%2Fetc", {}, 404, "not-supported"),
        ("GET", "/fhir/Organization/" + "x" * 65, {}, 404, "not-found"),
        ("GET", "/fhir/Organization/no-such-body", {}, 404, "not-found"),
        ("POST", "/fhir/Organization", {}, 405, "not-supported"),
        ("PUT", "/fhir/Organization/rigshospitalet", {}, 405, "not-supported"),
        ("DELETE", "/fhir/Organization/rigshospitalet", {}, 405, "not-supported"),
    ],
)
async def test_malformed_requests_get_an_operation_outcome(
    hub: httpx.AsyncClient,
    method: str,
    url: str,
    headers: dict[str, str],
    status: int,
    code: str,
) -> None:
    response = await hub.request(method, url, headers=headers, content=b"{}")
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(FHIR_JSON)
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["code"] == code and outcome["issue"][0]["diagnostics"]


async def test_errors_speak_the_callers_language(hub: httpx.AsyncClient) -> None:
    _, nb = await get(hub, "/fhir/Organization/no-such-body", **{"Accept-Language": "nb"})
    _, en = await get(hub, "/fhir/Organization/no-such-body", **{"Accept-Language": "en"})
    assert en["issue"][0]["diagnostics"] == "Organization/no-such-body is not known."
    assert nb["issue"][0]["diagnostics"] != en["issue"][0]["diagnostics"]
    assert "Organization/no-such-body" in nb["issue"][0]["diagnostics"]


async def test_a_withdrawn_resource_is_gone(hub: httpx.AsyncClient, graph: GraphClient) -> None:
    await graph.write(
        "CREATE (:Entity:Location {id: 'location:t20-gone', name_en: 'Gone', "
        "withdrawnAt: datetime(), recordedAt: datetime(), source: 'test', illustrative: false})"
    )
    try:
        status, outcome = await get(hub, "/fhir/Location/t20-gone")
        assert (status, outcome["issue"][0]["code"]) == (410, "deleted")
        found, _ = await every_page(hub, "/fhir/Location?_count=500")
        assert "t20-gone" not in ids(found)
    finally:
        await graph.write("MATCH (n:Entity {id: 'location:t20-gone'}) DETACH DELETE n")
