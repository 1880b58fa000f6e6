"""The page in a real browser: `nordhub serve` on a free port over the session's Neo4j, and Debian's
Chromium (never a downloaded build) driven by Playwright; both started once per module.

Screenshots go to ``test-artifacts/web/`` (git-ignored), or to ``NORDHUB_TEST_ARTIFACTS``."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    ViewportSize,
    async_playwright,
)

from graph.client import GraphClient
from graph.local import Endpoint
from graph.vocabulary import AccessRole
from nordhub.token_cli import issue
from tests.hub_process import serving

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
    neo4j_endpoint: Endpoint, graph: GraphClient, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A real hub process serving the page and /graphql over the session's (seeded) Neo4j."""
    with serving(neo4j_endpoint, tmp_path_factory.mktemp("web-hub")) as hub:
        yield hub.url


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

    async def search(self, label: str, button: str, text: str) -> None:
        """Type into the shown view's box, found by its label as a reader finds it, and submit."""
        view = self.page.locator("section.view:not([hidden])")
        await view.get_by_label(label, exact=True).fill(text)
        async with self.rerender():
            await view.get_by_role("button", name=button, exact=True).click()

    async def screenshot(self, path: Path) -> Path:
        await self.page.screenshot(path=str(path), full_page=True)
        return path

    async def accessibility_violations(self) -> list[str]:
        """axe-core's violations on the page as it is now (rule id and the elements)."""
        results = await AXE.run(self.page)
        return [
            f"{v['id']}: {[node['target'] for node in v['nodes']]}"
            for v in results.response["violations"]
        ]


AXE = Axe()


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
