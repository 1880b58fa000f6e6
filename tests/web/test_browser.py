"""The page as a coordinator or a referral office uses it, in headless Chromium: the browser's
language by default, a language switch, projects and their log. Screenshots are artifacts."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.async_api import Request, ViewportSize, expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE: ViewportSize = {"width": 390, "height": 844}


async def _choose_language(tab, endonym: str) -> None:
    """Open the switcher and follow the language's link, as a reader does."""
    page = tab.page
    await page.click("#language")
    async with tab.rerender():
        await page.locator("#language-menu").get_by_role("link", name=endonym, exact=True).click()


ENDONYMS = [
    "norsk bokmål",
    "nynorsk",
    "svenska",
    "dansk",
    "suomi",
    "íslenska",
    "English",
    "davvisámegiella",
    "føroyskt",
    "kalaallisut",
]


async def test_the_page_speaks_the_browsers_language(visit) -> None:
    tab = await visit(locale="sv-SE")
    await tab.open()
    page = tab.page
    assert await page.get_attribute("html", "lang") == "sv"
    assert await page.text_content("h1") == "Nordisk högspecialiserad vård"
    assert await page.text_content("#language-current") == "svenska"
    # The language is in the address, so a copied link opens in Swedish.
    assert "lang=sv" in page.url
    # The country filter names countries in Swedish, as the hub serves them (CLDR).
    options = await page.locator("#search-country option").all_text_contents()
    assert options[0] == "Alla nordiska länder"
    assert "Finland" in options and "Norge" in options and "Island" in options
    # Every supported language is offered, each named in itself (not in the browser's language)
    # and marked with its own language.
    links = page.locator("#language-menu a")
    assert await links.all_text_contents() == ENDONYMS
    langs = await links.evaluate_all("links => links.map(a => a.lang)")
    assert langs == ["nb", "nn", "sv", "da", "fi", "is", "en", "se", "fo", "kl"]
    assert tab.errors == []


async def test_switching_language_changes_the_page_and_the_data(visit) -> None:
    tab = await visit(locale="en-GB")
    page = tab.page
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))
    await tab.open("/#/projects")
    assert await page.text_content("#projects-heading") == "Nordic collaboration projects"
    programme = page.locator(
        ".project-item h3", has=page.locator("a[href$='nordic-highly-specialised-treatment']")
    )
    assert await programme.text_content() == "Nordic cooperation on highly specialised treatment"
    await _choose_language(tab, "suomi")
    assert await page.text_content("#projects-heading") == "Pohjoismaiset yhteistyöhankkeet"
    assert await page.get_attribute("html", "lang") == "fi"
    assert await programme.text_content() == (
        "Pohjoismainen yhteistyö erittäin erikoistuneessa hoidossa"
    )
    assert urlsplit(page.url).query == "lang=fi" and page.url.endswith("#/projects")
    # One data path: the page's own files and /graphql, which is asked in the chosen language.
    paths = {urlsplit(r.url).path for r in sent}
    assert {p for p in paths if not p.startswith("/web/")} == {"/", "/graphql"}
    asked = [r for r in sent if urlsplit(r.url).path == "/graphql"]
    assert all(r.method == "POST" for r in asked)
    assert asked[-1].headers.get("accept-language") == "fi"
    # The choice is kept: a reload still speaks Finnish, whatever the browser prefers.
    await tab.open("/#/projects")
    assert await page.text_content("h1") == "Pohjoismainen erittäin erikoistunut hoito"
    # And the language in a shared address wins over the stored choice.
    await tab.open("/?lang=da#/projects")
    assert await page.get_attribute("html", "lang") == "da"
    assert tab.errors == []


async def test_the_switcher_changes_language_only_on_an_explicit_choice(visit) -> None:
    tab = await visit(locale="nb-NO")
    await tab.open()
    page = tab.page
    button = page.locator("#language")
    await button.focus()
    # Arrow keys on the closed switcher change nothing.
    for key in ("ArrowDown", "ArrowDown", "ArrowUp", "End"):
        await page.keyboard.press(key)
    assert await page.get_attribute("html", "lang") == "nb"
    assert await page.locator("#language-menu").is_hidden()
    # Enter opens the list on the current language; moving through it changes nothing either.
    await page.keyboard.press("Enter")
    assert await button.get_attribute("aria-expanded") == "true"
    focused = await page.evaluate("document.activeElement.textContent")
    assert focused == "norsk bokmål"
    for key in ("Tab", "Tab", "ArrowDown"):
        await page.keyboard.press(key)
    assert await page.get_attribute("html", "lang") == "nb"
    # Escape closes it and returns to the button.
    await page.keyboard.press("Escape")
    assert await page.locator("#language-menu").is_hidden()
    assert await page.evaluate("document.activeElement.id") == "language"
    # Following a link is the choice.
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    async with tab.rerender():
        await page.keyboard.press("Enter")
    assert await page.get_attribute("html", "lang") == "nn"
    assert tab.errors == []


