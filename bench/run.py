"""``python -m bench.run --size 10k``: whereOffered through HTTP next to the same Cypher through
the driver (the floor), at one graph size; results to ``bench/results/lookup-<size>.{json,md}``.

Steps: start a Neo4j of its own (store kept in ``bench/.state/<size>`` so a size is generated
once), migrate, seed, generate the synthetic graph, PROFILE one search, start the hub with N
workers, then run the same varied workload through HTTP and through the driver, one after the
other, with the same concurrency and duration.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
from pathlib import Path
from typing import Any

import httpx
from neo4j import AsyncDriver

from bench import generate, servers, workload
from bench.load import LoadResult, Samples, run_load
from graph.client import GraphClient, create_driver
from graph.local import Endpoint, LocalNeo4j
from graph.migrate import migrate
from graph.queries import lookup
from graph.seed import load_seed

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
STATE = BENCH / ".state"

KNOWN_COSTS = (
    "About 17 ms of each HTTP request is spent in strawberry's validation extensions "
    "(QueryDepthLimiter, MaxAliasesLimiter, MaxTokensLimiter re-walk the document per request). "
    "Measured, noted, not fixed here."
)


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


async def _prepare(endpoint: Endpoint, total: int) -> dict[str, float] | None:
    client = GraphClient(create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j")
    try:
        await migrate(client)
        await load_seed(client)
        if await generate.generated(client, total):
            return None
        return await generate.generate(client, total)
    finally:
        await client.close()


async def _http(
    url: str, work: list[workload.Lookup], args: argparse.Namespace, duration: float
) -> Samples:
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:

        async def call(item: workload.Lookup) -> None:
            response = await client.post(
                url,
                json={"query": workload.QUERY, "variables": item.variables()},
                headers={"Accept-Language": item.language},
            )
            body = response.json()
            if response.status_code != 200 or body.get("errors"):
                raise RuntimeError(str(body.get("errors")))

        return await run_load(call, work, concurrency=args.concurrency, duration_s=duration)


async def _driver(
    driver: AsyncDriver, work: list[workload.Lookup], args: argparse.Namespace, duration: float
) -> Samples:
    params = [item.params() for item in work]

    async def call(p: dict[str, Any]) -> None:
        records, _, _ = await driver.execute_query(
            lookup.WHERE_OFFERED, {"p": p}, routing_="r", database_="neo4j"
        )
        assert len(records) == 1

    return await run_load(call, params, concurrency=args.concurrency, duration_s=duration)


async def _measure(endpoint: Endpoint, args: argparse.Namespace, total: int) -> dict[str, Any]:
    work = workload.lookups(total)
    driver = create_driver(endpoint.uri, endpoint.user, endpoint.password)
    try:
        profile = await _profile(driver, work[0])
        http, floor = Samples(), Samples()
        load_before = os.getloadavg()[0]
        with servers.hub(endpoint, workers=args.workers, log=STATE / args.size / "hub.log") as url:
            # Alternate short rounds so a noisy neighbour hurts both paths alike.
            per_round = args.duration / args.rounds
            for _ in range(args.rounds):
                http.add(await _http(url, work, args, per_round))
                floor.add(await _driver(driver, work, args, per_round))
        load_after = os.getloadavg()[0]
    finally:
        await driver.close()
    return {
        "http": LoadResult.of(http).as_dict(),
        "driver": LoadResult.of(floor).as_dict(),
        "loadAverage": {"before": round(load_before, 1), "after": round(load_after, 1)},
        "profile": profile,
        "sample": {
            "language": work[0].language,
            "treatment": work[0].treatment,
            "code": work[0].code,
        },
    }


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else 0.0


def _markdown(result: dict[str, Any]) -> str:
    http, floor = result["http"], result["driver"]
    lines = [
        f"# whereOffered at {result['size']} ({result['nodes']} synthetic nodes + seed)",
        "",
        f"{result['date']}, {result['machine']}; hub workers: {result['workers']}, "
        f"concurrency: {result['concurrency']}; {result['duration_s']} s per path in "
        f"{result['rounds']} alternating rounds, each after a 3 s warm-up; one varied workload "
        "(text in seven languages with typos, ICD-10 categories and subcodes) for both paths. "
        f"Machine load average {result['loadAverage']['before']} before, "
        f"{result['loadAverage']['after']} after (2 cores shared with other work).",
        "",
        "| path | requests | errors | p50 ms | p90 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in (("HTTP /graphql", http), ("driver (floor)", floor)):
        lines.append(
            f"| {name} | {run['requests']} | {run['errors']} | {run['p50_ms']} | "
            f"{run['p90_ms']} | {run['p99_ms']} | {run['throughput']} |"
        )
    ratios = result["ratios"]
    lines += [
        "",
        f"Ratios HTTP / driver: p50 {ratios['p50']}×, p99 {ratios['p99']}×, "
        f"throughput {ratios['throughput']}× of the floor.",
        "",
        "Generation (s): " + json.dumps(result["generation"])
        if result["generation"]
        else "Generation: reused the stored graph.",
        "",
        "## Indexes used (PROFILE of one search)",
        "",
        f"Sample: `{json.dumps(result['sample'], ensure_ascii=False)}`",
        "",
        "| operator | details | rows | db hits |",
        "|---|---|---:|---:|",
    ]
    for op in result["profile"]:
        details = op["details"].replace("|", "\\|")
        lines.append(f"| {op['operator']} | `{details}` | {op['rows']} | {op['dbHits']} |")
    lines += ["", "## Known costs", "", KNOWN_COSTS, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.run", description=__doc__)
    parser.add_argument("--size", choices=sorted(generate.SIZES), default="10k")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per path")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per path")
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--page-cache-mib", type=int, default=1024)
    args = parser.parse_args(argv)
    total = generate.SIZES[args.size]
    home = STATE / args.size
    home.mkdir(parents=True, exist_ok=True)
    server = LocalNeo4j(home / "neo4j", heap=args.heap, page_cache_mib=args.page_cache_mib)
    endpoint = server.start()
    try:
        timings = asyncio.run(_prepare(endpoint, total))
        measured = asyncio.run(_measure(endpoint, args, total))
    finally:
        server.stop()
    http, floor = measured["http"], measured["driver"]
    result = {
        "size": args.size,
        "nodes": total,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "workers": args.workers,
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "generation": timings,
        **measured,
        "ratios": {
            "p50": _ratio(http["p50_ms"], floor["p50_ms"]),
            "p99": _ratio(http["p99_ms"], floor["p99_ms"]),
            "throughput": _ratio(http["throughput"], floor["throughput"]),
        },
        "knownCosts": KNOWN_COSTS,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"lookup-{args.size}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    markdown = _markdown(result)
    (RESULTS / f"lookup-{args.size}.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
