"""The page and its files are served by the hub itself, with a strict content security policy."""

from __future__ import annotations

import httpx


async def test_the_page_is_served_at_the_root(hub: httpx.AsyncClient) -> None:
    response = await hub.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/web/app.js"></script>' in response.text
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


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