async def test_a_language_without_its_own_strings_follows_the_hubs_fallback(visit) -> None:
    tab = await visit(locale="fo")
    await tab.open()
    page = tab.page
    # Faroese has no UI catalog: the hub's chain fo → da gives Danish strings.
    assert await page.text_content("#language-current") == "føroyskt"
    assert await page.text_content("#search-heading") == "Hvor tilbydes en behandling?"
    assert tab.errors == []


async def test_texts_not_in_the_page_language_say_their_language(visit) -> None:
    tab = await visit(locale="fi-FI")
    await tab.open("/?lang=fi#/search?q=retinoblastooma")
    page = tab.page
    card = page.locator(".service[data-service='service:no-retinoblastom']")
    # The service's name is a translation, and says from which language.
    assert "lang" not in await card.locator("h4").evaluate("h => h.innerHTML")
    assert await card.locator(".translated").text_content() == ("Käännös, alkukieli: norjan bokmål")
    # The hospital keeps its own name, marked Norwegian, so it is read as Norwegian.
    host = card.locator("dd [lang='nb']", has_text="Oslo universitetssykehus")
    assert await host.count() >= 1
    await tab.open("/?lang=fi#/search?q=sarveiskalvonsiirto")
    danish = page.locator(".service[data-service='service:dk-hornhindetransplantation']")
    assert await danish.locator("[lang='da']", has_text="Aarhus Universitetshospital").count() >= 1
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


async def _facts(card) -> dict[str, str]:
    """A result card's facts, label to value, as a reader sees them."""
    labels = await card.locator("dt").all_text_contents()
    values = await card.locator("dd").all_text_contents()
    return dict(zip(labels, values, strict=True))


async def test_search_for_keratoprosthesis_in_swedish(visit, artifacts: Path) -> None:
    tab = await visit(locale="sv-SE")
    await tab.open()
    page = tab.page
    await tab.search("Behandling, diagnos eller kod", "Sök", "keratoprotes")
    assert page.url.endswith("#/search?q=keratoprotes")
    # Illustrative entries stay hidden until asked for: only Norway's (rejected) application,
    # and a hint that counts the hidden services as the cards they would be.
    countries = await page.locator("#search-results .country-group > h3").all_text_contents()
    assert countries == ["Norge"]
    assert "3 illustrativa poster är dolda" in (await page.text_content("#search-results") or "")
    view = page.locator("#search")
    await view.get_by_label("Visa även illustrativa poster").check()
    async with tab.rerender():
        await view.get_by_role("button", name="Sök", exact=True).click()
    assert page.url.endswith("#/search?q=keratoprotes&illustrative=1")
    # Grouped by country, in the hub's order of countries (by code), named in Swedish.
    countries = await page.locator("#search-results .country-group > h3").all_text_contents()
    assert countries == ["Danmark", "Finland", "Norge", "Sverige"]
    sweden = page.locator(".country-group[data-country='SE'] .service")
    assert await sweden.count() == 1
    assert await sweden.locator("h4").text_content() == "Keratoprotes Illustrativ"
    note = sweden.locator(".illustrative-note")
    assert await note.is_visible()
    assert "Ingen källa bekräftar ett keratoprotescentrum i Sverige" in (
        await note.text_content() or ""
    )
    facts = await _facts(sweden)
    assert facts["Enheter"] == "S:t Eriks ögonsjukhus (Stockholm)"
    assert facts["Huvudman"] == "S:t Eriks ögonsjukhus"
    # No real-looking status or kind for what no source confirms.
    assert facts["Status"] == "Ej bekräftad"
    assert facts["Uppdrag"] == "Uppgift saknas"
    assert facts["Giltig"] == "Uppgift saknas"
    # The Norwegian application: rejected, not illustrative, with its legal basis.
    norway = page.locator(".country-group[data-country='NO'] .service")
    assert "illustrative" not in (await norway.get_attribute("class") or "")
    facts = await _facts(norway)
    assert facts["Status"] == "Avslagen"
    assert "1706/2010 § 4-3" in facts["Rättslig grund"]
    # Denmark's two sites are one service with two sites.
    denmark = page.locator(".country-group[data-country='DK'] .service")
    assert await denmark.count() == 1
    assert await denmark.locator("dd ul li").count() == 2
    # One dot per site on the map: two in Denmark, one in Sweden, one in Finland.
    dots = page.locator("#search-map circle.site")
    assert await dots.count() == 4
    assert await page.locator("#search-map circle.site.illustrative").count() == 4
    label = await page.get_attribute("#search-map svg", "aria-label")
    assert label == "Karta över de nordiska länderna med 4 enheter"
    # Found, but nothing offered: the page says so, and why, before the cards.
    assert await page.text_content("#search-results .count") == (
        "4 verksamheter hittades; ingen av dem erbjuder behandlingen"
    )
    assert await page.text_content("#status") == (
        "Ingenting erbjuds för ”keratoprotes”: ingen av verksamheterna som hittades är godkänd"
        " för det."
    )
    await tab.screenshot(artifacts / "search-keratoprosthesis-sv.png")
    assert tab.errors == []


