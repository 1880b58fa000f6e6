"""Cypher injection through every string argument of every mutation: each payload is either
refused with a stable, non-internal code or stored exactly as sent, as plain text, and nothing
else happens.

The string arguments are found in the schema (inputs walked to their leaves, for every field of
the mutation type), so a new mutation or argument without a baseline value here makes the test
fail rather than go untested. Each case starts from a valid baseline, sent by the caller whose
role takes that step (a project coordinator, a regional health authority, the Directorate of
Health, the ministry or a partner), on fresh entities made for the case: a project, a list of
the yearly cycle (carried as far as the step needs: assessed, decided, reported), a pushed
designation or a test registry.

The project mutations get all payloads at every argument; the others get two per argument,
picked deterministically (rotating through the payloads argument by argument), which keeps the
run under 300 cases.

Everything a case writes is removed after it (every node and relationship that was not there
before the test), so the seeded database other tests count stays as it was, and every case can
reuse the same unused round year.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)

from graph.client import GraphClient
from graph.vocabulary import AccessRole
from nordhub.schema import schema
from nordhub.token_cli import issue
from schema.errors import ErrorCode
from tests.resolvers.cycle.conftest import mutation, unused_year
from tests.resolvers.cycle.parties import HDIR, HMN, HN, HOD

COORDINATOR_ORG = "org:helsedirektoratet"
PARTNER_ORG = "org:st-olavs-hospital"
DOCUMENT = "document:hod-letter-helse-midt-norge-2012"
S45 = "legal:forskrift-1706-2010-4-5"
PAYLOADS = [
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "'}) CREATE (:Injected {by: 'payload'}) WITH 1 AS x MATCH (n) RETURN n //",
    "$props} RETURN 1 UNION MATCH (n) SET n.pwned = true //",
    "`) CALL dbms.components() YIELD name RETURN name //",
]
SAMPLED = 2
# Refusals of the caller are left out too: they would mean the baseline's caller is wrong, and a
# case that refuses everyone would pass without trying the payload.
REFUSALS = {c.value for c in ErrorCode} - {
    "INTERNAL_SERVER_ERROR",
    "SERVICE_UNAVAILABLE",
    "WRITE_OUTCOME_UNKNOWN",
    "WRITTEN_NOT_READ",
    "UNAUTHENTICATED",
    "TOKEN_INVALID",
    "TOKEN_REVOKED",
    "FORBIDDEN",
}

CREATE = """
mutation($input: CreateProjectInput!, $idempotencyKey: String) {
  createProject(input: $input, idempotencyKey: $idempotencyKey) { project { id version } }
}
"""
PROJECT_MUTATIONS: dict[str, str] = {
    "createProject": CREATE,
    "updateProject": """mutation($input: UpdateProjectInput!, $idempotencyKey: String) {
        updateProject(input: $input, idempotencyKey: $idempotencyKey) { project { id } } }""",
    "addLogEntry": """mutation($input: AddLogEntryInput!, $idempotencyKey: String) {
        addLogEntry(input: $input, idempotencyKey: $idempotencyKey) { entry { id } } }""",
    "addParticipant": """mutation($input: AddParticipantInput!, $idempotencyKey: String) {
        addParticipant(input: $input, idempotencyKey: $idempotencyKey) { project { id } } }""",
    "removeParticipant": """mutation($input: RemoveParticipantInput!, $idempotencyKey: String) {
        removeParticipant(input: $input, idempotencyKey: $idempotencyKey) { project { id } } }""",
    "closeProject": """mutation($input: CloseProjectInput!, $idempotencyKey: String) {
        closeProject(input: $input, idempotencyKey: $idempotencyKey) { project { id } } }""",
    "reopenProject": """mutation($input: ReopenProjectInput!, $idempotencyKey: String) {
        reopenProject(input: $input, idempotencyKey: $idempotencyKey) { project { id } } }""",
}
# Which caller takes each step of the cycle (and pushes for its country).
CALLERS: dict[str, str] = {
    **dict.fromkeys(PROJECT_MUTATIONS, "coordinator"),
    "submitApplicationList": "authority",
    "assessApplications": "directorate",
    "decideApplications": "ministry",
    "submitAnnualReport": "authority",
    "evaluateAnnualReports": "directorate",
    "recordFiveYearReview": "directorate",
    "setReferenceGroup": "authority",
    "adoptDisseminationPlan": "authority",
    "upsertDesignation": "partner",
    "upsertRegistryParticipation": "partner",
    "validateRegistryFeed": "partner",
}
PARTNER_MUTATIONS = {
    "upsertDesignation": """mutation($input: DesignationInput!, $idempotencyKey: String) {
        upsertDesignation(input: $input, idempotencyKey: $idempotencyKey) { replayed } }""",
    "upsertRegistryParticipation": """
        mutation($input: RegistryParticipationInput!, $idempotencyKey: String) {
        upsertRegistryParticipation(input: $input, idempotencyKey: $idempotencyKey)
        { replayed } }""",
    "validateRegistryFeed": """mutation($input: RegistryFeedInput!) {
        validateRegistryFeed(input: $input) { written } }""",
}
# Mutations that check and write nothing: accepted, they must leave the graph as it was.
DRY_RUNS = frozenset({"validateRegistryFeed"})
MUTATIONS: dict[str, str] = {
    **PROJECT_MUTATIONS,
    **{
        name: mutation(name, "").replace("$key", "$idempotencyKey")
        for name in CALLERS
        if name not in PROJECT_MUTATIONS and name not in PARTNER_MUTATIONS
    },
    **PARTNER_MUTATIONS,
}

STORED = """
CALL () {
  MATCH (n)
  WHERE any(k IN keys(n) WHERE n[k] = $text
            OR (valueType(n[k]) STARTS WITH 'LIST<STRING' AND $text IN n[k]))
  RETURN count(n) AS found
  UNION ALL
  MATCH ()-[r]->()
  WHERE any(k IN keys(r) WHERE r[k] = $text
            OR (valueType(r[k]) STARTS WITH 'LIST<STRING' AND $text IN r[k]))
  RETURN count(r) AS found
}
RETURN {count: sum(found)} AS row
"""
SIDE_EFFECTS = """
OPTIONAL MATCH (i:Injected) WITH count(i) AS injected
OPTIONAL MATCH (p) WHERE p.pwned IS NOT NULL WITH injected, count(p) AS pwned
OPTIONAL MATCH (c:Country) WITH injected, pwned, count(c) AS countries
RETURN {injected: injected, pwned: pwned, countries: countries} AS row
"""
# What was there before the test; whatever a case writes beyond it goes again after the case,
# so that no other test (or page) sees payload titles, extra lists, services or registries.
SNAPSHOT = """
CALL () { MATCH (n) RETURN collect(elementId(n)) AS nodes }
CALL () { MATCH ()-[r]->() RETURN collect(elementId(r)) AS relationships }
RETURN {nodes: nodes, relationships: relationships} AS row
"""
CLEAN_RELATIONSHIPS = """
MATCH ()-[r]->() WHERE NOT elementId(r) IN $relationships DELETE r
"""
CLEAN_NODES = "MATCH (n) WHERE NOT elementId(n) IN $nodes DETACH DELETE n"
# Held by the partner that states its participation (a registry's holder states it).
REGISTRY = """
MATCH (o:Organisation {id: $holder})
CREATE (q:Entity:QualityRegistry {id: $id, name_en: 'Injection test registry', scope: 'NORDIC',
                                  source: 'tests', recordedBy: 'tests'})-[:HELD_BY]->(o)
