"""Collaboration-project writes: integrity (one transaction, idempotent creates, versions),
the audit trail, localized validation, and the reads that follow them."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from graph.client import GraphClient

PROJECT = """
query($id: ID!) {
  collaborationProject(id: $id) {
    id version title status area periodStart periodEnd outcome(language: "sv")
    translations { language text }
    participants { role party { ... on Organisation { id } ... on Country { id } } }
    concerns { ... on Condition { id } ... on QualityRegistry { id } }
    provenance { source recordedBy recordedAt }
    auditTrail { action actor role tokenId subject before after changed at }
  }
}
"""

CREATE = """
mutation($input: CreateProjectInput!, $key: String) {
  createProject(input: $input, idempotencyKey: $key) {
    replayed idempotencyKey project { id version }
  }
}
"""

UPDATE = """
mutation($input: UpdateProjectInput!) {
  updateProject(input: $input) {
    replayed idempotencyKey project { id version status title(language: "nb") }
  }
}
"""

ADD_LOG = """
mutation($input: AddLogEntryInput!, $key: String) {
  addLogEntry(input: $input, idempotencyKey: $key) {
    replayed
    entry { id kind date text language document { id } provenance { recordedBy source } }
    project { id version }
  }
}
"""

ADD_PARTICIPANT = """
mutation($input: AddParticipantInput!) { addParticipant(input: $input) { project { version } } }
"""

REMOVE_PARTICIPANT = """
mutation($input: RemoveParticipantInput!) {
  removeParticipant(input: $input) { project { version } }
}
"""

CLOSE = """
mutation($input: CloseProjectInput!) {
  closeProject(input: $input) { project { version status outcome(language: "sv") } }
}
"""


async def _project(
    gql: Any, project_id: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """The project, read by ``headers``' caller (the audit trail's details show to its author
    and the project's coordinators only)."""
    answer = await gql(PROJECT, {"id": project_id}, headers=headers)
    found: dict[str, Any] = answer.ok()["collaborationProject"]
    return found


async def _count_titled(graph: GraphClient, title: str) -> int:
    rows = await graph.read(
        "MATCH (p:CollaborationProject {title_nb: $title}) RETURN {n: count(p)} AS row",
        {"title": title},
    )
    return int(rows[0]["n"])


def _log_input(project_id: str, text: str = "Styringsgruppemøte i Reykjavík.") -> dict[str, Any]:
    return {
        "projectId": project_id,
        "kind": "MEETING",
        "date": "2025-05-06",
        "language": "nb",
        "text": [{"language": "nb", "text": text}, {"language": "is", "text": "Fundur."}],
        "document": "document:regjeringen-nasjonale-tjenester",
    }


# --- creating ------------------------------------------------------------------------------


async def test_create_writes_the_project_with_provenance_and_audit(
    gql, partners, project_input
) -> None:
    given = project_input()
    response = await gql(CREATE, {"input": given}, headers=partners.headers("coordinator"))
    created = response.ok()["createProject"]
    assert created["replayed"] is False
    suffix = given["title"][0]["text"].rsplit(" ", 1)[1]
    assert created["project"]["id"].startswith(f"project:nordisk-testprosjekt-{suffix}-")
    project = await _project(gql, created["project"]["id"], partners.headers("coordinator"))

    assert project["version"] == 1
    assert project["status"] == "ACTIVE"
    assert project["area"] == "QUALITY_REGISTRY"
    assert (project["periodStart"], project["periodEnd"]) == ("2024-01-01", "2026-12-31")
    assert {t["language"] for t in project["translations"]} == {"nb", "sv"}
    parties = {p["party"]["id"]: p["role"] for p in project["participants"]}
    # A stand-alone project is coordinated by the coordinator that logs it: its secretariat.
    assert parties == {
        "org:st-olavs-hospital": "LEAD",
        "country:IS": "PARTNER",
        "org:helsedirektoratet": "SECRETARIAT",
    }
    assert {c["id"] for c in project["concerns"]} == {
        "registry:nordicscir",
        "condition:spinal-cord-injury",
    }
    assert project["provenance"]["recordedBy"] == "org:helsedirektoratet"
    assert project["provenance"]["source"] == "api:org:helsedirektoratet"
    assert project["provenance"]["recordedAt"]

    [entry] = project["auditTrail"]
    assert entry["action"] == "CREATE_PROJECT"
    assert entry["actor"] == "org:helsedirektoratet"
    assert entry["role"] == "COORDINATOR"
    assert entry["before"] == {}
    assert entry["after"]["title_nb"] == given["title"][0]["text"]
    assert entry["after"]["participants"] == [
        "org:st-olavs-hospital LEAD",
        "country:IS PARTNER",
        "org:helsedirektoratet SECRETARIAT",
    ]


