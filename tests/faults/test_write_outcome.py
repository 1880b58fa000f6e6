"""Under 400 concurrent writes (one project, so they queue on its lock, on a driver pool and
timeouts far smaller than the load) every answer tells the truth about whether it was written,
and sending a request again (with the key its answer gave, or with none: the hub derives the same)
never writes twice.

Answers and what they promise: data (written once), ``WRITTEN_NOT_READ`` (written once),
``SERVICE_UNAVAILABLE`` and ``REQUEST_TIMEOUT`` (nothing written), ``WRITE_OUTCOME_UNKNOWN``
(either; the key settles it). The test checks each promise against the graph, then retries every
request that got no data until it does, and checks the ``replayed`` flag against what was there.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest

from graph.client import GraphClient
from nordhub.app import create_app
from nordhub.settings import Settings
from tests.faults.conftest import FaultScale, coordinator_token, error_code

pytestmark = pytest.mark.slow

CREATE_PROJECT = """
mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }
"""
ADD = """
mutation($input: AddLogEntryInput!, $key: String) {
  addLogEntry(input: $input, idempotencyKey: $key) { replayed idempotencyKey entry { id } }
}
"""
STORED = """
MATCH (:CollaborationProject {id: $project})-[:HAS_LOG_ENTRY]->(e:LogEntry)
RETURN {text: e.text_nb} AS row
"""
WRITTEN = {"OK", "WRITTEN_NOT_READ"}
NOT_WRITTEN = {"SERVICE_UNAVAILABLE", "REQUEST_TIMEOUT"}
EITHER = {"WRITE_OUTCOME_UNKNOWN"}


def _pressed(settings: Settings) -> Settings:
    """A hub with its own driver, small enough that 400 writes at once overwhelm it."""
    return dataclasses.replace(
        settings,
        neo4j=dataclasses.replace(
            settings.neo4j,
            max_pool_size=16,
            acquisition_timeout_s=2.0,
            max_retry_time_s=1.0,
            call_timeout_s=2.0,
            write_timeout_s=4.0,
        ),
        limits=dataclasses.replace(settings.limits, timeout_s=3.0),
        migrate_on_start=False,
    )


async def _send(hub: httpx.AsyncClient, token: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await hub.post(
        "/graphql",
        json={"query": ADD, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _known(code: str, stored: Counter[str], variables: dict[str, Any]) -> bool | None:
    """Whether the write is in the graph for good after an answer with ``code`` (None: its
    outcome was unknown, and it may still commit)."""
    if code in EITHER:
        return None
    return stored[variables["input"]["text"][0]["text"]] == 1


async def _stored(graph: GraphClient, project: str) -> Counter[str]:
    return Counter(row["text"] for row in await graph.read(STORED, {"project": project}))


async def test_every_answer_under_concurrent_writes_is_truthful(
    graph: GraphClient, settings: Settings, fault_scale: FaultScale
) -> None:
    token = await coordinator_token(graph)
    app = create_app(_pressed(settings))
    prefix = f"Skrivetest {uuid.uuid4().hex[:8]}"
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://hub", timeout=120
        ) as hub,
    ):
        created = await hub.post(
            "/graphql",
            json={
                "query": CREATE_PROJECT,
                "variables": {
                    "input": {
                        "title": [{"language": "nb", "text": prefix}],
                        "area": "QUALITY_REGISTRY",
                    }
                },
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        project = created.json()["data"]["createProject"]["project"]["id"]
        requests: list[dict[str, Any]] = []
        for i in range(fault_scale.writes):
            # Half the clients bring keys; the other half rely on the key the hub derives.
            key = f"client-{uuid.uuid4().hex}" if i % 2 == 0 else None
            requests.append(
                {
                    "key": key,
                    "input": {
                        "projectId": project,
                        "kind": "NOTE",
                        "language": "nb",
                        "text": [{"language": "nb", "text": f"{prefix} {i}"}],
                    },
                }
            )
        first = await asyncio.gather(*(_send(hub, token, r) for r in requests))
        stored = await _stored(graph, project)

        tally: Counter[str] = Counter()
        for variables, body in zip(requests, first, strict=True):
            code = error_code(body)
            tally[code] += 1
            text = variables["input"]["text"][0]["text"]
            if code in WRITTEN:
                assert stored[text] == 1, (code, text, stored[text])
            elif code in NOT_WRITTEN:
                assert stored[text] == 0, (code, text, "said not written, but was")
            else:
                assert code in EITHER, body
            if code not in {"OK", "REQUEST_TIMEOUT"}:
                # Every write error names the key a retry must send.
                key = body["errors"][0]["extensions"]["idempotencyKey"]
                assert key == variables["key"] or (
                    variables["key"] is None and key.startswith("auto-")
                )
        print(f"first answers to {len(requests)} concurrent writes: {dict(tally)}")

        # Send again whatever got no data, until it does: a replay exactly when it was written.
        # After an unknown outcome the write may still commit in the background: either answer
        # is then right, and the count below settles it.
        pending = [
            (variables, _known(error_code(body), stored, variables))
            for variables, body in zip(requests, first, strict=True)
            if error_code(body) != "OK"
        ]
        rounds = 0
        while pending:
            rounds += 1
            assert rounds <= 60, f"{len(pending)} writes never went through"
            again = await asyncio.gather(*(_send(hub, token, v) for v, _ in pending))
            now = await _stored(graph, project)
            left = []
            for (variables, was_written), body in zip(pending, again, strict=True):
                code = error_code(body)
                if code == "OK":
                    if was_written is not None:
                        assert body["data"]["addLogEntry"]["replayed"] is was_written
                    continue
                tally[f"retry {code}"] += 1
                left.append(
                    (variables, None if was_written is None else _known(code, now, variables))
                )
            pending = left
            await asyncio.sleep(0.5)

    final = await _stored(graph, project)
    duplicates = sum(n - 1 for n in final.values() if n > 1)
    assert duplicates == 0
    assert len(final) == len(requests), "every request ends written exactly once"
    print(f"after {rounds} retry rounds ({dict(tally)}): {len(final)} entries, 0 duplicates")
