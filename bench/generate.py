"""A synthetic Nordic graph at a chosen size, written with batched ``UNWIND`` statements.

Names are made-up words built from syllables, deterministic per index, with one form per language
(nb, nn, sv, da, fi, is, en) and synonyms, so every language analyzer and the folding index have
realistic work. Codes follow ICD-10's shape (``K42`` categories with ``K42.7`` subcodes). The
generated nodes carry ``source: 'bench'`` provenance like any other fact.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from graph.client import GraphClient

SIZES: Final[dict[str, int]] = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
COUNTRIES: Final = ("NO", "SE", "DK", "FI", "IS")
KINDS: Final = {
    "NO": "NATIONAL_TREATMENT_SERVICE",
    "SE": "NATIONAL_HIGHLY_SPECIALISED_CARE",
    "DK": "HIGHLY_SPECIALISED_FUNCTION",
    "FI": "NATIONALLY_CENTRALISED_CARE",
    "IS": "NATIONAL_TREATMENT_SERVICE",
}
STATUSES: Final = ("APPROVED",) * 6 + ("PROPOSED", "UNDER_ASSESSMENT", "REJECTED", "DISCONTINUED")
BATCH: Final = 5_000
VERSION: Final = 1
PROJECTS_VERSION: Final = 1
LOG_ENTRIES: Final = 120
LOG_KINDS: Final = ("MEETING", "MILESTONE", "DECISION", "REPORT", "NOTE")

_SYLLABLES: Final = (
    "ka", "ro", "mi", "ne", "lu", "sa", "to", "vi", "de", "pa",
    "ri", "go", "fe", "ha", "jo", "ku", "le", "mo", "ny", "te",
)  # fmt: skip
# Condition-name endings and a synonym head word per language.
_FORMS: Final = {
    "nb": ("itt", "{w}sykdom"),
    "nn": ("itt", "{w}sjukdom"),
    "sv": ("it", "{w}sjukdom"),
    "da": ("itis", "{w}sygdom"),
    "fi": ("iitti", "{w}tauti"),
    "is": ("bólga", "{w}sjúkdómur"),
    "en": ("itis", "{w} disease"),
}
_PROCEDURE_FORMS: Final = {
    "nb": ("plastikk", "{w}operasjon"),
    "nn": ("plastikk", "{w}operasjon"),
    "sv": ("plastik", "{w}operation"),
    "da": ("plastik", "{w}operation"),
    "fi": ("plastia", "{w}leikkaus"),
    "is": ("aðgerð", "{w}skurðaðgerð"),
    "en": ("plasty", "{w} surgery"),
}


@dataclass(frozen=True, slots=True)
class Plan:
    """How many nodes of each label a size gets (about ``total`` in all)."""

    total: int

    @property
    def conditions(self) -> int:
        return self.total * 8 // 100

    @property
    def procedures(self) -> int:
        return self.total * 4 // 100

    @property
    def codes(self) -> int:
        return self.conditions

    @property
    def services(self) -> int:
        return self.total * 28 // 100

    @property
    def organisations(self) -> int:
        return self.total * 12 // 100

    @property
    def projects(self) -> int:
        """Collaboration projects, each with ``LOG_ENTRIES`` log entries (Q4, Q5)."""
        return max(10, self.total // 1000)

    @property
    def locations(self) -> int:
        return self.total - (
            self.conditions + self.procedures + self.codes + self.services + self.organisations
        )


def word(index: int, salt: int = 0) -> str:
    """A pronounceable made-up word, unique per ``(index, salt)``."""
    n = index * 7 + salt
    parts = [_SYLLABLES[(index * 13 + salt) % len(_SYLLABLES)]]
    while True:
        parts.append(_SYLLABLES[n % len(_SYLLABLES)])
        n //= len(_SYLLABLES)
        if n == 0:
            break
    return "".join(parts) + ("m" if index % 2 else "n")


def code_of(index: int) -> tuple[str, str]:
    """``(category, subcode)`` for the ``index``-th condition, e.g. ``("K42", "K42.7")``."""
    category = index % 2600
    letter = chr(ord("A") + category // 100)
    return f"{letter}{category % 100:02d}", f"{letter}{category % 100:02d}.{index // 2600}"


def condition_names(index: int) -> tuple[dict[str, str], dict[str, list[str]]]:
    base = word(index)
    names = {lang: base + ending for lang, (ending, _) in _FORMS.items()}
    synonyms = {
        lang: [head.format(w=base), base + "-syndrom"] for lang, (_, head) in _FORMS.items()
    }
    return names, synonyms


def procedure_names(index: int) -> tuple[dict[str, str], dict[str, list[str]]]:
    base = word(index, salt=3)
    names = {lang: base + ending for lang, (ending, _) in _PROCEDURE_FORMS.items()}
    synonyms = {lang: [head.format(w=base)] for lang, (_, head) in _PROCEDURE_FORMS.items()}
    return names, synonyms


def _prov() -> dict[str, Any]:
    return {"source": "bench", "recordedBy": "bench"}


def _texts(prefix: str, texts: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}_{lang}": value for lang, value in texts.items()}


def _conditions(plan: Plan) -> Iterator[dict[str, Any]]:
    for i in range(plan.conditions):
        names, synonyms = condition_names(i)
        _, code = code_of(i)
        yield {
            "id": f"condition:bench-{i}",
            "props": {
                "id": f"condition:bench-{i}",
                "codeSystem": "ICD-10",
                "code": code,
                **_texts("name", names),
                **_texts("synonyms", synonyms),
                **_prov(),
            },
            "code": {"id": f"code:bench:{code}", "system": "ICD-10", "code": code, **_prov()},
        }


def _procedures(plan: Plan) -> Iterator[dict[str, Any]]:
    for i in range(plan.procedures):
        names, synonyms = procedure_names(i)
        yield {
            "id": f"procedure:bench-{i}",
            "props": {
                "id": f"procedure:bench-{i}",
                **_texts("name", names),
                **_texts("synonyms", synonyms),
                **_prov(),
            },
        }


def _organisations(plan: Plan) -> Iterator[dict[str, Any]]:
    for i in range(plan.organisations):
        country = COUNTRIES[i % len(COUNTRIES)]
        yield {
            "id": f"org:bench-{i}",
            "country": country,
            "props": {
                "id": f"org:bench-{i}",
                "kind": "HOSPITAL",
                "name_en": f"Hospital {word(i, salt=5).title()}",
                **_prov(),
            },
        }


def _locations(plan: Plan) -> Iterator[dict[str, Any]]:
    for i in range(plan.locations):
        yield {
            "id": f"location:bench-{i}",
            "org": f"org:bench-{i % plan.organisations}",
            "props": {
                "id": f"location:bench-{i}",
                "name_en": f"Site {word(i, salt=7).title()}",
                **_prov(),
            },
        }


def _services(plan: Plan) -> Iterator[dict[str, Any]]:
    for i in range(plan.services):
        org = i % plan.organisations
        country = COUNTRIES[org % len(COUNTRIES)]
        condition = i % plan.conditions
        procedure = i % plan.procedures
        names, _ = condition_names(condition)
        sites = [f"location:bench-{(i * 2 + k) % plan.locations}" for k in range(1 + i % 2)]
        yield {
            "id": f"service:bench-{i}",
            "country": country,
            "org": f"org:bench-{org}",
            "sites": sites,
            "treats": [
                f"condition:bench-{condition}",
                f"condition:bench-{(condition * 31 + 7) % plan.conditions}",
            ],
            "performs": [f"procedure:bench-{procedure}"],
            "props": {
                "id": f"service:bench-{i}",
                "kind": KINDS[country],
                "status": STATUSES[i % len(STATUSES)],
                "illustrative": i % 9 == 0,
                "name_en": f"Service for {names['en']} {i}",
                **_prov(),
            },
        }


def _projects(plan: Plan) -> Iterator[dict[str, Any]]:
    """Projects led by a synthetic hospital, each with a dated log (the seed's property names)."""
    for i in range(plan.projects):
        project = f"project:bench-{i}"
        yield {
            "id": project,
            "lead": f"org:bench-{i % plan.organisations}",
            "props": {
                "id": project,
                "area": "PROGRAMME",
                "status": "ACTIVE",
                "version": 1,
                "title_nb": f"Samarbeid om {word(i, salt=11)}",
                "title_sv": f"Samarbete om {word(i, salt=11)}",
                "title_en": f"Collaboration on {word(i, salt=11)}",
                **_prov(),
            },
            "log": [
                {
                    "id": f"log:bench-{i}:{k}",
                    "kind": LOG_KINDS[k % len(LOG_KINDS)],
                    "date": f"20{10 + k // 12:02d}-{k % 12 + 1:02d}-15",
                    "language": "nb",
                    "text_nb": f"Møte {k} om {word(k, salt=13)}",
                    "text_en": f"Meeting {k} on {word(k, salt=13)}",
                    **_prov(),
                }
                for k in range(LOG_ENTRIES)
            ],
        }


_NODES: Final[dict[str, LiteralString]] = {
    "Condition": "UNWIND $rows AS r CREATE (n:Entity:Condition) SET n = r.props "
    "CREATE (c:Entity:Code) SET c = r.code CREATE (n)-[:CODED_AS {source: 'bench'}]->(c)",
    "Procedure": "UNWIND $rows AS r CREATE (n:Entity:Procedure) SET n = r.props",
    "Organisation": "UNWIND $rows AS r MATCH (k:Country {code: r.country}) "
    "CREATE (n:Entity:Organisation) SET n = r.props "
    "CREATE (n)-[:IN_COUNTRY {source: 'bench'}]->(k)",
    "Location": "UNWIND $rows AS r MATCH (o:Organisation {id: r.org}) "
    "CREATE (n:Entity:Location) SET n = r.props "
    "CREATE (n)-[:OPERATED_BY {source: 'bench'}]->(o)",
    "Service": "UNWIND $rows AS r MATCH (k:Country {code: r.country}) "
    "MATCH (o:Organisation {id: r.org}) "
    "CREATE (n:Entity:Service) SET n = r.props "
    "CREATE (n)-[:IN_COUNTRY {source: 'bench'}]->(k) "
    "CREATE (n)-[:HOSTED_BY {source: 'bench'}]->(o) "
    "WITH n, r "
    "CALL (n, r) { UNWIND r.sites AS site MATCH (l:Location {id: site}) "
    "  CREATE (n)-[:OFFERED_AT {source: 'bench'}]->(l) } "
    "CALL (n, r) { UNWIND r.treats AS t MATCH (c:Condition {id: t}) "
    "  CREATE (n)-[:TREATS {source: 'bench'}]->(c) } "
    "CALL (n, r) { UNWIND r.performs AS t MATCH (c:Procedure {id: t}) "
    "  CREATE (n)-[:PERFORMS {source: 'bench'}]->(c) }",
    "CollaborationProject": "UNWIND $rows AS r MATCH (o:Organisation {id: r.lead}) "
    "CREATE (p:Entity:CollaborationProject) SET p = r.props "
    "CREATE (p)-[:INVOLVES {source: 'bench', role: 'LEAD'}]->(o) "
    "WITH p, r "
    "CALL (p, r) { UNWIND r.log AS entry "
    "  CREATE (e:Entity:LogEntry) SET e = entry, e.date = date(entry.date) "
    "  CREATE (p)-[:HAS_LOG_ENTRY {source: 'bench'}]->(e) }",
}

MARKER_QUERY: Final = (
    "MATCH (s:SeedState {id: 'bench'}) RETURN {total: s.total, version: s.version} AS row"
)
MARK: Final = "MERGE (s:SeedState {id: 'bench'}) SET s.total = $total, s.version = $version"
PROJECTS_MARKER_QUERY: Final = (
    "MATCH (s:SeedState {id: 'bench-projects'}) RETURN {total: s.total, version: s.version} AS row"
)
PROJECTS_MARK: Final = (
    "MERGE (s:SeedState {id: 'bench-projects'}) SET s.total = $total, s.version = $version"
)


def _batches(rows: Iterator[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


async def generated(client: GraphClient, total: int) -> bool:
    rows = await client.read(MARKER_QUERY)
    return bool(rows) and rows[0]["total"] == total and rows[0]["version"] == VERSION


async def generate(client: GraphClient, total: int) -> dict[str, float]:
    """Write the synthetic graph; returns seconds per label (and ``total``)."""
    plan = Plan(total)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for label, rows in (
        ("Condition", _conditions(plan)),
        ("Procedure", _procedures(plan)),
        ("Organisation", _organisations(plan)),
        ("Location", _locations(plan)),
        ("Service", _services(plan)),
    ):
        begun = time.perf_counter()
        for batch in _batches(rows):
            await client.write(_NODES[label], {"rows": batch})
        timings[label] = round(time.perf_counter() - begun, 2)
    await client.write(MARK, {"total": total, "version": VERSION})
    timings["total"] = round(time.perf_counter() - started, 2)
    return timings


# The coordinator whose token Q5 writes with must hold its role (the secretariat of a Nordic
# programme) and coordinate the projects it writes to: org:bench-0 is every bench project's.
SECRETARIAT: Final = """
MATCH (s:Organisation {id: 'org:bench-0'})
MATCH (p:CollaborationProject) WHERE p.id STARTS WITH 'project:bench-'
MERGE (p)-[r:INVOLVES {role: 'SECRETARIAT'}]->(s)
ON CREATE SET r.source = 'bench'
"""


async def appoint_secretariat(client: GraphClient) -> None:
    """Make org:bench-0 the secretariat of every bench project (idempotent)."""
    await client.write(SECRETARIAT)


async def projects_generated(client: GraphClient, total: int) -> bool:
    rows = await client.read(PROJECTS_MARKER_QUERY)
    return bool(rows) and rows[0]["total"] == total and rows[0]["version"] == PROJECTS_VERSION


async def generate_projects(client: GraphClient, total: int) -> dict[str, float]:
    """Projects with their logs, kept apart from :func:`generate` so stored graphs gain them."""
    begun = time.perf_counter()
    # About BATCH nodes a transaction: a project brings LOG_ENTRIES entries (at 1M, 5 000
    # projects in one transaction outgrew the transaction memory of a 1 GiB heap).
    for batch in _batches(_projects(Plan(total)), size=max(1, BATCH // (LOG_ENTRIES + 1))):
        await client.write(_NODES["CollaborationProject"], {"rows": batch})
    await client.write(PROJECTS_MARK, {"total": total, "version": PROJECTS_VERSION})
    return {"CollaborationProject": round(time.perf_counter() - begun, 2)}
