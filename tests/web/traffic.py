"""What a visit to the page costs on the wire, as Chromium itself counts it (DevTools protocol):
every request that reached the hub and the bytes received for it (headers and body as sent,
so compressed where the hub compressed), and every file the browser took from its cache."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, Page


@dataclass
class Traffic:
    """One visit's traffic: ``network`` has (request id, path, bytes received) for each request
    that reached the hub; ``cached`` the paths the browser served itself."""

    network: list[tuple[str, str, int]] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)
    from_cache: set[str] = field(default_factory=set)

    @property
    def requests(self) -> int:
        return len(self.network)

    @property
    def bytes(self) -> int:
        return sum(size for _, _, size in self.network)

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.network]

    def responses(self) -> list[tuple[str, str, int]]:
        return list(self.network)

    def summary(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "bytes": self.bytes,
            "from_cache": len(self.cached),
            "network": [
                [path, size, self.encodings.get(request_id, "")]
                for request_id, path, size in self.network
            ],
        }


async def record(context: BrowserContext, page: Page) -> Traffic:
    """Start counting ``page``'s traffic; read the returned object once the visit is over."""
    traffic = Traffic()
    session = await context.new_cdp_session(page)
    await session.send("Network.enable")

    def sent(event: dict[str, Any]) -> None:
        traffic.urls[event["requestId"]] = event["request"]["url"]

    def served_from_cache(event: dict[str, Any]) -> None:
        traffic.from_cache.add(event["requestId"])

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            traffic.from_cache.add(event["requestId"])
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        traffic.encodings[event["requestId"]] = headers.get("content-encoding", "")

    def finished(event: dict[str, Any]) -> None:
        request_id = event["requestId"]
        url = traffic.urls.get(request_id, "")
        if not url.startswith("http"):
            return
        path = urlsplit(url).path
        if request_id in traffic.from_cache:
            traffic.cached.append(path)
        else:
            traffic.network.append((request_id, path, int(event["encodedDataLength"])))

    session.on("Network.requestWillBeSent", sent)
    session.on("Network.requestServedFromCache", served_from_cache)
    session.on("Network.responseReceived", received)
    session.on("Network.loadingFinished", finished)
    return traffic
