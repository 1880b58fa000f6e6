"""One full cycle through the GraphQL API, each step by the body that takes it (apply → assess →
decide → annual report → evaluation → five-year review), every rule's refusal in the caller's
language with nothing written, and each coordinator question."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from graph import cycle
from graph.client import GraphClient
from tests.resolvers.cycle.conftest import unused_year
from tests.resolvers.cycle.parties import HDIR, HN, HOD, RHAS

S43, S45 = "legal:forskrift-1706-2010-4-3", "legal:forskrift-1706-2010-4-5"


def text(nb: str, en: str | None = None) -> list[dict[str, str]]:
    found = [{"language": "nb", "text": nb}]
    if en is not None:
        found.append({"language": "en", "text": en})
    return found


def target(measure: str = "Median ventetid i dager") -> dict[str, Any]:
    return {
        "description": text("Kortere ventetid", "Shorter waiting time"),
        "measure": measure,
        "unit": "dager",
        "targetValue": 30,
    }


async def entities(graph: GraphClient) -> int:
    rows = await graph.read("MATCH (n:Entity) RETURN {n: count(n)} AS row")
    return int(rows[0]["n"])


async def submit(
    hub: Any, call: Any, token: str, year: int, applications: list[dict[str, Any]], **extra: Any
) -> Any:
    answer = await call(
        hub,
        token,
        "submitApplicationList",
        {"roundYear": year, "applications": applications, **extra},
        "list { id late dueOn applications { id stage late priority proposedService { id } } }",
    )
    return answer.ok("submitApplicationList")["list"]


async def test_one_full_cycle_through_the_api(hub, gql, graph, tokens, cycle_call) -> None:
    # A round whose deadline is known, early enough that its five-year review is not in the future.
    year = await unused_year(graph, cycle.DEADLINE_KNOWN_FROM_ROUND, dt.date.today().year - 5)
    tag = uuid.uuid4().hex[:8]
    treatment = {
        "title": text(f"Nasjonal behandlingstjeneste for test {tag}", f"Test service {tag}"),
        "proposedKind": "NATIONAL_TREATMENT_SERVICE",
        "applicant": "org:st-olavs-hospital",
        "resultTargets": [target()],
    }
    competence = {
        "title": text(f"Nasjonal kompetansetjeneste for test {tag}"),
        "proposedKind": "NATIONAL_COMPETENCE_SERVICE",
        "resultTargets": [target("Antall kurs per år")],
        "disseminationPlan": text("Årlige kurs i alle helseregioner"),
    }
    listed = await submit(
        hub,
        cycle_call,
        tokens.regional_health_authority,
        year,
        [treatment, competence],
        submittedOn=f"{year}-01-15",
    )
    assert listed["late"] is False and listed["dueOn"] == f"{year}-01-15"
    first, second = listed["applications"]
    assert [first["priority"], second["priority"]] == [1, 2]
    assert first["stage"] == "AWAITING_ASSESSMENT"
    service = first["proposedService"]["id"]

    pending = (
        await gql(
            "query($y: Int) { pendingApplications(roundYear: $y) { id stage late } }",
            {"y": year},
        )
    ).ok()["pendingApplications"]
    assert {p["id"] for p in pending} == {first["id"], second["id"]}

    assessed = await cycle_call(
        hub,
        tokens.directorate,
        "assessApplications",
        {
            "applications": [first["id"], second["id"]],
            "recommendation": "APPROVE",
            "date": f"{year}-03-01",
            "summary": text("Oppfyller vilkårene i forskriften."),
        },
        "assessment { id assessedBy { id } assessedAgainst { id } applications { stage } }",
    )
    assessment = assessed.ok("assessApplications")["assessment"]
    assert assessment["assessedBy"]["id"] == HDIR
    assert {p["id"] for p in assessment["assessedAgainst"]} == {S43, S45}
    assert {a["stage"] for a in assessment["applications"]} == {"AWAITING_DECISION"}

    for application, basis in ((first, S43), (second, S45)):
        decided = await cycle_call(
            hub,
            tokens.ministry,
            "decideApplications",
            {
                "applications": [application["id"]],
                "outcome": "APPROVED",
                "date": f"{year}-06-01",
                "legalBasis": basis,
                "reason": text("Godkjent."),
            },
            "decision { outcome decidedBy { shortName } legalBasis { id } "
            "subjects { __typename ... on Service { status } } }",
        )
        decision = decided.ok("decideApplications")["decision"]
        assert decision["outcome"] == "APPROVED" and decision["legalBasis"] == [{"id": basis}]
        assert {"__typename": "Service", "status": "APPROVED"} in decision["subjects"]
    audit = await graph.read(
        "MATCH (:Application {id: $id})<-[:DECIDES]-(d:Decision)-[:HAS_AUDIT_ENTRY]->(a) "
        "RETURN {actor: a.actor, action: a.action, role: a.role, by: d.recordedBy, "
        "source: d.source} AS row",
        {"id": first["id"]},
    )
    assert audit == [
        {"actor": HOD, "action": "DECIDE_APPLICATIONS", "role": "MINISTRY", "by": HOD,
         "source": f"api:{HOD}"}
    ]  # fmt: skip

    grouped = await cycle_call(
        hub,
        tokens.regional_health_authority,
        "setReferenceGroup",
        {
            "service": service,
            "members": [
                {"name": f"Representant {org}", "kind": "REGIONAL_HEALTH_AUTHORITY",
                 "organisation": org}
                for org in RHAS
            ] + [{"name": "Brukerrepresentant", "kind": "USER_REPRESENTATIVE"}],
        },
        "service { referenceGroup { members { kind organisation { id } } } }",
    )  # fmt: skip
    members = grouped.ok("setReferenceGroup")["service"]["referenceGroup"]["members"]
    assert len(members) == 5

    reported = await cycle_call(
        hub,
        tokens.regional_health_authority,
        "submitAnnualReport",
        {
            "service": service,
            "year": year + 1,
            "submittedOn": f"{year + 2}-01-31",
            "summary": text("Årsrapport"),
            "results": [{**target(), "measuredValue": 41}],
        },
        "report { id status year results { measuredValue target { measure targetValue } } }",
    )
    report = reported.ok("submitAnnualReport")["report"]
    assert report["status"] == "SUBMITTED"
    assert report["results"] == [
        {
            "measuredValue": 41.0,
            "target": {"measure": "Median ventetid i dager", "targetValue": 30.0},
        }
    ]

    evaluated = await cycle_call(
        hub,
        tokens.directorate,
        "evaluateAnnualReports",
        {
            "year": year + 1,
            "date": f"{year + 2}-04-01",
            "summary": text("Noen tjenester rapporterer mangelfullt."),
            "deficient": [
                {"service": service, "remark": text("Mangler resultatmål for kvalitet.")}
            ],
        },
        "evaluation { year evaluatedBy { id } "
        "reports { status remark report { service { id } } } }",
    )
    evaluation = evaluated.ok("evaluateAnnualReports")["evaluation"]
    by_service = {r["report"]["service"]["id"]: r for r in evaluation["reports"]}
    assert by_service[service]["status"] == "DEFICIENT"
    assert by_service[service]["remark"] == "Mangler resultatmål for kvalitet."
    competence_service = second["proposedService"]["id"]
    assert by_service[competence_service]["status"] == "MISSING"

    reviewed = await cycle_call(
        hub,
        tokens.directorate,
        "recordFiveYearReview",
        {
            "year": year + 5,
            "date": f"{year + 5}-10-01",
            "findings": [
                {"service": service, "recommendation": "CONTINUE"},
                {"service": competence_service, "recommendation": "CONTINUE_WITH_CHANGES",
                 "remark": text("Må rapportere årlig.")},
            ],
        },
        "review { findings { service { id } recommendation remark } }",
    )  # fmt: skip
    findings = reviewed.ok("recordFiveYearReview")["review"]["findings"]
    assert {f["recommendation"] for f in findings} == {"CONTINUE", "CONTINUE_WITH_CHANGES"}

    history = (
        await gql(
            "query($id: ID!) { serviceHistory(service: $id) { kind date "
            "subject { __typename ... on Application { late } ... on AnnualReport { status } } } }",
            {"id": service},
        )
    ).ok()["serviceHistory"]
    assert [(e["kind"], e["date"]) for e in history] == [
        ("APPLIED", f"{year}-01-15"),
        ("ASSESSED", f"{year}-03-01"),
        ("DECIDED", f"{year}-06-01"),
        ("REPORTED", f"{year + 2}-01-31"),
        ("EVALUATED", f"{year + 2}-04-01"),
        ("REVIEWED", f"{year + 5}-10-01"),
        ("REFERENCE_GROUP", history[-1]["date"]),
    ]
    assert history[0]["subject"] == {"__typename": "Application", "late": False}
    assert history[3]["subject"] == {"__typename": "AnnualReport", "status": "DEFICIENT"}


async def test_a_late_list_is_accepted_and_shows_late_everywhere(
    hub, gql, tokens, cycle_call, deadline_year: int
) -> None:
    year = deadline_year
    app = {"title": text("Sen søknad"), "proposedKind": "NATIONAL_TREATMENT_SERVICE"}
    listed = await submit(
        hub, cycle_call, tokens.other_authority, year, [app], submittedOn=f"{year}-01-16"
    )
    assert listed["late"] is True
    assert listed["applications"][0]["late"] is True
    application = listed["applications"][0]["id"]

    state = (
        await gql(
            "query($y: Int!) { roundState(year: $y) { dueOn applications "
            "lists { late submittedBy { id } } lateLists { submittedBy { id } } "
            "missingAuthorities { id } stages { stage applications } } }",
            {"y": year},
        )
    ).ok()["roundState"]
    assert state["lateLists"] == [{"submittedBy": {"id": HN}}]
    assert {m["id"] for m in state["missingAuthorities"]} == set(RHAS) - {HN}
    assert {"stage": "AWAITING_ASSESSMENT", "applications": 1} in state["stages"]

    pending = (
        await gql(
            "query($y: Int) { pendingApplications(roundYear: $y, stages: [AWAITING_ASSESSMENT]) "
            "{ id late list { late } } }",
            {"y": year},
        )
    ).ok()["pendingApplications"]
    assert pending == [{"id": application, "late": True, "list": {"late": True}}]
    history = (
        await gql(
            "query($id: ID!) { serviceHistory(service: $id) { subject { ... on Application "
            "{ late } } } }",
            {"id": listed["applications"][0]["proposedService"]["id"]},
        )
    ).ok()["serviceHistory"]
    assert history == [{"subject": {"late": True}}]


async def test_each_step_only_by_the_body_that_takes_it(
    hub, tokens, cycle_call, graph, year: int
) -> None:
    app = {"title": text("Søknad"), "proposedKind": "NATIONAL_TREATMENT_SERVICE"}
    listed = await submit(
        hub, cycle_call, tokens.regional_health_authority, year, [app], submittedOn=f"{year}-01-02"
    )
    application = listed["applications"][0]["id"]
    service = listed["applications"][0]["proposedService"]["id"]
    assess = {"applications": [application], "recommendation": "APPROVE", "date": f"{year}-02-01"}
    decide = {
        "applications": [application],
        "outcome": "REJECTED",
        "reason": text("For lite volum"),
        "legalBasis": S43,
        "date": f"{year}-03-01",
    }
    list_input = {"roundYear": year + 1, "applications": [app], "submittedOn": f"{year}-12-01"}
    evaluate = {"year": year, "date": f"{year}-12-01"}
    group = {"service": service, "members": [{"name": "Bruker", "kind": "USER_REPRESENTATIVE"}]}
    denied = [
        (tokens.directorate, "submitApplicationList", list_input),
        (tokens.ministry, "submitApplicationList", list_input),
        (tokens.partner, "submitApplicationList", list_input),
        (tokens.regional_health_authority, "assessApplications", assess),
        (tokens.ministry, "assessApplications", assess),
        (tokens.regional_health_authority, "decideApplications", decide),
        (tokens.directorate, "decideApplications", decide),
        (tokens.regional_health_authority, "evaluateAnnualReports", evaluate),
        (tokens.ministry, "recordFiveYearReview",
         {"year": year, "findings": [{"service": service, "recommendation": "CONTINUE"}]}),
        (tokens.other_authority, "setReferenceGroup", group),
        (tokens.directorate, "setReferenceGroup", group),
        (tokens.other_authority, "submitAnnualReport", {"service": service, "year": year}),
        (tokens.other_authority, "adoptDisseminationPlan",
         {"service": service, "summary": text("Plan")}),
    ] + [
        (tokens.coordinator, name, given)
        for name, given in (("submitApplicationList", list_input), ("assessApplications", assess),
                            ("decideApplications", decide), ("setReferenceGroup", group))
    ]  # fmt: skip
    before = await entities(graph)
    for token, name, given in denied:
        answer = await cycle_call(hub, token, name, given, "")
        assert answer.codes == ["FORBIDDEN"], (name, answer.errors)
    anonymous = await cycle_call(hub, None, "assessApplications", assess, "")
    assert anonymous.codes == ["UNAUTHENTICATED"]
    revoked = await cycle_call(hub, tokens.revoked, "submitApplicationList", list_input, "")
    assert revoked.codes == ["TOKEN_REVOKED"]
    assert await entities(graph) == before

    (await cycle_call(hub, tokens.directorate, "assessApplications", assess, "")).ok(
        "assessApplications"
    )
    (await cycle_call(hub, tokens.ministry, "decideApplications", decide, "")).ok(
        "decideApplications"
    )
    (await cycle_call(hub, tokens.regional_health_authority, "setReferenceGroup", group, "")).ok(
        "setReferenceGroup"
    )


async def test_every_rule_refuses_in_the_callers_language_and_writes_nothing(
    hub, tokens, cycle_call, graph, year: int
) -> None:
    plain = {"title": text("Behandling"), "proposedKind": "NATIONAL_TREATMENT_SERVICE"}
    competence = {
        "title": text("Kompetanse"),
        "proposedKind": "NATIONAL_COMPETENCE_SERVICE",
        "resultTargets": [target()],
    }
    listed = await submit(
        hub,
        cycle_call,
        tokens.regional_health_authority,
        year,
        [{**plain, "resultTargets": [target()]}, plain, competence],
        submittedOn=f"{year}-01-10",
    )
    treated, untargeted, competent = (a["id"] for a in listed["applications"])
    (
        await cycle_call(
            hub,
            tokens.directorate,
            "assessApplications",
            {"applications": [treated, untargeted, competent], "recommendation": "APPROVE",
             "date": f"{year}-02-01"},
        )
    ).ok("assessApplications")  # fmt: skip
    unassessed = (
        await submit(
            hub, cycle_call, tokens.other_authority, year, [plain], submittedOn=f"{year}-01-10"
        )
    )["applications"][0]["id"]

    def decision(application: str, **given: Any) -> dict[str, Any]:
        return {"applications": [application], "date": f"{year}-03-01", **given}

    cases = [
        ("decideApplications", tokens.ministry,
         decision(treated, outcome="APPROVED", reason=text("Ja")),
         "DECISION_WITHOUT_LEGAL_BASIS", "hjemmelen"),
        ("decideApplications", tokens.ministry,
         decision(treated, outcome="REJECTED", legalBasis=S43),
         "REJECTION_WITHOUT_REASON", "begrunnes"),
        ("decideApplications", tokens.ministry,
         decision(treated, outcome="FURTHER_ASSESSMENT", reason=text("Utred")),
         "FURTHER_ASSESSMENT_WITHOUT_DEADLINE", "frist"),
        ("decideApplications", tokens.ministry,
         decision(unassessed, outcome="REJECTED", legalBasis=S43, reason=text("Nei")),
         "APPLICATION_NOT_ASSESSED", "ikke vurdert"),
        ("decideApplications", tokens.ministry,
         decision(competent, outcome="REJECTED", legalBasis=S43, reason=text("Nei")),
         "LEGAL_BASIS_MISMATCH", S45),
        ("decideApplications", tokens.ministry,
         decision(competent, outcome="APPROVED", legalBasis=S45),
         "DISSEMINATION_PLAN_MISSING", "kompetansespredning"),
        ("decideApplications", tokens.ministry,
         decision(untargeted, outcome="APPROVED", legalBasis=S43),
         "RESULT_TARGETS_MISSING", "resultatmål"),
        ("submitApplicationList", tokens.other_authority,
         {"roundYear": year + 1, "submittedOn": f"{year}-11-01",
          "applications": [{**plain, "resultTargets": [target("   ")]}]},
         "RESULT_TARGET_WITHOUT_MEASURE", "måleparameter"),
        ("submitApplicationList", tokens.regional_health_authority,
         {"roundYear": year, "submittedOn": f"{year}-01-11", "applications": [plain]},
         "APPLICATION_LIST_EXISTS", "allerede sendt"),
        ("submitApplicationList", tokens.other_authority,
         {"roundYear": year + 1, "submittedOn": "2999-01-01", "applications": [plain]},
         "DATE_IN_FUTURE", "senere enn i dag"),
    ]  # fmt: skip
    before = await entities(graph)
    for name, token, given, code, phrase in cases:
        answer = await cycle_call(hub, token, name, given, "", language="nb")
        assert answer.codes == [code], (code, answer.errors)
        assert phrase in answer.errors[0]["message"], (code, answer.errors[0]["message"])
    assert await entities(graph) == before

    swedish = await cycle_call(
        hub,
        tokens.ministry,
        "decideApplications",
        decision(treated, outcome="REJECTED", legalBasis=S43),
        "",
        language="sv",
    )
    assert swedish.errors[0]["message"] == "Ett avslag måste motiveras."


async def test_reports_only_for_approved_services_and_deficient_only_when_sent(
    hub, tokens, cycle_call, graph, year: int
) -> None:
    app = {"title": text("Ikke godkjent"), "proposedKind": "NATIONAL_TREATMENT_SERVICE"}
    listed = await submit(
        hub, cycle_call, tokens.regional_health_authority, year, [app], submittedOn=f"{year}-01-02"
    )
    service = listed["applications"][0]["proposedService"]["id"]
    before = await entities(graph)
    answer = await cycle_call(
        hub,
        tokens.regional_health_authority,
        "submitAnnualReport",
        {"service": service, "year": year, "submittedOn": f"{year}-12-01"},
    )
    assert answer.codes == ["SERVICE_NOT_APPROVED"]
    answer = await cycle_call(
        hub,
        tokens.directorate,
        "evaluateAnnualReports",
        {"year": year, "date": f"{year}-12-01", "deficient": [{"service": service}]},
    )
    assert answer.codes == ["NO_ANNUAL_REPORT"]
    assert await entities(graph) == before


async def test_a_repeated_submission_with_one_key_writes_once(
    hub, tokens, cycle_call, year: int
) -> None:
    given = {
        "roundYear": year,
        "submittedOn": f"{year}-01-05",
        "applications": [{"title": text("Én gang"), "proposedKind": "NATIONAL_TREATMENT_SERVICE"}],
    }
    key = f"cycle-{uuid.uuid4().hex}"
    first = await cycle_call(
        hub, tokens.regional_health_authority, "submitApplicationList", given, "list { id }",
        key=key,
    )  # fmt: skip
    again = await cycle_call(
        hub, tokens.regional_health_authority, "submitApplicationList", given, "list { id }",
        key=key,
    )  # fmt: skip
    assert again.ok("submitApplicationList") == {
        "replayed": True,
        "list": first.ok("submitApplicationList")["list"],
    }


async def test_coordinator_questions_on_the_seeded_graph(gql) -> None:
    state = (
        await gql(
            "{ roundState(year: 2012) { applications lateLists { id } "
            "missingAuthorities { id } stages { stage applications } } }"
        )
    ).ok()["roundState"]
    assert state["applications"] == 7
    # No source gives the 2012 round's deadline (15 January is known from 2018): none is late.
    assert state["lateLists"] == [] and state["missingAuthorities"] == []
    stages = {s["stage"]: s["applications"] for s in state["stages"]}
    # The spine and neck application's outcome comes from its service's later reports, not from
    # a decision: APPROVED, and it says how that was derived.
    assert stages == {
        "AWAITING_ASSESSMENT": 4,
        "AWAITING_DECISION": 0,
        "APPROVED": 1,
        "REJECTED": 2,
    }

    history = (
        await gql(
            '{ serviceHistory(service: "service:no-nbt-keratoproteser") '
            "{ kind date subject { id } } }"
        )
    ).ok()["serviceHistory"]
    assert [(e["kind"], e["date"], e["subject"]["id"]) for e in history] == [
        ("APPLIED", "2012-05-30", "application:2012-hmn-nbt-keratoproteser"),
        ("ASSESSED", "2012-11-02", "assessment:hdir-2012-11-02-keratoproteser"),
        # The decision is in an undated letter: no day, never the assessment's.
        ("DECIDED", None, "decision:hod-avslag-nbt-keratoproteser"),
    ]

    gaps = (await gql("{ referenceGroupGaps(year: 2026) { service { id } hasGroup } }")).ok()[
        "referenceGroupGaps"
    ]
    assert "service:no-sjeldne-diagnoser" in {g["service"]["id"] for g in gaps}
    assert all(not g["hasGroup"] for g in gaps if g["service"]["id"].startswith("service:no-"))


async def test_pending_applications_cost_a_fixed_number_of_round_trips(gql) -> None:
    query = (
        "{ pendingApplications { id late stage list { late } proposedService { id } "
        "assessments { id } } }"
    )
    answer = await gql(query)
    assert answer.ok()["pendingApplications"]
    assert answer.round_trips == 6