async def test_concurrent_creates_with_one_key_make_one_project(
    gql, graph, partners, project_input
) -> None:
    given = project_input()
    key = f"create-{uuid.uuid4().hex}"
    headers = partners.headers("coordinator")
    responses = await asyncio.gather(
        *(gql(CREATE, {"input": given, "key": key}, headers=headers) for _ in range(4))
    )
    results = [r.ok()["createProject"] for r in responses]

    assert len({r["project"]["id"] for r in results}) == 1
    assert sorted(r["replayed"] for r in results) == [False, True, True, True]
    assert await _count_titled(graph, given["title"][0]["text"]) == 1
    project = await _project(gql, results[0]["project"]["id"])
    assert [e["action"] for e in project["auditTrail"]] == ["CREATE_PROJECT"]

    # Later, too: the repeat returns the first result and writes nothing.
    again = (await gql(CREATE, {"input": given, "key": key}, headers=headers)).ok()
    assert again["createProject"] == {
        "replayed": True,
        "idempotencyKey": key,
        "project": results[0]["project"],
    }
    assert await _count_titled(graph, given["title"][0]["text"]) == 1


async def test_a_key_reused_for_other_input_is_refused(gql, graph, partners, project_input):
    key = f"create-{uuid.uuid4().hex}"
    headers = partners.headers("coordinator")
    (await gql(CREATE, {"input": project_input(), "key": key}, headers=headers)).ok()
    other = project_input()
    response = await gql(CREATE, {"input": other, "key": key}, headers=headers, language="sv")
    assert response.codes == ["IDEMPOTENCY_KEY_REUSED"]
    assert "redan använts" in response.errors[0]["message"]
    assert await _count_titled(graph, other["title"][0]["text"]) == 0


async def test_an_invalid_participant_aborts_the_create_midway(
    gql, graph, partners, project_input
) -> None:
    # The project node and its first participants are written before the unknown one is met;
    # the whole transaction rolls back, audit entry and idempotency key included.
    given = project_input(
        participants=[
            {"party": "org:st-olavs-hospital", "role": "LEAD"},
            {"party": "org:finnes-ikke", "role": "PARTNER"},
        ]
    )
    key = f"create-{uuid.uuid4().hex}"
    response = await gql(
        CREATE, {"input": given, "key": key}, headers=partners.headers("coordinator"), language="nb"
    )
    assert response.codes == ["UNKNOWN_ORGANISATION"]
    assert (
        response.errors[0]["message"] == "«org:finnes-ikke» er ikke en organisasjon huben kjenner."
    )
    assert await _count_titled(graph, given["title"][0]["text"]) == 0
    keys = await graph.read(
        "MATCH (k:IdempotencyKey) WHERE k.id ENDS WITH $key RETURN {n: count(k)} AS row",
        {"key": key},
    )
    assert keys[0]["n"] == 0
    audit = await graph.read(
        "MATCH (a:AuditEntry) WHERE a.after CONTAINS $title RETURN {n: count(a)} AS row",
        {"title": given["title"][0]["text"]},
    )
    assert audit[0]["n"] == 0

    # With the participant fixed, the same key now creates the project.
    fixed = {**given, "participants": given["participants"][:1]}
    created = await gql(
        CREATE, {"input": fixed, "key": key}, headers=partners.headers("coordinator")
    )
    assert created.ok()["createProject"]["replayed"] is False