"""


def _texts(language: str, text: str) -> list[dict[str, str]]:
    return [{"language": language, "text": text}]


def new_project_input(key: str) -> dict[str, Any]:
    return {
        "title": _texts("nb", f"Injeksjonsprøve {key}"),
        "summary": _texts("nb", "Et prosjekt for injeksjonsprøver."),
        "area": "QUALITY_REGISTRY",
        "participants": [{"party": "country:IS", "role": "PARTNER"}],
        "concerns": ["registry:nordicscir"],
        "partOf": None,
        "source": "https://www.norden.org/",
    }


def _target() -> dict[str, Any]:
    return {
        "description": _texts("nb", "Flere kurs"),
        "measure": "Antall kurs per år",
        "unit": "kurs",
        "targetValue": 4,
    }


def application(**extra: Any) -> dict[str, Any]:
    """A competence service application that can be approved: targets and a plan."""
    return {
        "title": _texts("nb", f"Injeksjonsprøve {uuid.uuid4().hex[:8]}"),
        "proposedKind": "NATIONAL_COMPETENCE_SERVICE",
        "resultTargets": [_target()],
        "disseminationPlan": _texts("nb", "Årlige kurs i alle helseregioner"),
        **extra,
    }


@dataclass(frozen=True)
class State:
    """The ids a case's baseline refers to, made fresh for the case."""

    year: int
    project: str = "project:x"
    version: int = 1
    application: str = "application:x"
    service: str = "service:x"
    registry: str = "registry:x"


