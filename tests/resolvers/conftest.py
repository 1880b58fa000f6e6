"""Partner tokens for the project-mutation tests: one per kind of caller, issued once per session
to seeded organisations (tokens are not domain nodes, so no seeded count changes)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from graph.client import GraphClient
from graph.repositories.tokens import TokenRepository
from graph.vocabulary import AccessRole
from nordhub.token_cli import issue

COORDINATOR_ORG = "org:helsedirektoratet"
PARTICIPANT_ORG = "org:st-olavs-hospital"
OUTSIDER_ORG = "org:karolinska-universitetssjukhuset"
READER_ORG = "org:socialstyrelsen"

CREATE_PROJECT = """
mutation($input: CreateProjectInput!, $key: String) {
  createProject(input: $input, idempotencyKey: $key) {
    replayed
    project { id version title status }
  }
}
"""


@dataclass(frozen=True)
class Partners:
    """Bearer tokens by kind of caller; ``headers(kind)`` is what a request sends."""

    tokens: dict[str, str | None]

    def headers(self, kind: str) -> dict[str, str]:
        token = self.tokens[kind]
        return {} if token is None else {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
async def partners(graph: GraphClient) -> Partners:
    made: dict[str, str | None] = {"anonymous": None}
    for kind, org, role in (
        ("reader", READER_ORG, AccessRole.READER),
        ("outsider", OUTSIDER_ORG, AccessRole.PARTNER),
        ("participant", PARTICIPANT_ORG, AccessRole.PARTNER),
        ("coordinator", COORDINATOR_ORG, AccessRole.COORDINATOR),
        ("revoked", COORDINATOR_ORG, AccessRole.COORDINATOR),
    ):
        value, stored = await issue(graph, org, role, f"tests: {kind}")
        made[kind] = value
        if kind == "revoked":
            await TokenRepository(graph).revoke(stored.id)
    return Partners(made)


def make_project_input(**overrides: Any) -> dict[str, Any]:
    """A valid createProject input with a unique title; the participant org takes part."""
    suffix = uuid.uuid4().hex[:8]
    base: dict[str, Any] = {
        "title": [
            {"language": "nb", "text": f"Nordisk testprosjekt {suffix}"},
            {"language": "sv", "text": f"Nordiskt testprojekt {suffix}"},
        ],
        "summary": [{"language": "nb", "text": "Et prosjekt laget av testene."}],
        "area": "QUALITY_REGISTRY",
        "status": "ACTIVE",
        "periodStart": "2024-01-01",
        "periodEnd": "2026-12-31",
        "participants": [
            {"party": PARTICIPANT_ORG, "role": "LEAD"},
            {"party": "country:IS", "role": "PARTNER"},
        ],
        "concerns": ["registry:nordicscir", "condition:spinal-cord-injury"],
    }
    base.update(overrides)
    return base


@pytest.fixture
def new_project(gql: Any, partners: Partners) -> Any:
    """Create a project as the coordinator; returns its id."""

    async def create(**overrides: Any) -> str:
        response = await gql(
            CREATE_PROJECT,
            {"input": make_project_input(**overrides)},
            headers=partners.headers("coordinator"),
        )
        project_id: str = response.ok()["createProject"]["project"]["id"]
        return project_id

    return create


@pytest.fixture
def project_input() -> Any:
    """``project_input(**overrides)``: a valid createProject input with a unique title."""
    return make_project_input
