"""Soak: mixed reads and writes from many concurrent clients against a real hub process.

    .venv/bin/python scripts/soak.py [--minutes 10] [--clients 50] [--write-share 0.2]

Starts its own Neo4j (or uses ``NEO4J_URI``) and ``nordhub serve``; each client loops: mostly
reads (a rotation of representative queries), and writes (``createProject`` and ``addLogEntry``
with idempotency keys, as a coordinator) in the given share. Reports requests, errors, latency
p50/p99 of the first and the last minute, and the hub's resident memory at the end of the first
minute (after warm-up) and at the end. Exits 1 on any error or memory growth of 10 % or more.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from hubprocess import Hub, coordinator_token, graph_endpoint, hub_process, workdir

READS = [
    ("{ countries { code name } }", {}),
    (
        """query($first: Int) { services(country: "NO", first: $first) { totalCount
           edges { node { id name status hostedBy { name } sites { location { name city } }
           conditions { name codes { display } } } } } }""",
        {"first": 20},
    ),
    (
        """{ applications(roundYear: 2012) { totalCount edges { node { title
           decision { outcome legalBasis { citation } } } } } }""",
        {},
    ),
    ("""{ qualityRegistries { edges { node { name } } } }""", {}),
    (
        """{ collaborationProjects(first: 10) { totalCount edges { node { id title status
           participants { __typename } } } } }""",
        {},
    ),
    ("""{ node(id: "service:no-retinoblastom") { id ... on Service { name kind } } }""", {}),
]
CREATE_PROJECT = """
mutation($input: CreateProjectInput!, $key: String) {
  createProject(input: $input, idempotencyKey: $key) { replayed project { id version } }
}
"""
ADD_LOG_ENTRY = """
mutation($input: AddLogEntryInput!, $key: String) {
  addLogEntry(input: $input, idempotencyKey: $key) { replayed entry { id } }
}
"""


@dataclass
class Record:
    started: float
    seconds: float
    ok: bool


@dataclass
class Run:
    records: list[Record] = field(default_factory=list)
    memory: list[tuple[float, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def client(
    http: httpx.AsyncClient,
    hub_url: str,
    run: Run,
    until: float,
    write_share: float,
    token: str | None,
) -> None:
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    rng = random.Random()  # noqa: S311 - load mix, not security
    while time.monotonic() < until:
        if token and rng.random() < write_share:
            if run.projects and rng.random() < 0.5:
                query = ADD_LOG_ENTRY
                variables: dict[str, Any] = {
                    "key": f"soak-log-{uuid.uuid4().hex}",
                    "input": {
                        "projectId": rng.choice(run.projects),
                        "kind": "NOTE",
                        "language": "nb",
                        "text": [{"language": "nb", "text": "Statusmøte i soak-testen."}],
                    },
                }
            else:
                key = uuid.uuid4().hex
                query = CREATE_PROJECT
                variables = {
                    "key": f"soak-{key}",
                    "input": {
                        "title": [{"language": "nb", "text": f"Soak-prosjekt {key[:12]}"}],
                        "area": "QUALITY_REGISTRY",
                    },
                }
            headers = auth
        else:
            query, variables = rng.choice(READS)
            headers = {"Accept-Language": rng.choice(["nb", "sv", "da", "fi", "is", "en"])}
        started = time.monotonic()
        ok = False
        try:
            response = await http.post(
                hub_url, json={"query": query, "variables": variables}, headers=headers
            )
            body = response.json()
            ok = response.status_code == 200 and not body.get("errors")
            if not ok:
                run.errors.append(f"{response.status_code} {str(body.get('errors'))[:300]}")
            elif query is CREATE_PROJECT:
                run.projects.append(body["data"]["createProject"]["project"]["id"])
        except (httpx.HTTPError, ValueError) as e:
            run.errors.append(repr(e))
        run.records.append(Record(started, time.monotonic() - started, ok))


async def sample_memory(hub: Hub, run: Run, until: float) -> None:
    while time.monotonic() < until:
        run.memory.append((time.monotonic(), rss_kib(hub.pid)))
        await asyncio.sleep(5)
    run.memory.append((time.monotonic(), rss_kib(hub.pid)))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def soak(
    hub: Hub, minutes: float, clients: int, write_share: float, token: str | None
) -> Run:
    run = Run()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        start = time.monotonic()
        until = start + minutes * 60
        await asyncio.gather(
            sample_memory(hub, run, until),
            *(client(http, hub.url, run, until, write_share, token) for _ in range(clients)),
        )
    run.records.sort(key=lambda r: r.started)
    report(run, start, until)
    return run


def report(run: Run, start: float, until: float) -> None:
    first = [r.seconds for r in run.records if r.started < start + 60]
    last = [r.seconds for r in run.records if r.started >= until - 60]
    after_warmup = min(run.memory, key=lambda m: abs(m[0] - (start + 60)))[1]
    end = run.memory[-1][1]
    total = len(run.records)
    print(f"requests: {total} ({total / (until - start):.0f}/s), errors: {len(run.errors)}")
    print(f"projects created: {len(run.projects)}")
    for name, values in (("first minute", first), ("last minute", last)):
        print(
            f"{name}: {len(values)} requests, p50 {percentile(values, 50) * 1000:.0f} ms, "
            f"p99 {percentile(values, 99) * 1000:.0f} ms, "
            f"mean {statistics.fmean(values) * 1000:.0f} ms"
        )
    growth = (end - after_warmup) / after_warmup * 100
    print(f"hub RSS: {after_warmup / 1024:.1f} MiB after 1 min, {end / 1024:.1f} MiB at the end "
          f"({growth:+.1f} %)")  # fmt: skip
    for error in run.errors[:10]:
        print(" -", error)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--write-share", type=float, default=0.2)
    args = parser.parse_args()
    with workdir() as work, graph_endpoint(work) as endpoint, hub_process(endpoint, work) as hub:
        token = coordinator_token(endpoint, "soak") if args.write_share > 0 else None
        run = asyncio.run(soak(hub, args.minutes, args.clients, args.write_share, token))
    memory = [m for _, m in run.memory]
    growth = (memory[-1] - memory[min(12, len(memory) - 1)]) / memory[min(12, len(memory) - 1)]
    return 1 if run.errors or growth >= 0.10 else 0


if __name__ == "__main__":
    sys.exit(main())
