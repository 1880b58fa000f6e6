"""The one way the hub talks to Neo4j: reads through routing READ, writes through managed write
transactions, and a count of round trips per request.

A :class:`GraphClient` wraps the shared async driver (created once in the app's lifespan).
:meth:`GraphClient.tracked` gives each request its own client with its own :class:`QueryStats`,
sharing the driver, so tests and benchmarks can see how many Cypher round trips a request made.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.breaker import Breaker
from graph.errors import GraphConflict, GraphError, GraphUnavailable, WriteOutcomeUnknown

T = TypeVar("T")
Row = dict[str, Any]


@dataclass(slots=True)
class QueryStats:
    """How many Cypher statements one request sent to the server."""

    round_trips: int = 0


def create_driver(
    uri: str,
    user: str,
    password: str,
    *,
    max_pool_size: int = 100,
    connection_timeout_s: float = 15.0,
    max_retry_time_s: float = 3.0,
    acquisition_timeout_s: float = 5.0,
) -> AsyncDriver:
    """Create the async driver; ``neo4j://`` URIs route reads to followers in a cluster or Aura."""
    return AsyncGraphDatabase.driver(
        uri,
        auth=neo4j.basic_auth(user, password),
        max_connection_pool_size=max_pool_size,
        connection_timeout=connection_timeout_s,
        max_transaction_retry_time=max_retry_time_s,
        # Bounds getting a connection, handshake and login included: a server that accepts TCP
        # but does not answer yet (still starting) must not hold a request.
        connection_acquisition_timeout=acquisition_timeout_s,
        # The hub keeps no per-session state; let the pool recycle idle sockets.
        liveness_check_timeout=30.0,
        # Server notifications (e.g. "label does not exist yet" on a fresh graph) are noise here.
        notifications_min_severity="OFF",
    )


