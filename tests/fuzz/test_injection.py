"""Cypher injection through every string argument of the project mutations: each payload is
either refused with a stable code or stored exactly as sent, as plain text, and nothing else
happens.

The string arguments are found in the schema (inputs walked to their leaves), so a new one
without a baseline value here makes the test fail rather than go untested. The governance-cycle
mutations (issue 5) are not covered here yet: they need baselines of their own.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
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
from nordhub.token_cli import issue
from resolvers.errors import ErrorCode
from schema.root import schema

COORDINATOR_ORG = "org:helsedirektoratet"
PAYLOADS = [
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "'}) CREATE (:Injected {by: 'payload'}) WITH 1 AS x MATCH (n) RETURN n //",
    "$props} RETURN 1 UNION MATCH (n) SET n.pwned = true //",
    "`) CALL dbms.components() YIELD name RETURN name //",
]
REFUSALS = {c.value for c in ErrorCode} - {"INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"}

CREATE = """
mutation($input: CreateProjectInput!, $idempotencyKey: String) {
  createProject(input: $input, idempotencyKey: $idempotencyKey) { project { id version } }
}
"""
MUTATIONS: dict[str, str] = {
    "createProject": CREATE,
    "updateProject": """mutation($input: UpdateProjectInput!) {
        updateProject(input: $input) { project { id } } }""",
    "addLogEntry": """mutation($input: AddLogEntryInput!, $idempotencyKey: String) {
        addLogEntry(input: $input, idempotencyKey: $idempotencyKey) { entry { id } } }""",
    "addParticipant": """mutation($input: AddParticipantInput!) {
        addParticipant(input: $input) { project { id } } }""",
    "removeParticipant": """mutation($input: RemoveParticipantInput!) {
        removeParticipant(input: $input) { project { id } } }""",
    "closeProject": """mutation($input: CloseProjectInput!) {
        closeProject(input: $input) { project { id } } }""",
}

STORED = """
MATCH (n)
WHERE any(k IN keys(n) WHERE n[k] = $text
          OR (valueType(n[k]) STARTS WITH 'LIST<STRING' AND $text IN n[k]))
RETURN {count: count(n)} AS row
"""
# What the test wrote goes again, so that no other test (or page) sees payload titles.
CLEAN = """
MATCH (p:CollaborationProject) WHERE p.id IN $ids
OPTIONAL MATCH (p)-[:HAS_LOG_ENTRY]->(e:LogEntry)
DETACH DELETE e, p
"""
SIDE_EFFECTS = """
OPTIONAL MATCH (i:Injected) WITH count(i) AS injected
OPTIONAL MATCH (p) WHERE p.pwned IS NOT NULL WITH injected, count(p) AS pwned
OPTIONAL MATCH (c:Country) WITH injected, pwned, count(c) AS countries
RETURN {injected: injected, pwned: pwned, countries: countries} AS row
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


def baseline(mutation: str, project: str, version: int) -> dict[str, Any]:
    """Valid variables with a value at every string argument of ``mutation``."""
    key = f"inj-{uuid.uuid4().hex}"
    baselines: dict[str, dict[str, Any]] = {
        "createProject": {
            "input": {**new_project_input(key), "partOf": project},
            "idempotencyKey": key,
        },
        "updateProject": {
            "input": {
                "id": project,
                "version": version,
                "title": _texts("sv", "Injektionsprov"),
                "summary": _texts("sv", "Ett projekt för injektionsprov."),
                "concerns": ["registry:nordicscir"],
            }
        },
        "addLogEntry": {
            "input": {
                "projectId": project,
                "kind": "NOTE",
                "text": _texts("da", "Møde om injektionsprøver."),
                "language": "da",
                "document": "document:hod-letter-helse-midt-norge-2012",
                "source": "https://www.norden.org/",
            },
            "idempotencyKey": key,
        },
        "addParticipant": {
            "input": {
                "projectId": project,
                "version": version,
                "participant": {"party": "country:FI", "role": "PARTNER"},
            }
        },
        "removeParticipant": {
            "input": {"projectId": project, "version": version, "party": "country:IS"}
        },
        "closeProject": {
            "input": {"id": project, "version": version, "outcome": _texts("fi", "Valmis.")}
        },
    }
    return baselines[mutation]


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
        if name in MUTATIONS
        for argument, arg in field.args.items()
        for path in _string_paths(arg.type, (argument,))
    ]


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
async def coordinator(graph: GraphClient) -> dict[str, str]:
    token, _ = await issue(graph, COORDINATOR_ORG, AccessRole.COORDINATOR, "tests: injection")
    return {"Authorization": f"Bearer {token}"}


def test_every_mutation_string_argument_has_a_baseline() -> None:
    found = string_arguments()
    assert {name for name, _ in found} == set(MUTATIONS), "a project mutation was renamed"
    for name, path in found:
        assert _has(baseline(name, "project:x", 1), path), f"{name}: no baseline at {path}"


async def test_cypher_injection_is_refused_or_stored_as_plain_text(
    gql, graph: GraphClient, coordinator: dict[str, str]
) -> None:
    before = (await graph.read(SIDE_EFFECTS))[0]
    outcomes = {"refused": 0, "stored": 0}
    created_ids: list[str] = []
    try:
        await _inject_everywhere(gql, graph, coordinator, outcomes, created_ids)
    finally:
        await graph.write(CLEAN, {"ids": created_ids})
    after = (await graph.read(SIDE_EFFECTS))[0]
    assert after == before == {"injected": 0, "pwned": 0, "countries": 8}
    assert outcomes["refused"] and outcomes["stored"], outcomes


async def _inject_everywhere(
    gql: Any,
    graph: GraphClient,
    coordinator: dict[str, str],
    outcomes: dict[str, int],
    created_ids: list[str],
) -> None:
    for name, path in string_arguments():
        for payload in PAYLOADS:
            text = f"{payload} {uuid.uuid4().hex[:6]}"
            created = await gql(
                CREATE,
                {"input": new_project_input(uuid.uuid4().hex), "idempotencyKey": None},
                headers=coordinator,
            )
            project = created.ok()["createProject"]["project"]
            created_ids.append(project["id"])
            variables = copy.deepcopy(baseline(name, project["id"], project["version"]))
            _set(variables, path, text)
            response = await gql(MUTATIONS[name], variables, headers=coordinator)
            assert response.http.status_code == 200
            if response.errors:
                assert set(response.codes) <= REFUSALS, (name, path, response.errors)
                outcomes["refused"] += 1
                continue
            if name == "createProject":
                created_ids.append(response.data["createProject"]["project"]["id"])
            stored = (await graph.read(STORED, {"text": text}))[0]["count"]
            assert stored >= 1, f"{name} {path}: accepted but not stored as sent: {text!r}"
            outcomes["stored"] += 1
