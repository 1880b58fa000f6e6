"""``python -m bench.run --size 10k`` (``make bench``): the hub next to its peer and the floor.

Steps: start a Neo4j of its own (store kept in ``bench/.state/<size>`` so a size is generated
once), migrate, seed, generate the synthetic graph (and its projects), PROFILE one search, start
the peer (``bench/peer``: @neo4j/graphql on @apollo/server, one Node process) and the hub with as
many workers as the peer has processes (equal terms), plus a second hub with the projection read
path off (plain strawberry execution, to show what the design gains), over the same database;
record the floor (the hub's own statements per request, see :mod:`bench.floor`), then for each
query Q1..Q6 run hub, strawberry, peer and floor in alternating rounds with the same concurrency,
duration and varied requests. Results: ``bench/results/bench-<size>.json`` and ``.md``; round
trips per request and peak RSS per process.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from neo4j import AsyncDriver

from bench import floor, generate, servers, workload
from bench.load import LoadResult, Samples, run_load
from graph.client import GraphClient, create_driver
from graph.local import Endpoint, LocalNeo4j
from graph.migrate import migrate
from graph.queries import lookup
from graph.seed import load_seed
from graph.vocabulary import AccessRole
from nordhub.settings import Neo4jSettings, Settings
from nordhub.token_cli import issue

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
STATE = BENCH / ".state"

PEER_PROCESSES = 1
"""The peer is one Node process (as @neo4j/graphql serves it); the hub gets as many workers."""

ALL_QUERIES = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]

RECORDED = 200
"""Requests per query recorded for the floor (replayed cyclically)."""


def _operators(plan: dict[str, Any]) -> list[dict[str, Any]]:
    args = plan.get("args", {})
    found = [
        {
            "operator": plan["operatorType"].split("@")[0],
            "details": str(args.get("Details", ""))[:160],
            "rows": args.get("Rows"),
            "dbHits": args.get("DbHits"),
        }
    ]
    for child in plan.get("children", []):
        found.extend(_operators(child))
    return found


async def _profile(driver: AsyncDriver, sample: workload.Lookup) -> list[dict[str, Any]]:
    _, summary, _ = await driver.execute_query(lookup.PROFILE_WHERE_OFFERED, {"p": sample.params()})
    plan = summary.profile or summary.plan
    assert plan is not None
    return [
        op
        for op in _operators(plan)
        if "Index" in op["operator"] or "Procedure" in op["operator"] or "Scan" in op["operator"]
    ]


async def _prepare(endpoint: Endpoint, total: int) -> tuple[dict[str, float] | None, str]:
    """Migrate, seed, generate what is missing; a coordinator token for Q5."""
    client = GraphClient(create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j")
    try:
        await migrate(client)
        await load_seed(client)
        timings: dict[str, float] = {}
        if not await generate.generated(client, total):
            timings.update(await generate.generate(client, total))
        if not await generate.projects_generated(client, total):
            timings.update(await generate.generate_projects(client, total))
        await generate.appoint_secretariat(client)
        token, _ = await issue(client, "org:bench-0", AccessRole.COORDINATOR, "bench")
        return timings or None, token
    finally:
        await client.close()


@dataclass(slots=True)
class Measured:
    """One path's samples over all rounds, and the round trips it made."""

    samples: Samples = field(default_factory=Samples)
    trips: list[float] = field(default_factory=list)


async def _http(
    url: str,
    bodies: list[tuple[dict[str, Any], dict[str, str]]],
    args: argparse.Namespace,
    trips: list[float],
) -> tuple[Samples, int]:
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    calls = 0
    async with httpx.AsyncClient(limits=limits, timeout=60.0) as client:

        async def call(item: tuple[dict[str, Any], dict[str, str]]) -> None:
            nonlocal calls
            calls += 1
            response = await client.post(url, json=item[0], headers=item[1])
            body = response.json()
            if response.status_code != 200 or body.get("errors"):
                raise RuntimeError(str(body.get("errors")))
            cypher = (body.get("extensions") or {}).get("cypher")
            if cypher is not None:
                trips.append(cypher["roundTrips"])

        samples = await run_load(
            call, bodies, concurrency=args.concurrency, duration_s=args.duration / args.rounds
        )
    return samples, calls


async def _floor(
    driver: AsyncDriver, recorded: list[list[floor.Group]], args: argparse.Namespace
) -> Samples:
    async def call(groups: list[floor.Group]) -> None:
        await floor.replay(driver, groups)

    return await run_load(
        call, recorded, concurrency=args.concurrency, duration_s=args.duration / args.rounds
    )


