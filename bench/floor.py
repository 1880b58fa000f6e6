"""The floor: the very statements the hub sends for a request, replayed through the driver alone.

Each benchmark request is first run once through the hub in-process (ASGI, no server) over a
:class:`RecordingClient`, which notes every statement with its parameters, in order, grouped as
the hub grouped them (auto-commit statements, or one managed transaction with several). The floor
then replays those groups with the plain async driver: the same Cypher, the same parameters, the
same number of round trips, without HTTP, GraphQL or the hub's Python around them. Ids the hub
makes up for a write (``log:…``, ``audit:…``) are replaced by fresh ones on each replay, so a
replayed write creates what the mutation would have created.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString, TypeVar

import httpx
from neo4j import AsyncDriver, AsyncManagedTransaction, RoutingControl

from graph.client import CountingTransaction, GraphClient, QueryStats, Row, auto_commit_read
from nordhub.app import create_app
from nordhub.settings import Settings

T = TypeVar("T")
_MADE_UP = re.compile(r"^(log|audit):[0-9a-f]{16,32}$")


@dataclass(slots=True)
class Group:
    """Statements sent together: ``tx`` False for one auto-commit statement."""

    write: bool
    tx: bool
    statements: list[tuple[LiteralString, dict[str, Any]]] = field(default_factory=list)


class _RecordingTransaction(CountingTransaction):
    __slots__ = ("_group",)

    def __init__(self, tx: AsyncManagedTransaction, stats: QueryStats, group: Group) -> None:
        super().__init__(tx, stats)
        self._group = group

    async def rows(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        self._group.statements.append((query, dict(params or {})))
        return await super().rows(query, params)

    async def run(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> None:
        self._group.statements.append((query, dict(params or {})))
        await super().run(query, params)


class RecordingClient(GraphClient):
    """A :class:`GraphClient` that notes what each request sends (see :func:`record`)."""

    __slots__ = ("log",)

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        stats: QueryStats | None = None,
        log: list[list[Group]] | None = None,
    ) -> None:
        super().__init__(driver, database, stats)
        self.log: list[list[Group]] = log if log is not None else [[]]

    def tracked(self) -> GraphClient:
        self.log.append([])
        return RecordingClient(self._driver, self._database, QueryStats(), self.log)

    async def _execute(
        self, query: LiteralString, params: Mapping[str, Any] | None, routing: RoutingControl
    ) -> list[Row]:
        group = Group(write=routing == RoutingControl.WRITE, tx=False)
        group.statements.append((query, dict(params or {})))
        self.log[-1].append(group)
        return await super()._execute(query, params, routing)

    async def _transaction(
        self, work: Callable[[CountingTransaction], Awaitable[T]], *, write: bool
    ) -> T:
        group = Group(write=write, tx=True)
        self.log[-1].append(group)

        async def recorded(tx: CountingTransaction) -> T:
            group.statements.clear()  # a retried transaction starts over
            return await work(_RecordingTransaction(tx._tx, self.stats, group))

        return await super()._transaction(recorded, write=write)


async def record(
    settings: Settings, driver: AsyncDriver, bodies: list[tuple[dict[str, Any], dict[str, str]]]
) -> list[list[Group]]:
    """Run each ``(body, headers)`` through the hub in-process, one at a time; their groups."""
    client = RecordingClient(driver, settings.neo4j.database)
    app = create_app(settings, graph=client)
    found: list[list[Group]] = []
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://hub") as http,
    ):
        # A warm hub has seen each query text before and reads it by projection
        # (resolvers.projection):
        # send each read text once unrecorded, so the floor replays what a warm hub sends.
        warmed: set[str] = set()
        for body, headers in bodies:
            text = str(body.get("query", ""))
            if text not in warmed and not text.lstrip().startswith("mutation"):
                warmed.add(text)
                await http.post("/graphql", json=body, headers=headers)
        for body, headers in bodies:
            response = await http.post("/graphql", json=body, headers=headers)
            answer = response.json()
            if response.status_code != 200 or answer.get("errors"):
                raise RuntimeError(f"recording failed: {answer.get('errors')}")
            found.append(client.log[-1])
    return found


def _fresh(value: Any, made: dict[str, str]) -> Any:
    if isinstance(value, str) and _MADE_UP.match(value):
        if value not in made:
            prefix = value.split(":", 1)[0]
            made[value] = f"{prefix}:{uuid.uuid4().hex[: len(value) - len(prefix) - 1]}"
        return made[value]
    if isinstance(value, dict):
        return {k: _fresh(v, made) for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh(v, made) for v in value]
    return value


async def replay(driver: AsyncDriver, groups: list[Group], database: str = "neo4j") -> int:
    """Send one request's statements as the hub did; returns the number of round trips."""
    made: dict[str, str] = {}
    trips = 0
    for group in groups:
        statements = [(q, _fresh(p, made)) for q, p in group.statements]
        trips += len(statements)
        if not group.tx:
            query, params = statements[0]
            if group.write:
                await driver.execute_query(
                    query, params, database_=database, routing_=RoutingControl.WRITE
                )
            else:  # as the hub sends a single read
                await auto_commit_read(driver, database, query, params)
            continue

        async def unit(
            tx: AsyncManagedTransaction,
            todo: list[tuple[LiteralString, dict[str, Any]]] = statements,
        ) -> None:
            for query, params in todo:
                result = await tx.run(query, params)
                await result.consume()

        async with driver.session(
            database=database, bookmark_manager=driver.execute_query_bookmark_manager
        ) as session:
            if group.write:
                await session.execute_write(unit)
            else:
                await session.execute_read(unit)
    return trips
