"""The client's address: only trusted proxies may name it, read from the right of the chain."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from starlette.datastructures import Headers

from graph.client import GraphClient
from nordhub.app import create_app
from nordhub.proxies import TrustedProxies, forwarded_chain, parse_networks
from nordhub.settings import Settings

PROXIES = TrustedProxies(parse_networks(["10.0.0.7", "192.168.0.0/16", "::1"]))


def test_an_untrusted_peer_is_the_client_whatever_it_says() -> None:
    assert PROXIES.client("203.0.113.9", ["198.51.100.1"]) == "203.0.113.9"


def test_the_first_untrusted_hop_from_the_right_is_the_client() -> None:
    # The caller wrote 1.1.1.1 itself; the trusted gateway appended the address it saw.
    assert PROXIES.client("10.0.0.7", ["1.1.1.1", "203.0.113.9"]) == "203.0.113.9"
    assert PROXIES.client("10.0.0.7", ["203.0.113.9", "192.168.4.4"]) == "203.0.113.9"
    assert PROXIES.client("10.0.0.7", []) == "10.0.0.7"


@pytest.mark.parametrize(
    ("headers", "chain"),
    [
        ([("x-forwarded-for", "1.1.1.1, 203.0.113.9")], ["1.1.1.1", "203.0.113.9"]),
        ([("x-forwarded-for", "1.1.1.1"), ("x-forwarded-for", "2.2.2.2")], ["1.1.1.1", "2.2.2.2"]),
        (
            [("forwarded", 'for=192.0.2.60;proto=http, for="[2001:db8:cafe::17]:4711"')],
            ["192.0.2.60", "2001:db8:cafe::17"],
        ),
        (
            [("forwarded", "for=198.51.100.2:8080"), ("x-forwarded-for", "1.1.1.1")],
            ["198.51.100.2"],
        ),
    ],
)
def test_forwarded_chains(headers: list[tuple[str, str]], chain: list[str]) -> None:
    raw = [(k.encode(), v.encode()) for k, v in headers]
    assert forwarded_chain(Headers(raw=raw)) == chain


async def test_a_random_forwarded_address_does_not_get_past_the_rate_limit(
    settings: Settings, graph: GraphClient
) -> None:
    limited = dataclasses.replace(settings, rate_limit_per_minute=2, rate_limit_burst=10)
    query = {"query": "{ language { code } }"}

    async def statuses(app_settings: Settings, peer: str, count: int) -> list[int]:
        app = create_app(app_settings, graph=graph)
        transport = httpx.ASGITransport(app=app, client=(peer, 4321))
        codes = []
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://hub") as client,
        ):
            for n in range(count):
                spoofed = {"X-Forwarded-For": f"203.0.113.{n}", "Forwarded": f"for=198.51.100.{n}"}
                response = await client.post("/graphql", json=query, headers=spoofed)
                codes.append(response.status_code)
        return codes

    # From 127.0.0.1 with nothing trusted: the headers count for nothing.
    assert await statuses(limited, "127.0.0.1", 4) == [200, 200, 429, 429]
    # Behind a trusted proxy each forwarded caller has its own window.
    trusted = dataclasses.replace(limited, trusted_proxies=("127.0.0.1",))
    assert await statuses(trusted, "127.0.0.1", 4) == [200, 200, 200, 200]
