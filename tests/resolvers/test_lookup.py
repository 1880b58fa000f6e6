"""Cross-border lookup through HTTP: the same offerings in every language and by code, the
analyzers, typo tolerance, code prefixes, suggestions, referral options, bad input and the
round-trip bound."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph.client import GraphClient
from resolvers.lookup import MAX_TEXT

KERATOPROSTHESIS = {
    ("service:dk-keratoprotese", "location:aarhus-universitetshospital"),
    ("service:dk-keratoprotese", "location:rigshospitalet-glostrup"),
    ("service:fi-keratoproteesi", "location:hus-meilahti"),
    ("service:se-keratoprotes", "location:st-eriks-ogonsjukhus"),
    ("service:no-nbt-keratoproteser", None),
}

WHERE = """
query Where($treatment: String, $code: String, $countries: [String!], $statuses: [ServiceStatus!],
            $illustrative: Boolean! = true, $first: Int, $after: String) {
  whereOffered(treatment: $treatment, code: $code, countries: $countries, statuses: $statuses,
               includeIllustrative: $illustrative, first: $first, after: $after) {
    totalCount illustrativeLeftOut
    pageInfo { hasNextPage hasPreviousPage endCursor }
    suggestions { text language term { __typename } }
    edges {
      cursor
      node {
        service { id } location { id } hostOrganisation { id } country { code }
        kind status validFrom validTo legalBasis { id } score illustrative
        provenance { source }
        matched {
          kind text language
          term { __typename ... on Procedure { id } ... on Condition { id } ... on Service { id } }
        }
      }
    }
  }
}
"""


def offerings(data: dict[str, Any]) -> set[tuple[str, str | None]]:
    return {
        (e["node"]["service"]["id"], (e["node"]["location"] or {}).get("id"))
        for e in data["whereOffered"]["edges"]
    }


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nb", "keratoprotese"),
        ("nn", "keratoprotesar"),
        ("sv", "keratoprotes"),
        ("da", "keratoprotese"),
        ("fi", "keratoproteesi"),
        ("is", "glærugervi"),
        ("en", "keratoprosthesis"),
    ],
)
async def test_keratoprosthesis_in_every_language_finds_the_same_offerings(
    gql: Any, language: str, text: str
) -> None:
    answer = await gql(WHERE, {"treatment": text}, language=language)
    data = answer.ok()
    assert offerings(data) == KERATOPROSTHESIS
    assert answer.round_trips == 1
    top = data["whereOffered"]["edges"][0]["node"]["matched"]
    assert top["kind"] in ("NAME", "SYNONYM")


async def test_an_indications_icd10_category_finds_the_same_offerings_through_subcodes(
    gql: Any,
) -> None:
    data = (await gql(WHERE, {"code": "T26"}, language="is")).ok()
    assert offerings(data) == KERATOPROSTHESIS
    matched = data["whereOffered"]["edges"][0]["node"]["matched"]
    assert matched["kind"] == "CODE"
    assert matched["term"]["id"] == "condition:ocular-burn"
    assert {"T26.1", "T26.6", "T26.7"} <= set(matched["text"].split(", "))


async def test_illustrative_offerings_are_left_out_unless_asked_and_counted(gql: Any) -> None:
    data = (await gql(WHERE, {"treatment": "keratoprotese", "illustrative": False})).ok()
    assert offerings(data) == {("service:no-nbt-keratoproteser", None)}
    assert data["whereOffered"]["illustrativeLeftOut"] == 4
    shown = (await gql(WHERE, {"treatment": "keratoprotese"})).ok()["whereOffered"]["edges"]
    assert all(e["node"]["illustrative"] for e in shown if e["node"]["country"]["code"] != "NO")


@pytest.mark.parametrize(
    ("code", "term", "subcode"),
    [
        ("H17", "condition:corneal-scars-and-opacities", "H17.0"),
        ("h17.0", "condition:corneal-scars-and-opacities", "H17.0"),
        ("ORPHA:1199", "condition:oesophageal-atresia", "1199"),
        ("JCE30", "procedure:oesophageal-atresia-repair", "JCE30"),
        ("jce", "procedure:oesophageal-atresia-repair", "JCE30"),
    ],
)
async def test_codes_and_code_prefixes(gql: Any, code: str, term: str, subcode: str) -> None:
    data = (await gql(WHERE, {"code": code})).ok()
    matches = [e["node"]["matched"] for e in data["whereOffered"]["edges"]]
    assert any(m["term"]["id"] == term and subcode in m["text"] for m in matches), matches
    assert all(m["kind"] == "CODE" for m in matches)


async def test_an_icd10_category_is_not_a_prefix_of_other_categories(gql: Any) -> None:
    # H17 must not match H170-like codes of another category; Q39 matches Q39.0 and Q39.1 only.
    data = (await gql(WHERE, {"code": "Q39"})).ok()
    terms = {e["node"]["matched"]["term"]["id"] for e in data["whereOffered"]["edges"]}
    assert terms == {"condition:oesophageal-atresia"}


@pytest.mark.parametrize(
    ("language", "inflected", "term"),
    [
        ("sv", "ryggmärgsskadorna", "condition:spinal-cord-injury"),
        ("da", "rygmarvsskaderne", "condition:spinal-cord-injury"),
        ("nb", "hornhinnetransplantasjonene", "procedure:corneal-transplantation"),
    ],
)
async def test_language_analyzers_find_inflected_forms(
    gql: Any, language: str, inflected: str, term: str
) -> None:
    data = (await gql(WHERE, {"treatment": inflected}, language=language)).ok()
    terms = {e["node"]["matched"]["term"]["id"] for e in data["whereOffered"]["edges"]}
    assert term in terms


async def test_the_swedish_definite_plural_needs_the_swedish_analyzer(gql: Any) -> None:
    # Four edits from "ryggmärgsskada": beyond fuzzy matching; only Swedish stemming finds it.
    swedish = (await gql(WHERE, {"treatment": "ryggmärgsskadorna"}, language="sv")).ok()
    english = (await gql(WHERE, {"treatment": "ryggmärgsskadorna"}, language="en")).ok()
    assert swedish["whereOffered"]["totalCount"] > 0
    assert english["whereOffered"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "keratoprotse"),
        ("nb", "KERATOPRÓTESE"),
        ("is", "GLAERUGERVI"),
        ("da", "keratoprotsee"),
        ("fi", "keratoprotesi"),
    ],
)
async def test_case_diacritics_and_typos_do_not_matter(gql: Any, language: str, text: str) -> None:
    data = (await gql(WHERE, {"treatment": text}, language=language)).ok()
    assert offerings(data) == KERATOPROSTHESIS


async def test_filters_by_country_and_status(gql: Any) -> None:
    data = (await gql(WHERE, {"treatment": "keratoprotese", "countries": ["se", "FI"]})).ok()
    assert {c for _, c in offerings(data)} <= {
        "location:st-eriks-ogonsjukhus",
        "location:hus-meilahti",
    }
    rejected = (await gql(WHERE, {"treatment": "keratoprotese", "statuses": ["REJECTED"]})).ok()
    assert offerings(rejected) == {("service:no-nbt-keratoproteser", None)}
    node = rejected["whereOffered"]["edges"][0]["node"]
    assert node["status"] == "REJECTED" and node["legalBasis"]


async def test_pages_follow_the_ranking_without_repeats(gql: Any) -> None:
    first = (await gql(WHERE, {"treatment": "keratoprotese", "first": 2})).ok()["whereOffered"]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"]
    rest = (
        await gql(
            WHERE,
            {"treatment": "keratoprotese", "first": 10, "after": first["pageInfo"]["endCursor"]},
        )
    ).ok()["whereOffered"]
    assert rest["pageInfo"]["hasPreviousPage"] and not rest["pageInfo"]["hasNextPage"]
    seen = [e["node"]["service"]["id"] + str(e["node"]["location"]) for e in first["edges"]]
    more = [e["node"]["service"]["id"] + str(e["node"]["location"]) for e in rest["edges"]]
    assert len(seen) + len(more) == 5 and not set(seen) & set(more)
    scores = [e["node"]["score"] for e in first["edges"] + rest["edges"]]
    assert scores == sorted(scores, reverse=True)


async def test_no_match_gives_an_empty_page_and_suggestions_in_the_served_language(
    gql: Any,
) -> None:
    answer = await gql(WHERE, {"treatment": "hornhimnuxyz"}, language="nb")
    data = answer.ok()["whereOffered"]
    assert data["totalCount"] == 0 and data["edges"] == []
    texts = {s["text"] for s in data["suggestions"]}
    assert "Svikt av hornhinnetransplantat" in texts
    assert {s["language"] for s in data["suggestions"]} == {"nb"}
    assert answer.round_trips == 1
    by_code = (await gql(WHERE, {"code": "H18"}, language="sv")).ok()["whereOffered"]
    assert by_code["totalCount"] == 0
    assert "Ärr och grumlingar i hornhinnan" in {s["text"] for s in by_code["suggestions"]}


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"treatment": "   "}, "SEARCH_TEXT_EMPTY"),
        ({"treatment": "?!*"}, "SEARCH_TEXT_EMPTY"),
        ({"treatment": "k" * (MAX_TEXT + 1)}, "SEARCH_TEXT_TOO_LONG"),
        ({"code": "H1"}, "BAD_CODE"),
        ({"code": "ORPHA:abc"}, "BAD_CODE"),
        ({"treatment": "keratoprotese", "code": "H17"}, "TREATMENT_OR_CODE"),
        ({}, "TREATMENT_OR_CODE"),
        ({"treatment": "keratoprotese", "countries": ["XX"]}, "UNKNOWN_COUNTRY"),
    ],
)
async def test_bad_input_gets_a_localized_error_and_runs_no_query(
    gql: Any, variables: dict[str, Any], code: str
) -> None:
    english = await gql(WHERE, variables, language="en")
    finnish = await gql(WHERE, variables, language="fi")
    assert english.codes == [code] and finnish.codes == [code]
    assert english.data is None
    assert english.errors[0]["message"] != finnish.errors[0]["message"]
    assert english.round_trips == 0 and finnish.round_trips == 0


REFERRAL = """
query Referral($from: String!, $treatment: String, $code: String, $illustrative: Boolean! = false) {
  referralOptions(fromCountry: $from, treatment: $treatment, code: $code,
                  includeIllustrative: $illustrative) {
    fromCountry { code name }
    totalCount illustrativeLeftOut
    options {
      ownCountry
      registries { id }
      contactOrganisation { id }
      offering { service { id status } country { code } illustrative }
    }
    nordicCooperation {
      reason
      assessment { id recommendation }
      decision { id outcome }
      proposedService { id }
      projects { id }
    }
    suggestions { text }
  }
}
"""


async def test_referral_from_iceland_lists_other_nordic_options_and_the_nordic_decision(
    gql: Any,
) -> None:
    answer = await gql(REFERRAL, {"from": "IS", "treatment": "glærugervi", "illustrative": True})
    data = answer.ok()["referralOptions"]
    assert data["fromCountry"]["code"] == "IS"
    countries = [o["offering"]["country"]["code"] for o in data["options"]]
    assert countries == sorted(countries) and set(countries) == {"DK", "FI", "SE"}
    assert not any(o["ownCountry"] for o in data["options"])
    # No confirmed centre: every option is illustrative, UNCONFIRMED, never a real-looking status.
    assert all(o["offering"]["service"]["status"] == "UNCONFIRMED" for o in data["options"])
    assert all(o["offering"]["illustrative"] for o in data["options"])
    assert all(o["contactOrganisation"] for o in data["options"])
    [route] = data["nordicCooperation"]
    assert route["assessment"] == {
        "id": "assessment:hdir-2012-11-02-keratoproteser",
        "recommendation": "NORDIC_COOPERATION",
    }
    assert route["decision"]["id"] == "decision:hod-avslag-nbt-keratoproteser"
    assert route["proposedService"]["id"] == "service:no-nbt-keratoproteser"
    assert route["projects"] == [{"id": "project:nordic-keratoprosthesis-needs-assessment"}]
    assert "nordic" in route["reason"].lower() or "norræn" in route["reason"].lower()
    assert answer.round_trips == 1


async def test_referral_leaves_out_illustrative_options_but_keeps_the_route(gql: Any) -> None:
    data = (await gql(REFERRAL, {"from": "is", "code": "T26"})).ok()["referralOptions"]
    assert data["options"] == [] and data["illustrativeLeftOut"] == 4
    assert [r["decision"]["id"] for r in data["nordicCooperation"]] == [
        "decision:hod-avslag-nbt-keratoproteser"
    ]


async def test_referral_puts_the_own_country_first_with_registry_and_contact(gql: Any) -> None:
    data = (await gql(REFERRAL, {"from": "DK", "treatment": "rygmarvsskade"}, language="da")).ok()
    options = data["referralOptions"]["options"]
    assert options[0]["ownCountry"] and options[0]["offering"]["country"]["code"] == "DK"
    assert {"id": "registry:nordicscir"} in options[0]["registries"]
    assert [o["offering"]["country"]["code"] for o in options[1:]] == sorted(
        o["offering"]["country"]["code"] for o in options[1:]
    )
    assert any(o["offering"]["country"]["code"] != "DK" for o in options)
    assert data["referralOptions"]["nordicCooperation"] == []


async def test_referral_from_an_unknown_country_runs_no_query(gql: Any) -> None:
    answer = await gql(REFERRAL, {"from": "US", "treatment": "keratoprotese"}, language="sv")
    assert answer.codes == ["UNKNOWN_COUNTRY"] and answer.round_trips == 0


NESTED = """
query Nested($treatment: String!, $first: Int!) {
  whereOffered(treatment: $treatment, first: $first, includeIllustrative: true) {
    totalCount
    edges { node {
      service {
        id name hostedBy { name } conditions { name codes { display } } registries { name }
      }
      location { name organisation { name } }
      hostOrganisation { name region { name } }
      country { name }
      legalBasis { citation }
      matched { text term { ... on Condition { name codes { display } } } }
    } }
  }
}
"""

CREATE = """
MATCH (country:Country {code: 'AX'})
CREATE (c:Entity:Condition {id: 'condition:' + $slug, name_sv: $word, name_en: $word,
        source: 'test', recordedBy: 'test', recordedAt: datetime()})