# --- updating ------------------------------------------------------------------------------


async def test_a_stale_version_is_a_conflict_not_an_overwrite(gql, partners, new_project) -> None:
    project_id = await new_project()
    first = await gql(
        UPDATE,
        {"input": {"id": project_id, "version": 1, "status": "COMPLETED"}},
        headers=partners.headers("participant"),
    )
    assert first.ok()["updateProject"]["project"]["version"] == 2

    stale = await gql(
        UPDATE,
        {"input": {"id": project_id, "version": 1, "status": "PROPOSED"}},
        headers=partners.headers("coordinator"),
        language="da",
    )
    assert stale.codes == ["VERSION_CONFLICT"]
    assert stale.errors[0]["extensions"]["actual"] == 2
    assert "version 2" in stale.errors[0]["message"]
    project = await _project(gql, project_id)
    assert (project["version"], project["status"]) == (2, "COMPLETED")


async def test_concurrent_updates_on_one_version_let_exactly_one_win(
    gql, partners, new_project
) -> None:
    project_id = await new_project()
    responses = await asyncio.gather(
        *(
            gql(
                UPDATE,
                {"input": {"id": project_id, "version": 1, "status": status}},
                headers=partners.headers("coordinator"),
            )
            for status in ("COMPLETED", "PROPOSED", "COMPLETED", "PROPOSED")
        )
    )
    # One wins; the same request sent twice is one write (the hub derives one key for both), so
    # the winner's twin replays it; the other two met version 2.
    assert sorted(r.codes for r in responses) == [[], [], *[["VERSION_CONFLICT"]] * 2]
    done = [r.data["updateProject"] for r in responses if not r.errors]
    assert sorted(d["replayed"] for d in done) == [False, True]
    assert done[0]["idempotencyKey"] == done[1]["idempotencyKey"]
    assert done[0]["idempotencyKey"].startswith("auto-")
    project = await _project(gql, project_id)
    assert project["version"] == 2
    assert [e["action"] for e in project["auditTrail"]] == ["CREATE_PROJECT", "UPDATE_PROJECT"]


async def test_the_audit_trail_shows_each_change_with_its_author(
    gql, partners, new_project
) -> None:
    project_id = await new_project()
    participant, coordinator = partners.headers("participant"), partners.headers("coordinator")
    (
        await gql(
            UPDATE,
            {
                "input": {
                    "id": project_id,
                    "version": 1,
                    "title": [{"language": "nb", "text": "Nytt navn på prosjektet"}],
                    "periodEnd": None,
                }
            },
            headers=participant,
        )
    ).ok()
    log = (await gql(ADD_LOG, {"input": _log_input(project_id)}, headers=participant)).ok()
    (
        await gql(
            ADD_PARTICIPANT,
            {
                "input": {
                    "projectId": project_id,
                    "version": 2,
                    "participant": {"party": "org:karolinska-universitetssjukhuset"},
                }
            },
            headers=coordinator,
        )
    ).ok()
    (
        await gql(
            REMOVE_PARTICIPANT,
            {"input": {"projectId": project_id, "version": 3, "party": "country:IS"}},
            headers=participant,
        )
    ).ok()
    closed = await gql(
        CLOSE,
        {
            "input": {
                "id": project_id,
                "version": 4,
                "outcome": [{"language": "sv", "text": "Registret är i drift i fyra länder."}],
            }
        },
        headers=coordinator,
    )
    assert closed.ok()["closeProject"]["project"] == {
        "version": 5,
        "status": "CLOSED",
        "outcome": "Registret är i drift i fyra länder.",
    }

    trail = (await _project(gql, project_id, coordinator))["auditTrail"]
    assert [(e["action"], e["actor"]) for e in trail] == [
        ("CREATE_PROJECT", "org:helsedirektoratet"),
        ("UPDATE_PROJECT", "org:st-olavs-hospital"),
        ("ADD_LOG_ENTRY", "org:st-olavs-hospital"),
        ("ADD_PARTICIPANT", "org:helsedirektoratet"),
        ("REMOVE_PARTICIPANT", "org:st-olavs-hospital"),
        ("CLOSE_PROJECT", "org:helsedirektoratet"),
    ]
    update = trail[1]
    assert update["before"]["title_nb"].startswith("Nordisk testprosjekt")
    assert update["after"]["title_nb"] == "Nytt navn på prosjektet"
    assert (update["before"]["periodEnd"], update["after"]["periodEnd"]) == ("2026-12-31", None)
    assert (update["before"]["version"], update["after"]["version"]) == (1, 2)
    assert "editedAt" not in update["changed"]
    assert trail[2]["subject"] == log["addLogEntry"]["entry"]["id"]
    assert trail[3]["after"]["participant"] == "org:karolinska-universitetssjukhuset PARTNER"
    assert trail[4]["before"]["participant"] == "country:IS PARTNER"
    assert trail[5]["after"]["status"] == "CLOSED"
    assert all(e["at"] and e["tokenId"] for e in trail)


