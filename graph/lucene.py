"""Lucene query strings for Neo4j's full-text indexes, built safely from what a user typed.

User text never reaches the query parser as syntax: it is split into words, every character Lucene
treats as an operator is escaped, and the query is assembled from those words only.

Only *content words* search: words of two letters or more that are not digits alone and not
function words (``og``, ``och``, ``ja``, ``the`` ...). Every content word is required (``+``): a
term matches when each word of the question is in one of its names or synonyms, so "kunstig
hornhinne" (artificial cornea) never matches "kunstig håndledd" (artificial wrist) on the shared
word alone. A question of no content words (one letter, punctuation, an injection attempt)
searches nothing.

Three shapes: an exact query for a language's analyzer (stemming applies), exact-with-prefix for
the case- and diacritics-folding index (a typed word may be the start of a longer one:
"hornhinne" finds "hornhinnetransplantasjon"), and fuzzy ones (typos), tried only when the exact
ones find nothing. A prefix is always the whole typed word, never a part of it, so two compounds
that merely share their first half never match each other.
"""

from __future__ import annotations

import re

# Characters the classic query parser gives meaning to (Lucene's QueryParserBase.escape).
_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)

MAX_WORDS = 8
# Words shorter than this are not searched (a letter, an initial).
MIN_WORD = 2
# A word this long may be the start of a longer word (prefix query).
MIN_PREFIX = 4
# Typos are forgiven in words this long: one edit, and two from _TWO_EDITS letters on.
MIN_FUZZY = 5
_TWO_EDITS = 8

# Function words of the languages searched (nb, nn, sv, da, fi, is, en): they carry no meaning of
# their own, and the all-language folding index does not know which language a word is in.
STOP_WORDS = frozenset(
    {
        # nb, nn
        *("og", "i", "på", "av", "for", "til", "med", "som", "en", "et", "ei", "den", "det"),
        *("de", "er", "ved", "om", "fra", "eller", "etter", "hos", "uten", "mot", "under"),
        *("over", "har", "å", "seg", "sin", "sitt", "ikke", "ikkje", "eit", "dei", "frå"),
        *("utan", "hjå", "åt"),
        # sv
        *("och", "för", "till", "vid", "från", "efter", "utan", "över", "att", "sig", "inte"),
        *("är", "ett"),
        # da
        *("af", "mod", "uden", "ikke"),
        # fi
        *("ja", "tai", "sekä", "on", "ei", "se", "ne", "joka", "jotka", "kanssa", "ilman", "myös"),
        # is
        *("í", "á", "fyrir", "með", "sem", "við", "um", "eða", "eftir", "hjá", "án", "undir"),
        *("yfir",),
        # en
        *("and", "or", "the", "an", "of", "in", "on", "to", "with", "by", "at", "from", "is"),
        *("are", "as", "after", "without", "not"),
    }
)


def escape(term: str) -> str:
    """``term`` with every Lucene operator character backslash-escaped."""
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in term)


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (so ``AND``/``OR``/``NOT`` are words, not operators),
    in order, without duplicates, at most ``MAX_WORDS``."""
    found = [w.lower() for w in _WORD.findall(text)]
    return list(dict.fromkeys(found))[:MAX_WORDS]


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning: long enough, not digits alone, not stop words."""
    return [
        w for w in words(text) if len(w) >= MIN_WORD and not w.isdigit() and w not in STOP_WORDS
    ]


def _edits(word: str) -> int:
    return 2 if len(word) >= _TWO_EDITS else 1


def _required(parts: list[str]) -> str | None:
    return " ".join(f"+{part}" for part in parts) or None


def exact_query(text: str) -> str | None:
    """Every content word required, as plain terms for an analyzer index (which stems them)."""
    return _required([escape(w) for w in content_words(text)])


def _exact_or_prefix(word: str) -> str:
    term = escape(word)
    return f"({term}^3 OR {term}*)" if len(word) >= MIN_PREFIX else f"{term}^3"


def folded_query(text: str) -> str | None:
    """Every content word required: exact (boosted), or as a prefix when long enough."""
    return _required([_exact_or_prefix(w) for w in content_words(text)])


def fuzzy_query(text: str) -> str | None:
    """Every content word required, exact, as a prefix, or within one edit (two for long
    words; a transposition counts as one edit); short words must be exact.

    Fuzzy terms cost far more than exact ones on a large vocabulary, so a search asks for them
    only when the exact and prefix queries found nothing."""
    parts: list[str] = []
    for word in content_words(text):
        exact = _exact_or_prefix(word)
        if len(word) >= MIN_FUZZY:
            exact = f"({exact} OR {escape(word)}~{_edits(word)})"
        parts.append(exact)
    return _required(parts)


def loose_query(text: str) -> str | None:
    """For suggestions when no term matched at all: any content word, within two edits or by
    the stem a typo is most likely to keep (its first half, at least four letters)."""
    parts: list[str] = []
    for word in content_words(text):
        if len(word) < MIN_PREFIX:
            continue
        term = escape(word)
        stem = escape(word[: max(MIN_PREFIX, len(word) // 2)])
        parts.append(f"({term}~2 OR {stem}*)")
    return " ".join(parts) or None
