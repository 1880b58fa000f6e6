"""Rate limiting per bearer token and per client address, with the ``limits`` library.

Every request to a limited path counts against its client address and, when it carries
``Authorization: Bearer ...``, against that token too (so neither many tokens from one address
nor one token from many addresses gets past). Each key may make at most ``per_minute`` requests
in any minute and ``burst`` in any second (moving windows). A request over either answers 429
with ``Retry-After`` and a localized ``RATE_LIMITED`` error.

The counters live where ``NORDHUB_RATE_LIMIT_STORAGE`` says: ``memory://`` (the default: each
process counts for itself, right for one process) or ``redis://host:port/db``, shared by every
worker and replica, so N processes allow the limit once, not N times. If the store does not
answer, requests are let through (and it is logged): the limit protects the hub, it must not take
it down. The client address is the one :mod:`nordhub.proxies` worked out.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from i18n.context import current_language
from nordhub.refusals import error_body, refusal_headers
from schema.errors import ErrorCode

logger = logging.getLogger("nordhub.ratelimit")

STORAGE_SCHEMES = ("memory", "redis", "rediss")
WARN_EVERY_S = 60.0


def check_storage_url(url: str) -> str:
    """``url`` if it names a storage this hub can use (``memory://``, ``redis://``,
    ``rediss://``); ValueError otherwise."""
    scheme, separator, _ = url.partition("://")
    if not separator or scheme.lower() not in STORAGE_SCHEMES:
        raise ValueError(f"must be memory:// or redis://host:port/db, got {url!r}")
    return url


def storage(url: str) -> Storage:
    """The async ``limits`` storage for ``memory://`` or ``redis://...``."""
    if check_storage_url(url).lower().startswith("memory"):
        found = storage_from_string("async+memory://")
    else:
        found = storage_from_string(f"async+{url}", implementation="redispy", wrap_exceptions=True)
    assert isinstance(found, Storage)
    return found


class RateLimiter:
    """Moving windows per key: ``per_minute`` a minute and ``burst`` a second."""

    def __init__(self, per_minute: int, burst: int, *, storage_url: str = "memory://") -> None:
        self.items: tuple[RateLimitItem, ...] = (
            RateLimitItemPerMinute(per_minute),
            RateLimitItemPerSecond(burst),
        )
        self.storage_url = check_storage_url(storage_url)
        self._limiter: MovingWindowRateLimiter | None = None
        self._warned = -math.inf

    @property
    def limiter(self) -> MovingWindowRateLimiter:
        # Made on first use, inside the event loop that serves (the Redis client binds to it).
        if self._limiter is None:
            self._limiter = MovingWindowRateLimiter(storage(self.storage_url))
        return self._limiter

    async def take(self, keys: list[str]) -> float:
        """Count one request for each key; 0 when allowed, else seconds to wait.

        A refused request counts nowhere, so waiting the given time is enough to get through.
        """
        try:
            return await self._take(keys)
        except StorageError as e:
            now = time.monotonic()
            if now - self._warned > WARN_EVERY_S:
                self._warned = now
                logger.warning("rate-limit storage not answering, requests let through: %s", e)
            return 0.0

    async def _take(self, keys: list[str]) -> float:
        limiter = self.limiter
        wait = 0.0
        for item in self.items:
            for key in keys:
                if not await limiter.test(item, key):
                    stats = await limiter.get_window_stats(item, key)
                    wait = max(wait, stats.reset_time - time.time(), 0.001)
        if wait > 0:
            return wait
        for item in self.items:
            for key in keys:
                await limiter.hit(item, key)
        return 0.0


def request_keys(scope: Scope) -> list[str]:
    """The keys a request counts against: its client address and, if any, its bearer token."""
    client = scope.get("client")
    keys = [f"addr:{client[0] if client else 'unknown'}"]
    authorization = Headers(scope=scope).get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        # Only a digest is kept, never the token itself.
        digest = hashlib.sha256(credential.strip().encode("utf-8")).hexdigest()[:32]
        keys.append(f"token:{digest}")
    return keys


class RateLimitMiddleware:
    """Answer 429 with ``Retry-After`` once a caller is over its limit (only on ``paths``)."""

    def __init__(
        self, app: ASGIApp, *, limiter: RateLimiter, paths: tuple[str, ...] = ("/graphql",)
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") not in self.paths:
            await self.app(scope, receive, send)
            return
        # A CORS preflight is the browser's, not a request of the caller's: never counted.
        if scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        wait = await self.limiter.take(request_keys(scope))
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        language = scope.get("state", {}).get("language") or current_language()
        body = error_body(ErrorCode.RATE_LIMITED, language, seconds=seconds)
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    *refusal_headers(scope, body, language),
                    (b"retry-after", str(seconds).encode("ascii")),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
