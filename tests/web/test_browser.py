"""The page as a coordinator or a referral office uses it, in headless Chromium: the browser's
language by default, a language switch, projects and their log. Screenshots are artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}


async def test_the_page_speaks_the_browsers_language(visit) -> None:
    tab = await visit(locale="sv-SE")
    await tab.open()
    page = tab.page
    assert await page.get_attribute("html", "lang") == "sv"
    assert await page.text_content("h1") == "Nordisk högspecialiserad vård"
    assert await page.input_value("#language") == "sv"
    # The country filter names countries in Swedish, as the hub serves them (CLDR).
    options = await page.locator("#search-country option").all_text_contents()
    assert options[0] == "Alla nordiska länder"
    assert "Finland" in options and "Norge" in options and "Island" in options
    # Every supported language is offered, each named in itself.
    offered = await page.locator("#language option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert offered == ["nb", "nn", "sv", "da", "fi", "is", "en", "se", "fo", "kl"]
    assert tab.errors == []


async def test_switching_language_changes_the_page_and_the_data(visit) -> None:
    tab = await visit(locale="en-GB")
    await tab.open("/#/projects")
    page = tab.page
    assert await page.text_content("#projects-heading") == "Nordic collaboration projects"
    english = await page.locator(".project-item h3").first.text_content()
    async with tab.rerender():
        await page.select_option("#language", "fi")
    assert await page.text_content("#projects-heading") == "Pohjoismaiset yhteistyöhankkeet"
    assert await page.get_attribute("html", "lang") == "fi"
    assert await page.locator(".project-item h3").first.text_content() != english
    # The choice is kept: a reload still speaks Finnish, whatever the browser prefers.
    await tab.open("/#/projects")
    assert await page.text_content("h1") == "Pohjoismainen erittäin erikoistunut hoito"
    assert tab.errors == []


async def test_a_language_without_its_own_strings_follows_the_hubs_fallback(visit) -> None:
    tab = await visit(locale="fo")
    await tab.open()
    page = tab.page
    # Faroese has no UI catalog: the hub's chain fo → da gives Danish strings.
    assert await page.input_value("#language") == "fo"
    assert await page.text_content("#search-heading") == "Hvor tilbydes en behandling?"
    assert tab.errors == []


async def test_open_a_project_and_read_its_log(visit, artifacts: Path) -> None:
    tab = await visit(locale="nb-NO")
    await tab.open("/#/projects")
    page = tab.page
    link = page.get_by_role("link", name="Nordisk samarbeid om høyspesialisert behandling")
    async with tab.rerender():
        await link.click()
    assert await page.text_content("#project-heading") == (
        "Nordisk samarbeid om høyspesialisert behandling"
    )
    assert page.url.endswith("#/projects/project%3Anordic-highly-specialised-treatment")
    entries = page.locator("#project-log .log-entry")
    assert await entries.count() >= 8
    assert "EK-S" in (await page.text_content("#project-log") or "")
    # Dates in Norwegian, from the browser's CLDR data.
    assert await page.locator("#project-log time[datetime='2013-02-26']").text_content() == (
        "26. feb. 2013"
    )
    participants = await page.locator("#project-detail .participants li").all_text_contents()
    assert "Helsedirektoratet (sekretariat)" in participants
    await tab.screenshot(artifacts / "project-nb.png")
    assert tab.errors == []


async def test_the_page_works_with_the_keyboard(visit) -> None:
    tab = await visit(locale="en-GB")
    await tab.open("/#/projects")
    page = tab.page
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.className") == "skip-link"
    await page.keyboard.press("Enter")
    assert await page.evaluate("document.activeElement.id") == "main"
    # From the list, Tab reaches a project link and Enter opens it.
    for _ in range(10):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement.closest('.project-item') !== null"):
            break
    async with tab.rerender():
        await page.keyboard.press("Enter")
    assert await page.evaluate("document.activeElement.id") == "project-heading"
    assert tab.errors == []


async def test_every_control_has_a_label(visit) -> None:
    tab = await visit(locale="da-DK")
    await tab.open()
    unlabelled = await tab.page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
              .filter(el => !el.labels?.length || !el.labels[0].textContent.trim())
              .map(el => el.id)"""
    )
    assert unlabelled == []
    assert tab.errors == []


async def test_the_page_fits_a_phone(visit, artifacts: Path) -> None:
    tab = await visit(locale="is-IS", viewport=PHONE)
    await tab.open("/#/projects")
    page = tab.page
    assert await page.text_content("#projects-heading") == "Norræn samstarfsverkefni"
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    await tab.screenshot(artifacts / "projects-is-phone.png")
    assert tab.errors == []
