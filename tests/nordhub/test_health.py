import httpx

from graph.client import GraphClient, create_driver
from graph.local import free_port
from nordhub.app import create_app
from nordhub.settings import Settings


async def test_live_and_ready(hub: httpx.AsyncClient) -> None:
    live = await hub.get("/health/live")
    assert live.status_code == 200 and live.json() == {"status": "live"}
    ready = await hub.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_not_ready_while_neo4j_does_not_answer(settings: Settings) -> None:
    port = free_port()
    dead = GraphClient(
        create_driver(f"bolt://127.0.0.1:{port}", "neo4j", "x", connection_timeout_s=1),
        "neo4j",
    )
    app = create_app(settings, graph=dead)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://hub"
            ) as client,
        ):
            ready = await client.get("/health/ready")
            assert ready.status_code == 503
            assert ready.json()["status"] == "unavailable"
            # Where the database lives is nobody's business but the log's.
            assert str(port) not in ready.text and "127.0.0.1" not in ready.text
            assert (await client.get("/health/live")).status_code == 200
            response = await client.post(
                "/graphql",
                json={"query": "{ countries { code } }"},
                headers={"Accept-Language": "nb"},
            )
            body = response.json()
            assert str(port) not in response.text and "bolt" not in response.text
            assert body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert body["errors"][0]["message"].startswith("Grafdatabasen svarer ikke")
    finally:
        await dead.close()


async def test_not_ready_until_migrated(graph: GraphClient, settings: Settings) -> None:
    await graph.write("MATCH (m:Migration {version: 3}) SET m.version = -3")
    try:
        app = create_app(settings, graph=graph)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://hub"
            ) as client,
        ):
            ready = await client.get("/health/ready")
            assert ready.status_code == 503
            assert ready.json()["status"] == "migrating"
    finally:
        await graph.write("MATCH (m:Migration {version: -3}) SET m.version = 3")
