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


# The benchmark's five queries (see bench/run.py): the hub's GraphQL and the peer's (@neo4j/graphql
# names its fields after the graph; relationships are lists there). The selections ask for the
# same facts on both sides; country names are left out because the peer has none (the hub takes
# them from CLDR, not from the graph).

Q1_HUB: Final = """
query Q1($treatment: String) {
  whereOffered(treatment: $treatment, first: 20) {
    edges { node {
      service { id name kind status } location { id name } hostOrganisation { name }
      country { code }
    } }
  }
}
"""
Q1_PEER: Final = """
query Q1($index: String, $exact: String, $folded: String, $fuzzy: String, $hits: Int!) {
  whereOffered(index: $index, exact: $exact, folded: $folded, fuzzy: $fuzzy, hits: $hits,
               first: 20) {
    id name kind status sites { id name } hostedBy { name } country { code }
  }
}
"""
Q2_HUB: Final = """
query Q2($after: String) {
  services(first: 50, after: $after) {
    edges { node {
      id name kind status
      sites { location { id name organisation { name } } }
      hostedBy { id name country { code } }
      country { code }
    } }
  }
}
"""
Q2_PEER: Final = """
query Q2($after: String!) {
  services(limit: 50, where: {id: {gt: $after}, illustrative: {eq: false}}, sort: [{id: ASC}]) {
    id name kind status
    sites { id name organisation { name } }
    hostedBy { id name country { code } }
    country { code }
  }
}
"""
Q3: Final = """
query Q3($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Service { id name kind status } }
}
"""
Q4_HUB: Final = """
query Q4($id: ID!) {
  collaborationProject(id: $id) {
    id title status
    logEntries(first: 100) { edges { node { id text kind date language } } }
  }
}
"""
Q4_PEER: Final = """
query Q4($id: String!) {
  collaborationProjects(where: {id: {eq: $id}}) {
    id title status
    logEntries(limit: 100, sort: [{date: ASC}]) { id text kind date language }
  }
}
"""
Q6_HUB: Final = """
query Q6($after: String) {
  services(first: 20, after: $after) {
    edges { node {
      id name
      conditions { id name codes { system code } }
      sites { location { id name organisation { id name country { code } } } }
      registries { id name reportingOrganisations { id name country { code } } }
    } }
  }
}
"""
Q6_PEER: Final = """
query Q6($after: String!) {
  services(limit: 20, where: {id: {gt: $after}, illustrative: {eq: false}}, sort: [{id: ASC}]) {
    id name
    conditions { id name codes { system code } }
    sites { id name organisation { id name country { code } } }
    registries { id name reportingOrganisations { id name country { code } } }
  }
}
"""
Q5_HUB: Final = """
mutation Q5($input: AddLogEntryInput!) {
  addLogEntry(input: $input) { entry { id kind date } }
}
"""


@dataclass(frozen=True, slots=True)
class Request:
    """One request of a query, as the hub gets it and (where there is one) as the peer gets it."""

    hub: dict[str, Any]
    peer: dict[str, Any] | None
    language: str = "nb"


@dataclass(frozen=True, slots=True)
class Benchmark:
    name: str
    title: str
    requests: list[Request]
    peer: bool = True


def benchmarks(total: int, count: int = 2_000, seed: int = 11) -> list[Benchmark]:
    """Q1..Q6 over a graph of ``total`` synthetic nodes, each with ``count`` varied requests."""
    from schema.relay import encode_cursor

    plan = Plan(total)
    rng = random.Random(seed)  # noqa: S311 (a repeatable workload, not a secret)
    texts = [item for item in lookups(total, count * 2, seed) if item.treatment is not None]
    q1 = []
    for item in texts[:count]:
        p = item.params()
        peer = {k: p[k] for k in ("index", "exact", "folded", "fuzzy", "hits")}
        q1.append(
            Request(
                {"query": Q1_HUB, "variables": {"treatment": item.treatment}},
                {"query": Q1_PEER, "variables": peer},
                item.language,
            )
        )
    q2 = []
    for _ in range(count):
        after = f"service:bench-{rng.randrange(plan.services)}"
        q2.append(
            Request(
                {"query": Q2_HUB, "variables": {"after": encode_cursor(after)}},
                {"query": Q2_PEER, "variables": {"after": after}},
            )
        )
    q3 = []
    for _ in range(count):
        ids = rng.sample(range(plan.services), 100)
        reps = [{"__typename": "Service", "id": f"service:bench-{i}"} for i in ids]
        body = {"query": Q3, "variables": {"representations": reps}}
        q3.append(Request(body, body))
    q4 = []
    for _ in range(count):
        project = f"project:bench-{rng.randrange(plan.projects)}"
        q4.append(
            Request(
                {"query": Q4_HUB, "variables": {"id": project}},
                {"query": Q4_PEER, "variables": {"id": project}},
            )
        )
    q6 = []
    for _ in range(count):
        after = f"service:bench-{rng.randrange(plan.services)}"
        q6.append(
            Request(
                {"query": Q6_HUB, "variables": {"after": encode_cursor(after)}},
                {"query": Q6_PEER, "variables": {"after": after}},
            )
        )
    q5 = []
    for n in range(count):
        project = f"project:bench-{rng.randrange(plan.projects)}"
        entry = {
            "projectId": project,
            "kind": "NOTE",
            "language": "nb",
            "text": [{"language": "nb", "text": f"Benchmark-notat {n}"}],
        }
        q5.append(Request({"query": Q5_HUB, "variables": {"input": entry}}, None))
    return [
        Benchmark("Q1", "whereOffered by text", q1),
        Benchmark("Q2", "50 services with sites, hosts, countries", q2),
        Benchmark("Q3", "_entities with 100 Service representations", q3),
        Benchmark("Q4", "one project with 100 log entries", q4),
        Benchmark("Q5", "addLogEntry (hub only)", q5, peer=False),
        Benchmark("Q6", "20 services, 3-4 levels deep (conditions, sites, registries)", q6),
    ]
