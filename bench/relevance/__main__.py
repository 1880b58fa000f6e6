"""``python -m bench.relevance`` (``make relevance``): score the lookup on the judged query set.

Without ``--url`` it starts a Neo4j of its own in a temporary folder, migrates and seeds it and
asks an in-process hub; with ``--url`` it asks a running hub (for example ``make run``'s). It
prints the table and, with ``--write``, stores it as ``bench/relevance/results.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path

import httpx

from bench.relevance import WHERE_OFFERED, Answer, JudgedQuery, Report, answer_of, evaluate, render
from graph.client import GraphClient, create_driver
from graph.local import LocalNeo4j
from graph.migrate import migrate
from graph.seed import load_seed
from nordhub.app import create_app
from nordhub.settings import Neo4jSettings, Settings

HERE = Path(__file__).resolve().parent


@asynccontextmanager
async def _own_hub() -> AsyncIterator[httpx.AsyncClient]:
    with tempfile.TemporaryDirectory(prefix="nordhub-relevance-") as folder:
        server = LocalNeo4j(Path(folder) / "neo4j", heap="1g", page_cache_mib=256)
        endpoint = server.start()
        try:
            client = GraphClient(
                create_driver(endpoint.uri, endpoint.user, endpoint.password), "neo4j"
            )
            await migrate(client)
            await load_seed(client)
            settings = Settings(
                neo4j=Neo4jSettings(
                    uri=endpoint.uri, user=endpoint.user, password=endpoint.password
                ),
                state_dir=Path(folder) / "state",
                migrate_on_start=False,
            )
            app = create_app(settings, graph=client)
            transport = httpx.ASGITransport(app=app)
            async with (
                app.router.lifespan_context(app),
                httpx.AsyncClient(transport=transport, base_url="http://hub") as http,
            ):
                yield http
            await client.close()
        finally:
            server.stop()


@asynccontextmanager
async def _remote(url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=url.removesuffix("/graphql"), timeout=30) as http:
        yield http


async def _run(url: str | None) -> Report:
    async with _remote(url) if url else _own_hub() as http:

        async def ask(query: JudgedQuery) -> Answer:
            response = await http.post(
                "/graphql",
                json={
                    "query": WHERE_OFFERED,
                    "variables": {"text": query.text, "code": query.code},
                },
                headers={"Accept-Language": query.language},
            )
            return answer_of(response.json())

        return await evaluate(ask)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__)
    parser.add_argument("--url", help="a running hub, e.g. http://127.0.0.1:8000/graphql")
    parser.add_argument("--write", action="store_true", help="store results.md and results.json")
    parser.add_argument("--title", default="Relevance of whereOffered")
    args = parser.parse_args()
    report = asyncio.run(_run(args.url))
    text = render(report, title=args.title)
    print(text)
    if args.write:
        (HERE / "results.md").write_text(text, encoding="utf-8")
        (HERE / "results.json").write_text(
            json.dumps(
                {
                    "overall": asdict(report.overall) if report.overall else None,
                    "byLanguage": {k: asdict(v) for k, v in report.by_language.items()},
                    "byClass": {k: asdict(v) for k, v in report.by_class.items()},
                    "queries": [
                        {
                            "id": s.query.id,
                            "precisionAt5": s.precision_at_5,
                            "recall": s.recall,
                            "ndcgAt10": s.ndcg_at_10,
                            "returned": list(s.answer.services),
                            "suggestions": s.answer.suggestions,
                            "forbiddenReturned": list(s.forbidden_returned),
                        }
                        for s in report.scored
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
