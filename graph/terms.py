"""What a search looks for, and why a term matched it.

:class:`SearchTerms` turns a caller's free text or code into the parameters of one lookup
statement (which analyzer index serves the language, the Lucene queries, the code stem).
:func:`explain` says afterwards which name or synonym, in which language, made a term match; it
works on the properties the statement already returned, so explaining costs no round trip.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum
from typing import Any

from graph import lucene
from graph.codes import ParsedCode
from graph.models import Props

# The full-text index (migration 0003) whose analyzer fits each language; the rest use folding.
ANALYZER_INDEX: dict[str, str] = {
    "nb": "search_norwegian",
    "nn": "search_norwegian",
    "sv": "search_swedish",
    "da": "search_danish",
    "fi": "search_finnish",
    "is": "search_icelandic",
    "en": "search_english",
}

MAX_TERM_HITS = 50
# The labels a search can match (the full-text indexes cover exactly these).
TERM_LABELS = ("Condition", "Procedure", "Service")

# Letters that Unicode decomposition leaves alone but Lucene's ASCII folding maps.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ð": "d", "þ": "th", "ß": "ss", "œ": "oe", "ł": "l"})


class MatchKind(Enum):
    NAME = "NAME"
    SYNONYM = "SYNONYM"
    CODE = "CODE"


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """Free text (in ``language``) or a parsed code: never both."""

    language: str
    text: str | None = None
    code: ParsedCode | None = None

    def params(self) -> dict[str, Any]:
        text, code = self.text, self.code
        return {
            "index": ANALYZER_INDEX.get(self.language) if text else None,
            "exact": lucene.exact_query(text) if text else None,
            "folded": lucene.folded_query(text) if text else None,
            "fuzzy": lucene.fuzzy_query(text) if text else None,
            "loose": lucene.loose_query(text) if text else None,
            "hits": MAX_TERM_HITS,
            # Every code and prefix starts with the code itself: one range seek covers both.
            "codeStem": code.code if code else None,
            "codeSystem": code.system.value if code else None,
            "code": code.code if code else None,
            "codePrefix": code.prefix if code else None,
            "suggestStem": code.code[:2] if code else None,
            "termLabels": list(TERM_LABELS),
        }


@dataclass(frozen=True, slots=True)
class MatchReason:
    kind: MatchKind
    text: str
    language: str | None


def fold(text: str) -> str:
    """Lower case without diacritics, as the folding analyzer sees it."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# A candidate word this similar to a question word counts as that word (typos, inflections the
# analyzers stem: "ryggmärgsskadorna" and "ryggmärgsskada").
_SAME_WORD = 0.75


def _word_match(query_word: str, word: str) -> float:
    if word == query_word:
        return 1.0
    if word.startswith(query_word):
        return 0.95
    return SequenceMatcher(None, query_word, word).ratio()


def _similarity(query_words: list[str], candidate: str) -> tuple[int, float]:
    """How many question words the candidate has (as words, prefixes or near misses), and how
    closely on average."""
    words = lucene.words(fold(candidate))
    if not words or not query_words:
        return 0, 0.0
    best = [max(_word_match(q, w) for w in words) for q in query_words]
    return sum(1 for b in best if b >= _SAME_WORD), sum(best) / len(best)


def explain(text: str, props: Props, language: str) -> MatchReason | None:
    """The name or synonym of a term that best matches ``text``: the one holding most of the
    question's words, then the closest; the served language wins ties, then names."""
    query_words = [fold(w) for w in lucene.content_words(text) or lucene.words(text)]
    best: tuple[int, float, int, int] | None = None
    reason: MatchReason | None = None
    for key, value in props.items():
        kind, _, tag = key.partition("_")
        if kind not in ("name", "synonyms") or not tag or not value:
            continue
        candidates = [value] if isinstance(value, str) else list(value)
        for candidate in candidates:
            rank = (
                *_similarity(query_words, str(candidate)),
                int(tag == language),
                int(kind == "name"),
            )
            if best is None or rank > best:
                best = rank
                reason = MatchReason(
                    MatchKind.NAME if kind == "name" else MatchKind.SYNONYM, str(candidate), tag
                )
    return reason
