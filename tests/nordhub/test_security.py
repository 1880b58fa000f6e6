"""Production mode: what the hub hides, what it still serves, and the headers it sends."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from graph.client import GraphClient, create_driver
from graph.local import free_port
from nordhub.app import create_app
from nordhub.ratelimit import RateLimiter
from nordhub.settings import Settings, SettingsError
from tests.app import serving


def production(settings: Settings, **environ: str) -> Settings:
    """The session's settings as NORDHUB_MODE=production would give them."""
    configured = Settings.from_env({"NORDHUB_MODE": "production", **environ})
    return dataclasses.replace(configured, neo4j=settings.neo4j, migrate_on_start=False)


@pytest.fixture
async def prod(settings: Settings, graph: GraphClient) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(production(settings), graph) as client:
        yield client


def test_production_is_one_setting() -> None:
    prod = Settings.from_env({"NORDHUB_MODE": "production", "NORDHUB_INTROSPECTION": "true"})
    assert prod.production
    assert not prod.graphiql and not prod.introspection and not prod.expose_query_stats
    assert prod.rate_limit_per_minute == 600
    development = Settings.from_env({})
    assert development.introspection and development.graphiql
    assert development.rate_limit_per_minute == 0


async def test_introspection_is_off_but_the_gateway_still_gets_the_sdl(
    prod: httpx.AsyncClient,
) -> None:
    response = await prod.post(
        "/graphql",
        json={"query": "{ __schema { types { name } } }"},
        headers={"Accept-Language": "sv"},
    )
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
    assert body["errors"][0]["message"] == "Introspektion är avstängd i den här hubben."
    typed = await prod.post("/graphql", json={"query": '{ __type(name: "Service") { name } }'})
    assert typed.json()["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"
    sdl = await prod.post("/graphql", json={"query": "{ _service { sdl } }"})
    assert "type Service" in sdl.json()["data"]["_service"]["sdl"]
    plain = await prod.post("/graphql", json={"query": "{ countries { __typename code } }"})
    assert plain.json()["data"]["countries"][0]["__typename"] == "Country"
    assert "cypher" not in plain.json()["extensions"]


async def test_no_graphiql_in_production(prod: httpx.AsyncClient, hub: httpx.AsyncClient) -> None:
    page = await prod.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in page.text.lower()
    assert page.status_code >= 400
    development = await hub.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" in development.text.lower()


async def test_no_suggestions_in_production(prod: httpx.AsyncClient, gql) -> None:
    response = await prod.post("/graphql", json={"query": "{ countrys { code } }"})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "countrys" in error["message"]
    assert "Did you mean" not in error["message"]
    argument = await prod.post("/graphql", json={"query": '{ country(cod: "NO") { code } }'})
    assert all("Did you mean" not in e["message"] for e in argument.json()["errors"])
    development = await gql("{ countrys { code } }")
    assert "Did you mean" in development.errors[0]["message"]


async def test_internal_errors_are_masked_with_an_id_that_the_log_has(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # A database that does not exist: a fault of the deployment, not of the caller.
    assert settings.neo4j.uri is not None and settings.neo4j.password is not None
    broken = GraphClient(
        create_driver(settings.neo4j.uri, settings.neo4j.user, settings.neo4j.password),
        "no-such-database",
    )
    try:
        async with serving(production(settings), broken) as client:
            with caplog.at_level(logging.ERROR, logger="nordhub.errors"):
                response = await client.post(
                    "/graphql",
                    json={"query": "{ countries { code } }"},
                    headers={"Accept-Language": "nb"},
                )
    finally:
        await broken.close()
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert error["message"] == "Noe gikk galt i huben. Feilen er logget."
    error_id = error["extensions"]["errorId"]
    assert len(error_id) == 32
    assert "no-such-database" not in response.text
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info is not None, "the log has the id and the stack trace"


async def test_security_headers(prod: httpx.AsyncClient, hub: httpx.AsyncClient) -> None:
    response = await prod.post("/graphql", json={"query": "{ countries { code } }"})
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    assert headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert headers["strict-transport-security"].startswith("max-age=")
    assert (await prod.get("/health/live")).headers["x-frame-options"] == "DENY"
    # GraphiQL's page needs its scripts: no strict CSP while it is served.
    assert "content-security-policy" not in (await hub.get("/health/live")).headers


async def test_cors_allows_only_listed_origins(settings: Settings, graph: GraphClient) -> None:
    configured = production(
        settings, NORDHUB_CORS_ORIGINS="https://gateway.example.org, https://nhv.example.se"
    )
    async with serving(configured, graph) as client:
        preflight = {"Access-Control-Request-Method": "POST"}
        allowed = await client.options(
            "/graphql", headers={"Origin": "https://nhv.example.se", **preflight}
        )
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://nhv.example.se"
        refused = await client.options(
            "/graphql", headers={"Origin": "https://evil.example.com", **preflight}
        )
        assert refused.status_code == 400
        assert "access-control-allow-origin" not in refused.headers
        simple = await client.post(
            "/graphql",
            json={"query": "{ countries { code } }"},
            headers={"Origin": "https://evil.example.com"},
        )
        assert "access-control-allow-origin" not in simple.headers


async def test_rate_limit_per_client_address_and_per_token(
    settings: Settings, graph: GraphClient
) -> None:
    limited = production(settings, NORDHUB_RATE_LIMIT_PER_MINUTE="2", NORDHUB_RATE_LIMIT_BURST="5")
    query = {"query": "{ language { code } }"}
    async with serving(limited, graph) as client:
        first = await client.post("/graphql", json=query)
        second = await client.post("/graphql", json=query)
        assert first.status_code == second.status_code == 200
        third = await client.post("/graphql", json=query, headers={"Accept-Language": "fi"})
        assert third.status_code == 429
        assert 1 <= int(third.headers["retry-after"]) <= 60
        error = third.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert error["message"].startswith("Liian monta pyyntöä.")
        assert "data" not in third.json(), "nothing ran"
        # Health checks are never limited.
        assert (await client.get("/health/live")).status_code == 200

    app = create_app(limited, graph=graph)
    async with app.router.lifespan_context(app):

        def from_address(address: str) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app, client=(address, 1234))
            return httpx.AsyncClient(transport=transport, base_url="http://hub")

        token = {"Authorization": "Bearer partner-token-1"}
        for address in ("10.0.0.1", "10.0.0.2"):
            async with from_address(address) as client:
                assert (await client.post("/graphql", json=query, headers=token)).status_code == 200
        async with from_address("10.0.0.3") as client:
            again = await client.post("/graphql", json=query, headers=token)
            assert again.status_code == 429, "the token is over its limit, whatever the address"
            anonymous = await client.post("/graphql", json=query)
            assert anonymous.status_code == 200, "the refused request counted nowhere"


async def test_limits_are_moving_windows_per_key() -> None:
    limiter = RateLimiter(per_minute=3, burst=2)
    assert await limiter.take(["addr:a"]) == 0
    assert await limiter.take(["addr:a"]) == 0
    wait = await limiter.take(["addr:a"])
    assert 0 < wait <= 1.0, "the burst (2 a second) is used up for about a second"
    assert await limiter.take(["addr:b"]) == 0, "each key has its own windows"
    assert await limiter.take(["addr:b", "token:x"]) == 0
    assert await limiter.take(["addr:b", "token:x"]) > 0, "addr:b's burst is used up"
    assert await limiter.take(["token:x"]) == 0, "a refused request counted nowhere"


async def test_a_rate_limit_store_that_does_not_answer_lets_requests_through(
    caplog: pytest.LogCaptureFixture,
) -> None:
    closed = free_port()  # nothing listens there
    limiter = RateLimiter(per_minute=1, burst=1, storage_url=f"redis://127.0.0.1:{closed}/0")
    with caplog.at_level(logging.WARNING, logger="nordhub.ratelimit"):
        assert await limiter.take(["addr:a"]) == 0
        assert await limiter.take(["addr:a"]) == 0
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "let through" in warnings[0].getMessage()


def test_rate_limit_storage_and_proxies_are_checked_at_start() -> None:
    with pytest.raises(SettingsError, match="NORDHUB_RATE_LIMIT_STORAGE"):
        Settings.from_env({"NORDHUB_RATE_LIMIT_STORAGE": "memcached://x:1"})
    with pytest.raises(SettingsError, match="NORDHUB_TRUSTED_PROXIES"):
        Settings.from_env({"NORDHUB_TRUSTED_PROXIES": "10.0.0.1, gateway"})
    configured = Settings.from_env(
        {
            "NORDHUB_RATE_LIMIT_STORAGE": "redis://127.0.0.1:6379/0",
            "NORDHUB_TRUSTED_PROXIES": "10.0.0.7, 192.168.0.0/16",
        }
    )
    assert configured.rate_limit_storage == "redis://127.0.0.1:6379/0"
    assert configured.trusted_proxies == ("10.0.0.7", "192.168.0.0/16")
