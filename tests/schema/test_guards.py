"""No single request stalls the others: against a real uvicorn server process, ``/health/live``
answers within 100 ms while the introspection bomb is refused and while the most expensive
introspection the limits accept runs."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.edge import bomb as introspection_bomb
from graph.local import Endpoint
from tests.hub_process import serving

pytestmark = pytest.mark.slow

LIVE_WITHIN_S = 0.1
ATTEMPTS = 5
"""On a machine shared with other work the hub may be off the CPU for a while whatever it does:
each attempt also probes the idle hub for as long, and one attempt in five must keep every probe
within 100 ms of the idle hub's slowest (before slicing, the loop stalled 170-340 ms of CPU)."""


@contextmanager
def probing(url: str) -> Iterator[list[float]]:
    """Ask ``/health/live`` every 10 ms from another thread; yields the latencies seen."""
    latencies: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        with httpx.Client(base_url=url, timeout=5) as client:
            while not stop.is_set():
                started = time.perf_counter()
                assert client.get("/health/live").status_code == 200
                latencies.append(time.perf_counter() - started)
                stop.wait(0.01)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    try:
        time.sleep(0.2)  # a warm connection before the heavy request
        yield latencies
    finally:
        stop.set()
        thread.join(10)


def _post(url: str, query: str) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    response = httpx.post(f"{url}/graphql", json={"query": query}, timeout=60)
    return response.json(), time.perf_counter() - started


def test_health_answers_within_100_ms_while_the_worst_accepted_request_runs(
    neo4j_endpoint: Endpoint, graph: Any, tmp_path: Path
) -> None:
    with serving(neo4j_endpoint, tmp_path) as hub:
        # The most copies of the full introspection fragment that the cost limit lets through.
        accepted = 1
        while "errors" not in _post(hub.url, introspection_bomb(accepted + 1))[0]:
            accepted += 1
        assert accepted >= 2
        for query, refused in (
            (introspection_bomb(300), True),
            (introspection_bomb(accepted), False),
        ):
            stalls: list[tuple[float, float]] = []
            for _ in range(ATTEMPTS):
                with probing(hub.url) as latencies:
                    body, seconds = _post(hub.url, query)
                    time.sleep(0.05)
                assert ("errors" in body) is refused, str(body)[:300]
                assert len(latencies) >= 5
                with probing(hub.url) as idle:
                    time.sleep(seconds)
                stalls.append((max(latencies), max(idle)))
                if max(latencies) < LIVE_WITHIN_S + max(idle):
                    break
            assert any(busy < LIVE_WITHIN_S + calm for busy, calm in stalls), (stalls, seconds)
        assert "Traceback" not in hub.log.read_text()
