"""A partner's browser app calls the hub from another origin: a real preflight in headless
Chromium, allowed for the origins in ``NORDHUB_CORS_ORIGINS`` and refused for any other."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser

from graph.local import Endpoint
from tests.hub_process import HubProcess, serving

pytestmark = pytest.mark.browser

PAGE = b"<!doctype html><html lang='en'><title>Partner app</title><h1>Partner app</h1></html>"

# What a partner's page does: POST JSON (so the browser sends a preflight first).
ASK = """
async (url) => {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept-Language": "sv"},
      body: JSON.stringify({query: "{ country(code: \\"NO\\") { name } }"}),
    });
    return {status: response.status, language: response.headers.get("content-language"),
            body: await response.json()};
  } catch (error) {
    return {refused: String(error)};
  }
}
"""


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def partner_port() -> Iterator[int]:
    """The partner's own web server (another origin than the hub's)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def cors_hub(
    neo4j_endpoint: Endpoint,
    graph: Any,
    partner_port: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[HubProcess]:
    allowed = f"http://localhost:{partner_port}"
    environ = {"NORDHUB_MODE": "production", "NORDHUB_CORS_ORIGINS": allowed}
    with serving(neo4j_endpoint, tmp_path_factory.mktemp("cors"), environ) as hub:
        yield hub


async def _ask_from(browser: Browser, origin: str, hub: HubProcess) -> dict[str, Any]:
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await page.goto(f"{origin}/")
        answer: dict[str, Any] = await page.evaluate(ASK, hub.graphql)
        return answer
    finally:
        await context.close()


async def test_a_listed_partner_origin_gets_through_the_preflight(
    browser: Browser, cors_hub: HubProcess, partner_port: int
) -> None:
    answer = await _ask_from(browser, f"http://localhost:{partner_port}", cors_hub)
    assert answer.get("status") == 200, answer
    assert answer["body"]["data"] == {"country": {"name": "Norge"}}
    assert answer["language"] == "sv", "Content-Language is exposed to the partner's script"
    assert '"OPTIONS /graphql HTTP/1.1" 200' in _log(cors_hub), "the browser sent a preflight"


async def test_any_other_origin_is_refused_by_the_browser(
    browser: Browser, cors_hub: HubProcess, partner_port: int
) -> None:
    answer = await _ask_from(browser, f"http://127.0.0.1:{partner_port}", cors_hub)
    assert "refused" in answer, answer
    assert '"OPTIONS /graphql HTTP/1.1" 400' in _log(cors_hub)


def _log(hub: HubProcess) -> str:
    return Path(hub.log).read_text()
