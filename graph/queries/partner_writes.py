"""Partners pushing their own facts: designated services and registry participation.

A pushed fact carries ``pushedBy`` (the partner organisation), ``pushId`` (the mutation that last
stated it) and the usual provenance. A push states the whole of what it covers: a relationship
the same partner pushed before and no longer states is marked ``withdrawnAt``, never deleted. A
relationship another source already recorded is left as it is.
"""

from typing import Final, LiteralString

# First in a designation write: takes the service's write lock (setting a property holds it
# until commit) and reads who owns it.
LOCK_SERVICE: Final = """
MATCH (s:Service {id: $id})
SET s._lock = true
REMOVE s._lock
RETURN {props: properties(s), country: [(s)-[:IN_COUNTRY]->(c:Country) | c.id][0]} AS row
"""

LOCK_REGISTRY: Final = """
MATCH (q:QualityRegistry {id: $id})
SET q._lock = true
REMOVE q._lock
RETURN {props: properties(q)} AS row
"""

# Who takes part in a registry: the organisations holding it and those reporting to it now.
TAKES_PART: Final = """
MATCH (q:QualityRegistry {id: $id})
RETURN {holders: [(q)-[:HELD_BY]->(o:Organisation) | o.id],
        reporting: [(o:Organisation)-[r:REPORTS_TO]->(q) WHERE r.withdrawnAt IS NULL | o.id]} AS row
"""

# What the given ids name: their type label and their country (for checks before any write).
DESCRIBE: Final = """
UNWIND $ids AS key
MATCH (n:Entity {id: key})
RETURN {id: key, label: [l IN labels(n) WHERE l <> 'Entity'][0],
        country: coalesce([(n)-[:IN_COUNTRY]->(c:Country) | c.id][0],
                          [(n)-[:OPERATED_BY]->()-[:IN_COUNTRY]->(c:Country) | c.id][0])} AS row
"""

KIND_COUNTRY: Final = """
MATCH (:ServiceKind {id: $kind})-[:IN_COUNTRY]->(c:Country)
RETURN {country: c.id} AS row
"""

UPSERT_SERVICE: Final = """
MERGE (s:Entity {id: $id})
ON CREATE SET s:Service
WITH s, s.createdAt AS created
SET s = $props
SET s.id = $id, s.createdAt = coalesce(created, $now)
"""

# Rows: {start, end, props}. Returns the rows written, and whether the relationship is ours.
_LINK_HEAD: Final = """
UNWIND $rows AS row
MATCH (a:Entity {id: row.start})
MATCH (b:Entity {id: row.end})
"""
_LINK_TAIL: Final = """
ON CREATE SET r.pushedBy = $organisation
WITH row, r, r.pushedBy = $organisation AS ours
CALL (row, r, ours) {
  WITH row, r, ours WHERE ours
  SET r = row.props
  SET r += $provenance, r.pushedBy = $organisation, r.pushId = $push
}
RETURN {start: row.start, end: row.end, ours: ours} AS row
"""


def _link(rel_type: LiteralString) -> LiteralString:
    return _LINK_HEAD + "MERGE (a)-[r:" + rel_type + "]->(b)" + _LINK_TAIL


PUSH_LINK_TYPES: Final[tuple[LiteralString, ...]] = (
    "HOSTED_BY",
    "IN_COUNTRY",
    "OF_KIND",
    "OFFERED_AT",
    "PARTICIPATES_IN",
    "REPORTS_TO",
    "TREATS",
)
UPSERT_LINKS: Final[dict[str, LiteralString]] = {t: _link(t) for t in PUSH_LINK_TYPES}

# The service's own relationships this partner stated before and this push did not.
WITHDRAW_UNSTATED_FROM: Final = """
MATCH (:Entity {id: $id})-[r]->()
WHERE r.pushedBy = $organisation AND r.pushId <> $push AND r.withdrawnAt IS NULL
SET r.withdrawnAt = $now, r.withdrawnBy = $organisation
RETURN {type: type(r)} AS row
"""

# Participation of one country in a registry: its PARTICIPATES_IN and the REPORTS_TO of its
# organisations that this partner stated before and this push did not.
WITHDRAW_UNSTATED_PARTICIPATION: Final = """
MATCH (n:Entity)-[r:PARTICIPATES_IN|REPORTS_TO]->(:QualityRegistry {id: $registry})
WHERE r.pushedBy = $organisation AND r.pushId <> $push AND r.withdrawnAt IS NULL
  AND (n.id = $country OR EXISTS { (n)-[:IN_COUNTRY]->(:Country {id: $country}) })
SET r.withdrawnAt = $now, r.withdrawnBy = $organisation
RETURN {type: type(r), from: n.id} AS row
"""

PARTICIPATION: Final = """
MATCH (q:QualityRegistry {id: $registry})
RETURN {participates: EXISTS {
          (:Country {id: $country})-[r:PARTICIPATES_IN]->(q) WHERE r.withdrawnAt IS NULL },
        reporting: [(o:Organisation)-[r:REPORTS_TO]->(q)
                    WHERE r.withdrawnAt IS NULL
                      AND EXISTS { (o)-[:IN_COUNTRY]->(:Country {id: $country}) }
                    | o.id]} AS row
"""

REGISTRY_SCOPE: Final = """
MATCH (q:QualityRegistry {id: $id})
RETURN {scope: q.scope} AS row
"""
