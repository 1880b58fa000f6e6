"""``python -m bench.edge --label after [--tree PATH]``: the HTTP edge measured from outside.

Runs a tree's own ``nordhub serve`` (this repository, or another checkout given with ``--tree``,
e.g. main before a change, with ``gateway/node_modules`` linked in) over a Neo4j of its own, and
its own ``gateway/gateway.mjs``, and measures:

1. **the introspection bomb** (300 aliased ``__schema { ...F }``, about 7 KB, anonymous, default
   settings, one worker): status and code, seconds, answer bytes, the slowest ``/health/live``
   asked every 10 ms meanwhile, the worker's RSS before and after;
2. **the rate limit behind the gateway with two workers** (production mode, ``--per-minute``
   requests a minute): a first caller sends three times the limit through the gateway, a second
   caller then sends one; then one address sends three times the limit straight to the hub over
   new connections (both workers accept them). The tree gets the settings it knows: this tree
   trusts the gateway and keeps its counters in a Redis started here;
3. **the largest ``_entities`` batch through the gateway**: the test partner (this repository's
   ``gateway/partner-se.mjs``) lists N rows naming the hub's services, so the gateway asks the hub
   for N ``Service`` entities at once; N from 500 to 10 000.

Results: ``bench/results/edge-<label>.json`` (and printed). Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench import servers
from graph.local import LocalNeo4j, free_port
from nordhub import gateway as harness

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
BATCHES = (500, 900, 1000, 2000, 5000, 10_000)
FRAGMENT = """
fragment F on __Schema {
  queryType { name } mutationType { name }
  types { kind name description
    fields(includeDeprecated: true) { name args { name type { name kind ofType { name kind } } }
      type { name kind ofType { name kind ofType { name kind } } } }
    inputFields { name type { name kind ofType { name kind } } }
    interfaces { name } enumValues(includeDeprecated: true) { name } possibleTypes { name } }
  directives { name locations args { name type { name kind ofType { name kind } } } }
}
"""


def bomb(copies: int = 300) -> str:
    """The issue's bomb: one request with ``copies`` aliased ``__schema { ...F }``."""
    return "{ " + " ".join(f"s{i}: __schema {{ ...F }}" for i in range(copies)) + " }" + FRAGMENT


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def node_gateway(tree: Path, subgraphs: list[tuple[str, str]]) -> Iterator[str]:
    """The tree's own gateway.mjs over ``subgraphs``."""
    config = {"subgraphs": [{"name": n, "url": u} for n, u in subgraphs], "port": 0}
    node = shutil.which("node")
    assert node is not None, "Node 20 is needed for the gateway"
    process = subprocess.Popen(  # noqa: S603 - our own script, arguments are not shell-parsed
        [node, "gateway.mjs", "--config", json.dumps(config)],
        cwd=tree / "gateway",
        env={**os.environ, "APOLLO_TELEMETRY_DISABLED": "1"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        for raw in process.stdout:
            line = raw.decode().strip()
            if line.startswith("{"):
                announced = json.loads(line)
                break
        yield str(announced["url"])
    finally:
        process.stdin.close()
        process.wait(30)


def measure_bomb(url: str, pid: int) -> dict[str, Any]:
    latencies: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            while not stop.is_set():
                started = time.perf_counter()
                client.get("/health/live")
                latencies.append(time.perf_counter() - started)
                stop.wait(0.01)

    rss_before = _rss_mib(pid)
    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    time.sleep(0.3)
    body = json.dumps({"query": bomb()}).encode()
    started = time.perf_counter()
    response = httpx.post(
        f"{url}/graphql", content=body, headers={"Content-Type": "application/json"}, timeout=300
    )
    seconds = time.perf_counter() - started
    time.sleep(0.2)
    stop.set()
    thread.join(130)
    try:
        codes = [e.get("extensions", {}).get("code") for e in response.json().get("errors", [])]
    except ValueError:
        codes = ["(not JSON)"]
    return {
        "request_bytes": len(body),
        "status": response.status_code,
        "codes": sorted(set(codes)),
        "seconds": round(seconds, 3),
        "response_bytes": len(response.content),
        "health_live_max_ms": round(1000 * max(latencies), 1),
        "health_live_probes": len(latencies),
        "rss_mib_before": round(rss_before, 1),
        "rss_mib_after": round(_rss_mib(pid), 1),
    }


def _client(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def measure_rate_limit(tree: Path, hub_url: str, per_minute: int) -> dict[str, Any]:
    query = {"query": "{ countries { code } }"}
    result: dict[str, Any] = {"per_minute": per_minute}
    with node_gateway(tree, [("nordhub", f"{hub_url}/graphql")]) as gateway_url:
        with _client("127.0.0.2") as first:
            answers = [first.post(gateway_url, json=query) for _ in range(3 * per_minute)]
        ok = [a for a in answers if a.status_code == 200 and not a.json().get("errors")]
        refused = [a for a in answers if a not in ok]
        result["first_caller_ok"] = len(ok)
        result["first_caller_refused_statuses"] = sorted({a.status_code for a in refused})
        result["first_caller_refused_codes"] = sorted(
            {
                e.get("extensions", {}).get("code")
                for a in refused
                for e in a.json().get("errors", [])
            }
        )
        result["retry_after_passed_on"] = any("retry-after" in a.headers for a in refused)
        port = hub_url.rsplit(":", 1)[1]
        result["internal_address_in_errors"] = any(port in a.text for a in refused)
        with _client("127.0.0.3") as second:
            answer = second.post(gateway_url, json=query)
        result["second_caller_ok"] = answer.status_code == 200 and not answer.json().get("errors")
    with _client("127.0.0.4") as direct:
        statuses = [
            direct.post(
                f"{hub_url}/graphql", json=query, headers={"Connection": "close"}
            ).status_code
            for _ in range(3 * per_minute)
        ]
    result["direct_one_address_ok"] = statuses.count(200)
    return result


def measure_batches(tree: Path, hub_url: str) -> list[dict[str, Any]]:
    services = httpx.post(
        f"{hub_url}/graphql",
        json={
            "query": "{ services(first: 100, includeIllustrative: true) { edges { node { id } } } }"
        },
    ).json()["data"]["services"]["edges"]
    ids = [e["node"]["id"] for e in services]
    query = (
        "query($ids: [ID!]!, $n: Int!) {"
        " referralList(serviceIds: $ids, count: $n) { service { id name } } }"
    )
    found = []
    with (
        harness.partner() as partner,
        node_gateway(tree, [("nordhub", f"{hub_url}/graphql"), ("sweden", partner.url)]) as url,
    ):
        for size in BATCHES:
            started = time.perf_counter()
            response = httpx.post(
                url, json={"query": query, "variables": {"ids": ids, "n": size}}, timeout=300
            )
            seconds = time.perf_counter() - started
            body = response.json()
            rows = (body.get("data") or {}).get("referralList") or []
            named = sum(1 for r in rows if r and r.get("service") and r["service"].get("name"))
            found.append(
                {
                    "entities": size,
                    "answered": named,
                    "codes": sorted(
                        {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
                    ),
                    "seconds": round(seconds, 2),
                }
            )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--per-minute", type=int, default=10)
    parser.add_argument("--redis-server", default="/usr/bin/redis-server")
    parser.add_argument("--parts", default="bomb,batches,rate", help="which measurements")
    args = parser.parse_args()
    tree = args.tree.resolve()
    shared = (tree / "nordhub" / "proxies.py").exists()  # trusted proxies and shared counters
    report: dict[str, Any] = {"label": args.label, "tree": str(tree), "load": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="edge-") as folder:
        state = Path(folder)
        neo4j = LocalNeo4j(state / "neo4j", heap="1g", page_cache_mib=256)
        endpoint = neo4j.start()
        redis = None
        try:
            parts = set(args.parts.split(","))
            with servers.hub(
                endpoint, workers=1, log=state / "hub.log", tree=tree, seed=True, timeout_s=300
            ) as served:
                url = served.url.removesuffix("/graphql")
                if "bomb" in parts:
                    report["bomb"] = measure_bomb(url, served.pid)
                    print(json.dumps(report["bomb"]), flush=True)
                if "batches" in parts:
                    report["batches"] = measure_batches(tree, url)
                    print(json.dumps(report["batches"]), flush=True)
            if "rate" not in parts:
                return _write(report, args.label)
            # Before the change the burst was a token bucket's size: give it the same number.
            burst = 100 if shared else args.per_minute
            environ = {
                "NORDHUB_MODE": "production",
                "NORDHUB_RATE_LIMIT_PER_MINUTE": str(args.per_minute),
                "NORDHUB_RATE_LIMIT_BURST": str(burst),
                "NORDHUB_MIGRATE_ON_START": "false",
            }
            if shared:
                redis_port = free_port()
                redis = subprocess.Popen(  # noqa: S603 - a fixed command line
                    [args.redis_server, "--bind", "127.0.0.1", "--port", str(redis_port),
                     "--save", "", "--appendonly", "no", "--dir", folder],
                    stdout=subprocess.DEVNULL,
                )  # fmt: skip
                time.sleep(0.5)
                environ["NORDHUB_RATE_LIMIT_STORAGE"] = f"redis://127.0.0.1:{redis_port}/0"
                environ["NORDHUB_TRUSTED_PROXIES"] = "127.0.0.1"
            with servers.hub(
                endpoint,
                workers=2,
                log=state / "hub2.log",
                tree=tree,
                environ=environ,
                timeout_s=300,
            ) as served:
                url = served.url.removesuffix("/graphql")
                report["rate_limit"] = measure_rate_limit(tree, url, args.per_minute)
                print(json.dumps(report["rate_limit"]), flush=True)
        finally:
            if redis is not None:
                redis.terminate()
                redis.wait(10)
            neo4j.stop()
    return _write(report, args.label)


def _write(report: dict[str, Any], label: str) -> int:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"edge-{label}.json").write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
