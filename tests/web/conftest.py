"""The page in a real browser: `nordhub serve` on a free port over the session's Neo4j, and Debian's
Chromium (never a downloaded build) driven by Playwright; both started once per module.

Screenshots go to ``test-artifacts/web/`` (git-ignored), or to ``NORDHUB_TEST_ARTIFACTS``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    ViewportSize,
    async_playwright,
)

from graph.client import GraphClient
from graph.local import free_port
from graph.vocabulary import AccessRole
from nordhub.settings import Settings
from nordhub.token_cli import issue

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("NORDHUB_CHROMIUM", "/usr/bin/chromium"))
# As the machine's notes prescribe for a closed network: no background traffic, no first-run work.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("NORDHUB_TEST_ARTIFACTS") or ROOT / "test-artifacts") / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def hub_url(
    settings: Settings, graph: GraphClient, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A real hub process serving the page and /graphql over the session's (seeded) Neo4j."""
    assert settings.neo4j.uri is not None and settings.neo4j.password is not None
    port = free_port()
    state = tmp_path_factory.mktemp("web-hub")
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "NORDHUB_"))},
        "NEO4J_URI": settings.neo4j.uri,
        "NEO4J_USER": settings.neo4j.user,
        "NEO4J_PASSWORD": settings.neo4j.password,
        "NORDHUB_STATE_DIR": str(state),
    }
    log = state / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "nordhub", "serve", "--port", str(port), "--no-seed"],
            cwd=ROOT,
            env=environ,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the hub exited while starting:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"the hub did not become ready:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    if shutil.which(str(CHROMIUM)) is None:
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium package")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield browser
        finally:
            await browser.close()


class Visit:
    """One browser tab on the page, with the script and console errors it saw."""

    def __init__(self, page: Page, hub_url: str) -> None:
        self.page = page
        self.hub_url = hub_url
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    async def open(self, path: str = "/") -> None:
        await self.page.goto(path)
        await self.page.wait_for_selector("body[data-ready='true']")
        await self.page.wait_for_selector("#main:not([aria-busy])")

    @asynccontextmanager
    async def rerender(self) -> AsyncIterator[None]:
        """Wait, after the block's action, until the page has rendered a view again."""
        before = int(await self.page.get_attribute("#main", "data-renders") or 0)
        yield
        await self.page.wait_for_function(
            "n => Number(document.querySelector('#main').dataset.renders) > n", arg=before
        )

    async def screenshot(self, path: Path) -> Path:
        await self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
async def visit(browser: Browser, hub_url: str) -> AsyncIterator[Callable[..., Awaitable[Visit]]]:
    """Open the page in a fresh context (nothing stored) whose browser prefers ``locale``."""
    contexts: list[BrowserContext] = []

    async def open_visit(locale: str = "en-GB", viewport: ViewportSize | None = None) -> Visit:
        context = await browser.new_context(
            base_url=hub_url, locale=locale, viewport=viewport or DESKTOP
        )
        contexts.append(context)
        return Visit(await context.new_page(), hub_url)

    yield open_visit
    for context in contexts:
        await context.close()


@dataclass(frozen=True)
class PartnerProject:
    """A project of the tests' own, and the bearer token of an organisation taking part in it."""

    id: str
    title: str
    token: str


CREATE_PROJECT = """
mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { id title } }
}
"""


@pytest.fixture(scope="module")
async def partner_project(graph: GraphClient, hub: httpx.AsyncClient) -> PartnerProject:
    """A new project (a coordinator's token creates it) with St. Olavs hospital as lead partner,
    and a partner token for St. Olavs: the page's log entries go to this project only."""

    coordinator, _ = await issue(
        graph, "org:helsedirektoratet", AccessRole.COORDINATOR, "tests: web"
    )
    partner, _ = await issue(graph, "org:st-olavs-hospital", AccessRole.PARTNER, "tests: web")
    suffix = uuid.uuid4().hex[:8]
    response = await hub.post(
        "/graphql",
        json={
            "query": CREATE_PROJECT,
            "variables": {
                "input": {
                    "title": [
                        {"language": "nb", "text": f"Nordisk register for nettsidetester {suffix}"},
                        {
                            "language": "fi",
                            "text": f"Pohjoismainen verkkosivutestirekisteri {suffix}",
                        },
                    ],
                    "area": "QUALITY_REGISTRY",
                    "status": "ACTIVE",
                    "participants": [{"party": "org:st-olavs-hospital", "role": "LEAD"}],
                }
            },
        },
        headers={"Authorization": f"Bearer {coordinator}", "Accept-Language": "nb"},
    )
    body = response.json()
    assert not body.get("errors"), body
    project = body["data"]["createProject"]["project"]
    return PartnerProject(id=project["id"], title=project["title"], token=partner)
