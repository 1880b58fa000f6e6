"""Lucene queries from user text: operators are escaped or dropped, never interpreted."""

from __future__ import annotations

from graph import lucene


def test_words_are_lower_cased_deduplicated_and_capped() -> None:
    assert lucene.words("Keratoprotese  KERATOPROTESE hornhinne") == ["keratoprotese", "hornhinne"]
    assert len(lucene.words(" ".join(f"w{i}x" for i in range(20)))) == lucene.MAX_WORDS


def test_operators_and_syntax_never_reach_the_parser() -> None:
    query = lucene.folded_query('kerato* AND (x:y) "OR" ~2 -NOT \\ /re/')
    assert " AND " not in query.replace(" OR ", " ")
    for raw in ("(x:y)", '"', "/re/", "\\ "):
        assert raw not in query
    assert lucene.exact_query("kerato AND NOT OR") == "kerato and not or"
    assert lucene.exact_query("x-ray") == "x\\-ray"


def test_escape_covers_every_special_character() -> None:
    assert lucene.escape('+-&|!(){}[]^"~*?:\\/') == "".join(
        "\\" + ch for ch in '+-&|!(){}[]^"~*?:\\/'
    )


def test_folded_query_adds_prefixes_for_stems() -> None:
    assert lucene.folded_query("sjs glærugervi") == "sjs^3 (glærugervi^3 OR glærugervi*)"


def test_fuzzy_query_allows_fewer_edits_for_short_words() -> None:
    assert lucene.fuzzy_query("aniridi keratoprotes") == "aniridi~1 keratoprotes~2"