def _settings(endpoint: Endpoint) -> Settings:
    return Settings(
        neo4j=Neo4jSettings(uri=endpoint.uri, user=endpoint.user, password=endpoint.password),
        state_dir=Path(tempfile.mkdtemp(prefix="nordhub-bench-")),
        migrate_on_start=False,
        graphiql=False,
    )


async def _measure(
    endpoint: Endpoint, args: argparse.Namespace, total: int, token: str
) -> dict[str, Any]:
    chosen = [b for b in workload.benchmarks(total) if b.name in args.queries]
    driver = create_driver(endpoint.uri, endpoint.user, endpoint.password)
    auth = {"Authorization": f"Bearer {token}"}
    results: dict[str, Any] = {}
    try:
        profile = await _profile(driver, workload.lookups(total)[0])
        recorded: dict[str, list[list[floor.Group]]] = {}
        for bench in chosen:
            bodies = [
                (r.hub, {"Accept-Language": r.language, **(auth if not bench.peer else {})})
                for r in bench.requests[:RECORDED]
            ]
            recorded[bench.name] = await floor.record(_settings(endpoint), driver, bodies)
        load_before = os.getloadavg()[0]
        state = STATE / args.size
        plain = {"NORDHUB_COMPILE_QUERIES": "false"}
        with (
            servers.hub(endpoint, workers=args.workers, log=state / "hub.log") as hub,
            servers.hub(
                endpoint, workers=args.workers, log=state / "strawberry.log", environ=plain
            ) as strawberry,
            servers.peer(endpoint, log=state / "peer.log") as peer,
        ):
            for bench in chosen:
                hub_bodies = [
                    (r.hub, {"Accept-Language": r.language, **(auth if not bench.peer else {})})
                    for r in bench.requests
                ]
                peer_bodies = [
                    (r.peer, {"Accept-Language": r.language})
                    for r in bench.requests
                    if r.peer is not None
                ]
                paths = {"hub": Measured(), "strawberry": Measured(), "floor": Measured()}
                if bench.peer:
                    paths["peer"] = Measured()
                # Alternate short rounds so a noisy neighbour hurts every path alike.
                for _ in range(args.rounds):
                    for name, served in (("hub", hub), ("strawberry", strawberry)):
                        samples, _ = await _http(served.url, hub_bodies, args, paths[name].trips)
                        paths[name].samples.add(samples)
                    if bench.peer:
                        before = servers.peer_statements(peer)
                        samples, calls = await _http(peer.url, peer_bodies, args, [])
                        sent = servers.peer_statements(peer) - before
                        paths["peer"].samples.add(samples)
                        paths["peer"].trips.append(sent / max(calls, 1))
                    paths["floor"].samples.add(await _floor(driver, recorded[bench.name], args))
                paths["floor"].trips = [
                    float(sum(len(g.statements) for g in groups)) for groups in recorded[bench.name]
                ]
                results[bench.name] = {
                    "title": bench.title,
                    **{
                        name: {
                            **LoadResult.of(path.samples).as_dict(),
                            "roundTrips": round(statistics.fmean(path.trips), 2)
                            if path.trips
                            else None,
                        }
                        for name, path in paths.items()
                    },
                }
                print(bench.name, json.dumps(results[bench.name]), flush=True)
            memory = {
                "hub": hub.peak_rss_mib(),
                "strawberry": strawberry.peak_rss_mib(),
                "peer": peer.peak_rss_mib(),
            }
        load_after = os.getloadavg()[0]
    finally:
        await driver.close()
    for entry in results.values():
        hub_run, floor_run, peer_run = entry["hub"], entry["floor"], entry.get("peer")
        entry["ratios"] = {
            "hubStrawberryThroughput": _ratio(
                hub_run["throughput"], entry["strawberry"]["throughput"]
            ),
            "hubPeerThroughput": _ratio(hub_run["throughput"], peer_run["throughput"])
            if peer_run
            else None,
            "hubPeerP50": _ratio(hub_run["p50_ms"], peer_run["p50_ms"]) if peer_run else None,
            "hubFloorP50": _ratio(hub_run["p50_ms"], floor_run["p50_ms"]),
            "hubFloorThroughput": _ratio(hub_run["throughput"], floor_run["throughput"]),
        }
    return {
        "queries": results,
        "peakRssMiB": memory,
        "loadAverage": {"before": round(load_before, 1), "after": round(load_after, 1)},
        "profile": profile,
    }


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else 0.0


