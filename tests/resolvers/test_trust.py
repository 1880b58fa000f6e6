"""What a referral office can trust, through the API in nb, sv and en: nothing unconfirmed leaks
on any path, nothing inferred is shown as fact, and reasons and dates are structured facts."""

from __future__ import annotations

from typing import Any

import pytest

ILLUSTRATIVE = {"service:dk-keratoprotese", "service:se-keratoprotes", "service:fi-keratoproteesi"}
JOINTS = {
    "service:fi-kasi-ranne-kyynarpaa-nilkka-tekonivelkirurgia",
    "service:fi-olkanivelen-tekonivelen-uusintaleikkaukset",
    "service:no-kvalitetsnettverk-leddproteser-hoftebrudd",
    "service:no-leddproteser-hoftebrudd",
}
KERATOPROSTHESIS = [("nb", "keratoprotese"), ("sv", "keratoprotes"), ("en", "keratoprosthesis")]


def ids(items: list[dict[str, Any]]) -> set[str]:
    return {i["id"] for i in items if i}


# --- nothing unconfirmed leaks --------------------------------------------------------------

REFERRAL = """
query($from: String!, $text: String!, $illustrative: Boolean! = false) {
  referralOptions(fromCountry: $from, treatment: $text, includeIllustrative: $illustrative) {
    totalCount illustrativeLeftOut illustrativeServicesLeftOut
    options { offering { service { id status kind statusReason } illustrative } }
    suggestions { text term { ... on Service { id } } }
  }
}
"""


@pytest.mark.parametrize(("language", "text"), KERATOPROSTHESIS)
async def test_a_referral_with_no_confirmed_centre_names_no_illustrative_service(
    gql: Any, language: str, text: str
) -> None:
    data = (await gql(REFERRAL, {"from": "IS", "text": text}, language=language)).ok()
    options = data["referralOptions"]
    assert options["options"] == [] and options["totalCount"] == 0
    # Four sites of three services: each count says what it counts.
    assert (options["illustrativeLeftOut"], options["illustrativeServicesLeftOut"]) == (4, 3)
    # The terms matched; the filters left their offerings out: nothing to suggest instead.
    assert options["suggestions"] == []


@pytest.mark.parametrize(("language", "text"), KERATOPROSTHESIS)
async def test_asked_for_illustrative_options_carry_no_real_looking_status_or_kind(
    gql: Any, language: str, text: str
) -> None:
    variables = {"from": "IS", "text": text, "illustrative": True}
    options = (await gql(REFERRAL, variables, language=language)).ok()["referralOptions"]
    services = {o["offering"]["service"]["id"]: o for o in options["options"]}
    assert services.keys() == ILLUSTRATIVE
    assert len({o["offering"]["service"]["id"] for o in options["options"]}) == (
        options["illustrativeServicesLeftOut"] or 3
    )
    for option in options["options"]:
        service = option["offering"]["service"]
        assert option["offering"]["illustrative"]
        assert (service["status"], service["kind"]) == ("UNCONFIRMED", None)
        assert service["statusReason"]
    reasons = {o["offering"]["service"]["statusReason"] for o in options["options"]}
    assert len(reasons) == 3


async def test_the_reason_a_service_is_unconfirmed_is_in_the_callers_language(gql: Any) -> None:
    query = (
        '{ service(id: "service:fi-keratoproteesi", includeIllustrative: true) '
        "{ status statusReason } }"
    )
    said = {lang: (await gql(query, language=lang)).ok()["service"] for lang in ("nb", "sv", "en")}
    assert {s["status"] for s in said.values()} == {"UNCONFIRMED"}
    assert len({s["statusReason"] for s in said.values()}) == 3
    assert "Finland" in said["en"]["statusReason"]


WHERE = """
query($text: String!, $countries: [String!], $illustrative: Boolean! = false) {
  whereOffered(treatment: $text, countries: $countries, includeIllustrative: $illustrative) {
    totalCount illustrativeLeftOut
    nodes { service { id } matched { term { ... on Service { id } } } }
    suggestions { text term { ... on Service { id } ... on Procedure { id } } }
  }
}
"""


@pytest.mark.parametrize(("language", "text"), KERATOPROSTHESIS)
async def test_a_country_filter_does_not_leak_illustrative_services(
    gql: Any, language: str, text: str
) -> None:
    data = (await gql(WHERE, {"text": text, "countries": ["DK"]}, language=language)).ok()
    found = data["whereOffered"]
    assert found["nodes"] == [] and found["illustrativeLeftOut"] == 2
    assert found["suggestions"] == []


