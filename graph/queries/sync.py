"""Partner sync: batched upserts of synced facts, withdrawal of what a source no longer states,
and the ``(:SyncRun)`` record of each run.

A synced fact carries ``syncSource`` (the source's name), ``syncRun`` (the run that last changed
it), ``seenInRun`` (the last run that saw it), ``syncChecksum`` (of the partner's record) and the
usual provenance (``source`` is the partner record's URL). A sync never overwrites a node or a
relationship that another source recorded: it reports the clash instead.
"""

from typing import Final, LiteralString

from graph.vocabulary import IDENTIFIER_PROPERTIES

# Rows: {id, label, kind, props, source, sourceDate, checksum, withdrawn}. The outcome per row
# is one of created / updated / unchanged / foreign (the id belongs to another source).
UPSERT_NODES: Final = """
UNWIND $rows AS row
OPTIONAL MATCH (old:Entity {id: row.id})
WITH row, old,
     CASE
       WHEN old IS NULL THEN 'created'
       WHEN coalesce(old.syncSource, '') <> $source THEN 'foreign'
       WHEN old.syncChecksum = row.checksum
            AND (old.withdrawnAt IS NULL) = (NOT row.withdrawn) THEN 'unchanged'
       ELSE 'updated'
     END AS outcome
CALL (row, old, outcome) {
  WITH row, old, outcome WHERE outcome IN ['created', 'updated']
  MERGE (n:Entity {id: row.id})
  SET n:$(row.label)
  SET n = row.props
  SET n.id = row.id, n.source = row.source, n.sourceDate = row.sourceDate,
      n.recordedBy = $recordedBy, n.recordedAt = $now, n.illustrative = false,
      n.syncSource = $source, n.syncRun = $run, n.syncKind = row.kind,
      n.syncChecksum = row.checksum,
      n.withdrawnAt = CASE WHEN row.withdrawn THEN coalesce(old.withdrawnAt, $now) END,
      n.withdrawnInRun = CASE WHEN row.withdrawn THEN coalesce(old.withdrawnInRun, $run) END
}
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'foreign'
  MATCH (n:Entity {id: row.id})
  SET n.seenInRun = $run
}
RETURN {id: row.id, outcome: outcome} AS row
"""

# Rows: {i, start, end, props, source, sourceDate, checksum}. Returns the rows whose two ends
# exist (the others are unresolved references), and whether the relationship is someone else's.
_LINK_HEAD: Final = """
UNWIND $rows AS row
MATCH (a:Entity {id: row.start})
MATCH (b:Entity {id: row.end})
"""
_LINK_TAIL: Final = """
ON CREATE SET r.syncSource = $source
WITH row, r, coalesce(r.syncSource, "") = $source AS ours
CALL (row, r, ours) {
  WITH row, r, ours
  WHERE ours AND (r.syncChecksum IS NULL OR r.syncChecksum <> row.checksum
                  OR r.withdrawnAt IS NOT NULL)
  SET r = row.props
  SET r.source = row.source, r.sourceDate = row.sourceDate, r.recordedBy = $recordedBy,
      r.recordedAt = $now, r.illustrative = false, r.syncSource = $source, r.syncRun = $run,
      r.syncChecksum = row.checksum
}
CALL (r, ours) {
  WITH r, ours WHERE ours
  SET r.seenInRun = $run
}
RETURN {i: row.i, ours: ours} AS row
"""


def _link(rel_type: LiteralString) -> LiteralString:
    return _LINK_HEAD + "MERGE (a)-[r:" + rel_type + "]->(b)" + _LINK_TAIL


# The relationships a connector may state; the type is part of the statement, never input.
LINK_TYPES: Final[tuple[LiteralString, ...]] = (
    "HAS_COVERAGE",
    "HOSTED_BY",
    "IN_COUNTRY",
    "OF_KIND",
    "OFFERED_AT",
    "OPERATED_BY",
    "PART_OF",
    "PARTICIPATES_IN",
    "REPORTS_TO",
)
UPSERT_LINKS: Final[dict[str, LiteralString]] = {t: _link(t) for t in LINK_TYPES}

