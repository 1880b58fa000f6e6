"""Rate limiting per bearer token and per client address: token buckets kept in the process.

Every request to a limited path takes one token from its client address's bucket and, when it
carries ``Authorization: Bearer ...``, one from that token's bucket too (so neither many tokens
from one address nor one token from many addresses gets past). An empty bucket answers 429 with
``Retry-After`` and a localized ``RATE_LIMITED`` error. Buckets live in this process: with
several hub processes each keeps its own, so the effective limit is per process (see README).
Behind a proxy, run uvicorn with ``--proxy-headers`` so the client address is the caller's.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from i18n.context import current_language
from nordhub.limits import error_body
from resolvers.errors import ErrorCode

MAX_BUCKETS = 100_000


@dataclass(slots=True)
class Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets: ``per_minute`` refill rate, at most ``burst`` tokens saved up."""

    def __init__(
        self,
        per_minute: int,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_buckets: int = MAX_BUCKETS,
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.max_buckets = max_buckets
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def take(self, keys: list[str]) -> float:
        """Take one token from each key's bucket; 0 when allowed, else seconds to wait.

        A refused request takes nothing, so waiting the given time is enough to get through.
        """
        now = self.clock()
        buckets = [self._bucket(key, now) for key in keys]
        short = [b for b in buckets if b.tokens < 1.0]
        if short:
            return max((1.0 - b.tokens) / self.rate for b in short)
        for bucket in buckets:
            bucket.tokens -= 1.0
        return 0.0

    def _bucket(self, key: str, now: float) -> Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = Bucket(tokens=self.burst, updated=now)
            self._buckets[key] = bucket
            if len(self._buckets) > self.max_buckets:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        return bucket


def request_keys(scope: Scope) -> list[str]:
    """The buckets a request draws from: its client address and, if any, its bearer token."""
    client = scope.get("client")
    keys = [f"addr:{client[0] if client else 'unknown'}"]
    authorization = Headers(scope=scope).get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        # Only a digest is kept in memory, never the token itself.
        digest = hashlib.sha256(credential.strip().encode("utf-8")).hexdigest()[:32]
        keys.append(f"token:{digest}")
    return keys


class RateLimitMiddleware:
    """Answer 429 with ``Retry-After`` once a caller's bucket is empty (only on ``paths``)."""

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
        wait = self.limiter.take(request_keys(scope))
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
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode("ascii")),
                    (b"content-language", language.encode("ascii")),
                    (b"retry-after", str(seconds).encode("ascii")),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
