"""A circuit breaker for the graph: once Neo4j is found unreachable, fail at once for a moment.

Without it every graph call of a request would wait out the driver's own retries on its own, and
a request that makes several calls (look up the caller's token, then write) could use up the
whole request timeout while the server is down. With it, the first call that finds the server
gone opens the breaker for ``cooldown_s``; calls meanwhile raise :class:`GraphUnavailable`
without touching the network, and the first call after that tries the server again (a success
closes the breaker, a failure opens it anew). Readiness probes go around it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from graph.errors import GraphUnavailable


class Breaker:
    __slots__ = ("_clock", "_open_until", "_reason", "cooldown_s")

    def __init__(
        self, cooldown_s: float = 1.0, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._open_until = 0.0
        self._reason = ""

    @property
    def is_open(self) -> bool:
        return self._clock() < self._open_until

    def check(self) -> None:
        """Raise :class:`GraphUnavailable` while the breaker is open."""
        if self.is_open:
            raise GraphUnavailable(f"the graph was unreachable moments ago: {self._reason}")

    def failed(self, reason: str) -> None:
        self._open_until = self._clock() + self.cooldown_s
        self._reason = reason

    def succeeded(self) -> None:
        self._open_until = 0.0