def _cell(run: dict[str, Any] | None, key: str) -> str:
    return "–" if run is None or run.get(key) is None else str(run[key])


def _markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# nordhub vs @neo4j/graphql vs the driver at {result['size']} "
        f"({result['nodes']} synthetic nodes + seed)",
        "",
        f"{result['date']}, {result['machine']}; hub workers: {result['workers']} (uvicorn), "
        f"peer processes: {result['peerProcesses']} (Node); concurrency "
        f"{result['concurrency']}; {result['duration_s']} s per path and query in "
        f"{result['rounds']} alternating rounds (hub, strawberry = the hub with its projection "
        "read path off, peer, floor), each after a 3 s warm-up. Machine load average "
        f"{result['loadAverage']['before']} before, {result['loadAverage']['after']} after "
        f"({result['sharing']}: figures are noisy).",
        "",
        "| query | path | requests | errors | p50 ms | p99 ms | req/s | round trips |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, entry in result["queries"].items():
        for path in ("hub", "strawberry", "peer", "floor"):
            run = entry.get(path)
            if run is None:
                continue
            lines.append(
                f"| {name} {entry['title']} | {path} | {run['requests']} | {run['errors']} | "
                f"{run['p50_ms']} | {run['p99_ms']} | {run['throughput']} | "
                f"{_cell(run, 'roundTrips')} |"
            )
    lines += [
        "",
        "| query | throughput hub/peer | p50 hub/peer | p50 hub/floor | throughput hub/floor "
        "| throughput hub/strawberry |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, entry in result["queries"].items():
        r = entry["ratios"]
        lines.append(
            f"| {name} | {_cell(r, 'hubPeerThroughput')} | {_cell(r, 'hubPeerP50')} | "
            f"{r['hubFloorP50']} | {r['hubFloorThroughput']} | {r['hubStrawberryThroughput']} |"
        )
    lines += ["", "Peak RSS (MiB, VmHWM per process):", ""]
    for server, peaks in result["peakRssMiB"].items():
        lines.append(f"- {server}: " + ", ".join(f"{p}: {v}" for p, v in peaks.items()))
    lines += [
        "",
        "Generation (s): " + json.dumps(result["generation"])
        if result["generation"]
        else "Generation: reused the stored graph.",
        "",
        "## Indexes used by Q1 (PROFILE of one search)",
        "",
        "| operator | details | rows | db hits |",
        "|---|---|---:|---:|",
    ]
    for op in result["profile"]:
        details = op["details"].replace("|", "\\|")
        lines.append(f"| {op['operator']} | `{details}` | {op['rows']} | {op['dbHits']} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.run", description=__doc__)
    parser.add_argument("--size", choices=sorted(generate.SIZES), default="10k")
    parser.add_argument(
        "--workers",
        type=int,
        default=PEER_PROCESSES,
        help="hub workers; the default matches the peer's processes (equal terms)",
    )
    parser.add_argument(
        "--sharing",
        default=os.environ.get("BENCH_SHARING", "2 cores shared with other work"),
        help="what else ran on the machine, for the results' note",
    )
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per path and query")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per path")
    parser.add_argument("--queries", nargs="+", default=ALL_QUERIES)
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--page-cache-mib", type=int, default=1024)
    args = parser.parse_args(argv)
    total = generate.SIZES[args.size]
    home = STATE / args.size
    home.mkdir(parents=True, exist_ok=True)
    server = LocalNeo4j(home / "neo4j", heap=args.heap, page_cache_mib=args.page_cache_mib)
    endpoint = server.start()
    try:
        timings, token = asyncio.run(_prepare(endpoint, total))
        measured = asyncio.run(_measure(endpoint, args, total, token))
    finally:
        server.stop()
    result = {
        "size": args.size,
        "nodes": total,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}",
        "workers": args.workers,
        "peerProcesses": PEER_PROCESSES,
        "sharing": args.sharing,
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "generation": timings,
        **measured,
    }
    RESULTS.mkdir(exist_ok=True)
    everything = sorted(args.queries) == ALL_QUERIES
    name = f"bench-{args.size}" + ("" if everything else "-" + "-".join(args.queries).lower())
    (RESULTS / f"{name}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    markdown = _markdown(result)
    (RESULTS / f"{name}.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