def baseline(name: str, state: State) -> dict[str, Any]:
    """Valid variables with a value at every string argument of mutation ``name``."""
    key = f"inj-{uuid.uuid4().hex}"
    project, version, year = state.project, state.version, state.year
    inputs: dict[str, dict[str, Any]] = {
        "createProject": {**new_project_input(key), "partOf": project},
        "updateProject": {
            "id": project,
            "version": version,
            "title": _texts("sv", "Injektionsprov"),
            "summary": _texts("sv", "Ett projekt för injektionsprov."),
            "concerns": ["registry:nordicscir"],
        },
        "addLogEntry": {
            "projectId": project,
            "kind": "NOTE",
            "text": _texts("da", "Møde om injektionsprøver."),
            "language": "da",
            "document": DOCUMENT,
            "source": "https://www.norden.org/",
        },
        "addParticipant": {
            "projectId": project,
            "version": version,
            "participant": {"party": "country:FI", "role": "PARTNER"},
        },
        "removeParticipant": {"projectId": project, "version": version, "party": "country:IS"},
        "closeProject": {"id": project, "version": version, "outcome": _texts("fi", "Valmis.")},
        "reopenProject": {"id": project, "version": version},
        "submitApplicationList": {
            "roundYear": year,
            "submittedOn": f"{year}-01-10",
            "document": DOCUMENT,
            "applications": [application(applicant=PARTNER_ORG, proposedService=state.service)],
        },
        "assessApplications": {
            "applications": [state.application],
            "recommendation": "APPROVE",
            "date": f"{year}-02-01",
            "summary": _texts("nb", "Oppfyller vilkårene."),
            "document": DOCUMENT,
        },
        "decideApplications": {
            "applications": [state.application],
            "outcome": "APPROVED",
            "date": f"{year}-03-01",
            "reason": _texts("nb", "Godkjent."),
            "legalBasis": S45,
            "deadlineFor": HMN,
            "document": DOCUMENT,
            "recommends": [project],
        },
        "submitAnnualReport": {
            "service": state.service,
            "year": year + 1,
            "submittedOn": f"{year + 2}-01-31",
            "summary": _texts("nb", "Årsrapport"),
            "results": [{**_target(), "measuredValue": 3}],
        },
        "evaluateAnnualReports": {
            "year": year + 1,
            "date": f"{year + 2}-04-01",
            "summary": _texts("nb", "Noen rapporterer mangelfullt."),
            "deficient": [{"service": state.service, "remark": _texts("nb", "Mangler mål.")}],
        },
        "recordFiveYearReview": {
            "year": year + 5,
            "date": f"{year + 5}-10-01",
            "summary": _texts("nb", "Femårsgjennomgang."),
            "findings": [
                {
                    "service": state.service,
                    "recommendation": "CONTINUE_WITH_CHANGES",
                    "remark": _texts("nb", "Må rapportere årlig."),
                }
            ],
        },
        "setReferenceGroup": {
            "service": state.service,
            "members": [
                {"name": "Representant", "kind": "REGIONAL_HEALTH_AUTHORITY", "organisation": HMN}
            ],
        },
        "adoptDisseminationPlan": {
            "service": state.service,
            "summary": _texts("nb", "Kurs i alle helseregioner."),
            "adoptedOn": f"{year}-05-01",
        },
        "upsertDesignation": {
            "ref": f"inj-{uuid.uuid4().hex[:12]}",
            "country": "NO",
            "kind": "NATIONAL_TREATMENT_SERVICE",
            "status": "APPROVED",
            "name": _texts("nb", "Nasjonal behandlingstjeneste for injeksjonsprøver"),
            "description": _texts("en", "A designation pushed by the injection test."),
            "validFrom": "2025-01-01",
            "decisionRef": "https://www.regjeringen.no/",
            "hostedBy": [PARTNER_ORG],
            "sites": [
                {
                    "location": "location:st-olavs-hospital-trondheim",
                    "decisionRef": DOCUMENT,
                }
            ],
            "treats": ["condition:spinal-cord-injury"],
            "source": "https://www.helsedirektoratet.no/",
        },
        "upsertRegistryParticipation": {
            "registry": state.registry,
            "country": "NO",
            "reporting": [{"organisation": PARTNER_ORG, "years": [2024]}],
            "source": "https://www.helsedirektoratet.no/",
        },
        "validateRegistryFeed": {
            "registry": state.registry,
            "country": "NO",
            "content": '{"coverage": [{"year": 2024, "country": "NO", "percent": 90}]}',
            "delimiter": None,
            "source": None,
        },
    }
    variables: dict[str, Any] = {"input": inputs[name]}
    if "idempotencyKey" in MUTATIONS[name]:
        variables["idempotencyKey"] = key
    return variables


