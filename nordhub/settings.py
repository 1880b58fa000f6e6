"""Settings read once from the environment and passed down; nothing here holds a connection."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """Raised when an environment variable holds a value the hub cannot use."""


def _int(environ: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as e:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from e
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True, slots=True)
class Neo4jSettings:
    """Where the graph lives. ``uri`` None means: start the project's own local Neo4j."""

    uri: str | None = None
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"
    max_pool_size: int = 100
    connection_timeout_s: float = 15.0
    # Local server only (ignored when ``uri`` is set).
    heap: str = "2g"
    page_cache_mib: int = 2048


@dataclass(frozen=True, slots=True)
class Settings:
    neo4j: Neo4jSettings = field(default_factory=Neo4jSettings)
    state_dir: Path = PROJECT_ROOT / ".state"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    graphiql: bool = True
    introspection: bool = True
    default_page_size: int = 20
    max_page_size: int = 100
    migrate_on_start: bool = True
    expose_query_stats: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        uri = env.get("NEO4J_URI") or None
        neo4j = Neo4jSettings(
            uri=uri,
            user=env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or "neo4j",
            password=env.get("NEO4J_PASSWORD") or None,
            database=env.get("NEO4J_DATABASE") or "neo4j",
            max_pool_size=_int(env, "NEO4J_MAX_POOL_SIZE", 100, minimum=1),
            heap=env.get("NORDHUB_NEO4J_HEAP") or "2g",
            page_cache_mib=_int(env, "NORDHUB_NEO4J_PAGE_CACHE_MIB", 2048, minimum=64),
        )
        if uri is not None and neo4j.password is None:
            raise SettingsError("NEO4J_PASSWORD must be set when NEO4J_URI is set")
        max_page = _int(env, "NORDHUB_MAX_PAGE_SIZE", 100, minimum=1)
        state = env.get("NORDHUB_STATE_DIR")
        return cls(
            neo4j=neo4j,
            state_dir=Path(state).resolve() if state else PROJECT_ROOT / ".state",
            host=env.get("NORDHUB_HOST") or "127.0.0.1",
            port=_int(env, "NORDHUB_PORT", 8000, minimum=1),
            workers=_int(env, "NORDHUB_WORKERS", 1, minimum=1),
            graphiql=_bool(env, "NORDHUB_GRAPHIQL", True),
            introspection=_bool(env, "NORDHUB_INTROSPECTION", True),
            default_page_size=min(_int(env, "NORDHUB_DEFAULT_PAGE_SIZE", 20, minimum=1), max_page),
            max_page_size=max_page,
            migrate_on_start=_bool(env, "NORDHUB_MIGRATE_ON_START", True),
            expose_query_stats=_bool(env, "NORDHUB_EXPOSE_QUERY_STATS", True),
        )
