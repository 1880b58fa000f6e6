"""Closed-loop load: a fixed number of concurrent callers for a fixed time; p50/p99, throughput."""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    throughput: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, samples: Samples) -> LoadResult:
        ordered = sorted(samples.latencies_ms)
        seconds = samples.seconds
        return cls(
            requests=len(ordered),
            errors=samples.errors,
            seconds=round(seconds, 2),
            throughput=round(len(ordered) / seconds, 1) if seconds > 0 else 0.0,
            p50_ms=_percentile(ordered, 0.50),
            p90_ms=_percentile(ordered, 0.90),
            p99_ms=_percentile(ordered, 0.99),
            mean_ms=round(statistics.fmean(ordered), 2) if ordered else 0.0,
        )


@dataclass(slots=True)
class Samples:
    """Raw latencies of one or more runs; rounds of a benchmark add up."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def add(self, other: Samples) -> None:
        self.latencies_ms.extend(other.latencies_ms)
        self.errors += other.errors
        self.seconds += other.seconds


def _percentile(sorted_ms: Sequence[float], q: float) -> float:
    if not sorted_ms:
        return 0.0
    index = min(len(sorted_ms) - 1, max(0, round(q * len(sorted_ms)) - 1))
    return round(sorted_ms[index], 2)


async def run_load(
    call: Callable[[T], Awaitable[None]],
    work: Sequence[T],
    *,
    concurrency: int,
    duration_s: float,
    warmup_s: float = 3.0,
) -> Samples:
    """Run ``call`` over ``work`` (cycled) from ``concurrency`` callers; measure after warm-up."""
    items = itertools.cycle(work)
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    measure_from = start + warmup_s
    stop_at = measure_from + duration_s

    async def caller() -> None:
        nonlocal errors
        while True:
            begun = time.perf_counter()
            if begun >= stop_at:
                return
            try:
                await call(next(items))
            except Exception:
                if begun >= measure_from:
                    errors += 1
                continue
            if begun >= measure_from:
                latencies.append((time.perf_counter() - begun) * 1000)

    await asyncio.gather(*(caller() for _ in range(concurrency)))
    return Samples(latencies, errors, time.perf_counter() - measure_from)