def _string_paths(type_: GraphQLInputType, path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    if isinstance(type_, GraphQLNonNull):
        yield from _string_paths(type_.of_type, path)
    elif isinstance(type_, GraphQLList):
        yield from _string_paths(type_.of_type, (*path, 0))
    elif isinstance(type_, GraphQLInputObjectType):
        for name, field in type_.fields.items():
            yield from _string_paths(field.type, (*path, name))
    elif isinstance(type_, GraphQLScalarType) and type_.name in {"String", "ID"}:
        yield path


def string_arguments() -> list[tuple[str, tuple[Any, ...]]]:
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    return [
        (name, path)
        for name, field in mutation_type.fields.items()
        for argument, arg in field.args.items()
        for path in _string_paths(arg.type, (argument,))
    ]


def cases() -> list[tuple[str, tuple[Any, ...], str]]:
    """(mutation, path, payload): every payload for project mutations, two for the others."""
    found: list[tuple[str, tuple[Any, ...], str]] = []
    seen: dict[str, int] = {}
    for name, path in string_arguments():
        index = seen[name] = seen.get(name, -1) + 1
        if name in PROJECT_MUTATIONS:
            chosen = PAYLOADS
        else:
            chosen = [PAYLOADS[(SAMPLED * index + i) % len(PAYLOADS)] for i in range(SAMPLED)]
        found.extend((name, path, payload) for payload in chosen)
    return found


def _set(variables: dict[str, Any], path: tuple[Any, ...], value: str) -> None:
    target: Any = variables
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def _has(variables: dict[str, Any], path: tuple[Any, ...]) -> bool:
    target: Any = variables
    for step in path:
        try:
            target = target[step]
        except (KeyError, IndexError, TypeError):
            return False
    return True


@pytest.fixture(scope="module")
async def callers(graph: GraphClient) -> dict[str, dict[str, str]]:
    made: dict[str, dict[str, str]] = {}
    for kind, org, role in (
        ("coordinator", COORDINATOR_ORG, AccessRole.COORDINATOR),
        ("authority", HMN, AccessRole.REGIONAL_HEALTH_AUTHORITY),
        ("other_authority", HN, AccessRole.REGIONAL_HEALTH_AUTHORITY),
        ("directorate", HDIR, AccessRole.DIRECTORATE),
        ("ministry", HOD, AccessRole.MINISTRY),
        ("partner", PARTNER_ORG, AccessRole.PARTNER),
    ):
        token, _ = await issue(graph, org, role, f"tests: injection {kind}")
        made[kind] = {"Authorization": f"Bearer {token}"}
    return made


def test_every_mutation_string_argument_has_a_baseline() -> None:
    found = string_arguments()
    names = {name for name, _ in found}
    assert names == set(MUTATIONS) == set(CALLERS), "a mutation without a baseline or caller"
    for name, path in found:
        assert _has(baseline(name, State(year=2000)), path), f"{name}: no baseline at {path}"
    assert len(cases()) < 400


class Cases:
    """Prepares each case's fresh state through the API, as the bodies of the cycle would."""

    def __init__(self, gql: Any, graph: GraphClient, callers: dict[str, dict[str, str]]) -> None:
        self.gql, self.graph, self.callers = gql, graph, callers

    async def ok(self, name: str, caller: str, input: dict[str, Any], selection: str) -> Any:
        query = mutation(name, selection)
        answer = await self.gql(query, {"input": input}, headers=self.callers[caller])
        return answer.ok()[name]

    async def listed(self, year: int, caller: str = "authority") -> tuple[str, str]:
        listed = await self.ok(
            "submitApplicationList",
            caller,
            {"roundYear": year, "submittedOn": f"{year}-01-10", "applications": [application()]},
            "list { applications { id proposedService { id } } }",
        )
        found = listed["list"]["applications"][0]
        return found["id"], found["proposedService"]["id"]

    async def state(self, name: str, year: int) -> State:
        """The fresh entities the baseline of ``name`` needs, carried as far as the step."""
        if name in PROJECT_MUTATIONS or name == "decideApplications":
            created = await self.gql(
                CREATE,
                {"input": new_project_input(uuid.uuid4().hex), "idempotencyKey": None},
                headers=self.callers["coordinator"],
            )
            project = created.ok()["createProject"]["project"]
            if name == "reopenProject":
                closed = baseline("closeProject", State(year, project=project["id"]))
                answer = await self.gql(
                    PROJECT_MUTATIONS["closeProject"], closed, headers=self.callers["coordinator"]
                )
                answer.ok()
                return State(year, project=project["id"], version=project["version"] + 1)
            if name in PROJECT_MUTATIONS:
                return State(year, project=project["id"], version=project["version"])
        else:
            project = {"id": "project:x"}
        if name in {"upsertRegistryParticipation", "validateRegistryFeed"}:
            registry = f"registry:inj-{uuid.uuid4().hex[:12]}"
            await self.graph.write(REGISTRY, {"id": registry, "holder": PARTNER_ORG})
            return State(year, registry=registry)
        if name == "upsertDesignation":
            return State(year)
        if name == "submitApplicationList":
            # Proposes again a service another authority proposed this round.
            return State(year, service=(await self.listed(year, "other_authority"))[1])
        app, service = await self.listed(year)
        state = State(year, project=project["id"], application=app, service=service)
        if name in {"assessApplications", "setReferenceGroup", "adoptDisseminationPlan"}:
            return state
        assessed = baseline("assessApplications", state)["input"]
        await self.ok("assessApplications", "directorate", assessed, "")
        if name == "decideApplications":
            return state
        decided = {**baseline("decideApplications", state)["input"], "recommends": []}
        await self.ok("decideApplications", "ministry", decided, "")
        if name in {"submitAnnualReport", "recordFiveYearReview"}:
            return state
        reported = baseline("submitAnnualReport", state)["input"]
        await self.ok("submitAnnualReport", "authority", reported, "")
        return state


async def test_cypher_injection_is_refused_or_stored_as_plain_text(
    gql: Any, graph: GraphClient, callers: dict[str, dict[str, str]]
) -> None:
    before = (await graph.read(SIDE_EFFECTS))[0]
    snapshot = (await graph.read(SNAPSHOT))[0]
    year = await unused_year(graph)
    prepare = Cases(gql, graph, callers)
    outcomes = {"refused": 0, "stored": 0, "checked": 0}
    for name, path, payload in cases():
        text = f"{payload} {uuid.uuid4().hex[:6]}"
        try:
            state = await prepare.state(name, year)
            prepared = (await graph.read(SNAPSHOT))[0] if name in DRY_RUNS else None
            variables = copy.deepcopy(baseline(name, state))
            _set(variables, path, text)
            response = await gql(MUTATIONS[name], variables, headers=callers[CALLERS[name]])
            assert response.http.status_code == 200
            if response.errors:
                assert set(response.codes) <= REFUSALS, (name, path, response.errors)
                outcomes["refused"] += 1
                continue
            if name in DRY_RUNS:
                assert (await graph.read(SNAPSHOT))[0] == prepared, f"{name}: a check wrote"
                outcomes["checked"] += 1
                continue
            stored = (await graph.read(STORED, {"text": text}))[0]["count"]
            assert stored >= 1, f"{name} {path}: accepted but not stored as sent: {text!r}"
            outcomes["stored"] += 1
        finally:
            await graph.write(CLEAN_RELATIONSHIPS, snapshot)
            await graph.write(CLEAN_NODES, snapshot)
    after = (await graph.read(SIDE_EFFECTS))[0]
    assert after == before == {"injected": 0, "pwned": 0, "countries": 8}
    assert outcomes["refused"] and outcomes["stored"], outcomes
    assert sum(outcomes.values()) == len(cases())
