"""The catalogue of the seed's texts: which exist in which languages, and what is missing.

Every multilingual text (``<prefix>_<lang>`` properties) must exist in nb, nn, sv, da, fi, is and
en and say which language is its original, except

- proper names (:data:`graph.vocabulary.PROPER_NAMES`): a body's own name in its own language,
  which readers of other languages are served as it is;
- native terms (:data:`graph.vocabulary.NATIVE_TERMS`): every language's own name for a diagnosis
  or procedure, none a translation, so none is "the original";
- a text a record marks ``untranslated`` with a reason.

``tests/graph/test_texts.py`` fails on any gap; ``python -m graph.seed.texts`` prints the table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from graph.seed.reader import SeedGraph, read_seed
from graph.vocabulary import NATIVE_TERMS, PROPER_NAMES
from i18n.languages import SUPPORTED_LANGUAGES

REQUIRED: tuple[str, ...] = ("nb", "nn", "sv", "da", "fi", "is", "en")


@dataclass(frozen=True, slots=True)
class Gap:
    node: str
    prefix: str
    problem: str


def _texts(props: dict[str, object]) -> dict[str, set[str]]:
    """``{prefix: {languages}}`` of a node's string texts (synonym lists are not texts)."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, value in props.items():
        prefix, _, language = key.rpartition("_")
        if prefix and language in SUPPORTED_LANGUAGES and isinstance(value, str) and value:
            found[prefix].add(language)
    return found


def gaps(seed: SeedGraph) -> list[Gap]:
    found: list[Gap] = []
    for node in seed.nodes.values():
        for prefix, languages in sorted(_texts(node.props).items()):
            kind = (node.label, prefix)
            original = node.props.get(f"{prefix}Original")
            if kind in PROPER_NAMES:
                if original is None:
                    found.append(Gap(node.id, prefix, "a proper name without its own language"))
                continue
            if node.props.get(f"{prefix}Untranslated"):
                continue
            missing = [lang for lang in REQUIRED if lang not in languages]
            if missing:
                found.append(Gap(node.id, prefix, "missing " + ", ".join(missing)))
            if original is None and kind not in NATIVE_TERMS:
                found.append(Gap(node.id, prefix, "no original language"))
    return found


def coverage(seed: SeedGraph) -> dict[tuple[str, str], Counter[str]]:
    """How many texts of each kind exist in each language (``total`` counts them all)."""
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for node in seed.nodes.values():
        for prefix, languages in _texts(node.props).items():
            row = table[(node.label, prefix)]
            row["total"] += 1
            row.update(languages)
    return table


def render(seed: SeedGraph) -> str:
    languages = SUPPORTED_LANGUAGES
    lines = [
        "| text | kind | total | " + " | ".join(languages) + " |",
        "|---|---|---:|" + "---:|" * len(languages),
    ]
    for (label, prefix), row in sorted(coverage(seed).items()):
        kind = (
            "proper name"
            if (label, prefix) in PROPER_NAMES
            else "native term"
            if (label, prefix) in NATIVE_TERMS
            else "descriptive"
        )
        counts = " | ".join(str(row[lang]) for lang in languages)
        lines.append(f"| {label}.{prefix} | {kind} | {row['total']} | {counts} |")
    return "\n".join(lines)


if __name__ == "__main__":
    graph = read_seed()
    print(render(graph))
    problems = gaps(graph)
    print(f"\n{len(problems)} gaps")
    for gap in problems[:50]:
        print(f"  {gap.node} {gap.prefix}: {gap.problem}")
