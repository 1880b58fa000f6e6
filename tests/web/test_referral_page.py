"""The referral view as a Finnish referral coordinator uses it, in headless Chromium: each card's
contact, routes and last confirmation with its source, stale facts marked, the ranked "what to do
next" summary, and a print that gives that summary alone. Screenshots and the PDF are artifacts."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from graph.client import GraphClient

pytestmark = [pytest.mark.slow, pytest.mark.browser]

RETINOBLASTOMA_FROM_FINLAND = "/?lang=fi#/referral?from=FI&q=retinoblastooma"
OSLO = "service:no-retinoblastom"


async def test_a_finnish_coordinator_sees_whom_to_contact_and_by_which_route(
    visit, artifacts: Path
) -> None:
    tab = await visit(locale="fi-FI")
    await tab.open(RETINOBLASTOMA_FROM_FINLAND)
    page = tab.page
    card = page.locator(f"#referral-results .service[data-service='{OSLO}']")
    assert await card.count() == 1
    facts = card.locator(".referral-facts")
    contact = facts.locator("[data-fact='contact']")
    assert await contact.locator("h5").text_content() == "Yhteystiedot"
    # The unit is a proper name: Norwegian on a Finnish page, and marked as such.
    unit = contact.locator("dd span[lang='nb']")
    assert await unit.text_content() == "Øyeavdelingen, Oslo universitetssykehus Ullevål"
    link = contact.get_by_role("link", name="https://www.oslo-universitetssykehus.no/", exact=False)
    assert (await link.get_attribute("href") or "").endswith(
        "nasjonal-behandlingstjeneste-for-retinoblastom"
    )
    # No source gives a phone number: the card does not make one up.
    assert "Puhelin" not in (await contact.text_content() or "")
    confirmed = contact.locator(".confirmed")
    assert "nordhub" in (await confirmed.text_content() or "")
    assert "stale" not in (await confirmed.get_attribute("class") or "")
    source = confirmed.get_by_role("link", name="Lähde")
    assert (await source.get_attribute("href") or "").startswith(
        "https://www.oslo-universitetssykehus.no/"
    )
    # The routes a Finnish patient can use, each with its basis.
    routes = facts.locator("[data-fact='routes']")
    assert await routes.locator("h5").text_content() == "Reitit potilaalle maasta Suomi"
    kinds = await routes.locator("li").evaluate_all("items => items.map(li => li.dataset.route)")
    assert sorted(kinds) == ["EU_CROSS_BORDER_DIRECTIVE", "EU_S2", "NORDIC_CONVENTION"]
    s2 = routes.locator("li[data-route='EU_S2']")
    assert "Suunniteltu hoito S2-todistuksella" in (await s2.text_content() or "")
    basis = s2.locator(".basis a").first
    assert await basis.get_attribute("href") == "https://eur-lex.europa.eu/eli/reg/2004/883/oj"
    # What to do next: the ranked options, Oslo among them, with contact and route.
    summary = page.locator("#referral-summary")
    assert await summary.locator("h3").text_content() == "Mitä teen seuraavaksi?"
    item = summary.locator(f"li[data-service='{OSLO}']")
    text = await item.text_content() or ""
    assert "Oslo universitetssykehus" in text and "S2" in text and "nordhub" in text
    await tab.screenshot(artifacts / "referral-retinoblastoma-fi.png")
    assert tab.errors == []


async def test_the_summary_prints_alone(visit, artifacts: Path) -> None:
    tab = await visit(locale="fi-FI")
    await tab.open(RETINOBLASTOMA_FROM_FINLAND)
    page = tab.page
    await page.emulate_media(media="print")
    assert await page.locator("#referral-summary").is_visible()
    assert await page.locator("#referral-summary .printed").is_visible()
    for hidden in (".masthead", "#referral-form", "#referral-map-figure", ".print-button"):
        assert not await page.locator(hidden).first.is_visible(), hidden
    assert not await page.locator("#referral-results .service").first.is_visible()
    pdf = await page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    (artifacts / "referral-summary-fi.pdf").write_bytes(pdf)
    await page.emulate_media(media="screen")
    assert await page.locator("#referral-results .service").first.is_visible()
    assert tab.errors == []


@pytest.fixture
async def stale_contact(graph: GraphClient) -> AsyncIterator[None]:
    """Oslo's contact as if nobody had confirmed it since 2020; put back afterwards."""
    key = {"id": "contact:no-retinoblastom"}
    rows = await graph.read("MATCH (c:Contact {id: $id}) RETURN {was: c.confirmedOn} AS row", key)
    was = rows[0]["was"]
    change = "MATCH (c:Contact {id: $id}) SET c.confirmedOn = $on"
    await graph.write(change, {**key, "on": dt.date(2020, 1, 1)})
    yield
    await graph.write(change, {**key, "on": was})


async def test_a_fact_not_confirmed_for_long_is_marked_stale(
    visit, stale_contact: None, artifacts: Path
) -> None:
    tab = await visit(locale="en-GB")
    await tab.open("/?lang=en#/referral?from=FI&q=retinoblastoma")
    page = tab.page
    contact = page.locator(f".service[data-service='{OSLO}'] [data-fact='contact']")
    assert await contact.get_attribute("data-stale") == "true"
    confirmed = contact.locator(".confirmed.stale")
    text = await confirmed.text_content() or ""
    assert "Last confirmed" in text and "2020 by nordhub." in text
    assert "Not confirmed recently" in text
    summary = page.locator(f"#referral-summary li[data-service='{OSLO}']")
    assert "Not confirmed recently" in (await summary.text_content() or "")
    await tab.screenshot(artifacts / "referral-stale-en.png")
    assert tab.errors == []
