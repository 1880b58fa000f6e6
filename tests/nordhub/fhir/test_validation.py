"""Everything /fhir can serve from the seed and from synced data, run through HAPI FHIR's
reference validator (FhirInstanceValidator, R4 core): 0 errors. Synced data is the test
directory read from HAPI's plain server, as a partner's would be."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from connectors.sources import parse_source
from connectors.sync import SyncRunner
from graph.client import GraphClient
from tests.fhirserver import HapiFhirServer
from tests.fhirvalidator import HapiValidator
from tests.nordhub.fhir.bundles import bundles

pytestmark = pytest.mark.usefixtures("synced_cleanup")

_names = itertools.count(1)


@pytest.fixture(scope="module")
def source_prefix() -> str:
    return "t20valid"


@pytest.fixture(scope="module")
async def synced_cleanup(graph: GraphClient, source_prefix: str) -> Any:
    yield
    params = {"prefix": source_prefix}
    await graph.write("MATCH ()-[r]->() WHERE r.syncSource STARTS WITH $prefix DELETE r", params)
    await graph.write(
        "MATCH (n:Entity) WHERE n.syncSource STARTS WITH $prefix DETACH DELETE n", params
    )
    await graph.write(
        "MATCH (n:SyncRun|PendingLink|ReconciliationReview) WHERE coalesce(n.source, '') "
        "STARTS WITH $prefix DETACH DELETE n",
        params,
    )


async def served(hub: httpx.AsyncClient, url: str) -> list[dict[str, Any]]:
    """Every resource of a search, following its pages, and the Bundles themselves."""
    pages = await bundles(hub, url, base="http://hub")
    return pages + [entry["resource"] for page in pages for entry in page["entry"]]


async def test_every_resource_the_endpoint_serves_is_valid_r4(
    hub: httpx.AsyncClient,
    graph: GraphClient,
    hapi_fhir: HapiFhirServer,
    fhir_validator: HapiValidator,
    source_prefix: str,
) -> None:
    source = parse_source(
        {
            "name": f"{source_prefix}-{next(_names)}",
            "kind": "fhir",
            "url": hapi_fhir.base_url,
            "country": "SE",
            "service_kind": "NATIONAL_HIGHLY_SPECIALISED_CARE",
        }
    )
    # A partner's opening hours, served again from the service's contact (with its telecom).
    hours = [
        {
            "daysOfWeek": ["mon", "tue", "wed"],
            "availableStartTime": "08:00:00",
            "availableEndTime": "16:00:00",
        },
        {"daysOfWeek": ["sat"], "allDay": True},
    ]
    original = hapi_fhir.read("HealthcareService", "hs-keratoprotes")
    hapi_fhir.put({**original, "availableTime": hours})
    try:
        async with httpx.AsyncClient() as http:
            run = await SyncRunner(graph, http, environ={}).run(source)
    finally:
        hapi_fhir.put(original)
    assert run.status == "SUCCEEDED" and run.created == 12
    keratoprotes = (await hub.get(f"/fhir/HealthcareService/{source.name}.hs-keratoprotes")).json()
    assert keratoprotes["telecom"] == [{"system": "phone", "value": "+46 18 611 00 00"}]
    assert keratoprotes["availableTime"] == hours

    resources: list[dict[str, Any]] = [(await hub.get("/fhir/metadata")).json()]
    for resource_type, include in (
        ("Organization", "_revinclude=Location:organization"),
        ("Location", "_include=Location:organization"),
        ("HealthcareService", "_include=HealthcareService:organization"),
    ):
        resources += await served(hub, f"/fhir/{resource_type}?_count=40&{include}")
    resources.append((await hub.get("/fhir/Organization?color=blue")).json())
    resources.append((await hub.get("/fhir/Organization/no-such-body")).json())
    kinds = {r["resourceType"] for r in resources}
    assert kinds == {
        "CapabilityStatement",
        "Bundle",
        "Organization",
        "Location",
        "HealthcareService",
        "OperationOutcome",
    }
    synced = [r for r in resources if str(r.get("id", "")).startswith(source.name + ".")]
    # All but the service the partner marks inactive (withdrawn, so not served).
    assert len({(r["resourceType"], r["id"]) for r in synced}) == 12 - 1

    # The validator is not lenient: an invalid language tag, a malformed reference, a missing
    # required element are errors.
    for broken in (
        {"resourceType": "Organization", "id": "x", "name": "X", "language": "no such tag!"},
        {"resourceType": "Location", "id": "x", "managingOrganization": {"reference": "a b"}},
        {"resourceType": "Bundle", "id": "x"},
    ):
        assert fhir_validator.validate(broken)["errors"] > 0, broken

    failures = {}
    for resource in resources:
        verdict = fhir_validator.validate(resource)
        if verdict["errors"]:
            errors = [i for i in verdict["issues"] if i["severity"] in ("error", "fatal")]
            failures[f"{resource['resourceType']}/{resource.get('id')}"] = errors[:3]
    assert failures == {}, f"{len(failures)} of {len(resources)} invalid: {failures}"