@pytest.mark.parametrize("language", ["nb", "sv", "en"])
async def test_suggestions_never_name_illustrative_services_unless_asked(
    gql: Any, language: str
) -> None:
    # Nothing matches this word, but its stem is every keratoprosthesis term's.
    hidden = (await gql(WHERE, {"text": "keratoxyzqwv"}, language=language)).ok()
    suggested = ids([s["term"] for s in hidden["whereOffered"]["suggestions"]])
    assert suggested and not suggested & ILLUSTRATIVE
    shown = (
        await gql(WHERE, {"text": "keratoxyzqwv", "illustrative": True}, language=language)
    ).ok()
    assert ids([s["term"] for s in shown["whereOffered"]["suggestions"]]) & ILLUSTRATIVE


@pytest.mark.parametrize("language", ["nb", "sv", "en"])
async def test_by_id_an_illustrative_node_is_hidden_with_a_reason(gql: Any, language: str) -> None:
    node = await gql('{ node(id: "service:se-keratoprotes") { id } }', language=language)
    service = await gql('{ service(id: "service:se-keratoprotes") { id } }', language=language)
    assert node.codes == ["ILLUSTRATIVE_HIDDEN"] and service.codes == ["ILLUSTRATIVE_HIDDEN"]
    assert "includeIllustrative" in node.errors[0]["message"]
    nodes = await gql(
        '{ nodes(ids: ["service:se-keratoprotes", "service:no-nbt-keratoproteser"]) { id } }',
        language=language,
    )
    assert nodes.ok()["nodes"] == [None, {"id": "service:no-nbt-keratoproteser"}]
    asked = await gql(
        '{ node(id: "service:se-keratoprotes", includeIllustrative: true) '
        "{ ... on Service { id status } } }",
        language=language,
    )
    assert asked.ok()["node"] == {"id": "service:se-keratoprotes", "status": "UNCONFIRMED"}


async def test_the_message_for_a_hidden_node_is_in_the_callers_language(gql: Any) -> None:
    query = '{ node(id: "service:dk-keratoprotese") { id } }'
    messages = {(await gql(query, language=lang)).errors[0]["message"] for lang in ("nb", "sv")}
    english = (await gql(query, language="en")).errors[0]["message"]
    assert len(messages | {english}) == 3


RELATIONS = """
query($illustrative: Boolean!) {
  procedure(id: "procedure:keratoprosthesis") {
    services(includeIllustrative: $illustrative) { id }
  }
  condition(id: "condition:aniridia") { services(includeIllustrative: $illustrative) { id } }
  location(id: "location:rigshospitalet-glostrup") {
    services(includeIllustrative: $illustrative) { id }
  }
  organisation(id: "org:hus") { hostedServices(includeIllustrative: $illustrative) { id } }
}
"""


async def test_relations_hide_illustrative_services_unless_asked(gql: Any) -> None:
    hidden = (await gql(RELATIONS, {"illustrative": False}, language="sv")).ok()
    shown = (await gql(RELATIONS, {"illustrative": True}, language="sv")).ok()
    for field, value in hidden.items():
        listed = next(iter(value.values()))
        assert not ids(listed) & ILLUSTRATIVE, field
    assert ids(shown["procedure"]["services"]) >= ILLUSTRATIVE
    assert "service:dk-keratoprotese" in ids(shown["location"]["services"])
    assert "service:fi-keratoproteesi" in ids(shown["organisation"]["hostedServices"])


async def test_a_gateway_never_resolves_an_illustrative_entity(gql: Any) -> None:
    representations = [
        {"__typename": "Service", "id": "service:dk-keratoprotese"},
        {"__typename": "Service", "id": "service:no-nbt-keratoproteser"},
    ]
    answer = await gql(
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Service { id } } }",
        {"r": representations},
    )
    assert answer.ok()["_entities"] == [None, {"id": "service:no-nbt-keratoproteser"}]


# --- nothing inferred is shown as fact -------------------------------------------------------

HISTORY = """
{ serviceHistory(service: "service:no-nbt-keratoproteser") {
    kind date when { precision date earliest latest derived derivedFrom text }
} }
"""