WITH country, c
UNWIND range(1, $n) AS i
CREATE (s:Entity:Service {id: 'service:' + $slug + '-' + toString(i), name_sv: 'Tjänst ' + i,
        kind: 'REGIONAL_FUNCTION', status: 'APPROVED', source: 'test', recordedBy: 'test',
        recordedAt: datetime()})
CREATE (o:Entity:Organisation {id: 'org:' + $slug + '-' + toString(i), name_sv: 'Sjukhus ' + i,
        kind: 'HOSPITAL', source: 'test', recordedBy: 'test', recordedAt: datetime()})
CREATE (l:Entity:Location {id: 'location:' + $slug + '-' + toString(i), name_sv: 'Plats ' + i,
        source: 'test', recordedBy: 'test', recordedAt: datetime()})
CREATE (s)-[:IN_COUNTRY {source: 'test'}]->(country)
CREATE (s)-[:HOSTED_BY {source: 'test'}]->(o)
CREATE (s)-[:OFFERED_AT {source: 'test'}]->(l)
CREATE (l)-[:OPERATED_BY {source: 'test'}]->(o)
CREATE (s)-[:TREATS {source: 'test'}]->(c)
"""

DELETE = "MATCH (n:Entity) WHERE n.id CONTAINS $slug DETACH DELETE n"


@pytest.fixture
async def many_offerings(graph: GraphClient) -> AsyncIterator[str]:
    slug = "zz-lookup-" + uuid.uuid4().hex[:8]
    word = "zzvoluminosis" + "".join(chr(ord("a") + int(ch, 16) % 26) for ch in slug[-8:])
    await graph.write(CREATE, {"slug": slug, "word": word, "n": 30})
    try:
        yield word
    finally:
        await graph.write(DELETE, {"slug": slug})


async def test_round_trips_are_bounded_whatever_the_page_size(
    gql: Any, many_offerings: str
) -> None:
    one = await gql(NESTED, {"treatment": many_offerings, "first": 1}, language="sv")
    thirty = await gql(NESTED, {"treatment": many_offerings, "first": 30}, language="sv")
    assert thirty.ok()["whereOffered"]["totalCount"] == 30
    assert len(thirty.data["whereOffered"]["edges"]) == 30
    assert one.round_trips == thirty.round_trips
    # The search is one statement; then one per relation field reached: hostedBy, conditions
    # (+ codes), registries, location.organisation, hostOrganisation.region, matched codes.
    assert thirty.round_trips <= 1 + 7
    bare = await gql(WHERE, {"treatment": many_offerings, "first": 30}, language="sv")
    assert bare.round_trips == 1
