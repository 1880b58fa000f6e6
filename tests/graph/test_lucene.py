"""Lucene queries from user text: operators are escaped or dropped, never interpreted; only
content words search, and every one of them is required."""

from __future__ import annotations

import pytest

from graph import lucene


def test_words_are_lower_cased_deduplicated_and_capped() -> None:
    assert lucene.words("Keratoprotese  KERATOPROTESE hornhinne") == ["keratoprotese", "hornhinne"]
    assert len(lucene.words(" ".join(f"w{i}x" for i in range(20)))) == lucene.MAX_WORDS


def test_operators_and_syntax_never_reach_the_parser() -> None:
    query = lucene.folded_query('kerato* AND (x:y) "OR" ~2 -NOT \\ /re/')
    assert query is not None
    assert " AND " not in query.replace(" OR ", " ")
    for raw in ("(x:y)", '"', "/re/", "\\ "):
        assert raw not in query
    # AND, OR and NOT are lower-cased words, and English function words: they do not search.
    assert lucene.exact_query("kerato AND NOT OR") == "+kerato"
    assert lucene.exact_query("x-ray") == "+x\\-ray"


def test_escape_covers_every_special_character() -> None:
    assert lucene.escape('+-&|!(){}[]^"~*?:\\/') == "".join(
        "\\" + ch for ch in '+-&|!(){}[]^"~*?:\\/'
    )


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("kunstig hornhinne", ["kunstig", "hornhinne"]),
        ("lammelse i bena", ["lammelse", "bena"]),
        ("glass med jordgubbar", ["glass", "jordgubbar"]),
        ("augnkrabbamein í börnum", ["augnkrabbamein", "börnum"]),
        ("Hirschsprungs sjukdom och", ["hirschsprungs", "sjukdom"]),
        ("k", []),
        ("ö", []),
        ("' OR 1=1 --", []),
        ("the of and", []),
        ("<script>alert(1)</script>", ["script", "alert"]),
        ("SJS", ["sjs"]),
    ],
)
def test_only_content_words_search(text: str, content: list[str]) -> None:
    assert lucene.content_words(text) == content


def test_every_word_is_required() -> None:
    assert lucene.exact_query("kunstig hornhinne") == "+kunstig +hornhinne"
    assert lucene.folded_query("sjs glærugervi") == "+sjs^3 +(glærugervi^3 OR glærugervi*)"


def test_a_question_without_content_words_searches_nothing() -> None:
    for build in (lucene.exact_query, lucene.folded_query, lucene.fuzzy_query, lucene.loose_query):
        assert build("k") is None
        assert build("' OR 1=1 --") is None


def test_fuzzy_query_forgives_more_in_longer_words_and_nothing_in_short_ones() -> None:
    assert lucene.fuzzy_query("sjs aniridi keratoprotes") == (
        "+sjs^3 +((aniridi^3 OR aniridi*) OR aniridi~1) "
        "+((keratoprotes^3 OR keratoprotes*) OR keratoprotes~2)"
    )


def test_a_prefix_is_the_whole_typed_word_never_a_part_of_it() -> None:
    folded = lucene.folded_query("hornhinnetransplantasjon")
    assert folded == "+(hornhinnetransplantasjon^3 OR hornhinnetransplantasjon*)"
    assert "hornhinne*" not in (lucene.fuzzy_query("hornhinnetransplantasjon") or "")


def test_suggestions_may_use_a_stem_of_the_word() -> None:
    assert lucene.loose_query("hornhimnuxyz og") == "(hornhimnuxyz~2 OR hornhi*)"