# Rows: {i, start, system, code, source, sourceDate, checksum}: a service treats whichever
# condition carries that code. Returns the rows that found one.
UPSERT_TREATS: Final = (
    """
UNWIND $rows AS row
MATCH (a:Entity {id: row.start})
MATCH (b:Condition)-[:CODED_AS]->(:Code {system: row.system, code: row.code})
WITH DISTINCT row, a, b
MERGE (a)-[r:TREATS]->(b)
"""
    + _LINK_TAIL
)

# Outgoing relationships of the given nodes that this run did not state again: the partner
# changed the record and dropped them.
WITHDRAW_UNSTATED_LINKS: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})-[r]->()
WHERE r.syncSource = $source AND r.seenInRun <> $run AND r.withdrawnAt IS NULL
SET r.withdrawnAt = $now, r.withdrawnInRun = $run
RETURN {withdrawn: count(r)} AS row
"""

# After a complete full run: what the source stated before and no longer states.
WITHDRAW_UNSEEN_NODES: Final = """
MATCH (n:Entity)
WHERE n.syncSource = $source AND n.syncKind IN $kinds AND n.seenInRun <> $run
  AND n.withdrawnAt IS NULL
SET n.withdrawnAt = $now, n.withdrawnInRun = $run
RETURN {withdrawn: count(n)} AS row
"""

WITHDRAW_UNSEEN_LINKS: Final = """
MATCH ()-[r]->()
WHERE r.syncSource = $source AND r.seenInRun <> $run AND r.withdrawnAt IS NULL
SET r.withdrawnAt = $now, r.withdrawnInRun = $run
RETURN {withdrawn: count(r)} AS row
"""


def _by_identifier(prop: LiteralString) -> LiteralString:
    return (
        "UNWIND $values AS value MATCH (o:Organisation {"
        + prop
        + ": value}) RETURN {value: value, id: o.id} AS row ORDER BY o.id"
    )


# Organisations by a national identifier, one statement per system (each uses its index).
ORGANISATIONS_BY_IDENTIFIER: Final[dict[str, LiteralString]] = {
    "RESH": _by_identifier("resh"),
    "HER": _by_identifier("herId"),
    "ORGNR": _by_identifier("orgnr"),
    "HSA-id": _by_identifier("hsaId"),
    "SOR": _by_identifier("sor"),
    "SHAK": _by_identifier("shak"),
    "CVR": _by_identifier("cvr"),
    "Y-tunnus": _by_identifier("ytunnus"),
    "SOTE-OID": _by_identifier("soteOid"),
    "kennitala": _by_identifier("kennitala"),
}
assert set(ORGANISATIONS_BY_IDENTIFIER) == set(IDENTIFIER_PROPERTIES)

# --- the runs themselves ---------------------------------------------------------------------

START_RUN: Final = """
CREATE (r:SyncRun {
  id: $id, source: $source, kind: $kind, full: $full, since: $since, status: 'RUNNING',
  started: $now, created: 0, updated: 0, unchanged: 0, rejected: 0, withdrawn: 0, pages: 0,
  errors: [], issues: [], doneKinds: [], resumes: 0
})
RETURN properties(r) AS row
"""

# The latest run of a source that stopped part-way and can carry on from its checkpoint.
RESUMABLE_RUN: Final = """
MATCH (r:SyncRun {source: $source})
WITH r ORDER BY r.started DESC LIMIT 1
WITH r WHERE r.status = 'FAILED' AND r.pages > 0
RETURN properties(r) AS row
"""

RESUME_RUN: Final = """
MATCH (r:SyncRun {id: $id})
SET r.status = 'RUNNING', r.resumes = r.resumes + 1, r.finished = null
RETURN properties(r) AS row
"""

# Where the next incremental run starts: the last fully successful run's high-water mark.
WATERMARK: Final = """
MATCH (r:SyncRun {source: $source})
WHERE r.status = 'SUCCEEDED' AND r.watermark IS NOT NULL
WITH r ORDER BY r.started DESC LIMIT 1
RETURN {watermark: r.watermark} AS row
"""

# One committed page: counts add up, the checkpoint moves on (in the page's transaction).
COMMIT_PAGE: Final = """
MATCH (r:SyncRun {id: $id})
SET r.created = r.created + $created, r.updated = r.updated + $updated,
    r.unchanged = r.unchanged + $unchanged, r.rejected = r.rejected + $rejected,
    r.pages = r.pages + 1, r.errors = r.errors + $errors,
    r.checkpointKind = $checkpointKind, r.checkpointUrl = $checkpointUrl,
    r.doneKinds = CASE WHEN $doneKind IS NULL OR $doneKind IN r.doneKinds THEN r.doneKinds
                       ELSE r.doneKinds + $doneKind END,
    r.maxUpdated = CASE WHEN $maxUpdated IS NOT NULL
                             AND (r.maxUpdated IS NULL OR $maxUpdated > r.maxUpdated)
                        THEN $maxUpdated ELSE r.maxUpdated END