class CountingTransaction:
    """A managed transaction that counts each statement it sends."""

    __slots__ = ("_stats", "_tx")

    def __init__(self, tx: AsyncManagedTransaction, stats: QueryStats) -> None:
        self._tx = tx
        self._stats = stats

    async def rows(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        """Run one statement and return its first column, which must be a map per row."""
        self._stats.round_trips += 1
        result = await self._tx.run(query, dict(params or {}))
        return [record[0] async for record in result]

    async def run(self, query: LiteralString, params: Mapping[str, Any] | None = None) -> None:
        self._stats.round_trips += 1
        result = await self._tx.run(query, dict(params or {}))
        await result.consume()


class GraphClient:
    """Reads and writes against one database, translating driver errors into graph errors.

    A write's outcome is always known to the caller. It returns once committed; any error it
    raises means nothing was committed, except :class:`WriteOutcomeUnknown` (the connection was
    lost during the commit, or no answer came within ``write_wait_s``). A write is never cut
    short by ``call_timeout_s``: the server ends it after ``write_timeout_s`` (rolled back), and
    the hub waits for that verdict.
    """

    __slots__ = (
        "_breaker",
        "_database",
        "_driver",
        "call_timeout_s",
        "stats",
        "write_timeout_s",
        "write_wait_s",
    )

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        stats: QueryStats | None = None,
        *,
        breaker: Breaker | None = None,
        call_timeout_s: float | None = None,
        write_timeout_s: float | None = None,
        write_wait_s: float | None = None,
    ) -> None:
        self._driver = driver
        self._database = database
        self.stats = stats if stats is not None else QueryStats()
        self._breaker = breaker if breaker is not None else Breaker()
        # Serving requests, a read that gets no answer in time counts as an outage.
        self.call_timeout_s = call_timeout_s
        # The server rolls a write transaction back after this long (None: never).
        self.write_timeout_s = write_timeout_s
        # How long the hub waits for a write's verdict before calling its outcome unknown.
        self.write_wait_s = write_wait_s

    @property
    def database(self) -> str:
        return self._database

    def tracked(self) -> GraphClient:
        """A client for one request: same driver, fresh round-trip count."""
        return GraphClient(
            self._driver,
            self._database,
            QueryStats(),
            breaker=self._breaker,
            call_timeout_s=self.call_timeout_s,
            write_timeout_s=self.write_timeout_s,
            write_wait_s=self.write_wait_s,
        )

    async def read(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        """One read statement, routed to a reader; returns the first column of each record."""
        return await self._execute(query, params, RoutingControl.READ)

    async def write(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> list[Row]:
        """One write statement in its own transaction (retried on transient errors)."""
        return await self._execute(query, params, RoutingControl.WRITE)

    async def read_tx(self, work: Callable[[CountingTransaction], Awaitable[T]]) -> T:
        """Several statements in one read transaction."""
        return await self._transaction(work, write=False)

    async def write_tx(self, work: Callable[[CountingTransaction], Awaitable[T]]) -> T:
        """Several statements in one write transaction: all of them commit, or none."""
        return await self._transaction(work, write=True)

    @asynccontextmanager
    async def stream(
        self, query: LiteralString, params: Mapping[str, Any] | None = None
    ) -> AsyncIterator[AsyncIterator[Row]]:
        """One read statement whose rows arrive as the caller consumes them (the driver fetches
        ``fetch_size`` records at a time), so a whole graph passes through in bounded memory.
        No call timeout applies: the statement runs as long as the caller reads."""
        self._breaker.check()
        self.stats.round_trips += 1
        try:
            async with self._driver.session(
                database=self._database,
                default_access_mode=neo4j.READ_ACCESS,
                fetch_size=2000,
                bookmark_manager=self._driver.execute_query_bookmark_manager,
            ) as session:
                result = await session.run(query, dict(params or {}))

                async def rows() -> AsyncIterator[Row]:
                    async for record in result:
                        yield record[0]

                yield rows()
        except (Neo4jError, DriverError, OSError) as e:
            raise self._wrapped(e) from e

    async def close(self) -> None:
        await self._driver.close()

    async def verify(self) -> None:
        """Raise :class:`GraphUnavailable` unless the server answers."""
        try:
            await self._driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise GraphUnavailable(str(e)) from e
        except AuthError as e:
            raise GraphUnavailable(f"Neo4j refused the credentials: {e.message}") from e
        self._breaker.succeeded()

    async def _execute(
        self, query: LiteralString, params: Mapping[str, Any] | None, routing: RoutingControl
    ) -> list[Row]:
        self._breaker.check()
        self.stats.round_trips += 1
        try:
            if routing == RoutingControl.READ:
                values = await self._bounded(
                    auto_commit_read(self._driver, self._database, query, params)
                )
            else:
                query_ = neo4j.Query(query, timeout=self.write_timeout_s)
                records, _, _ = await self._settled(
                    self._driver.execute_query(
                        query_,
                        dict(params or {}),
                        database_=self._database,
                        routing_=routing,
                    )
                )
                values = [record[0] for record in records]
        except (Neo4jError, DriverError, OSError, TimeoutError) as e:
            raise self._wrapped(e) from e
        self._breaker.succeeded()
        return values

    async def _transaction(
        self, work: Callable[[CountingTransaction], Awaitable[T]], *, write: bool
    ) -> T:
        async def unit(tx: AsyncManagedTransaction) -> T:
            return await work(CountingTransaction(tx, self.stats))

        if write:
            unit = neo4j.unit_of_work(timeout=self.write_timeout_s)(unit)

        async def run() -> T:
            # The driver's shared bookmark manager: a read after this write (through
            # execute_query or another session) sees it, on a cluster too.
            async with self._driver.session(
                database=self._database,
                bookmark_manager=self._driver.execute_query_bookmark_manager,
            ) as session:
                if write:
                    return await session.execute_write(unit)
                return await session.execute_read(unit)

        self._breaker.check()
        try:
            done = await (self._settled(run()) if write else self._bounded(run()))
        except GraphError:
            raise
        except (Neo4jError, DriverError, OSError, TimeoutError) as e:
            raise self._wrapped(e) from e
        self._breaker.succeeded()
        return done

    async def _bounded(self, call: Coroutine[Any, Any, T]) -> T:
        """Await ``call``, giving up after ``call_timeout_s`` (``TimeoutError``).

        The driver's work runs in its own task behind a shield: neither this timeout nor the
        request's cancels it halfway through a Bolt exchange (the driver does not take that
        well); it ends on its own, bounded by the driver's timeouts, and its result is dropped.
        """
        task = asyncio.ensure_future(call)
        task.add_done_callback(_retrieve)
        if self.call_timeout_s is None:
            return await asyncio.shield(task)
        return await asyncio.wait_for(asyncio.shield(task), self.call_timeout_s)

    async def _settled(self, call: Coroutine[Any, Any, T]) -> T:
        """Await a write to its outcome: committed (returned), not committed (any error but
        :class:`WriteOutcomeUnknown`), or unknown after ``write_wait_s``. Like a read, the
        driver's work runs behind a shield, so nothing cancels it halfway through a commit."""
        task = asyncio.ensure_future(call)
        task.add_done_callback(_retrieve)
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.write_wait_s)
        except TimeoutError as e:
            raise WriteOutcomeUnknown(f"no verdict on a write within {self.write_wait_s} s") from e

    def _wrapped(self, error: Neo4jError | DriverError | OSError | TimeoutError) -> GraphError:
        if isinstance(error, TimeoutError):
            return GraphUnavailable(f"no answer within {self.call_timeout_s} s")
        if isinstance(error, IncompleteCommit):
            self._breaker.failed(str(error).splitlines()[0][:200])
            return WriteOutcomeUnknown(str(error))
        if isinstance(error, (ServiceUnavailable, SessionExpired, OSError)):
            # Only a server that cannot be reached opens the breaker: a slow answer or a
            # transient error (a deadlock under load) says nothing about the next call.
            self._breaker.failed(str(error).splitlines()[0][:200])
        return _wrap(error)


async def auto_commit_read(
    driver: AsyncDriver, database: str, query: LiteralString, params: Mapping[str, Any] | None
) -> list[Any]:
    """One read statement as an auto-commit transaction on a reader; the first column of each
    record.

    ``execute_query`` wraps a statement in a managed transaction: BEGIN, RUN and PULL, then a
    COMMIT exchange of its own. A single read needs no transaction: RUN and PULL go out together
    and the answer comes back in one exchange (about 1 ms and 0.4 ms of CPU less a statement,
    bench/). Reads stay causally after this process's writes through the driver's bookmark
    manager, as with ``execute_query``.
    """
    async with driver.session(
        database=database,
        default_access_mode=neo4j.READ_ACCESS,
        bookmark_manager=driver.execute_query_bookmark_manager,
    ) as session:
        result = await session.run(query, dict(params or {}))
        return [record[0] async for record in result]


def _retrieve(task: asyncio.Future[Any]) -> None:
    """Mark an abandoned task's exception as seen (no "exception was never retrieved")."""
    if not task.cancelled():
        task.exception()


def _wrap(error: Neo4jError | DriverError | OSError) -> GraphError:
    # TransientError is what is left after the driver's own retries (e.g. the database still
    # starting after a crash): the caller may try again, as with a server that is down.
    if isinstance(
        error,
        (
            ServiceUnavailable,
            SessionExpired,
            TransientError,
            ConnectionAcquisitionTimeoutError,
            OSError,
        ),
    ):
        return GraphUnavailable(str(error))
    if isinstance(error, ConstraintError):
        return GraphConflict(error.message or str(error))
    if isinstance(error, Neo4jError) and "TransactionTimedOut" in (error.code or ""):
        # The server ended it (``write_timeout_s``) and rolled it back: nothing was written.
        return GraphUnavailable(error.message or str(error))
    return GraphError(str(error))