async def test_a_closed_project_takes_no_more_changes(gql, partners, new_project) -> None:
    project_id = await new_project()
    outcome = [{"language": "en", "text": "Done."}]
    close = {"input": {"id": project_id, "version": 1, "outcome": outcome}}
    (await gql(CLOSE, close, headers=partners.headers("coordinator"))).ok()
    response = await gql(
        ADD_LOG, {"input": _log_input(project_id)}, headers=partners.headers("coordinator")
    )
    assert response.codes == ["PROJECT_CLOSED"]


# --- log entries ---------------------------------------------------------------------------


async def test_log_entries_are_idempotent_and_paged(gql, partners, new_project) -> None:
    project_id = await new_project()
    headers = partners.headers("participant")
    key = f"log-{uuid.uuid4().hex}"
    first = (
        await gql(ADD_LOG, {"input": _log_input(project_id), "key": key}, headers=headers)
    ).ok()
    entry = first["addLogEntry"]["entry"]
    assert entry["kind"] == "MEETING"
    assert entry["text"] == "Styringsgruppemøte i Reykjavík."
    assert entry["document"] == {"id": "document:regjeringen-nasjonale-tjenester"}
    assert entry["provenance"]["recordedBy"] == "org:st-olavs-hospital"
    again = (
        await gql(ADD_LOG, {"input": _log_input(project_id), "key": key}, headers=headers)
    ).ok()
    assert again["addLogEntry"]["replayed"] is True
    assert again["addLogEntry"]["entry"]["id"] == entry["id"]

    for day, text in (("2025-01-02", "Oppstart."), (None, "Udatert notat.")):
        given = {**_log_input(project_id, text), "date": day}
        (await gql(ADD_LOG, {"input": given}, headers=headers)).ok()

    query = """
    query($id: ID!, $after: String) {
      collaborationProject(id: $id) {
        logEntries(first: 2, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { text date } }
        }
      }
    }
    """
    page = (await gql(query, {"id": project_id})).ok()["collaborationProject"]["logEntries"]
    assert page["totalCount"] == 3
    assert [e["node"]["date"] for e in page["edges"]] == ["2025-01-02", "2025-05-06"]
    assert page["pageInfo"]["hasNextPage"] is True
    after = page["pageInfo"]["endCursor"]
    rest = (await gql(query, {"id": project_id, "after": after})).ok()
    rest_page = rest["collaborationProject"]["logEntries"]
    assert [e["node"]["text"] for e in rest_page["edges"]] == ["Udatert notat."]
    assert rest_page["pageInfo"]["hasNextPage"] is False


