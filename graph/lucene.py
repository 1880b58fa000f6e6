"""Lucene query strings for Neo4j's full-text indexes, built safely from what a user typed.

User text never reaches the query parser as syntax: it is split into words, every character Lucene
treats as an operator is escaped, and the query is assembled from those words only. Two shapes:
an exact query for a language's analyzer (stemming and stop words apply), and exact-with-prefix
and fuzzy ones for the case- and diacritics-folding index (prefixes of compounds, small typos).
"""

from __future__ import annotations

import re

# Characters the classic query parser gives meaning to (Lucene's QueryParserBase.escape).
_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)

MAX_WORDS = 8
# Lucene allows at most two edits; one edit for words up to this length keeps noise down.
_SHORT_WORD = 7


def escape(term: str) -> str:
    """``term`` with every Lucene operator character backslash-escaped."""
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in term)


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (so ``AND``/``OR``/``NOT`` are words, not operators),
    in order, without duplicates, at most ``MAX_WORDS``."""
    found = [w.lower() for w in _WORD.findall(text)]
    return list(dict.fromkeys(found))[:MAX_WORDS]


def _edits(word: str) -> int:
    return 1 if len(word) <= _SHORT_WORD else 2


def exact_query(text: str) -> str:
    """All words as plain terms for an analyzer index (OR-ed; more matching words rank higher)."""
    return " ".join(escape(w) for w in words(text))


def folded_query(text: str) -> str:
    """Each word exact (boosted), and as a prefix when it is long enough to be a stem."""
    parts: list[str] = []
    for word in words(text):
        term = escape(word)
        parts.append(f"({term}^3 OR {term}*)" if len(word) >= 4 else f"{term}^3")
    return " ".join(parts)


def fuzzy_query(text: str) -> str:
    """Each word within one edit (two for long words); a transposition counts as one edit.

    Fuzzy terms cost far more than exact ones on a large vocabulary, so a search asks for them
    only when the exact and prefix queries found nothing."""
    return " ".join(f"{escape(word)}~{_edits(word)}" for word in words(text))


def loose_query(text: str) -> str:
    """For suggestions when nothing matched: two edits everywhere, and shorter prefixes."""
    parts: list[str] = []
    for word in words(text):
        term = escape(word)
        stem = escape(word[: max(3, len(word) // 2)])
        parts.append(f"({term}~2 OR {stem}*)")
    return " ".join(parts)
