"""Why a term matched, and the seeded synonyms every search relies on."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from graph.terms import MatchKind, explain, fold

DATA = Path(__file__).parents[2] / "graph" / "seed" / "data"
LANGUAGES = ("nb", "nn", "sv", "da", "fi", "is", "en")


def test_fold_removes_case_and_diacritics_like_the_index() -> None:
    assert fold("GLÆRUGERVI Ørkén Þór Ðóra") == "glaerugervi orken thor dora"


def test_explain_names_the_synonym_and_its_language() -> None:
    props = {
        "name_nb": "Keratoprotese",
        "name_sv": "Keratoprotes",
        "synonyms_nb": ["kunstig hornhinne", "Boston KPro"],
        "synonyms_is": ["gervihornhimna"],
    }
    reason = explain("kunstig hornhine", props, "sv")
    assert reason is not None
    assert (reason.kind, reason.text, reason.language) == (
        MatchKind.SYNONYM,
        "kunstig hornhinne",
        "nb",
    )
    name = explain("keratoprotes", props, "sv")
    assert name is not None and (name.kind, name.language) == (MatchKind.NAME, "sv")


@pytest.mark.parametrize(
    ("file", "table"), [("conditions", "condition"), ("procedures", "procedure")]
)
def test_every_seeded_term_has_synonyms_in_at_least_six_languages(file: str, table: str) -> None:
    terms = tomllib.loads((DATA / f"{file}.toml").read_text("utf-8"))[table]
    assert terms
    for term in terms:
        synonyms = term.get("synonyms", {})
        covered = [tag for tag in LANGUAGES if synonyms.get(tag)]
        assert len(covered) >= 6, (term["id"], covered)
        names = term.get("name", {})
        assert all(names.get(tag) for tag in LANGUAGES), term["id"]
