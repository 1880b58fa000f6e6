"""Relevance of the cross-border lookup, measured on a judged query set.

``queries.toml`` holds what referral offices and clinicians type (treatments, conditions, lay words,
misspellings, codes and nonsense, in nb, sv, da, fi, is and en) with the services that should and
should not come back. :func:`evaluate` asks the hub each query through ``whereOffered`` and scores
the ranked services; ``python -m bench.relevance`` prints and writes the table, and
``tests/bench/test_relevance.py`` holds the targets.

The measures, per query (the ranking is of services, each at its first offering):

- precision@5: of the first five services returned (fewer if fewer came back), the share judged
  relevant; 0 when nothing came back although something should have;
- recall: the share of the relevant services returned at all;
- nDCG@10: discounted cumulative gain of the first ten, gain ``2**grade - 1``, over the ideal.

Nonsense queries have no relevant services: they count only as "returned anything or not".
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUERIES = Path(__file__).resolve().parent / "queries.toml"
LANGUAGES = ("nb", "sv", "da", "fi", "is", "en")
CLASSES = ("treatment", "condition", "lay", "misspelling", "code", "nonsense")
NONSENSE = "nonsense"


@dataclass(frozen=True, slots=True)
class JudgedQuery:
    id: str
    language: str
    kind: str
    text: str | None
    code: str | None
    relevant: Mapping[str, int]
    forbidden: frozenset[str]


@dataclass(frozen=True, slots=True)
class Answer:
    """What the hub returned for one query: service ids in rank order, and suggestions."""

    services: tuple[str, ...]
    suggestions: int = 0


@dataclass(frozen=True, slots=True)
class Scored:
    query: JudgedQuery
    answer: Answer
    precision_at_5: float | None
    recall: float | None
    ndcg_at_10: float | None
    forbidden_returned: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """Means over the judged (non-nonsense) queries of a group, and the nonsense counts."""

    queries: int
    precision_at_5: float | None
    recall: float | None
    ndcg_at_10: float | None
    nonsense: int
    nonsense_answered: int
    forbidden: int


@dataclass(frozen=True, slots=True)
class Report:
    scored: tuple[Scored, ...]
    by_language: Mapping[str, Summary] = field(default_factory=dict)
    by_class: Mapping[str, Summary] = field(default_factory=dict)
    overall: Summary | None = None


def load_queries(path: Path = QUERIES) -> list[JudgedQuery]:
    """The judged set, with ``group:<name>`` entries of ``not`` expanded; checked as it is read."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    groups: Mapping[str, Sequence[str]] = data.get("groups", {})
    found: list[JudgedQuery] = []
    seen: set[str] = set()
    for raw in data["query"]:
        query_id = str(raw["id"])
        if query_id in seen:
            raise ValueError(f"{path.name}: query id {query_id!r} is used twice")
        seen.add(query_id)
        language, kind = str(raw["language"]), str(raw["class"])
        if language not in LANGUAGES or kind not in CLASSES:
            raise ValueError(f"{path.name}: {query_id}: unknown language or class")
        text, code = raw.get("text"), raw.get("code")
        if (text is None) == (code is None):
            raise ValueError(f"{path.name}: {query_id}: give exactly one of text and code")
        relevant = {str(k): int(v) for k, v in dict(raw.get("relevant", {})).items()}
        if (kind == NONSENSE) == bool(relevant):
            raise ValueError(
                f"{path.name}: {query_id}: nonsense has no relevant services, "
                "every other query has some"
            )
        forbidden: set[str] = set()
        for entry in raw.get("not", []):
            if str(entry).startswith("group:"):
                forbidden.update(groups[str(entry).removeprefix("group:")])
            else:
                forbidden.add(str(entry))
        if forbidden & relevant.keys():
            raise ValueError(f"{path.name}: {query_id}: a service is both relevant and not")
        found.append(
            JudgedQuery(query_id, language, kind, text, code, relevant, frozenset(forbidden))
        )
    return found


def precision_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    top = ranked[:k]
    if not top:
        return 0.0
    return sum(1 for s in top if relevant.get(s, 0) > 0) / len(top)


def recall(ranked: Sequence[str], relevant: Mapping[str, int]) -> float:
    wanted = {s for s, grade in relevant.items() if grade > 0}
    return len(wanted.intersection(ranked)) / len(wanted) if wanted else 1.0


