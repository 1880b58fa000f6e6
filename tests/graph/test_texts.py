"""Every text of the seed exists in every language it must, and says which is its original."""

from __future__ import annotations

from graph.seed.reader import read_seed
from graph.seed.texts import REQUIRED, coverage, gaps
from graph.vocabulary import NATIVE_TERMS, PROPER_NAMES


def test_every_text_is_complete_or_says_why_not() -> None:
    problems = gaps(read_seed())
    assert [f"{g.node} {g.prefix}: {g.problem}" for g in problems] == []


def test_descriptive_texts_exist_in_all_seven_languages() -> None:
    for (label, prefix), row in coverage(read_seed()).items():
        if (label, prefix) in PROPER_NAMES or (label, prefix) in NATIVE_TERMS:
            continue
        untranslated = sum(
            1
            for node in read_seed().nodes.values()
            if node.label == label and node.props.get(f"{prefix}Untranslated")
        )
        for language in REQUIRED:
            assert row[language] + untranslated >= row["total"], (label, prefix, language)


def test_every_proper_name_exists_in_its_own_language() -> None:
    for node in read_seed().nodes.values():
        if (node.label, "name") in PROPER_NAMES and "name_en" in node.props:
            own = node.props.get("nameOriginal")
            assert own and node.props.get(f"name_{own}"), node.id
