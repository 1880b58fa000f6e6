"""Texts in every Nordic language, each saying its language and whether it is the original;
proper names fall back to their own language, descriptive texts along the language chains."""

from __future__ import annotations

from typing import Any

import pytest

SEVEN = ("nb", "nn", "sv", "da", "fi", "is", "en")


async def test_the_keratoprosthesis_decision_reason_in_seven_languages(gql: Any) -> None:
    data = (
        await gql(
            '{ decision(id: "decision:hod-avslag-nbt-keratoproteser") '
            "{ reasonTranslations { language text original translatedBy } } }",
            language="en",
        )
    ).ok()
    found = {t["language"]: t for t in data["decision"]["reasonTranslations"]}
    assert set(SEVEN) <= found.keys()
    assert len({found[lang]["text"] for lang in SEVEN}) == 7
    assert [lang for lang, t in found.items() if t["original"]] == ["nb"]
    assert found["nb"]["translatedBy"] is None
    assert {found[lang]["translatedBy"] for lang in SEVEN if lang != "nb"} == {"nordhub"}


@pytest.mark.parametrize("language", SEVEN)
async def test_each_language_is_served_natively(gql: Any, language: str) -> None:
    data = (
        await gql(
            '{ decision(id: "decision:hod-avslag-nbt-keratoproteser") '
            "{ reason reasonLocalized { text language original originalLanguage fallback } } }",
            language=language,
        )
    ).ok()["decision"]
    served = data["reasonLocalized"]
    assert served["text"] == data["reason"]
    assert (served["language"], served["fallback"]) == (language, False)
    assert served["original"] == (language == "nb")
    assert served["originalLanguage"] == "nb"


@pytest.mark.parametrize(
    ("org", "language", "name", "own"),
    [
        ("org:helse-vest-rhf", "sv", "Helse Vest RHF", "nb"),
        ("org:aarhus-universitetshospital", "fi", "Aarhus Universitetshospital", "da"),
        ("org:helse-vest-rhf", "en", "Western Norway Regional Health Authority", "nb"),
    ],
)
async def test_a_body_keeps_its_own_name_where_no_other_is_established(
    gql: Any, org: str, language: str, name: str, own: str
) -> None:
    data = (
        await gql(
            "query($id: ID!) { organisation(id: $id) "
            "{ name nameLocalized { text language original } } }",
            {"id": org},
            language=language,
        )
    ).ok()["organisation"]
    assert data["name"] == name
    localized = data["nameLocalized"]
    assert localized["text"] == name
    if language == "en":
        assert (localized["language"], localized["original"]) == ("en", False)
    else:
        assert (localized["language"], localized["original"]) == (own, True)


async def test_descriptive_texts_follow_the_language_chain(gql: Any) -> None:
    # Faroese has no text of its own here: Danish is next in its chain, not English.
    data = (
        await gql(
            '{ service(id: "service:no-nbt-keratoproteser") '
            "{ nameLocalized { language fallback } descriptionLocalized { language } } }",
            language="fo",
        )
    ).ok()["service"]
    assert data["nameLocalized"] == {"language": "da", "fallback": True}
    assert data["descriptionLocalized"] == {"language": "da"}


async def test_provenance_notes_are_translated(gql: Any) -> None:
    query = (
        '{ service(id: "service:fi-keratoproteesi", includeIllustrative: true) '
        "{ provenance { note noteLocalized { language original originalLanguage } } } }"
    )
    notes = {}
    for language in ("nb", "sv", "fi"):
        provenance = (await gql(query, language=language)).ok()["service"]["provenance"]
        assert provenance["noteLocalized"] == {
            "language": language,
            "original": False,
            "originalLanguage": "en",
        }
        notes[language] = provenance["note"]
    assert len(set(notes.values())) == 3


async def test_an_api_text_takes_its_first_language_as_the_original(
    gql: Any, new_project: Any
) -> None:
    project_id = await new_project(
        title=[
            {"language": "sv", "text": "Ett svenskt projekt"},
            {"language": "en", "text": "A Swedish project"},
        ]
    )
    data = (
        await gql(
            "query($id: ID!) { collaborationProject(id: $id) "
            "{ translations { language original } titleLocalized { language original } } }",
            {"id": project_id},
            language="en",
        )
    ).ok()["collaborationProject"]
    assert {t["language"]: t["original"] for t in data["translations"]} == {
        "sv": True,
        "en": False,
    }
    assert data["titleLocalized"] == {"language": "en", "original": False}
