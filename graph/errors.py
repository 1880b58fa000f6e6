"""Errors of the graph package. Driver exceptions are wrapped here, at the boundary."""

from __future__ import annotations


class GraphError(Exception):
    """Root of every error raised by the graph package."""


class GraphUnavailable(GraphError):
    """Raised when no Neo4j server answers (down, unreachable, or still starting)."""


class GraphConflict(GraphError):
    """Raised when a write breaks a uniqueness constraint or another writer's version."""


class MigrationError(GraphError):
    """Raised when a migration file is malformed or an applied one was edited afterwards."""


class LocalServerError(GraphError):
    """Raised when the project's own Neo4j cannot be built, started or stopped."""


class SeedError(GraphError):
    """Raised when seed data is malformed or refers to something that does not exist."""
