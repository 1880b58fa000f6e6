"""Partners pushing their designations and registry participation: allowed or refused by the one
policy table, validated, idempotent, audited; what a partner stops stating is withdrawn."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph.client import GraphClient
from graph.vocabulary import AccessRole
from nordhub.token_cli import issue

PREFIX = f"t7{uuid.uuid4().hex[:6]}"
REGISTRY = f"registry:{PREFIX}-nordic-test-registry"

UPSERT_DESIGNATION = """
mutation ($input: DesignationInput!, $key: String) {
  upsertDesignation(input: $input, idempotencyKey: $key) {
    replayed
    service {
      id name kind status validFrom
      country { code }
      hostedBy { id }
      conditions { id }
      provenance { source recordedBy withdrawnAt }
      sites { location { id } validFrom provenance { recordedBy withdrawnAt } }
      history: sites(includeWithdrawn: true) { location { id } provenance { withdrawnAt } }
    }
  }
}
"""

UPSERT_PARTICIPATION = """
mutation ($input: RegistryParticipationInput!, $key: String) {
  upsertRegistryParticipation(input: $input, idempotencyKey: $key) {
    replayed
    registry {
      id participatingCountries { code } reportingOrganisations { id }
      reporting(includeWithdrawn: true) {
        organisation { id } years provenance { recordedBy withdrawnAt }
      }
      auditTrail { action actor }
    }
  }
}
"""


@pytest.fixture(scope="module", autouse=True)
async def cleanup(graph: GraphClient) -> AsyncIterator[None]:
    # St. Olavs hospital holds the test registry, as it holds NordicSCIR.
    await graph.write(
        "MERGE (q:Entity {id: $id}) SET q:QualityRegistry, q.name_en = 'Nordic test registry', "
        "q.scope = 'NORDIC', q.source = 'tests', q.recordedBy = 'tests' "
        "WITH q MATCH (o:Organisation {id: 'org:st-olavs-hospital'}) "
        "MERGE (q)-[:HELD_BY {source: 'tests'}]->(o)",
        {"id": REGISTRY},
    )
    yield
    await graph.write(
        "MATCH (n:Entity) WHERE n.id STARTS WITH 'service:no:' + $prefix "
        "OR n.id STARTS WITH 'service:se:' + $prefix OR n.id = $registry "
        "OPTIONAL MATCH (n)-[:HAS_AUDIT_ENTRY]->(a:AuditEntry) DETACH DELETE n, a",
        {"prefix": PREFIX, "registry": REGISTRY},
    )


def designation(**overrides: Any) -> dict[str, Any]:
    return {
        "ref": f"{PREFIX}-{uuid.uuid4().hex[:8]}",
        "country": "NO",
        "kind": "NATIONAL_TREATMENT_SERVICE",
        "status": "APPROVED",
        "name": [
            {"language": "nb", "text": "Nasjonal behandlingstjeneste for testformål"},
            {"language": "en", "text": "National treatment service for testing"},
        ],
        "validFrom": "2025-01-01",
        "hostedBy": ["org:st-olavs-hospital"],
        "sites": [{"location": "location:st-olavs-hospital-trondheim", "validFrom": "2025-02-01"}],
        "treats": ["condition:spinal-cord-injury"],
        **overrides,
    }


async def exists(graph: GraphClient, node_id: str) -> bool:
    rows = await graph.read(
        "OPTIONAL MATCH (n:Entity {id: $id}) RETURN {found: n IS NOT NULL} AS row", {"id": node_id}
    )
    return bool(rows[0]["found"])


async def test_a_partner_pushes_its_designation_and_can_repeat_it_safely(
    gql: Any, graph: GraphClient, partners: Any
) -> None:
    given = designation()
    headers = partners.headers("participant")
    key = f"{PREFIX}-designation-1"

    created = await gql(UPSERT_DESIGNATION, {"input": given, "key": key}, headers=headers)

    body = created.ok()["upsertDesignation"]
    service = body["service"]
    assert body["replayed"] is False
    assert service["id"] == f"service:no:{given['ref']}"
    assert (service["kind"], service["status"], service["validFrom"]) == (
        "NATIONAL_TREATMENT_SERVICE",
        "APPROVED",
        "2025-01-01",
    )
    assert service["country"] == {"code": "NO"}
    assert service["hostedBy"] == [{"id": "org:st-olavs-hospital"}]
    assert service["conditions"] == [{"id": "condition:spinal-cord-injury"}]
    assert service["provenance"] == {
        "source": "api:org:st-olavs-hospital",
        "recordedBy": "org:st-olavs-hospital",
        "withdrawnAt": None,
    }
    assert service["sites"] == [
        {
            "location": {"id": "location:st-olavs-hospital-trondheim"},
            "validFrom": "2025-02-01",
            "provenance": {"recordedBy": "org:st-olavs-hospital", "withdrawnAt": None},
        }
    ]

    again = await gql(UPSERT_DESIGNATION, {"input": given, "key": key}, headers=headers)
    assert again.ok()["upsertDesignation"]["replayed"] is True
    trail = await graph.read(
        "MATCH (:Service {id: $id})-[:HAS_AUDIT_ENTRY]->(a) RETURN {action: a.action} AS row",
        {"id": service["id"]},
    )
    assert trail == [{"action": "UPSERT_DESIGNATION"}]


async def test_a_site_left_out_of_the_next_push_is_withdrawn(gql: Any, partners: Any) -> None:
    headers = partners.headers("participant")
    given = designation()
    (await gql(UPSERT_DESIGNATION, {"input": given}, headers=headers)).ok()

    moved = {
        **given,
        "sites": [{"location": "location:ous-rikshospitalet"}],
        "status": "DISCONTINUED",
    }
    service = (await gql(UPSERT_DESIGNATION, {"input": moved}, headers=headers)).ok()[
        "upsertDesignation"
    ]["service"]

    assert service["status"] == "DISCONTINUED"
    # The payload says what was written: the site left out is no longer current ...
    assert [s["location"]["id"] for s in service["sites"]] == ["location:ous-rikshospitalet"]
    # ... and is kept, as history.
    sites = {s["location"]["id"]: s["provenance"]["withdrawnAt"] for s in service["history"]}
    assert sites["location:ous-rikshospitalet"] is None
    assert sites["location:st-olavs-hospital-trondheim"] is not None


# What each caller gets for a new Norwegian designation: None = allowed, else the error code.
EXPECTED = {
    "anonymous": "UNAUTHENTICATED",
    "reader": "FORBIDDEN",
    "outsider": "FORBIDDEN",  # a Swedish partner
    "coordinator": "FORBIDDEN",  # Nordic coordination does not designate national services
    "revoked": "TOKEN_REVOKED",
    "participant": None,  # a Norwegian partner
}


@pytest.mark.parametrize("caller", list(EXPECTED))
async def test_who_may_push_a_designation(
    gql: Any, graph: GraphClient, partners: Any, caller: str
) -> None:
    given = designation()
    response = await gql(UPSERT_DESIGNATION, {"input": given}, headers=partners.headers(caller))

    if EXPECTED[caller] is None:
        assert response.ok()
    else:
        assert response.codes == [EXPECTED[caller]]
        assert not await exists(graph, f"service:no:{given['ref']}")


async def test_only_the_partner_that_pushed_a_designation_may_change_it(
    gql: Any, graph: GraphClient, partners: Any
) -> None:
    swedish = designation(
        country="SE",
        kind="NATIONAL_HIGHLY_SPECIALISED_CARE",
        hostedBy=["org:karolinska-universitetssjukhuset"],
        sites=[{"location": "location:karolinska-universitetssjukhuset"}],
        treats=[],
    )
    (await gql(UPSERT_DESIGNATION, {"input": swedish}, headers=partners.headers("outsider"))).ok()
    other, _ = await issue(graph, "org:sahlgrenska-universitetssjukhuset", AccessRole.PARTNER)

    taken = await gql(
        UPSERT_DESIGNATION,
        {"input": {**swedish, "status": "REJECTED"}},
        headers={"Authorization": f"Bearer {other}"},
        language="sv",
    )

    assert taken.codes == ["FORBIDDEN"]
    assert "org:sahlgrenska-universitetssjukhuset" in taken.errors[0]["message"]
    rows = await graph.read(
        "MATCH (s:Service {id: $id}) RETURN {status: s.status} AS row",
        {"id": f"service:se:{swedish['ref']}"},
    )
    assert rows == [{"status": "APPROVED"}]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"ref": "æ ø"}, "BAD_REFERENCE_KEY"),
        ({"country": "DE"}, "UNKNOWN_COUNTRY"),
        ({"name": [{"language": "nb", "text": "  "}]}, "TEXT_REQUIRED"),
        ({"name": [{"language": "de", "text": "Test"}]}, "UNSUPPORTED_LANGUAGE"),
        ({"validFrom": "2025-01-01", "validTo": "2024-01-01"}, "PERIOD_ENDS_BEFORE_START"),
        ({"kind": "NATIONAL_HIGHLY_SPECIALISED_CARE"}, "KIND_NOT_OF_COUNTRY"),
        ({"hostedBy": ["org:no-such-trust"]}, "UNKNOWN_ORGANISATION"),
        ({"hostedBy": ["org:karolinska-universitetssjukhuset"]}, "NOT_IN_COUNTRY"),
        ({"sites": [{"location": "location:karolinska-universitetssjukhuset"}]}, "NOT_IN_COUNTRY"),
        ({"sites": [{"location": "org:st-olavs-hospital"}]}, "UNKNOWN_REFERENCE"),
        ({"treats": ["condition:no-such-condition"]}, "UNKNOWN_REFERENCE"),
    ],
)
async def test_bad_designations_are_refused_and_nothing_is_written(
    gql: Any, graph: GraphClient, partners: Any, overrides: dict[str, Any], code: str
) -> None:
    given = designation(**overrides)
    response = await gql(
        UPSERT_DESIGNATION, {"input": given}, headers=partners.headers("participant"), language="nb"
    )

    assert response.codes == [code]
    assert response.errors[0]["message"]
    assert not await exists(graph, f"service:no:{str(given['ref']).lower()}")


async def test_a_country_states_its_participation_and_reporting_units(
    gql: Any, graph: GraphClient, partners: Any
) -> None:
    headers = partners.headers("participant")
    given = {
        "registry": REGISTRY,
        "country": "NO",
        "reporting": [{"organisation": "org:st-olavs-hospital", "years": [2024, 2023]}],
    }

    found = await gql(UPSERT_PARTICIPATION, {"input": given}, headers=headers)

    registry = found.ok()["upsertRegistryParticipation"]["registry"]
    assert registry["participatingCountries"] == [{"code": "NO"}]
    assert registry["reportingOrganisations"] == [{"id": "org:st-olavs-hospital"}]
    rows = await graph.read(
        "MATCH (o)-[r:REPORTS_TO]->(:QualityRegistry {id: $id}) "
        "RETURN {years: r.years, by: r.recordedBy, withdrawn: r.withdrawnAt} AS row",
        {"id": REGISTRY},
    )
    assert rows == [{"years": [2023, 2024], "by": "org:st-olavs-hospital", "withdrawn": None}]

    # The pushed years are readable, with who stated them.
    assert registry["reporting"] == [
        {
            "organisation": {"id": "org:st-olavs-hospital"},
            "years": [2023, 2024],
            "provenance": {"recordedBy": "org:st-olavs-hospital", "withdrawnAt": None},
        }
    ]

    # Norway stops taking part: both facts are withdrawn, not deleted, and the payload shows
    # what is current now.
    stopped = {"registry": REGISTRY, "country": "NO", "participates": False, "reporting": []}
    after = (await gql(UPSERT_PARTICIPATION, {"input": stopped}, headers=headers)).ok()[
        "upsertRegistryParticipation"
    ]["registry"]
    assert (after["participatingCountries"], after["reportingOrganisations"]) == ([], [])
    assert after["reporting"][0]["provenance"]["withdrawnAt"] is not None
    assert [e["action"] for e in after["auditTrail"]] == ["UPSERT_REGISTRY_PARTICIPATION"] * 2
    rows = await graph.read(
        "MATCH (n)-[r]->(:QualityRegistry {id: $id}) "
        "RETURN {type: type(r), withdrawn: r.withdrawnAt IS NOT NULL} AS row ORDER BY row.type",
        {"id": REGISTRY},
    )
    assert rows == [
        {"type": "PARTICIPATES_IN", "withdrawn": True},
        {"type": "REPORTS_TO", "withdrawn": True},
    ]


@pytest.mark.parametrize(
    ("caller", "overrides", "code"),
    [
        ("anonymous", {}, "UNAUTHENTICATED"),
        ("reader", {}, "FORBIDDEN"),
        ("outsider", {}, "FORBIDDEN"),  # it takes no part in the registry
        ("outsider", {"country": "SE"}, "FORBIDDEN"),  # not even for its own country
        ("participant", {"registry": "registry:no-such-registry"}, "NOT_FOUND"),
        (
            "participant",
            {"reporting": [{"organisation": "org:nope", "years": []}]},
            "UNKNOWN_ORGANISATION",
        ),
        (
            "participant",
            {"reporting": [{"organisation": "org:st-olavs-hospital", "years": [1850]}]},
            "BAD_YEAR",
        ),
    ],
)
async def test_participation_pushes_are_authorised_and_validated(
    gql: Any, graph: GraphClient, partners: Any, caller: str, overrides: dict[str, Any], code: str
) -> None:
    given = {
        "registry": REGISTRY,
        "country": "NO",
        "reporting": [{"organisation": "org:st-olavs-hospital", "years": [2024]}],
        **overrides,
    }
    stated = "MATCH (:Entity {id: $id})-[r]-() RETURN {n: count(r)} AS row"
    before = await graph.read(stated, {"id": REGISTRY})

    response = await gql(
        UPSERT_PARTICIPATION, {"input": given}, headers=partners.headers(caller), language="fi"
    )

    assert response.codes == [code]
    assert await graph.read(stated, {"id": REGISTRY}) == before