async def test_search_for_keratoprosthesis_in_finnish(visit, artifacts: Path) -> None:
    tab = await visit(locale="sv-SE")
    await tab.open()
    page = tab.page
    await _choose_language(tab, "suomi")
    view = page.locator("#search")
    await view.get_by_label("Näytä myös havainnollistavat merkinnät").check()
    await tab.search("Hoito, sairaus tai koodi", "Hae", "keratoproteesi")
    countries = await page.locator("#search-results .country-group > h3").all_text_contents()
    assert countries == ["Tanska", "Suomi", "Norja", "Ruotsi"]
    finland = page.locator(".country-group[data-country='FI'] .service")
    assert await finland.locator("h4").text_content() == "Keratoproteesi Havainnollistava"
    facts = await _facts(finland)
    assert facts["Hoitopaikat"].endswith("(Helsinki)")
    assert facts["Tila"] == "Vahvistamaton"
    assert await page.locator("#search-map circle.site").count() == 4
    assert await page.text_content("#search-results .count") == (
        "4 palvelua löytyi; mikään niistä ei tarjoa hoitoa"
    )
    await tab.screenshot(artifacts / "search-keratoprosthesis-fi.png")
    # The same answer on a phone: one column, nothing wider than the screen.
    await page.set_viewport_size(PHONE)
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the results scroll sideways on a phone"
    await tab.screenshot(artifacts / "search-keratoprosthesis-fi-phone.png")
    assert tab.errors == []


async def test_search_by_code(visit) -> None:
    tab = await visit(locale="en-GB")
    await tab.open()
    page = tab.page
    await tab.search("Treatment, condition or code", "Search", "H17.0")
    matched = await page.locator("#search-results .matched").all_text_contents()
    assert matched and all("H17.0" in text for text in matched)
    assert tab.errors == []


async def test_an_empty_answer_offers_suggestions(visit) -> None:
    tab = await visit(locale="sv-SE")
    # No term has this word; its first half is every keratoprosthesis term's.
    await tab.open("/#/search?q=keratoxyzqwv")
    page = tab.page
    empty = page.locator("#search-results .empty")
    assert await empty.locator("p").first.text_content() == "Inget hittades för ”keratoxyzqwv”."
    suggestions = empty.locator(".suggestions a")
    assert await suggestions.count() >= 2
    async with tab.rerender():
        await suggestions.first.click()
    assert await page.locator("#search-results .service").count() >= 1
    assert tab.errors == []


async def test_a_filter_that_empties_the_answer_suggests_nothing_it_already_searched(
    visit,
) -> None:
    tab = await visit(locale="sv-SE")
    await tab.open("/#/search?q=keratoprotes&country=IS")
    page = tab.page
    assert await page.input_value("#search-country") == "IS"
    empty = page.locator("#search-results .empty")
    assert await empty.locator("p").first.text_content() == (
        "Inget hittades i Island för ”keratoprotes”."
    )
    assert await empty.locator(".suggestions a").count() == 0
    # Dropping the filter is a link of its own, named for what it does.
    widen = empty.get_by_role("link", name="Sök i alla nordiska länder")
    assert await widen.get_attribute("href") == "#/search?q=keratoprotes"
    async with tab.rerender():
        await widen.click()
    assert await page.input_value("#search-country") == ""
    assert await page.locator("#search-results .service").count() == 1
    assert tab.errors == []


