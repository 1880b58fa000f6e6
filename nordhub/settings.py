"""Settings read once from the environment and passed down; nothing here holds a connection."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nordhub.proxies import parse_networks
from nordhub.ratelimit import check_storage_url
from schema.limits import Limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODES = ("development", "production")
# Requests per minute per token and per client address in production mode, unless configured.
PRODUCTION_RATE_LIMIT_PER_MINUTE = 600


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


def _float(environ: Mapping[str, str], name: str, default: float, *, minimum: float) -> float:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as e:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from e
    if not value >= minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {raw}")
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


def _checked(
    environ: Mapping[str, str], name: str, default: str, check: Callable[[str], str]
) -> str:
    raw = (environ.get(name) or "").strip() or default
    try:
        return check(raw)
    except ValueError as e:
        raise SettingsError(f"{name} {e}") from e


def _proxies(environ: Mapping[str, str]) -> tuple[str, ...]:
    raw = environ.get("NORDHUB_TRUSTED_PROXIES") or ""
    listed = tuple(p.strip() for p in raw.split(",") if p.strip())
    try:
        parse_networks(listed)
    except ValueError as e:
        raise SettingsError(f"NORDHUB_TRUSTED_PROXIES must list addresses or networks: {e}") from e
    return listed


@dataclass(frozen=True, slots=True)
class Neo4jSettings:
    """Where the graph lives. ``uri`` None means: start the project's own local Neo4j."""

    uri: str | None = None
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"
    max_pool_size: int = 100
    connection_timeout_s: float = 15.0
    # How long the driver retries a transaction on transient errors (server down, leader
    # switch); kept under the request timeout so that an outage fails fast and says so.
    max_retry_time_s: float = 3.0
    acquisition_timeout_s: float = 5.0
    # Serving requests: a read with no answer by then is an outage (SERVICE_UNAVAILABLE).
    call_timeout_s: float = 8.0
    # A write transaction running longer is rolled back by the server (its outcome is known).
    write_timeout_s: float = 10.0
    # Local server only (ignored when ``uri`` is set).
    heap: str = "2g"
    page_cache_mib: int = 2048

    @property
    def write_wait_s(self) -> float:
        """How long the hub waits for a write's verdict: the server's own limit, the driver's
        retries and getting a connection (twice) included, and a margin."""
        return self.write_timeout_s + self.max_retry_time_s + 2 * self.acquisition_timeout_s + 2


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
    # Repeated reads whose fields are all declared are read as one projection statement and
    # skip graphql-core's executor (resolvers.projection); off to compare.
    compile_queries: bool = True
    # Production mode (NORDHUB_MODE=production): see docs/security.md, "Production mode".
    mode: str = "development"
    limits: Limits = field(default_factory=Limits)
    cors_origins: tuple[str, ...] = ()
    # Requests per minute per bearer token and per client address; 0 turns the limit off.
    rate_limit_per_minute: int = 0
    rate_limit_burst: int = 60
    # Where the rate-limit counters live: memory:// (per process) or redis:// (shared).
    rate_limit_storage: str = "memory://"
    # Proxies whose X-Forwarded-For / Forwarded name the client (addresses or networks).
    trusted_proxies: tuple[str, ...] = ()
    # Idempotency keys are kept this long (a retry within it replays); a sweep deletes older ones.
    idempotency_ttl_s: float = 24 * 3600.0
    idempotency_sweep_s: float = 600.0
    # A referral fact (contact, waiting time, terms, network membership) not confirmed for longer
    # than this is marked stale in the API and on the page.
    referral_stale_after_days: int = 365

    @property
    def production(self) -> bool:
        return self.mode == "production"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings the environment gives; each default is the field's own, above."""
        env = os.environ if environ is None else environ
        base, db, lim = cls(), Neo4jSettings(), Limits()
        uri = env.get("NEO4J_URI") or None
        neo4j = Neo4jSettings(
            uri=uri,
            user=env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or db.user,
            password=env.get("NEO4J_PASSWORD") or None,
            database=env.get("NEO4J_DATABASE") or db.database,
            max_pool_size=_int(env, "NEO4J_MAX_POOL_SIZE", db.max_pool_size, minimum=1),
            max_retry_time_s=_float(env, "NEO4J_MAX_RETRY_TIME_S", db.max_retry_time_s, minimum=0),
            acquisition_timeout_s=_float(
                env, "NEO4J_ACQUISITION_TIMEOUT_S", db.acquisition_timeout_s, minimum=0.1
            ),
            call_timeout_s=_float(env, "NEO4J_CALL_TIMEOUT_S", db.call_timeout_s, minimum=0.1),
            write_timeout_s=_float(env, "NEO4J_WRITE_TIMEOUT_S", db.write_timeout_s, minimum=0.1),
            heap=env.get("NORDHUB_NEO4J_HEAP") or db.heap,
            page_cache_mib=_int(env, "NORDHUB_NEO4J_PAGE_CACHE_MIB", db.page_cache_mib, minimum=64),
        )
        if uri is not None and neo4j.password is None:
            raise SettingsError("NEO4J_PASSWORD must be set when NEO4J_URI is set")
        max_page = _int(env, "NORDHUB_MAX_PAGE_SIZE", base.max_page_size, minimum=1)
        state = env.get("NORDHUB_STATE_DIR")
        mode = (env.get("NORDHUB_MODE") or base.mode).strip().lower()
        if mode not in MODES:
            raise SettingsError(f"NORDHUB_MODE must be one of {', '.join(MODES)}, got {mode!r}")
        production = mode == "production"
        return cls(
            neo4j=neo4j,
            state_dir=Path(state).resolve() if state else base.state_dir,
            host=env.get("NORDHUB_HOST") or base.host,
            port=_int(env, "NORDHUB_PORT", base.port, minimum=1),
            workers=_int(env, "NORDHUB_WORKERS", base.workers, minimum=1),
            # Production turns these off whatever else is set.
            graphiql=_bool(env, "NORDHUB_GRAPHIQL", base.graphiql) and not production,
            introspection=_bool(env, "NORDHUB_INTROSPECTION", base.introspection)
            and not production,
            default_page_size=min(
                _int(env, "NORDHUB_DEFAULT_PAGE_SIZE", base.default_page_size, minimum=1), max_page
            ),
            max_page_size=max_page,
            migrate_on_start=_bool(env, "NORDHUB_MIGRATE_ON_START", base.migrate_on_start),
            expose_query_stats=_bool(
                env, "NORDHUB_EXPOSE_QUERY_STATS", base.expose_query_stats and not production
            ),
            compile_queries=_bool(env, "NORDHUB_COMPILE_QUERIES", base.compile_queries),
            mode=mode,
            limits=Limits(
                max_depth=_int(env, "NORDHUB_MAX_DEPTH", lim.max_depth, minimum=1),
                max_aliases=_int(env, "NORDHUB_MAX_ALIASES", lim.max_aliases, minimum=0),
                max_tokens=_int(env, "NORDHUB_MAX_TOKENS", lim.max_tokens, minimum=1),
                max_cost=_int(env, "NORDHUB_MAX_COST", lim.max_cost, minimum=1),
                max_batch_cost=_int(env, "NORDHUB_MAX_BATCH_COST", lim.max_batch_cost, minimum=1),
                max_body_bytes=_int(env, "NORDHUB_MAX_BODY_BYTES", lim.max_body_bytes, minimum=1),
                max_response_bytes=_int(
                    env, "NORDHUB_MAX_RESPONSE_BYTES", lim.max_response_bytes, minimum=1024
                ),
                timeout_s=_float(env, "NORDHUB_REQUEST_TIMEOUT_S", lim.timeout_s, minimum=0.001),
            ),
            cors_origins=tuple(
                o.strip() for o in (env.get("NORDHUB_CORS_ORIGINS") or "").split(",") if o.strip()
            ),
            rate_limit_per_minute=_int(
                env,
                "NORDHUB_RATE_LIMIT_PER_MINUTE",
                PRODUCTION_RATE_LIMIT_PER_MINUTE if production else base.rate_limit_per_minute,
                minimum=0,
            ),
            rate_limit_burst=_int(
                env, "NORDHUB_RATE_LIMIT_BURST", base.rate_limit_burst, minimum=1
            ),
            rate_limit_storage=_checked(
                env, "NORDHUB_RATE_LIMIT_STORAGE", base.rate_limit_storage, check_storage_url
            ),
            trusted_proxies=_proxies(env),
            idempotency_ttl_s=_float(
                env, "NORDHUB_IDEMPOTENCY_TTL_S", base.idempotency_ttl_s, minimum=1
            ),
            idempotency_sweep_s=_float(
                env, "NORDHUB_IDEMPOTENCY_SWEEP_S", base.idempotency_sweep_s, minimum=1
            ),
            referral_stale_after_days=_int(
                env,
                "NORDHUB_REFERRAL_STALE_AFTER_DAYS",
                base.referral_stale_after_days,
                minimum=1,
            ),
        )