async def test_log_pages_of_many_projects_cost_one_round_trip(gql) -> None:
    query = """
    { collaborationProjects(first: 20, country: "NO") { edges { node {
        id logEntries(first: 2) { totalCount edges { node { id kind } } }
    } } } }
    """
    response = await gql(query)
    projects = response.ok()["collaborationProjects"]["edges"]
    assert len(projects) >= 2
    seeded = next(
        p["node"]
        for p in projects
        if p["node"]["id"] == "project:nordic-highly-specialised-treatment"
    )
    assert seeded["logEntries"]["totalCount"] == 10
    # One for the page of projects, one for every project's page of log entries.
    assert response.round_trips == 2


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "code", "language", "message"),
    [
        ({"title": []}, "TITLE_REQUIRED", "nb", "Et prosjekt må ha en tittel på minst ett språk."),
        (
            {"title": [{"language": "sv", "text": "  "}]},
            "TITLE_REQUIRED",
            "sv",
            "Ett projekt behöver en titel på minst ett språk.",
        ),
        (
            {"participants": [{"party": "country:DE", "role": "PARTNER"}]},
            "UNKNOWN_COUNTRY",
            "fi",
            None,
        ),
        (
            {"participants": [{"party": "org:ukjent-sykehus", "role": "PARTNER"}]},
            "UNKNOWN_ORGANISATION",
            "da",
            "»org:ukjent-sykehus« er ikke en organisation, som hubben kender.",
        ),
        (
            {"periodStart": "2025-01-01", "periodEnd": "2024-12-31"},
            "PERIOD_ENDS_BEFORE_START",
            "is",
            None,
        ),
        (
            {"title": [{"language": "nb", "text": "x" * 301}]},
            "TEXT_TOO_LONG",
            "nn",
            None,
        ),
        (
            {"summary": [{"language": "de", "text": "Ein Projekt"}]},
            "UNSUPPORTED_LANGUAGE",
            "en",
            None,
        ),
        ({"concerns": ["service:finnes-ikke"]}, "UNKNOWN_REFERENCE", "en", None),
        # ENDED is only derived from a project's period; CLOSED only by closing it.
        ({"status": "ENDED"}, "BAD_USER_INPUT", "sv", None),
        ({"status": "CLOSED"}, "BAD_USER_INPUT", "nb", None),
        ({"partOf": "project:finnes-ikke"}, "UNKNOWN_REFERENCE", "en", None),
    ],
)
async def test_invalid_creates_are_refused_in_the_callers_language(
    gql, graph, partners, project_input, overrides, code, language, message
) -> None:
    given = project_input(**overrides)
    title = project_input()["title"][0]["text"] if not given["title"] else given["title"][0]["text"]
    response = await gql(
        CREATE, {"input": given}, headers=partners.headers("coordinator"), language=language
    )
    assert response.codes == [code]
    assert response.extensions["language"] == language
    if message is not None:
        assert response.errors[0]["message"] == message
    assert await _count_titled(graph, title.strip()) == 0


async def test_a_partner_may_not_grant_the_lead_role(gql, partners, new_project) -> None:
    project_id = await new_project()
    response = await gql(
        ADD_PARTICIPANT,
        {
            "input": {
                "projectId": project_id,
                "version": 1,
                "participant": {"party": "org:helse-bergen", "role": "LEAD"},
            }
        },
        headers=partners.headers("participant"),
        language="nb",
    )
    assert response.codes == ["ROLE_NOT_GRANTABLE"]
    assert "LEAD" in response.errors[0]["message"]
    project = await _project(gql, project_id)
    assert project["version"] == 1
    assert "org:helse-bergen" not in {p["party"]["id"] for p in project["participants"]}


async def test_a_log_entry_over_the_limit_is_refused(gql, partners, new_project) -> None:
    project_id = await new_project()
    given = _log_input(project_id, "ø" * 5001)
    response = await gql(ADD_LOG, {"input": given}, headers=partners.headers("participant"))
    assert response.codes == ["TEXT_TOO_LONG"]
    assert response.errors[0]["extensions"]["maximum"] == 5000
    assert (await _project(gql, project_id))["auditTrail"][-1]["action"] == "CREATE_PROJECT"


# --- identity and reads ---------------------------------------------------------------------


