"""What a referral office needs to act, through HTTP: contact, routes with their bases, network
memberships, last confirmation and staleness; ranking of the options; unknown stays null."""

from __future__ import annotations

from typing import Any

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
    assert [contact[k] for k in ("phone", "email", "referralAddress", "openingHours")] == [
        None
    ] * 4
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
