"""Authority that matches the real bodies, case by case on seeded organisations: the cases the
matrix (test_policy_matrix.py) covers in general, told as a user meets them, with refusals in
the caller's language and nothing written; reopening a project; who sees the audit trail."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from graph.client import GraphClient
from graph.repositories.tokens import TokenRepository
from graph.vocabulary import AccessRole
from nordhub.token_cli import issue
from schema import tokens
from tests.resolvers.cycle.conftest import unused_year

HMN, HN, HDIR, HOD = (
    "org:helse-midt-norge-rhf",
    "org:helse-nord-rhf",
    "org:helsedirektoratet",
    "org:hod",
)
S43 = "legal:forskrift-1706-2010-4-3"
PROGRAMME = "project:nordic-highly-specialised-treatment"
LEAD_AND_PARTNER = [
    {"party": "org:st-olavs-hospital", "role": "LEAD"},
    {"party": "org:helse-bergen", "role": "PARTNER"},
]

# Every fact (an idempotency key is what a write leaves for its repeats, not a fact).
COUNTS = """
CALL () { MATCH (n) WHERE NOT n:IdempotencyKey RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN {nodes: nodes, relationships: relationships} AS row
"""


class Callers:
    """Bearer headers by name, issued once for the module to seeded organisations."""

    def __init__(self, made: dict[str, str]) -> None:
        self.made = made

    def __call__(self, name: str, language: str = "en") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.made[name]}", "Accept-Language": language}


@pytest.fixture(scope="module")
async def callers(graph: GraphClient) -> Callers:
    made: dict[str, str] = {}
    for name, org, role in (
        ("socialstyrelsen", "org:socialstyrelsen", AccessRole.DIRECTORATE),
        ("sundhedsstyrelsen", "org:sundhedsstyrelsen", AccessRole.DIRECTORATE),
        ("hdir", HDIR, AccessRole.DIRECTORATE),
        ("coordinator", HDIR, AccessRole.COORDINATOR),
        ("hod", HOD, AccessRole.MINISTRY),
        ("hmn", HMN, AccessRole.REGIONAL_HEALTH_AUTHORITY),
        ("hn", HN, AccessRole.REGIONAL_HEALTH_AUTHORITY),
        ("st-olav", "org:st-olavs-hospital", AccessRole.PARTNER),
        ("bergen", "org:helse-bergen", AccessRole.PARTNER),
        ("karolinska", "org:karolinska-universitetssjukhuset", AccessRole.PARTNER),
        ("linkoping", "org:universitetssjukhuset-linkoping", AccessRole.PARTNER),
        ("reader", "org:socialstyrelsen", AccessRole.READER),
    ):
        made[name], _ = await issue(graph, org, role, f"tests: authority {name}")
    # A hospital holding a ministry token, as main used to issue: written past the CLI's check.
    made["hospital-as-ministry"] = await _unchecked(graph, "org:st-olavs-hospital", "MINISTRY")
    return Callers(made)


async def _unchecked(graph: GraphClient, organisation: str, role: str) -> str:
    made = tokens.generate()
    await TokenRepository(graph).issue(
        token_id=made.id, token_hash=made.hash, role=role, organisation=organisation, label="old"
    )
    return made.value


def mutation(name: str, selection: str = "__typename") -> str:
    input_type = {"upsertRegistryParticipation": "RegistryParticipationInput"}.get(
        name, name[0].upper() + name[1:] + "Input"
    )
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} }} }}"


async def counts(graph: GraphClient) -> dict[str, int]:
    found: dict[str, int] = (await graph.read(COUNTS))[0]
    return found


def text(value: str, language: str = "nb") -> list[dict[str, str]]:
    return [{"language": language, "text": value}]


async def _application(gql: Any, callers: Callers, year: int) -> str:
    given = {
        "roundYear": year,
        "submittedOn": f"{year}-01-10",
        "applications": [
            {"title": text("Søknad"), "proposedKind": "NATIONAL_TREATMENT_SERVICE",
             "applicant": "org:st-olavs-hospital"}
        ],
    }  # fmt: skip
    answer = await gql(
        mutation("submitApplicationList", "list { applications { id } }"),
        {"input": given},
        headers=callers("hmn"),
    )
    application: str = answer.ok()["submitApplicationList"]["list"]["applications"][0]["id"]
    return application


async def _to_assess(gql: Any, graph: GraphClient, callers: Callers) -> tuple[int, dict[str, Any]]:
    """A fresh round year and the input assessing its one new Norwegian application."""
    year = await unused_year(graph)
    application = await _application(gql, callers, year)
    return year, {"applications": [application], "recommendation": "REJECT",
                  "date": f"{year}-02-01"}  # fmt: skip


# --- the yearly cycle: only the country's own bodies ------------------------------------------


async def test_a_swedish_directorate_may_not_assess_a_norwegian_application(
    gql: Any, graph: GraphClient, callers: Callers
) -> None:
    _, assess = await _to_assess(gql, graph, callers)
    application = assess["applications"][0]
    before = await counts(graph)

    refused = await gql(
        mutation("assessApplications"), {"input": assess}, headers=callers("socialstyrelsen", "sv")
    )

    assert refused.codes == ["FORBIDDEN"]
    assert refused.errors[0]["message"] == (
        "Din organisation ”org:socialstyrelsen” (roll DIRECTORATE) får inte utföra "
        f"ASSESS_APPLICATIONS på ”{application}”."
    )
    assert await counts(graph) == before
    stage = await gql("query($id: ID!) { node(id: $id) { ... on Application { stage } } }",
                      {"id": application})  # fmt: skip
    assert stage.ok()["node"] == {"stage": "AWAITING_ASSESSMENT"}
    # The Norwegian directorate may.
    (await gql(mutation("assessApplications"), {"input": assess}, headers=callers("hdir"))).ok()


@pytest.mark.parametrize("caller", ["socialstyrelsen", "sundhedsstyrelsen"])
async def test_a_foreign_directorate_may_not_evaluate_or_review_norwegian_services(
    gql: Any, graph: GraphClient, callers: Callers, caller: str
) -> None:
    year = await unused_year(graph)
    before = await counts(graph)
    for name, given in (
        ("evaluateAnnualReports", {"year": year, "date": f"{year}-12-01"}),
        ("recordFiveYearReview", {"year": year, "findings": [
            {"service": "service:no-nbt-keratoproteser", "recommendation": "DISCONTINUE"}]}),
    ):  # fmt: skip
        answer = await gql(mutation(name), {"input": given}, headers=callers(caller, "da"))
        assert answer.codes == ["FORBIDDEN"], (name, answer.errors)
        assert "må ikke udføre" in answer.errors[0]["message"]
    assert await counts(graph) == before


async def test_a_regional_health_authority_lists_only_its_own_region_s_applications(
    gql: Any, graph: GraphClient, callers: Callers
) -> None:
    year = await unused_year(graph)
    given = {
        "roundYear": year,
        "submittedOn": f"{year}-01-10",
        "applications": [{"title": text("Søknad fra Tromsø"),
                          "proposedKind": "NATIONAL_TREATMENT_SERVICE", "applicant": "org:unn"}],
    }  # fmt: skip
    before = await counts(graph)
    refused = await gql(mutation("submitApplicationList"), {"input": given}, headers=callers("hmn"))
    assert refused.codes == ["FORBIDDEN"]
    assert await counts(graph) == before
    # Helse Nord governs UNN's region: the application is its own.
    (await gql(mutation("submitApplicationList"), {"input": given}, headers=callers("hn"))).ok()


async def test_a_token_whose_role_does_not_fit_its_organisation_is_refused_by_the_api(
    gql: Any, graph: GraphClient, callers: Callers
) -> None:
    year, assess = await _to_assess(gql, graph, callers)
    (await gql(mutation("assessApplications"), {"input": assess}, headers=callers("hdir"))).ok()
    decide = {"applications": assess["applications"], "outcome": "REJECTED", "legalBasis": S43,
              "reason": text("For lite volum."), "date": f"{year}-03-01"}  # fmt: skip
    before = await counts(graph)

    refused = await gql(
        mutation("decideApplications"),
        {"input": decide},
        headers=callers("hospital-as-ministry", "nb"),
    )

    assert refused.codes == ["FORBIDDEN"]
    assert refused.errors[0]["message"] == (
        "Organisasjonen din «org:st-olavs-hospital» (HEALTH_TRUST) kan ikke ha rollen MINISTRY, "
        "så tokenet kan ikke endre noe. Be om et token med en rolle som passer organisasjonen."
    )
    assert await counts(graph) == before
    (await gql(mutation("decideApplications"), {"input": decide}, headers=callers("hod"))).ok()


# --- projects: the organisation itself takes part, its participant role decides ------------


async def _project(gql: Any, callers: Callers, participants: list[dict[str, str]]) -> str:
    given = {"title": text(f"Nordisk prosjekt {uuid.uuid4().hex[:8]}"), "area": "QUALITY_REGISTRY",
             "status": "ACTIVE", "participants": participants}  # fmt: skip
    answer = await gql(
        mutation("createProject", "project { id }"),
        {"input": given},
        headers=callers("coordinator"),
    )
    project: str = answer.ok()["createProject"]["project"]["id"]
    return project


async def test_a_hospital_whose_country_takes_part_may_not_change_the_project(
    gql: Any, graph: GraphClient, callers: Callers
) -> None:
    project = await _project(gql, callers, [{"party": "country:SE", "role": "PARTNER"}])
    before = await counts(graph)
    for name, given in (
        ("addParticipant", {"projectId": project, "version": 1,
                            "participant": {"party": "country:DK", "role": "PARTNER"}}),
        ("removeParticipant", {"projectId": project, "version": 1, "party": "country:SE"}),
        ("closeProject", {"id": project, "version": 1, "outcome": text("Klart.", "sv")}),
        ("addLogEntry", {"projectId": project, "kind": "NOTE", "language": "sv",
                         "text": text("Anteckning.", "sv")}),
    ):  # fmt: skip
        answer = await gql(mutation(name), {"input": given}, headers=callers("karolinska", "sv"))
        assert answer.codes == ["FORBIDDEN"], (name, answer.errors)
    assert await counts(graph) == before


async def test_a_partner_takes_only_itself_out_and_only_the_lead_or_coordinator_closes(
    gql: Any, graph: GraphClient, callers: Callers
) -> None:
    project = await _project(
        gql,
        callers,
        [{"party": "org:st-olavs-hospital", "role": "LEAD"},
         {"party": "org:helse-bergen", "role": "PARTNER"},
         {"party": "org:karolinska-universitetssjukhuset", "role": "PARTNER"}],
    )  # fmt: skip
    before = await counts(graph)
    for name, given in (
        ("removeParticipant", {"projectId": project, "version": 1,
                               "party": "org:karolinska-universitetssjukhuset"}),
        ("closeProject", {"id": project, "version": 1, "outcome": text("Ferdig.")}),
        ("updateProject", {"id": project, "version": 1, "status": "COMPLETED"}),
    ):  # fmt: skip
        answer = await gql(mutation(name), {"input": given}, headers=callers("bergen"))
        assert answer.codes == ["FORBIDDEN"], (name, answer.errors)
    assert await counts(graph) == before

    leave = {"projectId": project, "version": 1, "party": "org:helse-bergen"}
    (await gql(mutation("removeParticipant"), {"input": leave}, headers=callers("bergen"))).ok()
    close = {"id": project, "version": 2, "outcome": text("Ferdig.")}
    (await gql(mutation("closeProject"), {"input": close}, headers=callers("st-olav"))).ok()


async def test_the_coordinator_reopens_a_closed_project(
    gql: Any, graph: GraphClient, callers: Callers
) -> None:
    project = await _project(gql, callers, LEAD_AND_PARTNER)
    update = {"id": project, "version": 1, "status": "COMPLETED"}
    (await gql(mutation("updateProject"), {"input": update}, headers=callers("st-olav"))).ok()
    close = {"id": project, "version": 2, "outcome": text("Registeret er i drift.")}
    (await gql(mutation("closeProject"), {"input": close}, headers=callers("st-olav"))).ok()

    reopen = {"id": project, "version": 3}
    partner = await gql(mutation("reopenProject"), {"input": reopen}, headers=callers("bergen"))
    assert partner.codes == ["FORBIDDEN"]
    reopened = await gql(
        mutation("reopenProject", "project { version status outcome closedAt: outcome }"),
        {"input": reopen},
        headers=callers("coordinator"),
    )
    assert reopened.ok()["reopenProject"]["project"] == {
        "version": 4,
        "status": "COMPLETED",  # as it was before the close
        "outcome": None,
        "closedAt": None,
    }
    again = await gql(
        mutation("reopenProject"), {"input": {"id": project, "version": 4}},
        headers=callers("coordinator", "fi"),
    )  # fmt: skip
    assert again.codes == ["PROJECT_NOT_CLOSED"]
    assert again.errors[0]["message"] == (
        f"Hanketta ”{project}” ei ole suljettu, joten sitä ei voi avata uudelleen."
    )
    trail = await gql(
        "query($id: ID!) { collaborationProject(id: $id) { auditTrail { action before after } } }",
        {"id": project},
        headers=callers("coordinator"),
    )
    last = trail.ok()["collaborationProject"]["auditTrail"][-1]
    assert last["action"] == "REOPEN_PROJECT"
    assert last["before"]["status"] == "CLOSED"
    assert last["before"]["outcome_nb"] == "Registeret er i drift."
    assert last["after"]["status"] == "COMPLETED"


OTHER_SECRETARIAT = """
CREATE (o:Entity:Organisation {id: $org, kind: 'COUNCIL', name_en: 'Test secretariat',
                               source: 'tests'})
CREATE (:Entity:CollaborationProject {id: $programme, area: 'PROGRAMME', status: 'ACTIVE',
        version: 1, title_en: 'Test programme', source: 'tests', illustrative: false})
       -[:INVOLVES {role: 'SECRETARIAT', source: 'tests'}]->(o)
"""
FORGET = """
MATCH (n:Entity) WHERE n.id IN [$org, $programme] OR n.title_nb = $title
OPTIONAL MATCH (n)-[:HAS_AUDIT_ENTRY|HAS_LOG_ENTRY]->(x)
OPTIONAL MATCH (n)<-[:ISSUED_TO]-(t:AccessToken)
DETACH DELETE n, x, t
"""


async def test_a_programme_s_secretariat_coordinates_its_projects_and_no_other_s(
    gql: Any, graph: GraphClient, callers: Callers
) -> None:
    tag = uuid.uuid4().hex[:8]
    ids = {"org": f"org:test-secretariat-{tag}", "programme": f"project:test-programme-{tag}"}
    title = f"Delprosjekt {tag}"
    await graph.write(OTHER_SECRETARIAT, ids)
    try:
        value, _ = await issue(graph, ids["org"], AccessRole.COORDINATOR, "tests: other")
        other = {"Authorization": f"Bearer {value}"}
        sub = {"title": text(title), "area": "COMMON_CRITERIA", "partOf": PROGRAMME}
        refused = await gql(mutation("createProject"), {"input": sub}, headers=other)
        assert refused.codes == ["FORBIDDEN"]
        created = await gql(
            mutation("createProject", "project { id participants { role } }"),
            {"input": sub},
            headers=callers("coordinator"),
        )
        project = created.ok()["createProject"]["project"]
        assert project["participants"] == []  # coordinated through the programme

        def note(target: str) -> dict[str, Any]:
            return {"projectId": target, "kind": "NOTE", "language": "en",
                    "text": text("Coordinator's note.", "en")}  # fmt: skip

        for headers, target, code in (
            (callers("coordinator"), project["id"], None),
            (other, project["id"], "FORBIDDEN"),
            (other, ids["programme"], None),
            (callers("coordinator"), ids["programme"], "FORBIDDEN"),
        ):
            answer = await gql(mutation("addLogEntry"), {"input": note(target)}, headers=headers)
            assert answer.codes == ([code] if code else []), (target, answer.errors)
    finally:
        await graph.write(FORGET, {**ids, "title": title})


# --- registries: the holder, and each reporting unit for itself ------------------------------

PARTICIPATION = "registry { participatingCountries { code } reportingOrganisations { id } }"


def reporting(organisation: str) -> dict[str, Any]:
    """Sweden's participation in NordicSCIR with ``organisation`` as its reporting unit."""
    units = [{"organisation": organisation, "years": [2024]}]
    return {"registry": "registry:nordicscir", "country": "SE", "reporting": units}


async def test_a_country_is_not_withdrawn_from_a_registry_by_a_hospital(
    gql: Any, graph: GraphClient, callers: Callers
) -> None:
    withdraw = {"registry": "registry:nordicscir", "country": "SE", "participates": False,
                "reporting": []}  # fmt: skip
    before = await counts(graph)
    for caller in ("karolinska", "linkoping"):  # one takes no part, one reports to it
        answer = await gql(
            mutation("upsertRegistryParticipation"), {"input": withdraw}, headers=callers(caller)
        )
        assert answer.codes == ["FORBIDDEN"], (caller, answer.errors)
    other = reporting("org:karolinska-universitetssjukhuset")
    answer = await gql(
        mutation("upsertRegistryParticipation"), {"input": other}, headers=callers("linkoping")
    )
    assert answer.codes == ["FORBIDDEN"]
    assert await counts(graph) == before

    own = reporting("org:universitetssjukhuset-linkoping")
    stated = await gql(
        mutation("upsertRegistryParticipation", PARTICIPATION),
        {"input": own},
        headers=callers("linkoping"),
    )
    registry = stated.ok()["upsertRegistryParticipation"]["registry"]
    assert {"code": "SE"} in registry["participatingCountries"]
    # The seeded registry is as it was, but for the audit entry, which goes again.
    await graph.write(
        "MATCH (:QualityRegistry {id: 'registry:nordicscir'})-[:HAS_AUDIT_ENTRY]->(a) "
        "DETACH DELETE a"
    )
    assert await counts(graph) == before


# --- the audit trail: who and when for everyone, the rest for the writer and coordinators ---

TRAIL = """
query($id: ID!) { collaborationProject(id: $id) {
  auditTrail { action actor at role tokenId before after changed detailsWithheld } } }
"""


async def test_the_audit_trail_shows_details_only_to_the_writer_and_the_coordinators(
    gql: Any, graph: GraphClient, callers: Callers
) -> None:
    project = await _project(gql, callers, LEAD_AND_PARTNER)
    update = {"id": project, "version": 1, "summary": text("Nytt sammendrag.")}
    (await gql(mutation("updateProject"), {"input": update}, headers=callers("st-olav"))).ok()

    async def trail(headers: dict[str, str] | None) -> list[dict[str, Any]]:
        answer = await gql(TRAIL, {"id": project}, headers=headers)
        found: list[dict[str, Any]] = answer.ok()["collaborationProject"]["auditTrail"]
        return found

    withheld = {"role": None, "tokenId": None, "before": None, "after": None,
                "detailsWithheld": True}  # fmt: skip
    revoked, stored = await issue(graph, "org:helse-bergen", AccessRole.PARTNER, "revoked")
    await TokenRepository(graph).revoke(stored.id)
    revoked_headers = {"Authorization": f"Bearer {revoked}"}
    others = [callers("reader"), callers("bergen"), callers("hdir"), revoked_headers]
    for headers in [None, *others, {"Authorization": "Bearer nope"}]:
        entries = await trail(headers)
        assert [(e["action"], e["actor"]) for e in entries] == [
            ("CREATE_PROJECT", HDIR),
            ("UPDATE_PROJECT", "org:st-olavs-hospital"),
        ]
        for entry in entries:
            assert entry["at"] and entry["changed"]
            assert {k: entry[k] for k in withheld} == withheld or (
                headers == callers("hdir") and entry["actor"] == HDIR  # its own entry
            )

    own = await trail(callers("st-olav"))
    assert own[0]["detailsWithheld"] is True  # the coordinator's create
    assert own[1]["role"] == "PARTNER" and own[1]["after"]["summary_nb"] == "Nytt sammendrag."
    coordinator = await trail(callers("coordinator"))
    assert not any(e["detailsWithheld"] for e in coordinator)
    assert [e["role"] for e in coordinator] == ["COORDINATOR", "PARTNER"]
    assert all(e["tokenId"] for e in coordinator)
