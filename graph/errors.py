"""Errors of the graph package. Driver exceptions are wrapped here, at the boundary."""

from __future__ import annotations

from typing import Any


class GraphError(Exception):
    """Root of every error raised by the graph package."""


class GraphUnavailable(GraphError):
    """Raised when no Neo4j server answers (down, unreachable, or still starting)."""


class WriteOutcomeUnknown(GraphUnavailable):
    """Raised when a write may or may not have committed: the connection was lost during its
    commit, or no answer came within the time the hub waits for one. Only the write's idempotency
    key can tell: a retry with it replays the write if it committed and makes it if not."""


class GraphConflict(GraphError):
    """Raised when a write breaks a uniqueness constraint or another writer's version."""


class MigrationError(GraphError):
    """Raised when a migration file is malformed or an applied one was edited afterwards."""


class LocalServerError(GraphError):
    """Raised when the project's own Neo4j cannot be built, started or stopped."""


class StoreInUse(LocalServerError):
    """Raised when the local store is locked by another process whose Neo4j does not answer
    (still starting, or hung): a second Neo4j on it would fail, so none is started."""

    def __init__(self, home: str, pid: int) -> None:
        super().__init__(f"the local Neo4j store in {home} is in use by process {pid}")
        self.home, self.pid = home, pid


class SeedError(GraphError):
    """Raised when seed data is malformed or refers to something that does not exist."""


class RuleBroken(GraphError):
    """Raised when a write would break a rule of the domain (see :mod:`graph.cycle`): ``code``
    names the rule as the API's error code does, ``params`` fill its message. Nothing is
    written."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params
