"""The lookup's relevance on the judged query set (``bench/relevance``), against the seeded graph:
the targets of the judged set hold, and the measures themselves are right."""

from __future__ import annotations

from typing import Any

import pytest

from bench.relevance import (
    LANGUAGES,
    NONSENSE,
    WHERE_OFFERED,
    Answer,
    JudgedQuery,
    Report,
    answer_of,
    evaluate,
    load_queries,
    ndcg_at,
    precision_at,
    recall,
)

JOINTS = {
    "service:fi-kasi-ranne-kyynarpaa-nilkka-tekonivelkirurgia",
    "service:fi-olkanivelen-tekonivelen-uusintaleikkaukset",
    "service:no-kvalitetsnettverk-leddproteser-hoftebrudd",
    "service:no-leddproteser-hoftebrudd",
}


@pytest.fixture(scope="module")
async def report(gql: Any) -> Report:
    async def ask(query: JudgedQuery) -> Answer:
        answer = await gql(
            WHERE_OFFERED, {"text": query.text, "code": query.code}, language=query.language
        )
        return answer_of(answer.body)

    return await evaluate(ask)


def test_the_judged_set_covers_every_language_and_class() -> None:
    queries = load_queries()
    assert len(queries) >= 80
    for language in LANGUAGES:
        kinds = {q.kind for q in queries if q.language == language}
        assert {"treatment", "condition", "misspelling", "code", NONSENSE} <= kinds, language


async def test_ndcg_at_10_is_at_least_0_9_overall_and_in_every_language(report: Report) -> None:
    assert report.overall is not None and (report.overall.ndcg_at_10 or 0) >= 0.9
    for language, summary in report.by_language.items():
        assert (summary.ndcg_at_10 or 0) >= 0.9, (language, summary)


async def test_nonsense_one_letter_and_injection_like_queries_return_nothing(
    report: Report,
) -> None:
    answered = [
        s.query.text for s in report.scored if s.query.kind == NONSENSE and s.answer.services
    ]
    assert answered == []


async def test_what_must_not_come_back_never_does(report: Report) -> None:
    assert [(s.query.id, s.forbidden_returned) for s in report.scored if s.forbidden_returned] == []


async def test_cornea_questions_never_offer_joint_surgery(report: Report) -> None:
    cornea = [s for s in report.scored if "service:no-nbt-keratoproteser" in s.query.relevant]
    assert len(cornea) >= 10
    assert all(not JOINTS.intersection(s.answer.services) for s in cornea)


def test_measures() -> None:
    grades = {"a": 2, "b": 1}
    assert precision_at(["a", "x", "b"], grades, 5) == pytest.approx(2 / 3)
    assert precision_at([], grades, 5) == 0.0
    assert recall(["x", "b"], grades) == 0.5
    assert ndcg_at(["a", "b"], grades, 10) == 1.0
    # The ideal order puts the grade-2 service first; swapping them loses gain.
    assert ndcg_at(["b", "a"], grades, 10) == pytest.approx((1 + 3 / 1.585) / (3 + 1 / 1.585), 1e-3)
    assert ndcg_at(["x", "y"], grades, 10) == 0.0