async def test_referral_from_iceland_shows_the_nordic_cooperation_route(
    visit, artifacts: Path
) -> None:
    tab = await visit(locale="en-GB")
    await tab.open("/#/referral")
    page = tab.page
    await page.select_option("#referral-from", "IS")
    await tab.search("Treatment, condition or code", "Show options", "keratoprosthesis")
    note = page.locator("#referral-results .cooperation-note")
    assert await note.count() == 1
    assert await note.locator("h3").text_content() == "Nordic cooperation"
    text = await note.text_content() or ""
    assert (
        "Nordic cooperation" in text and "National Treatment Service for Keratoprostheses" in text
    )
    # No confirmed centre anywhere: the options are illustrative, and hidden until asked for.
    assert await page.locator("#referral-results .service").count() == 0
    assert "3 illustrative entries are hidden" in (
        await page.text_content("#referral-results") or ""
    )
    view = page.locator("#referral")
    await view.get_by_label("Include illustrative entries").check()
    async with tab.rerender():
        await view.get_by_role("button", name="Show options").click()
    assert await page.locator("#referral-results .service.illustrative").count() == 3
    await tab.screenshot(artifacts / "referral-from-iceland-en.png")
    # The route's project opens the project.
    async with tab.rerender():
        await note.get_by_role("link").first.click()
    heading = await page.text_content("#project-heading")
    assert heading == "Assessment of the need for Nordic cooperation on keratoprostheses"
    assert tab.errors == []


async def test_a_partner_adds_a_log_entry_with_a_token(
    visit, partner_project, gql, artifacts: Path
) -> None:
    tab = await visit(locale="nb-NO")
    await tab.open(f"/#/projects/{quote(partner_project.id, safe='')}")
    page = tab.page
    assert await page.text_content("#project-heading") == partner_project.title
    assert await page.locator("#project-log .log-entry").count() == 0
    form = page.locator("#log-form")
    # Markup in an entry is text: the page never turns data into HTML.
    text = f"Videomøte om <b>felles</b> registervariabler {uuid.uuid4().hex[:8]}"
    await form.get_by_label("Type").select_option(label="Møte")
    await form.get_by_label("Dato").fill("2026-11-30")
    await form.get_by_label("Oppføring", exact=True).fill(text)
    # A token that is no token: refused in Norwegian, nothing written.
    await form.get_by_label("Tilgangstoken").fill("nh_0123456789abcdef_" + "x" * 43)
    await form.get_by_role("button", name="Legg til oppføring").click()
    result = page.locator("#log-result")
    await expect(result).to_have_class(re.compile(r"\berror\b"))
    assert (await result.text_content() or "").startswith("Oppføringen ble ikke lagt til: ")
    assert await page.locator("#project-log .log-entry").count() == 0
    # The partner's own token: the entry is written and shown, marked as new.
    await form.get_by_label("Tilgangstoken").fill(partner_project.token)
    await form.get_by_role("button", name="Legg til oppføring").click()
    await expect(result).to_have_text("Oppføringen er lagt til i loggen.")
    entry = page.locator("#project-log .log-entry.new")
    await expect(entry).to_contain_text(text)
    assert await entry.locator("b").count() == 0
    assert await entry.locator(".tag").text_content() == "Møte"
    assert await entry.locator("time").get_attribute("datetime") == "2026-11-30"
    assert await form.get_by_label("Oppføring", exact=True).input_value() == ""
    await tab.screenshot(artifacts / "project-log-entry-nb.png")
    # Written once, through the same API, with the partner as its author.
    answer = await gql(
        "query($id: ID!) { collaborationProject(id: $id) { log { text kind date language"
        " provenance { recordedBy } } } }",
        {"id": partner_project.id},
        language="nb",
    )
    log = answer.ok()["collaborationProject"]["log"]
    assert [(e["text"], e["kind"], e["date"], e["language"]) for e in log] == [
        (text, "MEETING", "2026-11-30", "nb")
    ]
    assert tab.errors == []
