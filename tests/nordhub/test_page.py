"""The page and its files are served by the hub itself, with a strict content security policy:
the page revalidated on every visit, every file it names under a content-hashed name kept for
a year, text compressed for clients that accept it."""

from __future__ import annotations

import gzip
import json
import re

import httpx

from nordhub.page import IMMUTABLE, api_limits
from resolvers.lookup import MAX_TEXT
from resolvers.project_mutations import TEXT_MAX

_NAMED = re.compile(r"""["'](/web/[^"']+|\./[\w.-]+\.js)["']""")


def _config(html: str) -> dict[str, object]:
    block = re.search(r'<script type="application/json" id="nordhub-config">(.*?)</script>', html)
    assert block is not None
    config: dict[str, object] = json.loads(block.group(1))
    return config


async def test_the_page_is_served_at_the_root(hub: httpx.AsyncClient) -> None:
    response = await hub.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert re.search(
        r'<script type="module" src="/web/app\.[0-9a-f]{10}\.js"></script>', response.text
    )
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_the_page_is_revalidated_and_unchanged_costs_nothing(hub: httpx.AsyncClient) -> None:
    response = await hub.get("/")
    assert response.headers["cache-control"] == "no-cache"
    etag = response.headers["etag"]
    again = await hub.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["content-security-policy"] == response.headers["content-security-policy"]
    assert (await hub.get("/", headers={"If-None-Match": 'W/"other"'})).status_code == 200


async def test_every_file_the_page_names_is_kept_for_a_year(hub: httpx.AsyncClient) -> None:
    """Follow every reference from the page down: each is hashed, served, and immutable."""
    page = (await hub.get("/")).text
    config = _config(page)
    strings = config["strings"]
    assert isinstance(strings, dict)
    queue = [m.group(1) for m in _NAMED.finditer(page)] + list(strings.values())
    seen: set[str] = set()
    while queue:
        path = queue.pop()
        if path.startswith("./"):
            path = "/web/" + path[2:]
        if path in seen:
            continue
        seen.add(path)
        assert re.search(r"\.[0-9a-f]{10}\.\w+$", path), f"not hashed: {path}"
        response = await hub.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == IMMUTABLE, path
        if path.endswith((".js", ".css")):
            queue += [m.group(1) for m in _NAMED.finditer(response.text)]
    names = {re.sub(r"\.[0-9a-f]{10}(\.\w+)$", r"\1", path) for path in seen}
    assert {"/web/app.js", "/web/map.js", "/web/nordic-map.svg", "/web/places.json"} <= names
    assert {f"/web/i18n/{language}.json" for language in ("nb", "fi", "en")} <= names


async def test_a_hashed_file_is_the_file_it_names(hub: httpx.AsyncClient) -> None:
    page = (await hub.get("/")).text
    offerings = re.search(r"/web/offerings\.[0-9a-f]{10}\.js", page)
    assert offerings is not None
    map_module = re.search(r"\./map\.[0-9a-f]{10}\.js", (await hub.get(offerings.group(0))).text)
    assert map_module is not None
    map_js = (await hub.get("/web/" + map_module.group(0)[2:])).text
    svg = re.search(r"/web/nordic-map\.[0-9a-f]{10}\.svg", map_js)
    assert svg is not None
    hashed = await hub.get(svg.group(0))
    plain = await hub.get("/web/nordic-map.svg")
    assert hashed.content == plain.content
    assert hashed.headers["content-type"] == "image/svg+xml"
    # Under its plain name a file is still there for whoever links it, revalidated on each use.
    assert plain.headers["cache-control"] == "no-cache"
    assert (await hub.get("/web/nordic-map.0123456789.svg")).status_code == 404


async def test_the_page_files_are_served_under_web(hub: httpx.AsyncClient) -> None:
    for path, kind in [
        ("/web/app.js", "javascript"),
        ("/web/app.css", "text/css"),
        ("/web/nordic-map.svg", "image/svg+xml"),
        ("/web/i18n/fi.json", "application/json"),
    ]:
        response = await hub.get(path)
        assert response.status_code == 200, path
        assert kind in response.headers["content-type"], path
    assert (await hub.get("/web/../settings.py")).status_code == 404
    assert (await hub.get("/web/missing.js")).status_code == 404


async def _on_the_wire(hub: httpx.AsyncClient, path: str, encoding: str) -> httpx.Response:
    """The answer with its body as sent (``content`` still compressed)."""
    async with hub.stream("GET", path, headers={"Accept-Encoding": encoding}) as response:
        response._content = b"".join([chunk async for chunk in response.aiter_raw()])
    return response


async def test_text_is_compressed_for_clients_that_accept_it(hub: httpx.AsyncClient) -> None:
    page = (await hub.get("/")).text
    hashed_app = re.search(r"/web/app\.[0-9a-f]{10}\.js", page)
    assert hashed_app is not None
    for path in ["/", hashed_app.group(0), "/web/nordic-map.svg"]:
        compressed = await _on_the_wire(hub, path, "gzip")
        assert compressed.headers["content-encoding"] == "gzip", path
        assert "Accept-Encoding" in compressed.headers["vary"], path
        identity = await _on_the_wire(hub, path, "identity")
        assert "content-encoding" not in identity.headers, path
        assert gzip.decompress(compressed.content) == identity.content, path
        assert len(compressed.content) < len(identity.content) / 2, path


async def test_the_page_carries_the_apis_own_limits(hub: httpx.AsyncClient) -> None:
    config = _config((await hub.get("/")).text)
    assert config["limits"] == api_limits()
    assert api_limits()["searchText"] == MAX_TEXT
    assert api_limits()["logText"] == TEXT_MAX
