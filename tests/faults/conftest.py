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

# The seeded secretariat of the Nordic programme: the one kind of body a coordinator token fits.
SECRETARIAT = "org:helsedirektoratet"
# In an unseeded graph (a hub started with --no-seed), the least that makes it a secretariat.
SECRETARIAT_AT_LEAST = """
MERGE (o:Entity:Organisation {id: $id})
ON CREATE SET o.name_nb = 'Helsedirektoratet', o.kind = 'DIRECTORATE', o.source = 'test',
    o.recordedAt = datetime()
WITH o
WHERE NOT EXISTS {
  (:CollaborationProject {area: 'PROGRAMME'})-[:INVOLVES {role: 'SECRETARIAT'}]->(o) }
CREATE (p:Entity:CollaborationProject {id: 'project:fault-test-programme'})
SET p.area = 'PROGRAMME', p.status = 'ACTIVE', p.title_en = 'Fault test programme',
    p.version = 1, p.illustrative = false, p.source = 'test', p.recordedAt = datetime()
CREATE (p)-[:INVOLVES {role: 'SECRETARIAT', source: 'test', recordedAt: datetime()}]->(o)
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


async def coordinator_token(graph: GraphClient) -> str:
    """A coordinator's bearer token for the programme secretariat (made when not seeded)."""
    await graph.write(SECRETARIAT_AT_LEAST, {"id": SECRETARIAT})
    value, _ = await issue(graph, SECRETARIAT, AccessRole.COORDINATOR, "fault test")
    return value


def error_code(body: dict[str, Any]) -> str:
    """The first error's code, or OK."""
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return str(errors[0].get("extensions", {}).get("code"))
    return "OK"