async def test_viewer_says_who_is_asking(gql, partners) -> None:
    query = "{ viewer { authenticated role tokenId organisation { id } country { id } } }"
    anonymous = (await gql(query)).ok()["viewer"]
    assert anonymous == {
        "authenticated": False,
        "role": None,
        "tokenId": None,
        "organisation": None,
        "country": None,
    }
    me = (await gql(query, headers=partners.headers("participant"))).ok()["viewer"]
    assert me["authenticated"] is True
    assert me["role"] == "PARTNER"
    assert me["organisation"] == {"id": "org:st-olavs-hospital"}
    assert me["country"] == {"id": "country:NO"}
    assert partners.tokens["participant"].startswith(f"nh_{me['tokenId']}_")


async def test_a_bad_token_is_refused_for_writes_but_reads_stay_public(
    gql, partners, project_input
) -> None:
    forged = partners.tokens["coordinator"][:-4] + "AAAA"
    for token in (forged, "nh_0000000000000000_" + "A" * 43, "not-a-token"):
        headers = {"Authorization": f"Bearer {token}"}
        response = await gql(CREATE, {"input": project_input()}, headers=headers)
        assert response.codes == ["TOKEN_INVALID"]
        read = await gql("{ countries { id } }", headers=headers)
        assert read.ok()["countries"]


async def test_projects_are_filtered_by_country_area_status_and_concern(
    gql, partners, new_project
) -> None:
    project_id = await new_project(
        participants=[{"party": "country:GL", "role": "PARTNER"}],
        area="NEEDS_ASSESSMENT",
        status="PROPOSED",
        concerns=["registry:norscir"],
    )
    query = """
    query($country: String, $areas: [ProjectArea!], $statuses: [ProjectStatus!], $concerns: ID) {
      collaborationProjects(
        first: 100, country: $country, areas: $areas, statuses: $statuses, concerns: $concerns
      ) { edges { node { id } } }
    }
    """

    async def ids(**filters: Any) -> set[str]:
        data = (await gql(query, filters)).ok()["collaborationProjects"]["edges"]
        return {e["node"]["id"] for e in data}

    assert project_id in await ids(country="GL", areas=["NEEDS_ASSESSMENT"], statuses=["PROPOSED"])
    assert project_id in await ids(concerns="registry:norscir")
    assert project_id not in await ids(country="GL", statuses=["ACTIVE"])
    assert "project:nordic-scir-registry" in await ids(concerns="registry:norscir")


async def test_the_seeded_pilots_are_projects(gql) -> None:
    project = await _project(gql, "project:nordic-scir-registry")
    assert project["version"] == 1
    assert project["status"] == "COMPLETED"
    assert project["auditTrail"] == []


async def test_a_request_sent_again_without_a_key_replays(gql, graph, partners, project_input):
    given = project_input()
    headers = partners.headers("coordinator")
    first = (await gql(CREATE, {"input": given}, headers=headers)).ok()["createProject"]
    again = (await gql(CREATE, {"input": given}, headers=headers)).ok()["createProject"]
    assert first["replayed"] is False and again["replayed"] is True
    assert again["project"]["id"] == first["project"]["id"]
    assert first["idempotencyKey"] == again["idempotencyKey"]
    assert first["idempotencyKey"].startswith("auto-")
    assert await _count_titled(graph, given["title"][0]["text"]) == 1
    # The derived key is a key like any other: sent explicitly, it replays too.
    sent = await gql(CREATE, {"input": given, "key": first["idempotencyKey"]}, headers=headers)
    assert sent.ok()["createProject"]["replayed"] is True


async def test_an_expired_key_writes_again(gql, graph, partners, project_input):
    key = f"create-{uuid.uuid4().hex}"
    given = project_input()
    headers = partners.headers("coordinator")
    (await gql(CREATE, {"input": given, "key": key}, headers=headers)).ok()
    # Older than NORDHUB_IDEMPOTENCY_TTL_S (24 h by default): as if never used.
    await graph.write(
        "MATCH (k:IdempotencyKey) WHERE k.id ENDS WITH $key "
        "SET k.createdAt = datetime() - duration('P2D')",
        {"key": "|" + key},
    )
    again = (await gql(CREATE, {"input": given, "key": key}, headers=headers)).ok()
    assert again["createProject"]["replayed"] is False
    assert await _count_titled(graph, given["title"][0]["text"]) == 2
