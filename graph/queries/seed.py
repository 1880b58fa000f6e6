"""Batched, idempotent upserts for seed data (and any other bulk load of known facts).

Nodes merge on ``Entity.id`` and get their type label; relationships merge on their two ends and
type. Relationship types are static per statement: a dynamic type would scan every relationship.
"""

from typing import Final, LiteralString

UPSERT_NODES: Final = """
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:$(row.label)
WITH n, row
WHERE n.editedAt IS NULL
SET n += row.props, n.recordedAt = datetime($recordedAt)
"""

# Provenance on relationships: source, sourceDate, recordedBy, seedVersion, plus the type's own.
_UPSERT_REL_HEAD: Final = """
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
"""
_UPSERT_REL_TAIL: Final = " SET r += row.props, r.recordedAt = datetime($recordedAt)"


def _rel(rel_type: LiteralString) -> LiteralString:
    return _UPSERT_REL_HEAD + "MERGE (a)-[r:" + rel_type + "]->(b)" + _UPSERT_REL_TAIL


RELATIONSHIP_TYPES: Final[tuple[LiteralString, ...]] = (
    "ADDRESSED_TO",
    "APPLICANT",
    "APPLIES_TO",
    "AT",
    "ASSESSED_BY",
    "ASSESSES",
    "ASSIGNS",
    "CITES",
    "CODED_AS",
    "CONNECTS",
    "CONCERNS",
    "COPIED_TO",
    "COVERS",
    "DEADLINE_FOR",
    "DECIDED_BY",
    "DECIDES",
    "DOCUMENTED_IN",
    "FOR_REGION",
    "GOVERNED_BY",
    "GOVERNS",
    "HAS_CONTACT",
    "HAS_COVERAGE",
    "HAS_LEGAL_BASIS",
    "HAS_LOG_ENTRY",
    "HELD_BY",
    "HOSTED_BY",
    "IN_COUNTRY",
    "IN_REGION",
    "INVOLVES",
    "ISSUED_BY",
    "LISTED_IN",
    "MEMBER_OF",
    "OF_KIND",
    "OFFERED_AT",
    "OPERATED_BY",
    "PART_OF",
    "PARTICIPATES_IN",
    "PERFORMS",
    "PROPOSES",
    "RECOMMENDS",
    "REPORTS_TO",
    "RESPONSIBLE",
    "SUBMITTED_BY",
    "TREATS",
)

# Built once from the constant tuple above; never from input.
UPSERT_RELATIONSHIPS: Final[dict[str, LiteralString]] = {t: _rel(t) for t in RELATIONSHIP_TYPES}

REMOVE_STALE_RELATIONSHIPS: Final = """
MATCH ()-[r]->()
WHERE r.recordedBy = 'seed' AND r.seedVersion <> $version
DELETE r
"""

REMOVE_STALE_NODES: Final = """
MATCH (n:Entity)
WHERE n.recordedBy = 'seed' AND n.seedVersion <> $version AND n.editedAt IS NULL
DETACH DELETE n
"""

SEED_STATE: Final = """
OPTIONAL MATCH (s:SeedState {id: $id})
RETURN {checksum: s.checksum, loadedAt: s.loadedAt} AS row
"""

RECORD_SEED_STATE: Final = """
MERGE (s:SeedState {id: $id})
SET s.checksum = $checksum, s.loadedAt = datetime($recordedAt), s.nodes = $nodes,
    s.relationships = $relationships
"""
