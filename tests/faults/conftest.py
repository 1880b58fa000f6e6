"""The fault suite: a Neo4j killed under load, writes under pressure, forged and failing restores,
a partner restarted mid-sync. ``make test`` runs the short version; ``NORDHUB_FAULTS=long`` runs
each with more load and more faults (see docs/operations.md, "Fault tests")."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

from graph.client import GraphClient
from graph.vocabulary import AccessRole
from nordhub.token_cli import issue

COORDINATOR_ORG = """
MERGE (o:Entity:Organisation {id: $id})
SET o.name_en = 'Fault test coordinator', o.kind = 'AUTHORITY', o.source = 'test',
    o.recordedAt = datetime()
"""


@dataclass(frozen=True, slots=True)
class FaultScale:
    writes: int  # writes in flight around each fault
    clients: int
    kills: int  # how many times the local Neo4j is killed in one run


SHORT = FaultScale(writes=400, clients=16, kills=1)
LONG = FaultScale(writes=2000, clients=40, kills=3)


@pytest.fixture(scope="session")
def fault_scale() -> FaultScale:
    return LONG if os.environ.get("NORDHUB_FAULTS", "").lower() == "long" else SHORT


async def coordinator_token(graph: GraphClient, organisation: str) -> str:
    """A coordinator's bearer token for ``organisation`` (created if missing)."""
    await graph.write(COORDINATOR_ORG, {"id": organisation})
    value, _ = await issue(graph, organisation, AccessRole.COORDINATOR, "fault test")
    return value


def error_code(body: dict[str, Any]) -> str:
    """The first error's code, or OK."""
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return str(errors[0].get("extensions", {}).get("code"))
    return "OK"
