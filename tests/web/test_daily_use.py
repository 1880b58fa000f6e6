"""The page as a daily tool (issue 25), in headless Chromium against the real hub: every state
is honest (a new search clears the old answer; errors in the reader's language, keyed on the
API's code), defaults come from the user, the forms check what the API checks. Each case in at
least two languages, with a screenshot per case and language and axe-core's verdict."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, quote_plus, urlsplit

import pytest
from playwright.async_api import Request, expect

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TOO_LONG = "keratoprotese " * 21 + "og mer"  # 300 characters: the API takes 200


def _plain(text: str | None) -> str:
    """Text with the no-break spaces CLDR puts between digit groups as plain spaces."""
    return (text or "").replace("\u00a0", " ").replace("\u202f", " ")


def _graphql_requests(page) -> list[Request]:
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if urlsplit(r.url).path == "/graphql" else None)
    return sent


@pytest.mark.parametrize(
    ("locale", "label", "button", "found", "problem"),
    [
        (
            "sv-SE",
            "Behandling, diagnos eller kod",
            "Sök",
            "retinoblastom",
            "100 tecken för mycket: hubben tar emot högst 200.",
        ),
        (
            "fi-FI",
            "Hoito, sairaus tai koodi",
            "Hae",
            "retinoblastooma",
            "100 merkkiä liikaa: keskus ottaa vastaan enintään 200.",
        ),
    ],
)
async def test_a_new_search_clears_the_old_answer_before_saying_what_is_wrong(
    visit, artifacts: Path, locale: str, label: str, button: str, found: str, problem: str
) -> None:
    tab = await visit(locale=locale)
    await tab.open()
    page = tab.page
    sent = _graphql_requests(page)
    await tab.search(label, button, found)
    assert await page.locator("#search-results .service").count() == 1
    assert await page.locator("#search-map circle.site").count() >= 1
    asked = len(sent)
    await tab.search(label, button, TOO_LONG)
    # The address shows what was asked, and nothing of the old answer stays beside it.
    assert page.url.endswith("q=" + quote_plus(TOO_LONG))
    assert await page.locator("#search-results > *").count() == 0
    assert await page.locator("#search-map circle.site").count() == 0
    # Said at the box, in the reader's language, naming no argument of the API; not sent.
    assert await page.text_content("#search-query-error") == problem
    assert await page.get_attribute("#search-query", "aria-invalid") == "true"
    assert len(sent) == asked
    shown = await page.inner_text("main")
    assert "treatment" not in shown and "null" not in shown
    language = locale[:2]
    await tab.screenshot(artifacts / f"search-too-long-{language}.png")
    assert await tab.accessibility_violations() == []
    # A text the API refuses (no word to search for): its code, in the reader's words.
    await tab.search(label, button, found)
    await tab.search(label, button, "!!! ???")
    error = page.locator("#search-results .status.error")
    expected = {
        "sv": "Söktexten innehåller inget ord att söka på. Skriv en behandling, en diagnos"
        " eller en kod.",
        "fi": "Hakutekstissä ei ole sanaa, jolla hakea. Kirjoita hoito, sairaus tai koodi.",
    }[language]
    assert await error.text_content() == expected
    assert await page.locator("#search-results .service").count() == 0
    assert await page.locator("#search-map circle.site").count() == 0
    await tab.screenshot(artifacts / f"search-refused-{language}.png")
    assert tab.errors == []


@pytest.mark.parametrize(
    ("locale", "labels", "texts"),
    [
        (
            "nb-NO",
            {"token": "Tilgangstoken", "text": "Oppføring", "add": "Legg til oppføring"},
            {
                "left": "5 000 tegn igjen",
                "blank": "Skriv oppføringen: mellomrom alene er ingen oppføring.",
                "over": "5 000 tegn for mye",
                "tooLong": "5 000 tegn for mye: huben tar imot høyst 5 000.",
                "failed": "Oppføringen ble ikke lagt til: Tilgangstokenet er ikke gyldig. Sjekk at"
                " du har limt inn hele, eller be en koordinator i huben om et nytt.",
                "added": "Oppføringen er lagt til i loggen.",
            },
        ),
        (
            "fi-FI",
            {"token": "Käyttötunniste", "text": "Merkintä", "add": "Lisää merkintä"},
            {
                "left": "5 000 merkkiä jäljellä",
                "blank": "Kirjoita merkintä: pelkät välilyönnit eivät ole merkintä.",
                "over": "5 000 merkkiä liikaa",
                "tooLong": "5 000 merkkiä liikaa: keskus ottaa vastaan enintään 5 000.",
                "failed": "Merkintää ei lisätty: Käyttötunniste ei ole kelvollinen. Tarkista, että"
                " liitit sen kokonaan, tai pyydä keskuksen koordinaattorilta uusi.",
                "added": "Merkintä lisättiin lokiin.",
            },
        ),
    ],
)
async def test_the_log_form_checks_what_the_api_checks_and_says_why_a_write_failed(
    visit,
    partner_project,
    gql,
    artifacts: Path,
    locale: str,
    labels: dict[str, str],
    texts: dict[str, str],
) -> None:
    tab = await visit(locale=locale)
    await tab.open(f"/#/projects/{quote(partner_project.id, safe='')}")
    page = tab.page
    sent = _graphql_requests(page)
    form = page.locator("#log-form")
    token, text = form.get_by_label(labels["token"]), form.get_by_label(labels["text"], exact=True)
    add = form.get_by_role("button", name=labels["add"])
    counter = page.locator("#log-text-counter")
    limit = json.loads(await page.text_content("#nordhub-config") or "{}")["limits"]["logText"]
    assert limit == 5000
    assert _plain(await counter.text_content()) == texts["left"]
    # Blank space only: said at the field, nothing sent.
    await token.fill(partner_project.token)
    await text.fill("   \n\t  ")
    await add.click()
    assert await page.text_content("#log-text-error") == texts["blank"]
    assert await page.evaluate("document.activeElement.id") == "log-text"
    # Twice the API's limit: the counter says it while typing, the form does not send it.
    await text.fill("x" * (2 * limit))
    assert _plain(await counter.text_content()) == texts["over"]
    await add.click()
    assert _plain(await page.text_content("#log-text-error")) == texts["tooLong"]
    assert not any(r.method == "POST" and "AddLogEntry" in (r.post_data or "") for r in sent)
    language = locale[:2]
    await tab.screenshot(artifacts / f"log-entry-too-long-{language}.png")
    assert await tab.accessibility_violations() == []
    # A token the hub refuses: the API's code, translated, and the form keeps its text.
    entry = "æ" * limit  # exactly the API's limit, in characters
    await text.fill(entry)
    await token.fill("nh_0123456789abcdef_" + "x" * 43)
    await add.click()
    result = page.locator("#log-result")
    await expect(result).to_have_class("form-result error")
    assert await result.text_content() == texts["failed"]
    assert await token.get_attribute("aria-invalid") == "true"
    assert await text.input_value() == entry
    assert await token.input_value() == "nh_0123456789abcdef_" + "x" * 43
    # A pasted token with letters no header can carry is refused the same way, without a crash.
    await token.fill("nh_øøø")
    await add.click()
    await expect(result).to_have_text(texts["failed"])
    await tab.screenshot(artifacts / f"log-entry-refused-{language}.png")
    # The API's own limit is accepted as it stands.
    await token.fill(partner_project.token)
    await add.click()
    await expect(result).to_have_text(texts["added"])
    answer = await gql(
        "query($id: ID!) { collaborationProject(id: $id) { log { text language } } }",
        {"id": partner_project.id},
        language=language,
    )
    written = [e for e in answer.ok()["collaborationProject"]["log"] if e["language"] == language]
    assert [e["text"] for e in written] == [entry]
    assert tab.errors == []


@pytest.mark.parametrize(
    ("locale", "country"),
    [
        ("fi-FI", "FI"),
        ("sv-FI", "FI"),
        ("sv-SE", "SE"),
        ("is-IS", "IS"),
        ("nb", "NO"),
        ("da", "DK"),
    ],
)
async def test_the_patients_country_is_the_browsers_region(
    visit, locale: str, country: str
) -> None:
    tab = await visit(locale=locale)
    await tab.open("/#/referral")
    assert await tab.page.input_value("#referral-from") == country
    assert tab.errors == []


@pytest.mark.parametrize(
    ("locale", "guessed", "texts"),
    [
        (
            "en-GB",
            "",
            {
                "query": "Treatment, condition or code",
                "submit": "Show options",
                "hint": "press Show options",
                "required": "Choose the patient's country.",
            },
        ),
        (
            "is-IS",
            "IS",
            {
                "query": "Meðferð, sjúkdómur eða kóði",
                "submit": "Sýna valkosti",
                "hint": "ýttu á Sýna valkosti",
                "required": "Veldu land sjúklings.",
            },
        ),
    ],
)
async def test_the_patients_country_is_the_last_choice_or_chosen(
    visit, artifacts: Path, locale: str, guessed: str, texts: dict[str, str]
) -> None:
    tab = await visit(locale=locale)
    await tab.open("/#/referral")
    page = tab.page
    # The browser's region, if it names a Nordic country; else nothing is guessed. The hint
    # names the button as it reads.
    assert await page.input_value("#referral-from") == guessed
    hint = await page.text_content("#referral-results .hint") or ""
    button = await page.text_content("#referral-form button[type=submit]") or ""
    assert button == texts["submit"] and texts["hint"] in hint
    # No country chosen: said at the list, nothing searched.
    await page.select_option("#referral-from", "")
    view = page.locator("#referral")
    await view.get_by_label(texts["query"], exact=True).fill("keratoprosthesis")
    await view.get_by_role("button", name=texts["submit"]).click()
    assert await page.text_content("#referral-from-error") == texts["required"]
    assert await page.get_attribute("#referral-from", "aria-invalid") == "true"
    assert "q=" not in page.url
    await tab.screenshot(artifacts / f"referral-no-country-{locale[:2]}.png")
    assert await tab.accessibility_violations() == []
    await page.select_option("#referral-from", "SE")
    async with tab.rerender():
        await view.get_by_role("button", name=texts["submit"]).click()
    assert "from=SE" in page.url
    # The next visit starts from the last choice, over the browser's region.
    again = await page.context.new_page()
    await again.goto("/#/referral")
    await again.wait_for_selector("body[data-ready='true']")
    assert await again.input_value("#referral-from") == "SE"
    assert tab.errors == []


@pytest.mark.parametrize(
    ("locale", "query", "texts"),
    [
        (
            "en-GB",
            "keratoprosthesis",
            {
                "lead": "Nothing is offered for “keratoprosthesis”: no service found is approved"
                " for it.",
                "rejected": "1 service was applied for and rejected",
                "illustrative": "3 entries are illustrative: no source confirms them",
                "count": "1 service found; it does not offer the treatment",
                "offered": "1 service found",
            },
        ),
        (
            "nb-NO",
            "keratoprotese",
            {
                "lead": "Ingenting tilbys for «keratoprotese»: ingen av tjenestene som ble funnet,"
                " er godkjent for det.",
                "rejected": "1 tjeneste ble søkt om og avslått",
                "illustrative": "3 oppføringer er illustrative: ingen kilde bekrefter dem",
                "count": "1 tjeneste funnet; den tilbyr ikke behandlingen",
                "offered": "1 tjeneste funnet",
            },
        ),
    ],
)
async def test_only_rejected_or_unconfirmed_services_say_nothing_is_offered(
    visit, artifacts: Path, locale: str, query: str, texts: dict[str, str]
) -> None:
    tab = await visit(locale=locale)
    await tab.open(f"/#/search?q={query}")
    page = tab.page
    notice = page.locator("#search-results .not-offered")
    assert await notice.locator(".lead").text_content() == texts["lead"]
    assert await notice.locator("li").all_text_contents() == [texts["rejected"]]
    assert await page.text_content("#search-results .count") == texts["count"]
    assert await page.locator(".service .status-rejected").count() == 1
    await tab.screenshot(artifacts / f"search-nothing-offered-{locale[:2]}.png")
    assert await tab.accessibility_violations() == []
    # With illustrative entries shown, they are counted among the reasons, not as offers.
    await tab.open(f"/#/search?q={query}&illustrative=1")
    assert sorted(await notice.locator("li").all_text_contents()) == sorted(
        [texts["rejected"], texts["illustrative"]]
    )
    # An approved service is an offer: no such notice.
    await tab.open("/#/search?q=retinoblastoma")
    assert await page.locator("#search-results .service").count() == 1
    assert await notice.count() == 0
    assert await page.text_content("#search-results .count") == texts["offered"]
    assert tab.errors == []


async def test_a_referral_with_only_illustrative_options_says_nothing_is_offered(
    visit, artifacts: Path
) -> None:
    tab = await visit(locale="fi-FI")
    await tab.open("/#/referral?q=keratoproteesi&illustrative=1")
    page = tab.page
    # From Finland (the browser's region): only entries no source confirms.
    assert "from=" not in page.url and await page.input_value("#referral-from") == "FI"
    assert await page.locator("#referral-results .service.illustrative").count() == 3
    notice = page.locator("#referral-results .not-offered")
    assert await notice.locator(".lead").text_content() == (
        "Hakuun ”keratoproteesi” ei ole tarjolla hoitoa: yhtäkään löytyneistä palveluista ei ole"
        " hyväksytty siihen."
    )
    assert await notice.locator("li").all_text_contents() == [
        "Havainnollistavia, mikään lähde ei vahvista niitä: 3 merkintää"
    ]
    await tab.screenshot(artifacts / "referral-nothing-offered-fi.png")
    assert await tab.accessibility_violations() == []
    assert tab.errors == []


@pytest.mark.parametrize(
    ("locale", "nothing", "denmark"),
    [
        ("sv-SE", "Inget hittades i Danmark för ”keratoxyzqwv”.", "Danmark"),
        ("fi-FI", "Haulla ”keratoxyzqwv” ei löytynyt mitään (maa: Tanska).", "Tanska"),
    ],
)
async def test_did_you_mean_keeps_the_filters(
    visit, artifacts: Path, locale: str, nothing: str, denmark: str
) -> None:
    tab = await visit(locale=locale)
    # No term has this word; its first half is every keratoprosthesis term's.
    await tab.open("/#/search?q=keratoxyzqwv&country=DK&illustrative=1")
    page = tab.page
    empty = page.locator("#search-results .empty")
    assert await empty.locator("p").first.text_content() == nothing
    suggestion = empty.locator(".suggestions a", has_text="Keratopro").first
    href = await suggestion.get_attribute("href") or ""
    assert "country=DK" in href and "illustrative=1" in href
    await tab.screenshot(artifacts / f"search-did-you-mean-{locale[:2]}.png")
    async with tab.rerender():
        await suggestion.click()
    assert await page.input_value("#search-country") == "DK"
    assert await page.is_checked("#search-illustrative")
    countries = await page.locator("#search-results .country-group > h3").all_text_contents()
    assert countries == [denmark]
    assert tab.errors == []


async def test_did_you_mean_never_offers_the_term_just_searched(visit) -> None:
    tab = await visit(locale="en-GB")
    await tab.open()
    # The page's own rule, run in the page: a suggestion equal to the searched text (but for
    # case) is left out; with none left, nothing is said when asked to say nothing.
    kept = await tab.page.evaluate(
        """async () => {
            const { suggestionList } = await import("/web/offerings.js");
            const href = (term) => `#/search?q=${term}`;
            const texts = (nodes) => [nodes].flat().filter(Boolean)
                .flatMap((n) => [...n.querySelectorAll("a")]).map((a) => a.textContent);
            const same = [{ text: "Keratoprosthesis", language: "en" }];
            return {
                other: texts(suggestionList(
                    [...same, { text: "Keratoprosthesis (Denmark)", language: "en" }],
                    href, "keratoprosthesis")),
                none: suggestionList(same, href, " KERATOPROSTHESIS ", { none: null }),
            };
        }"""
    )
    assert kept == {"other": ["Keratoprosthesis (Denmark)"], "none": None}
    assert tab.errors == []
