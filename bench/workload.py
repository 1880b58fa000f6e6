"""Varied lookups over the synthetic graph, so neither the hub nor Neo4j answers from a cache.

Each request is a text search in one of the seven languages (the condition's or procedure's name
or synonym, sometimes inflected or with a typo) or an ICD-10 category or subcode. The same list
drives the HTTP run and the driver run, so both do the same work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Final

from bench.generate import Plan, code_of, condition_names, procedure_names
from graph.codes import parse_code
from graph.repositories.lookup import LookupFilters, search_params
from graph.terms import SearchTerms

LANGUAGES: Final = ("nb", "nn", "sv", "da", "fi", "is", "en")
PAGE: Final = 20

QUERY: Final = """
query Lookup($treatment: String, $code: String) {
  whereOffered(treatment: $treatment, code: $code, first: 20) {
    totalCount
    edges { node {
      service { id name } location { id name } hostOrganisation { name } country { code name }
      kind status validFrom score illustrative
      matched { kind text language }
    } }
  }
}
"""


@dataclass(frozen=True, slots=True)
class Lookup:
    language: str
    treatment: str | None = None
    code: str | None = None

    def variables(self) -> dict[str, Any]:
        return {"treatment": self.treatment, "code": self.code}

    def params(self) -> dict[str, Any]:
        """The statement's ``$p``, exactly as the hub builds it for this request."""
        search = (
            SearchTerms(language=self.language, text=self.treatment)
            if self.treatment is not None
            else SearchTerms(language=self.language, code=parse_code(self.code or ""))
        )
        return search_params(search, LookupFilters(), skip=0, limit=PAGE)


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def lookups(total: int, count: int = 5_000, seed: int = 7) -> list[Lookup]:
    plan = Plan(total)
    rng = random.Random(seed)  # noqa: S311 (a repeatable workload, not a secret)
    found: list[Lookup] = []
    for _ in range(count):
        language = rng.choice(LANGUAGES)
        roll = rng.random()
        if roll < 0.2:
            category, subcode = code_of(rng.randrange(plan.conditions))
            found.append(Lookup(language, code=category if roll < 0.12 else subcode))
            continue
        if roll < 0.7:
            names, synonyms = condition_names(rng.randrange(plan.conditions))
        else:
            names, synonyms = procedure_names(rng.randrange(plan.procedures))
        text = rng.choice([names[language], *synonyms[language]])
        if rng.random() < 0.25:
            text = _typo(text, rng)
        found.append(Lookup(language, treatment=text))
    return found
