import pytest

QUERY = "{ countries { code name } }"


@pytest.mark.parametrize(
    ("language", "norway"), [("sv", "Norge"), ("fi", "Norja"), ("nn", "Noreg")]
)
async def test_country_names_answer_in_the_served_language(gql, language: str, norway: str) -> None:
    response = await gql(QUERY, language=language)
    names = {c["code"]: c["name"] for c in response.ok()["countries"]}
    assert names["NO"] == norway
    assert response.http.headers["content-language"] == language
    assert response.extensions["language"] == language


async def test_all_nordic_countries_and_territories_are_there(gql) -> None:
    codes = {c["code"] for c in (await gql(QUERY)).ok()["countries"]}
    assert codes == {"NO", "SE", "DK", "FI", "IS", "FO", "GL", "AX"}


async def test_a_country_lists_its_translations_and_languages(gql) -> None:
    data = (
        await gql(
            '{ country(code: "is") { name translations { language languageName text } '
            "languages { code name } } }",
            language="da",
        )
    ).ok()
    country = data["country"]
    assert country["name"] == "Island"
    by_language = {t["language"]: t for t in country["translations"]}
    assert by_language["is"]["text"] == "Ísland"
    assert by_language["fi"]["text"] == "Islanti"
    assert by_language["fi"]["languageName"] == "finsk"
    assert {"code": "is", "name": "islandsk"} in country["languages"]


async def test_the_language_argument_overrides_the_header(gql) -> None:
    data = (await gql('{ country(code: "NO") { name(language: "fi") } }', language="sv")).ok()
    assert data["country"]["name"] == "Norja"


async def test_territories_name_their_sovereign_state(gql) -> None:
    data = (await gql('{ country(code: "FO") { sovereign { code } } }')).ok()
    assert data["country"]["sovereign"]["code"] == "DK"


async def test_norway_has_four_regional_health_authorities(gql) -> None:
    data = (
        await gql('{ regions(country: "NO") { name kind authority { name kind } } }', language="nb")
    ).ok()
    authorities = [r for r in data["regions"] if r["kind"] == "REGIONAL_HEALTH_AUTHORITY"]
    assert sorted(r["authority"]["name"] for r in authorities) == [
        "Helse Midt-Norge RHF",
        "Helse Nord RHF",
        "Helse Sør-Øst RHF",
        "Helse Vest RHF",
    ]


async def test_the_served_language_and_its_chain_are_reported(gql) -> None:
    data = (await gql("{ language { code name fallbackChain } }", language="fo-FO")).ok()
    assert data["language"] == {
        "code": "fo",
        "name": "føroyskt",
        "fallbackChain": ["fo", "da", "en"],
    }
