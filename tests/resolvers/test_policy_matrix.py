"""Every mutation × every kind of caller: allowed or refused, and a refusal writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.vocabulary import Action
from resolvers.policy import POLICY

OUTSIDER_ORG = "org:karolinska-universitetssjukhuset"  # as in conftest.py

PROJECT_STATE = """
query($id: ID!) { collaborationProject(id: $id) { version status auditTrail { action } } }
"""

MUTATIONS: dict[Action, tuple[str, Callable[[str], dict[str, Any]]]] = {
    Action.CREATE_PROJECT: (
        """mutation($input: CreateProjectInput!) {
             createProject(input: $input) { project { id } } }""",
        lambda project_id: {},  # filled in by the test: a fresh valid input
    ),
    Action.UPDATE_PROJECT: (
        """mutation($input: UpdateProjectInput!) {
             updateProject(input: $input) { project { id } } }""",
        lambda project_id: {"id": project_id, "version": 1, "status": "COMPLETED"},
    ),
    Action.ADD_LOG_ENTRY: (
        """mutation($input: AddLogEntryInput!) {
             addLogEntry(input: $input) { entry { id } } }""",
        lambda project_id: {
            "projectId": project_id,
            "kind": "MEETING",
            "date": "2025-03-04",
            "language": "nb",
            "text": [{"language": "nb", "text": "Arbeidsmøte i Trondheim."}],
        },
    ),
    Action.ADD_PARTICIPANT: (
        """mutation($input: AddParticipantInput!) {
             addParticipant(input: $input) { project { id } } }""",
        lambda project_id: {
            "projectId": project_id,
            "version": 1,
            "participant": {"party": "country:FI", "role": "PARTNER"},
        },
    ),
    Action.REMOVE_PARTICIPANT: (
        """mutation($input: RemoveParticipantInput!) {
             removeParticipant(input: $input) { project { id } } }""",
        lambda project_id: {"projectId": project_id, "version": 1, "party": "country:IS"},
    ),
    Action.CLOSE_PROJECT: (
        """mutation($input: CloseProjectInput!) {
             closeProject(input: $input) { project { id } } }""",
        lambda project_id: {
            "id": project_id,
            "version": 1,
            "outcome": [{"language": "sv", "text": "Registret är i drift."}],
        },
    ),
}

CALLERS = ("anonymous", "reader", "outsider", "participant", "coordinator", "revoked")

# What each caller gets: None = allowed, else the error code.
EXPECTED: dict[str, dict[Action, str | None]] = {
    "anonymous": dict.fromkeys(MUTATIONS, "UNAUTHENTICATED"),
    "reader": dict.fromkeys(MUTATIONS, "FORBIDDEN"),
    "outsider": dict.fromkeys(MUTATIONS, "FORBIDDEN"),
    "participant": {**dict.fromkeys(MUTATIONS, None), Action.CREATE_PROJECT: "FORBIDDEN"},
    "coordinator": dict.fromkeys(MUTATIONS, None),
    "revoked": dict.fromkeys(MUTATIONS, "TOKEN_REVOKED"),
}


# The project actions; the yearly cycle's have their own matrix (tests/resolvers/cycle).
PROJECT_ACTIONS = list(MUTATIONS)


def test_every_action_has_one_rule() -> None:
    assert set(POLICY) == set(Action)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("action", PROJECT_ACTIONS, ids=lambda a: a.value)
async def test_matrix(
    gql, partners, new_project, project_input, action: Action, caller: str
) -> None:
    if caller == "outsider":
        # The outsider is a partner in a project of its own, just not in this one.
        await new_project(participants=[{"party": OUTSIDER_ORG, "role": "LEAD"}])
    project_id = await new_project()
    mutation, build = MUTATIONS[action]
    variables = {"input": project_input() if action is Action.CREATE_PROJECT else build(project_id)}
    response = await gql(mutation, variables, headers=partners.headers(caller))

    expected = EXPECTED[caller][action]
    state = (await gql(PROJECT_STATE, {"id": project_id})).ok()["collaborationProject"]
    if expected is None:
        assert response.ok()
        if action is not Action.CREATE_PROJECT:
            assert [e["action"] for e in state["auditTrail"]] == ["CREATE_PROJECT", action.value]
    else:
        assert response.codes == [expected]
        assert response.data is None
        # Refused: the project is as it was created, with nothing but its own audit entry.
        assert state["version"] == 1
        assert state["status"] == "ACTIVE"
        assert [e["action"] for e in state["auditTrail"]] == ["CREATE_PROJECT"]
