"""Tokens for the bodies of the yearly cycle and a helper to call its mutations.

Tokens are issued once per session to seeded organisations (tokens are not domain nodes, so no
seeded count changes). Each test that writes picks a round year nobody has used yet.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from graph import cycle
from graph.client import GraphClient
from graph.repositories.tokens import TokenRepository
from graph.vocabulary import AccessRole
from nordhub.token_cli import issue
from tests.resolvers.cycle.parties import HDIR, HMN, HN, HOD


@dataclass(frozen=True)
class Tokens:
    """Bearer tokens: Helse Midt-Norge and Helse Nord (regional health authorities),
    Helsedirektoratet (directorate), HOD (ministry), a project partner and a project coordinator
    (no cycle role), and a revoked regional health authority token."""

    regional_health_authority: str
    other_authority: str
    directorate: str
    ministry: str
    partner: str
    coordinator: str
    revoked: str


async def issue_tokens(graph: GraphClient) -> Tokens:
    async def one(org: str, role: AccessRole) -> str:
        value, _ = await issue(graph, org, role, f"tests: cycle {role.value}")
        return value

    revoked, stored = await issue(graph, HMN, AccessRole.REGIONAL_HEALTH_AUTHORITY, "revoked")
    await TokenRepository(graph).revoke(stored.id)

    return Tokens(
        regional_health_authority=await one(HMN, AccessRole.REGIONAL_HEALTH_AUTHORITY),
        other_authority=await one(HN, AccessRole.REGIONAL_HEALTH_AUTHORITY),
        directorate=await one(HDIR, AccessRole.DIRECTORATE),
        ministry=await one(HOD, AccessRole.MINISTRY),
        partner=await one("org:st-olavs-hospital", AccessRole.PARTNER),
        coordinator=await one(HDIR, AccessRole.COORDINATOR),
        revoked=revoked,
    )


@pytest.fixture(scope="session")
async def tokens(graph: GraphClient) -> Tokens:
    return await issue_tokens(graph)


@pytest.fixture(scope="session")
def issue_cycle_tokens() -> Callable[[GraphClient], Awaitable[Tokens]]:
    return issue_tokens


def mutation(name: str, selection: str) -> str:
    input_type = name[0].upper() + name[1:] + "Input"
    return (
        f"mutation($input: {input_type}!, $key: String) "
        f"{{ {name}(input: $input, idempotencyKey: $key) {{ replayed {selection} }} }}"
    )


@dataclass(frozen=True)
class Answer:
    data: Any
    errors: list[dict[str, Any]]

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code", "") for e in self.errors]

    def ok(self, name: str) -> Any:
        assert not self.errors, self.errors
        return self.data[name]


async def call(
    hub: httpx.AsyncClient,
    token: str | None,
    name: str,
    input: dict[str, Any],
    selection: str = "",
    *,
    key: str | None = None,
    language: str = "en",
) -> Answer:
    headers = {"Accept-Language": language}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    response = await hub.post(
        "/graphql",
        json={"query": mutation(name, selection), "variables": {"input": input, "key": key}},
        headers=headers,
    )
    body = response.json()
    return Answer(body.get("data"), body.get("errors") or [])


async def mutate(
    hub: httpx.AsyncClient,
    token: str,
    name: str,
    input: dict[str, Any],
    selection: str = "",
) -> Any:
    """Call a mutation that must succeed; returns its payload."""
    return (await call(hub, token, name, input, selection)).ok(name)


@pytest.fixture(scope="session")
def cycle_call() -> Callable[..., Awaitable[Answer]]:
    return call


@pytest.fixture(scope="session")
def cycle_mutate() -> Callable[..., Awaitable[Any]]:
    return mutate


async def unused_year(
    graph: GraphClient, low: int = 1901, high: int = 1990, *, span: int = 10
) -> int:
    """A past round year in ``low..high`` nobody has used in this graph yet (dates may not lie
    in the future), with no report, evaluation or review in the ``span`` years that follow."""
    candidates = list(range(low, high + 1))
    random.shuffle(candidates)
    for year in candidates:
        rows = await graph.read(
            "MATCH (n) WHERE n.roundYear IN [$y, $y + 1] OR "
            "((n:AnnualReport OR n:Evaluation OR n:FiveYearReview) "
            "AND n.year IN range($y, $y + $span)) RETURN {n: count(n)} AS row",
            {"y": year, "span": span},
        )
        if rows[0]["n"] == 0:
            return year
    raise AssertionError(f"no unused round year in {low}..{high}")


@pytest.fixture
async def year(graph: GraphClient) -> int:
    """A round year before any source gives the lists' deadline: no list is late or on time."""
    return await unused_year(graph)


@pytest.fixture
async def deadline_year(graph: GraphClient) -> int:
    """A past round year whose deadline (15 January) is known, so a list is late or on time."""
    return await unused_year(
        graph, cycle.DEADLINE_KNOWN_FROM_ROUND, dt.date.today().year - 1, span=1
    )
