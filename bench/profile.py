"""``python -m bench.profile --size 10k --query Q2``: where a hub request spends its time.

Runs requests of one benchmark query through the hub in-process (ASGI, no server, one at a time)
under pyinstrument, over the benchmark's Neo4j and graph (``bench/.state/<size>``), and prints the
call tree. Add ``--html out.html`` for pyinstrument's interactive page. The time spent waiting for
Neo4j shows up under the driver; ``PROFILE`` of the statements themselves is in ``bench.run``.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import httpx
from pyinstrument import Profiler

from bench import generate, workload
from bench.run import STATE, _prepare, _settings
from graph.client import GraphClient, create_driver
from graph.local import Endpoint, LocalNeo4j
from nordhub.app import create_app


async def _profile(endpoint: Endpoint, args: argparse.Namespace, token: str) -> Profiler:
    total = generate.SIZES[args.size]
    (bench,) = [b for b in workload.benchmarks(total) if b.name == args.query]
    headers = {} if bench.peer else {"Authorization": f"Bearer {token}"}
    graph = GraphClient(create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j")
    app = create_app(_settings(endpoint), graph=graph)
    profiler = Profiler(interval=0.0005, async_mode="enabled")
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://hub"
            ) as client,
        ):
            requests = bench.requests[: args.warmup + args.requests]
            for n, request in enumerate(requests):
                if n == args.warmup:
                    profiler.start()
                response = await client.post(
                    "/graphql",
                    json=request.hub,
                    headers={"Accept-Language": request.language, **headers},
                )
                if response.json().get("errors"):
                    raise RuntimeError(response.text)
            profiler.stop()
    finally:
        await graph.close()
    return profiler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.profile", description=__doc__)
    parser.add_argument("--size", choices=sorted(generate.SIZES), default="10k")
    parser.add_argument("--query", choices=["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"], default="Q2")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--html", type=Path)
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args(argv)
    home = STATE / args.size
    home.mkdir(parents=True, exist_ok=True)
    server = LocalNeo4j(home / "neo4j", heap="1g", page_cache_mib=1024)
    endpoint = server.start()
    try:
        _, token = asyncio.run(_prepare(endpoint, generate.SIZES[args.size]))
        profiler = asyncio.run(_profile(endpoint, args, token))
    finally:
        server.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=args.all))
    if args.html is not None:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
