"""Reading a FHIR search to its end: every Bundle, following the server's next links."""

from __future__ import annotations

from typing import Any

import httpx


async def bundles(client: httpx.AsyncClient, url: str, *, base: str = "") -> list[dict[str, Any]]:
    """Every page of the search at ``url``; ``base`` is cut from next links (for an ASGI
    client that addresses paths)."""
    found: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url is not None:
        response = await client.get(next_url)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/fhir+json")
        bundle: dict[str, Any] = response.json()
        found.append(bundle)
        next_url = next(
            (link["url"] for link in bundle["link"] if link["relation"] == "next"), None
        )
        if next_url is not None and base:
            next_url = next_url.removeprefix(base)
    return found


def matches(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The resources the searches matched (not the included ones)."""
    return [e["resource"] for b in found for e in b["entry"] if e["search"]["mode"] == "match"]