"""

RECORD_ERROR: Final = """
MATCH (r:SyncRun {id: $id})
SET r.errors = r.errors + $errors
"""

FINISH_RUN: Final = """
MATCH (r:SyncRun {id: $id})
SET r.status = $status, r.finished = $now, r.withdrawn = r.withdrawn + $withdrawn,
    r.issues = r.issues + $issues,
    r.watermark = CASE WHEN $status = 'SUCCEEDED' THEN coalesce(r.maxUpdated, r.since) END
RETURN properties(r) AS row
"""

FAIL_RUN: Final = """
MATCH (r:SyncRun {id: $id})
SET r.status = 'FAILED', r.finished = $now, r.errors = r.errors + $errors,
    r.issues = r.issues + $issues
RETURN properties(r) AS row
"""

RUNS: Final = """
MATCH (r:SyncRun)
WHERE $source IS NULL OR r.source = $source
WITH r ORDER BY r.started DESC LIMIT $limit
RETURN properties(r) AS row
"""

RUN: Final = """
MATCH (r:SyncRun {id: $id})
RETURN properties(r) AS row
"""

# --- registry feeds: one transaction per run, its withdrawals decided inside it ----------------

# The facts a source states now (nodes and relationships not withdrawn): the mass-withdrawal
# guard's denominator.
SOURCE_FACTS: Final = """
CALL () { MATCH (n:Entity) WHERE n.syncSource = $source AND n.withdrawnAt IS NULL
          RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() WHERE r.syncSource = $source AND r.withdrawnAt IS NULL
          RETURN count(r) AS links }
RETURN {facts: nodes + links} AS row
"""

# What this run would withdraw: what the source stated before and this run did not.
UNSEEN: Final = """
CALL () {
  MATCH (n:Entity)
  WHERE n.syncSource = $source AND n.syncKind IN $kinds AND n.seenInRun <> $run
    AND n.withdrawnAt IS NULL
  RETURN collect(n.id) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  WHERE r.syncSource = $source AND r.seenInRun <> $run AND r.withdrawnAt IS NULL
  RETURN collect(a.id + ' ' + type(r) + ' ' + b.id) AS links
}
RETURN {nodes: nodes, links: links} AS row
"""

# The shape (sections, keys, columns) of the source's last successful run: a later file that
# lost part of it withdraws nothing until someone accepts it.
LAST_SHAPE: Final = """
MATCH (r:SyncRun {source: $source})
WHERE r.status = 'SUCCEEDED' AND r.shape IS NOT NULL
WITH r ORDER BY r.started DESC LIMIT 1
RETURN {shape: r.shape} AS row
"""

RECORD_FEED_RUN: Final = """
MATCH (r:SyncRun {id: $id})
SET r.readAs = $readAs, r.shape = $shape, r.held = $held, r.review = $review,
    r.withdrawn = r.withdrawn + $withdrawn
"""

# Runs of the sources feeding a registry, newest first.
REGISTRY_RUNS: Final = """
MATCH (r:SyncRun)
WHERE r.source IN $sources
WITH r ORDER BY r.started DESC LIMIT $limit
RETURN properties(r) AS row
"""

# The sources that state a registry's facts: the registry itself, or relationships at it (its
# participation, reporting and coverage).
REGISTRY_SOURCES: Final = """
MATCH (q:QualityRegistry {id: $id})
RETURN {sources: [s IN [q.syncSource]
                       + COLLECT { MATCH (q)-[r]-() WHERE r.syncSource IS NOT NULL
                                   RETURN DISTINCT r.syncSource }
                  WHERE s IS NOT NULL]} AS row
"""