@pytest.mark.parametrize("language", ["nb", "sv", "en"])
async def test_an_undated_decision_has_no_invented_date_but_says_its_bounds(
    gql: Any, language: str
) -> None:
    history = (await gql(HISTORY, language=language)).ok()["serviceHistory"]
    [decided] = [e for e in history if e["kind"] == "DECIDED"]
    assert decided["date"] is None
    when = decided["when"]
    assert (when["precision"], when["date"]) == ("RANGE", None)
    assert (when["earliest"], when["latest"]) == ("2012-11-02", "2013-04-30")
    assert when["derived"] and when["derivedFrom"]
    assert "2013" in when["text"]
    # Never the assessment's date, which the letter cites and so precedes.
    [assessed] = [e for e in history if e["kind"] == "ASSESSED"]
    assert assessed["date"] == "2012-11-02" and not assessed["when"]["derived"]


async def test_derivations_are_in_the_callers_language(gql: Any) -> None:
    said = {
        lang: [e for e in (await gql(HISTORY, language=lang)).ok()["serviceHistory"]][2]["when"]
        for lang in ("nb", "sv", "en")
    }
    assert len({w["derivedFrom"] for w in said.values()}) == 3
    assert len({w["text"] for w in said.values()}) == 3


async def test_no_2012_list_is_late_against_a_deadline_no_source_gives_for_2012(gql: Any) -> None:
    data = (
        await gql(
            "{ applicationLists(roundYear: 2012) { late dueOn applications { late } } "
            "  roundState(year: 2012) { dueOn lateLists { id } } "
            "  governanceRules { kind inForceFrom { earliest derived } } }"
        )
    ).ok()
    assert {(lst["late"], lst["dueOn"]) for lst in data["applicationLists"]} == {(None, None)}
    assert {a["late"] for lst in data["applicationLists"] for a in lst["applications"]} == {None}
    assert data["roundState"] == {"dueOn": None, "lateLists": []}
    [deadline] = [r for r in data["governanceRules"] if r["kind"] == "APPLICATION_DEADLINE"]
    assert deadline["inForceFrom"] == {"earliest": "2017-01-01", "derived": True}


@pytest.mark.parametrize("language", ["nb", "sv", "en"])
async def test_an_outcome_no_decision_gives_says_how_it_was_derived(
    gql: Any, language: str
) -> None:
    data = (
        await gql(
            '{ application(id: "application:2012-hmn-nkt-kirurgisk-behandling-rygg-nakke") '
            "{ stage stageDerivedFrom decision { outcome } proposedService { status } } "
            ' keratoprosthesis: application(id: "application:2012-hmn-nbt-keratoproteser") '
            "{ stage stageDerivedFrom } }",
            language=language,
        )
    ).ok()
    spine = data["application"]
    # Its service is approved (it reports as NKT-HMN-08), so the application cannot still await
    # assessment; but no decision says so, and the answer says how it knows.
    assert (spine["stage"], spine["proposedService"]["status"]) == ("APPROVED", "APPROVED")
    assert spine["decision"]["outcome"] == "FURTHER_ASSESSMENT"
    assert "NKT-HMN-08" in spine["stageDerivedFrom"]
    assert data["keratoprosthesis"] == {"stage": "REJECTED", "stageDerivedFrom": None}


PROGRAMME = """
query($statuses: [ProjectStatus!]) {
  collaborationProject(id: "project:nordic-highly-specialised-treatment") {
    status statusDerivedFrom ends { text year derived }
  }
  collaborationProjects(statuses: $statuses, first: 50) { edges { node { id status } } }
}
"""


@pytest.mark.parametrize("language", ["nb", "sv", "en"])
async def test_a_programme_whose_period_ended_is_not_active(gql: Any, language: str) -> None:
    ended = (await gql(PROGRAMME, {"statuses": ["ENDED"]}, language=language)).ok()
    programme = ended["collaborationProject"]
    assert programme["status"] == "ENDED"
    assert "2015" in programme["statusDerivedFrom"]
    assert programme["ends"] == {"text": "2015", "year": 2015, "derived": False}
    listed = {e["node"]["id"] for e in ended["collaborationProjects"]["edges"]}
    assert "project:nordic-highly-specialised-treatment" in listed
    active = (await gql(PROGRAMME, {"statuses": ["ACTIVE"]}, language=language)).ok()
    assert "project:nordic-highly-specialised-treatment" not in {
        e["node"]["id"] for e in active["collaborationProjects"]["edges"]
    }


# --- structured where users filter or reason -------------------------------------------------