def ndcg_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int) -> float:
    def dcg(grades: Iterable[int]) -> float:
        return sum((2.0**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))

    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    return dcg(relevant.get(s, 0) for s in ranked[:k]) / ideal if ideal else 1.0


def score(query: JudgedQuery, answer: Answer) -> Scored:
    ranked = answer.services
    forbidden = tuple(s for s in ranked if s in query.forbidden)
    if query.kind == NONSENSE:
        return Scored(query, answer, None, None, None, forbidden)
    return Scored(
        query,
        answer,
        precision_at(ranked, query.relevant, 5),
        recall(ranked, query.relevant),
        ndcg_at(ranked, query.relevant, 10),
        forbidden,
    )


def summarise(scored: Sequence[Scored]) -> Summary:
    judged = [s for s in scored if s.query.kind != NONSENSE]
    nonsense = [s for s in scored if s.query.kind == NONSENSE]

    def mean(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return sum(present) / len(present) if present else None

    return Summary(
        queries=len(scored),
        precision_at_5=mean([s.precision_at_5 for s in judged]),
        recall=mean([s.recall for s in judged]),
        ndcg_at_10=mean([s.ndcg_at_10 for s in judged]),
        nonsense=len(nonsense),
        nonsense_answered=sum(1 for s in nonsense if s.answer.services),
        forbidden=sum(len(s.forbidden_returned) for s in scored),
    )


Ask = Callable[[JudgedQuery], Awaitable[Answer]]


async def evaluate(ask: Ask, queries: Sequence[JudgedQuery] | None = None) -> Report:
    """Ask every query and score the answers."""
    scored = tuple([score(q, await ask(q)) for q in (queries or load_queries())])
    return Report(
        scored=scored,
        by_language={
            lang: summarise([s for s in scored if s.query.language == lang]) for lang in LANGUAGES
        },
        by_class={kind: summarise([s for s in scored if s.query.kind == kind]) for kind in CLASSES},
        overall=summarise(scored),
    )


WHERE_OFFERED = """
query Relevance($text: String, $code: String) {
  whereOffered(treatment: $text, code: $code, first: 100) {
    nodes { service { id } }
    suggestions { text }
  }
}
"""


def answer_of(body: Mapping[str, Any]) -> Answer:
    """The ranked services (each once) of a ``WHERE_OFFERED`` response body."""
    found = (body.get("data") or {}).get("whereOffered") or {}
    ids = [str(n["service"]["id"]) for n in found.get("nodes", [])]
    return Answer(tuple(dict.fromkeys(ids)), len(found.get("suggestions", [])))


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _row(name: str, s: Summary) -> str:
    return (
        f"| {name} | {s.queries} | {_fmt(s.precision_at_5, 3)} | {_fmt(s.recall, 3)} "
        f"| {_fmt(s.ndcg_at_10, 3)} | {s.nonsense_answered}/{s.nonsense} | {s.forbidden} |"
    )


def render(report: Report, *, title: str = "Relevance of whereOffered") -> str:
    """The report as Markdown: per language, per class, overall, then every query."""
    head = (
        "| | queries | precision@5 | recall | nDCG@10 | nonsense answered | forbidden returned |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    lines = [f"# {title}", "", "## Per language", "", head]
    lines += [_row(lang, s) for lang, s in report.by_language.items()]
    assert report.overall is not None
    lines += [_row("**all**", report.overall), "", "## Per class", "", head]
    lines += [_row(kind, s) for kind, s in report.by_class.items()]
    lines += [
        "",
        "## Per query",
        "",
        "| query | asked | P@5 | recall | nDCG@10 | returned |",
        "|---|---|---:|---:|---:|---|",
    ]
    for s in report.scored:
        asked = s.query.text if s.query.text is not None else f"code {s.query.code}"
        returned = ", ".join(x.removeprefix("service:") for x in s.answer.services[:5])
        if len(s.answer.services) > 5:
            returned += f" (+{len(s.answer.services) - 5})"
        if s.forbidden_returned:
            returned += " — FORBIDDEN: " + ", ".join(s.forbidden_returned)
        asked = asked.replace("|", "\\|")
        lines.append(
            f"| {s.query.id} | {asked} | {_fmt(s.precision_at_5)} | {_fmt(s.recall)} "
            f"| {_fmt(s.ndcg_at_10)} | {returned or '(none)'} |"
        )
    return "\n".join(lines) + "\n"
