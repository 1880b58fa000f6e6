from __future__ import annotations

import pytest

from graph.breaker import Breaker
from graph.errors import GraphUnavailable


def test_open_after_a_failure_then_tries_again() -> None:
    now = [0.0]
    breaker = Breaker(cooldown_s=1.0, clock=lambda: now[0])
    breaker.check()
    breaker.failed("connection refused")
    with pytest.raises(GraphUnavailable, match="connection refused"):
        breaker.check()
    now[0] = 1.5
    breaker.check()  # half open: the next call may try the server
    breaker.failed("still refused")
    now[0] = 2.0
    assert breaker.is_open
    breaker.succeeded()
    breaker.check()
