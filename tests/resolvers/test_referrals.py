"""What a referral office needs to act, through HTTP: contact, routes with their bases, network
memberships, last confirmation and staleness; ranking of the options; unknown stays null."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph.client import GraphClient
from schema.errors import MESSAGES, ErrorCode

REFERRAL = """
query ($from: String!, $treatment: String, $code: String) {
  referralOptions(fromCountry: $from, treatment: $treatment, code: $code) {
    options {
      ownCountry
      offering { service { id } location { id } country { code } }
      hostOrganisation: contactOrganisation { id }
      contact {
        id unit unitLocalized { language original } phone email url referralAddress openingHours
        provenance { source recordedBy }
        lastConfirmed { on by source }
        stale
      }
      routes {
        id kind form priorAuthorisation name nameLocalized { language original }
        conditions countryCodes
        basis { id citation url }
        provenance { source sourceDate }
      }
      waitingTime { weeks }
      acceptsForeignPatients
      referrers
      referralTerms { id }
      ernMemberships { network { code } }
      lastConfirmed { on by source }
    }
  }
}
"""

S2_BASIS = ["legal:eu-883-2004-art-20", "legal:eu-987-2009"]


async def test_a_finnish_patient_with_retinoblastoma_reaches_oslo(gql: Any) -> None:
    body = await gql(REFERRAL, {"from": "FI", "treatment": "retinoblastooma"}, language="fi")
    options = body.ok()["referralOptions"]["options"]
    oslo = [o for o in options if o["offering"]["service"]["id"] == "service:no-retinoblastom"]
    assert len(oslo) == 1
    option = oslo[0]
    assert option["ownCountry"] is False
    assert option["hostOrganisation"] == {"id": "org:oslo-universitetssykehus"}
    contact = option["contact"]
    assert contact["unit"] == "Øyeavdelingen, Oslo universitetssykehus Ullevål"
    # A department's name is a proper name: served in its own language to a Finnish reader.
    assert contact["unitLocalized"] == {"language": "nb", "original": True}
    assert contact["url"].startswith("https://www.oslo-universitetssykehus.no/")
    # No source gives a phone number, e-mail, referral address or opening hours: null.
    assert [contact[k] for k in ("phone", "email", "referralAddress", "openingHours")] == [None] * 4
    assert contact["provenance"] == {"source": contact["url"], "recordedBy": "seed"}
    assert contact["lastConfirmed"] == {
        "on": "2026-12-04",
        "by": "nordhub",
        "source": contact["url"],
    }
    assert option["lastConfirmed"] == contact["lastConfirmed"]
    routes = {r["kind"]: r for r in option["routes"]}
    assert set(routes) == {"EU_S2", "EU_CROSS_BORDER_DIRECTIVE", "NORDIC_CONVENTION"}
    s2 = routes["EU_S2"]
    assert (s2["form"], s2["priorAuthorisation"]) == ("S2", True)
    assert [b["id"] for b in s2["basis"]] == S2_BASIS
    assert s2["basis"][0]["url"] == "https://eur-lex.europa.eu/eli/reg/2004/883/oj"
    assert s2["name"].startswith("Suunniteltu hoito S2-todistuksella")
    assert s2["nameLocalized"] == {"language": "fi", "original": False}
    assert s2["provenance"]["sourceDate"] == "2004-04-29"
    assert routes["EU_CROSS_BORDER_DIRECTIVE"]["priorAuthorisation"] is None
    assert [b["id"] for b in routes["EU_CROSS_BORDER_DIRECTIVE"]["basis"]] == [
        "legal:eu-directive-2011-24"
    ]
    assert "FO" in routes["NORDIC_CONVENTION"]["countryCodes"]
    # Unknown stays null: no source states a waiting time, the terms or who may refer.
    assert option["waitingTime"] is None
    assert option["acceptsForeignPatients"] is None
    assert option["referrers"] is None
    assert option["referralTerms"] is None
    assert option["ernMemberships"] == []


async def test_no_route_is_needed_in_the_own_country(gql: Any) -> None:
    body = await gql(REFERRAL, {"from": "NO", "treatment": "retinoblastom"}, language="nb")
    options = body.ok()["referralOptions"]["options"]
    oslo = next(o for o in options if o["offering"]["service"]["id"] == "service:no-retinoblastom")
    assert oslo["ownCountry"] is True
    assert oslo["routes"] == []
    assert oslo["contact"]["url"]


async def test_the_faroe_islands_reach_norway_only_by_the_nordic_convention(gql: Any) -> None:
    body = await gql(REFERRAL, {"from": "FO", "treatment": "retinoblastoma"}, language="en")
    option = next(
        o
        for o in body.ok()["referralOptions"]["options"]
        if o["offering"]["service"]["id"] == "service:no-retinoblastom"
    )
    assert [r["kind"] for r in option["routes"]] == ["NORDIC_CONVENTION"]


ERN = """
query ($treatment: String!) {
  whereOffered(treatment: $treatment, countries: ["NO"], first: 50) {
    nodes {
      service { id }
      routes { kind }
      ernMemberships {
        network { id code name nameLocalized { language original } }
        role since { precision date year }
        provenance { source }
        lastConfirmed { on by }
        stale
      }
    }
  }
}
"""


async def test_network_memberships_as_exact_as_their_sources(gql: Any) -> None:
    body = await gql(ERN, {"treatment": "epilepsi"}, language="sv")
    nodes = {n["service"]["id"]: n for n in body.ok()["whereOffered"]["nodes"]}
    sse = nodes["service:no-kompleks-epilepsi-sse"]
    # An offering found without a referring country cannot say which routes apply.
    assert sse["routes"] is None
    [membership] = sse["ernMemberships"]
    assert membership["network"]["code"] == "EpiCARE"
    assert membership["network"]["nameLocalized"] == {"language": "en", "original": True}
    assert membership["role"] == "FULL_MEMBER"
    assert membership["since"] == {"precision": "DAY", "date": "2022-01-01", "year": 2022}
    assert membership["lastConfirmed"] == {"on": "2026-12-04", "by": "nordhub"}
    assert membership["stale"] is False


async def test_an_offering_takes_routes_for_a_country_asked_for(gql: Any) -> None:
    query = """
    { whereOffered(treatment: "retinoblastoma", first: 5) {
        nodes { service { id } routes(fromCountry: "is") { kind } } } }
    """
    body = await gql(query, language="en")
    node = next(
        n
        for n in body.ok()["whereOffered"]["nodes"]
        if n["service"]["id"] == "service:no-retinoblastom"
    )
    assert sorted(r["kind"] for r in node["routes"]) == [
        "EU_CROSS_BORDER_DIRECTIVE",
        "EU_S2",
        "NORDIC_CONVENTION",
    ]
    bad = await gql(
        '{ whereOffered(treatment: "retinoblastoma") { nodes { routes(fromCountry: "XX") '
        "{ kind } } } }",
        language="en",
    )
    assert bad.errors and bad.errors[0]["extensions"]["code"] == "UNKNOWN_COUNTRY"


ROUTES = """
query ($from: String, $to: String) {
  referralRoutes(fromCountry: $from, toCountry: $to) { id kind countries { code name } }
}
"""


async def test_routes_between_two_countries(gql: Any) -> None:
    body = await gql(ROUTES, {"from": "IS", "to": "SE"}, language="is")
    routes = body.ok()["referralRoutes"]
    assert [r["id"] for r in routes] == [
        "route:eu-cross-border-directive",
        "route:eu-s2",
        "route:nordic-convention",
    ]
    names = {c["code"]: c["name"] for c in routes[0]["countries"]}
    assert names["SE"] == "Svíþjóð"
    greenland = await gql(ROUTES, {"from": "GL", "to": "DK"}, language="en")
    assert [r["id"] for r in greenland.ok()["referralRoutes"]] == ["route:nordic-convention"]
    same = await gql(ROUTES, {"from": "NO", "to": "NO"}, language="en")
    assert same.ok()["referralRoutes"] == []


PUSH = """
mutation ($input: DesignationInput!) {
  upsertDesignation(input: $input) { service { id } }
}
"""

PUSHED = """
query ($from: String!, $treatment: String!) {
  referralOptions(fromCountry: $from, treatment: $treatment) {
    options {
      offering { service { id } }
      contact { id unit phone email url openingHours provenance { recordedBy } stale
                lastConfirmed { by } }
      waitingTime { weeks asOf lastConfirmed { on by } stale provenance { source } }
      acceptsForeignPatients
      referrers
      ernMemberships { network { code } role since { date } lastConfirmed { by } }
      lastConfirmed { on by }
    }
  }
}
"""


def _pushed(ref: str, referral: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "ref": ref,
        "country": "NO",
        "kind": "NATIONAL_TREATMENT_SERVICE",
        "status": "APPROVED",
        "name": [
            {"language": "nb", "text": f"Nasjonal behandlingstjeneste for tilvisingstest {ref}"}
        ],
        "hostedBy": ["org:st-olavs-hospital"],
        "sites": [{"location": "location:st-olavs-hospital-trondheim"}],
        "treats": ["condition:retinoblastoma"],
        "referral": referral,
        "source": "https://www.stolav.no/",
    }


REFERRAL_FACTS = {
    "contact": {
        "location": "location:st-olavs-hospital-trondheim",
        "unit": [{"language": "nb", "text": "Øyeavdelingen, St. Olavs hospital"}],
        "phone": "+47 72 57 30 00",
        "email": "henvisning@example.invalid",
        "url": "https://www.stolav.no/",
        "openingHours": [{"language": "nb", "text": "Hverdager 08–15"}],
    },
    "waitingTime": {"weeks": 6, "asOf": "2026-11-30"},
    "acceptsForeignPatients": True,
    "referrers": ["SPECIALIST", "HOSPITAL_ABROAD"],
    "ernMemberships": [{"network": "ern:epicare", "role": "AFFILIATED_PARTNER"}],
}


@pytest.fixture
async def pushed_ref(graph: GraphClient) -> AsyncIterator[str]:
    ref = f"t23{uuid.uuid4().hex[:8]}"
    yield ref
    await graph.write(
        "MATCH (n:Entity) WHERE n.id ENDS WITH ':no:' + $ref "
        "OPTIONAL MATCH (n)-[:HAS_AUDIT_ENTRY]->(a:AuditEntry) DETACH DELETE n, a",
        {"ref": ref},
    )


def _option(body: Any, service_id: str) -> dict[str, Any]:
    options = body.ok()["referralOptions"]["options"]
    return next(o for o in options if o["offering"]["service"]["id"] == service_id)


async def test_a_partner_pushes_and_keeps_its_referral_facts_current(
    gql: Any, graph: GraphClient, partners: Any, pushed_ref: str
) -> None:
    headers = partners.headers("participant")
    pushed = await gql(
        PUSH, {"input": _pushed(pushed_ref, REFERRAL_FACTS)}, headers=headers, language="en"
    )
    service_id = pushed.ok()["upsertDesignation"]["service"]["id"]
    today = dt.datetime.now(dt.UTC).date().isoformat()

    option = _option(
        await gql(PUSHED, {"from": "FI", "treatment": "retinoblastoma"}, language="en"),
        service_id,
    )
    contact = option["contact"]
    assert contact["unit"] == "Øyeavdelingen, St. Olavs hospital"
    assert (contact["phone"], contact["email"]) == ("+47 72 57 30 00", "henvisning@example.invalid")
    assert contact["provenance"] == {"recordedBy": "org:st-olavs-hospital"}
    assert contact["lastConfirmed"] == {"by": "org:st-olavs-hospital"}
    assert contact["stale"] is False
    assert option["waitingTime"]["weeks"] == 6
    assert option["waitingTime"]["asOf"] == "2026-11-30"
    assert option["waitingTime"]["provenance"] == {"source": "https://www.stolav.no/"}
    assert option["acceptsForeignPatients"] is True
    assert option["referrers"] == ["HOSPITAL_ABROAD", "SPECIALIST"]
    assert option["ernMemberships"] == [
        {
            "network": {"code": "EpiCARE"},
            "role": "AFFILIATED_PARTNER",
            "since": None,
            "lastConfirmed": {"by": "org:st-olavs-hospital"},
        }
    ]
    assert option["lastConfirmed"] == {"on": today, "by": "org:st-olavs-hospital"}

    # A year and more later, nobody has confirmed the waiting time: it is marked stale.
    await graph.write(
        "MATCH (w:WaitingTime {id: $id}) SET w.confirmedOn = date('2020-01-01')",
        {"id": "waiting-time:" + service_id.split(":", 1)[1]},
    )
    option = _option(
        await gql(PUSHED, {"from": "FI", "treatment": "retinoblastoma"}, language="en"),
        service_id,
    )
    assert option["waitingTime"]["stale"] is True
    assert option["waitingTime"]["lastConfirmed"]["on"] == "2020-01-01"
    assert option["contact"]["stale"] is False

    # The next push states only a contact: the rest is withdrawn, so unknown again.
    again = {"contact": {"url": "https://www.stolav.no/henvisning"}}
    await gql(PUSH, {"input": _pushed(pushed_ref, again)}, headers=headers, language="en")
    option = _option(
        await gql(PUSHED, {"from": "FI", "treatment": "retinoblastoma"}, language="en"),
        service_id,
    )
    assert option["contact"]["url"] == "https://www.stolav.no/henvisning"
    assert option["contact"]["phone"] is None
    assert option["waitingTime"] is None
    assert option["acceptsForeignPatients"] is None
    assert option["referrers"] is None
    assert option["ernMemberships"] == []


@pytest.mark.parametrize(
    ("referral", "code"),
    [
        ({"contact": {"email": "not an address"}}, "BAD_EMAIL"),
        ({"contact": {"url": "javascript:alert(1)"}}, "BAD_URL"),
        ({"contact": {"phone": "call us"}}, "BAD_PHONE"),
        ({"waitingTime": {"weeks": -1, "asOf": "2026-11-30"}}, "BAD_WAITING_TIME"),
        (
            {"waitingTime": {"weeks": 2, "asOf": "2026-11-30", "location": "location:ous-ulleval"}},
            "NOT_A_SITE",
        ),
        ({"ernMemberships": [{"network": "ern:no-such-network"}]}, "UNKNOWN_REFERENCE"),
    ],
)
async def test_bad_referral_facts_are_refused_and_nothing_is_written(
    gql: Any, graph: GraphClient, partners: Any, pushed_ref: str, referral: Any, code: str
) -> None:
    answer = await gql(
        PUSH,
        {"input": _pushed(pushed_ref, referral)},
        headers=partners.headers("participant"),
        language="sv",
    )
    assert answer.errors and answer.errors[0]["extensions"]["code"] == code
    # In the caller's language, from the gettext catalogs.
    assert answer.errors[0]["message"] != MESSAGES[ErrorCode(code)]
    rows = await graph.read(
        "OPTIONAL MATCH (n:Entity) WHERE n.id ENDS WITH ':no:' + $ref RETURN {n: count(n)} AS row",
        {"ref": pushed_ref},
    )
    assert rows[0]["n"] == 0


async def test_only_the_designations_own_partner_states_its_referral_facts(
    gql: Any, partners: Any
) -> None:
    # A seeded service is nobody's to push (docs/authorisation.md): Oslo's retinoblastoma
    # service cannot be overwritten through a push, referral facts or not.
    answer = await gql(
        PUSH,
        {"input": {**_pushed("ignored", REFERRAL_FACTS), "country": "SE"}},
        headers=partners.headers("participant"),
        language="en",
    )
    assert answer.errors and answer.errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_route_by_its_id_has_its_basis_and_countries(gql: Any) -> None:
    query = """
    { node(id: "route:eu-s2") {
        id ... on ReferralRoute { kind basis { id } countryCodes lastConfirmed { by } stale } } }
    """
    body = await gql(query, language="en")
    assert body.ok()["node"] == {
        "id": "route:eu-s2",
        "kind": "EU_S2",
        "basis": [{"id": b} for b in S2_BASIS],
        "countryCodes": ["DK", "FI", "IS", "NO", "SE"],
        "lastConfirmed": {"by": "nordhub"},
        "stale": False,
    }


@pytest.fixture
async def two_refs(graph: GraphClient) -> AsyncIterator[tuple[str, str]]:
    refs = (f"t23{uuid.uuid4().hex[:8]}", f"t23{uuid.uuid4().hex[:8]}")
    yield refs
    for ref in refs:
        await graph.write(
            "MATCH (n:Entity) WHERE n.id ENDS WITH ':no:' + $ref "
            "OPTIONAL MATCH (n)-[:HAS_AUDIT_ENTRY]->(a:AuditEntry) DETACH DELETE n, a",
            {"ref": ref},
        )


async def test_options_abroad_are_ranked_by_the_shortest_known_wait(
    gql: Any, partners: Any, two_refs: tuple[str, str]
) -> None:
    headers = partners.headers("participant")
    slow, quick = two_refs
    for ref, weeks in ((slow, 8), (quick, 3)):
        referral = {"waitingTime": {"weeks": weeks, "asOf": "2026-11-30"}}
        answer = await gql(PUSH, {"input": _pushed(ref, referral)}, headers=headers)
        answer.ok()
    body = await gql(PUSHED, {"from": "FI", "treatment": "retinoblastoma"}, language="en")
    order = [o["offering"]["service"]["id"] for o in body.ok()["referralOptions"]["options"]]
    # All in Norway, all reachable from Finland: the known waits first, shortest first; Oslo's
    # (unknown) after them.
    assert order.index(f"service:no:{quick}") < order.index(f"service:no:{slow}")
    assert order.index(f"service:no:{slow}") < order.index("service:no-retinoblastom")