async def test_why_an_application_was_rejected_is_a_code_beside_the_text(gql: Any) -> None:
    data = (
        await gql(
            '{ decision(id: "decision:hod-avslag-nbt-keratoproteser") { reason reasonCodes } '
            "  decisions(reasonCodes: [PATIENT_VOLUME_TOO_SMALL], first: 50) "
            "  { edges { node { id } } } "
            "  separate: decisions(reasonCodes: [AWAITING_SEPARATE_REVIEW], first: 50) "
            "  { edges { node { id } } } }",
            language="sv",
        )
    ).ok()
    assert data["decision"]["reasonCodes"] == [
        "PATIENT_VOLUME_TOO_SMALL",
        "NORDIC_COOPERATION_RECOMMENDED",
    ]
    assert [e["node"]["id"] for e in data["decisions"]["edges"]] == [
        "decision:hod-avslag-nbt-keratoproteser"
    ]
    assert [e["node"]["id"] for e in data["separate"]["edges"]] == [
        "decision:hod-avslag-nkt-bipolare-lidelser"
    ]


YEAR = """
query($year: Int!) {
  decisions(year: $year, first: 100) {
    edges { node { id date when { precision year } assignedTo { id } } }
  }
  documents(year: $year, first: 100) { edges { node { id when { precision text } } } }
}
"""


async def test_when_bodies_were_tasked_and_reports_delivered_are_dated_facts(gql: Any) -> None:
    in_2010 = (await gql(YEAR, {"year": 2010}, language="en")).ok()
    tasked = {e["node"]["id"]: e["node"] for e in in_2010["decisions"]["edges"]}
    assert tasked["decision:ek-s-oppdrag-2010"]["when"] == {"precision": "YEAR", "year": 2010}
    assert tasked["decision:ek-s-oppdrag-2010"]["date"] is None
    assert tasked["decision:ek-s-oppdrag-2010"]["assignedTo"] == [{"id": "org:ek-s"}]

    in_2013 = (await gql(YEAR, {"year": 2013}, language="nb")).ok()
    documents = {e["node"]["id"]: e["node"]["when"] for e in in_2013["documents"]["edges"]}
    assert documents["document:nordisk-ekspertgruppe-rapport-2013"] == {
        "precision": "MONTH",
        "text": "februar 2013",
    }
    # The undated letter is findable by the year its bounds reach.
    assert documents["document:hod-letter-helse-midt-norge-2012"]["precision"] == "RANGE"
    decided = {e["node"]["id"] for e in in_2013["decisions"]["edges"]}
    assert "decision:hod-avslag-nbt-keratoproteser" in decided
    # A document with only an open bound ("written in 2017 or later") is in no particular year.
    in_2020 = (await gql(YEAR, {"year": 2020}, language="en")).ok()
    assert "document:regjeringen-nasjonale-tjenester" not in {
        e["node"]["id"] for e in in_2020["documents"]["edges"]
    }


async def test_the_governance_system_and_when_it_was_established(gql: Any) -> None:
    data = (
        await gql(
            '{ governanceSystems(country: "NO") { id name established { precision year text } '
            "  kinds { code } rules { kind } } }",
            language="nb",
        )
    ).ok()
    [system] = data["governanceSystems"]
    assert system["established"] == {"precision": "YEAR", "year": 2011, "text": "2011"}
    assert {k["code"] for k in system["kinds"]} == {
        "NATIONAL_TREATMENT_SERVICE",
        "MULTIREGIONAL_TREATMENT_SERVICE",
        "NATIONAL_COMPETENCE_SERVICE",
    }
    assert "APPLICATION_DEADLINE" in {r["kind"] for r in system["rules"]}


# --- relevance ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [("nb", "kunstig hornhinne"), ("sv", "konstgjord hornhinna"), ("en", "artificial cornea")],
)
async def test_an_artificial_cornea_is_never_an_artificial_wrist(
    gql: Any, language: str, text: str
) -> None:
    variables = {"from": "FI", "text": text, "illustrative": True}
    options = (await gql(REFERRAL, variables, language=language)).ok()["referralOptions"]
    offered = {o["offering"]["service"]["id"] for o in options["options"]}
    assert offered == ILLUSTRATIVE and not offered & JOINTS


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nb", "k"),
        ("sv", "' OR 1=1 --"),
        ("en", "<script>alert(1)</script>"),
        ("nb", "bilverksted"),
        ("sv", "glass med jordgubbar"),
        ("en", "weather forecast tomorrow"),
    ],
)
async def test_nonsense_finds_nothing(gql: Any, language: str, text: str) -> None:
    data = (await gql(WHERE, {"text": text}, language=language)).ok()["whereOffered"]
    assert data["totalCount"] == 0 and data["nodes"] == []
