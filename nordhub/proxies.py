"""The client's address behind trusted proxies (``X-Forwarded-For`` and ``Forwarded``).

Only a peer listed in ``NORDHUB_TRUSTED_PROXIES`` (addresses or networks) may say whom it
forwards for; from anyone else the headers are ignored, so a caller cannot choose its own
address (and with it its rate-limit bucket). The forwarded chain is read from the right: every
hop added by a trusted proxy is believed, and the first hop that is not a trusted proxy is the
client. uvicorn's own proxy handling is turned off (``nordhub serve`` passes
``proxy_headers=False``): it trusts 127.0.0.1 by default, whatever the deployment.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``10.0.0.5``, ``10.0.0.0/8``, ``::1``: ValueError for anything else."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


def _address(value: str) -> str:
    """One hop as written in a header, without quotes, brackets or port."""
    hop = value.strip().strip('"')
    if hop.startswith("["):  # [2001:db8::1]:4711
        return hop[1 : hop.find("]")] if "]" in hop else hop
    if hop.count(":") == 1:  # 192.0.2.1:4711
        return hop.split(":", 1)[0]
    return hop


def forwarded_chain(headers: Headers) -> list[str]:
    """The hops a request passed, oldest first: ``Forwarded``'s ``for=``, else
    ``X-Forwarded-For`` (every instance of the header, in order)."""
    forwarded = headers.getlist("forwarded")
    if forwarded:
        hops = []
        for element in ",".join(forwarded).split(","):
            for pair in element.split(";"):
                name, _, value = pair.partition("=")
                if name.strip().lower() == "for" and value.strip():
                    hops.append(_address(value))
        return hops
    return [
        _address(hop)
        for header in headers.getlist("x-forwarded-for")
        for hop in header.split(",")
        if hop.strip()
    ]


class TrustedProxies:
    def __init__(self, networks: Sequence[Network]) -> None:
        self.networks = tuple(networks)

    def trusts(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def client(self, peer: str, chain: Sequence[str]) -> str:
        """The client's address: ``peer`` unless it is a trusted proxy."""
        if not self.trusts(peer):
            return peer
        for hop in reversed(chain):
            if not self.trusts(hop):
                return hop
        return chain[0] if chain else peer


class ProxyHeadersMiddleware:
    """Set ``scope["client"]`` to the caller behind trusted proxies (see module doc)."""

    def __init__(self, app: ASGIApp, *, proxies: TrustedProxies) -> None:
        self.app = app
        self.proxies = proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and client and self.proxies.networks:
            address = self.proxies.client(client[0], forwarded_chain(Headers(scope=scope)))
            if address != client[0]:
                scope["client"] = (address, 0)
        await self.app(scope, receive, send)
