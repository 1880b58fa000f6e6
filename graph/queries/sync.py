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
  SET n = row.props
  // A record reconciled with the hub's own organisation stays a partner record (see RECONCILE).
  SET n:$(CASE WHEN old.sameAs IS NULL THEN row.label ELSE 'PartnerRecord' END)
  SET n.sameAs = old.sameAs, n.reconciledAt = old.reconciledAt,
      n.reconciledBy = old.reconciledBy, n.reconciledOn = old.reconciledOn
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
  SET n.seenInRun = $run, n.syncStaleSince = null, n.syncStaleReason = null
}
RETURN {id: row.id, outcome: outcome} AS row
"""

# Rows: {i, start, end, props, source, sourceDate, checksum}. Returns the rows whose two ends
# exist (the others are unresolved references), and whether the relationship is someone else's.
_LINK_HEAD: Final = """
UNWIND $rows AS row
MATCH (a:Entity {id: row.start})
MATCH (named:Entity {id: row.end})
OPTIONAL MATCH (named)-[:SAME_AS]->(own:Entity)
WITH row, a, coalesce(own, named) AS b
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
    "HAS_CONTACT",
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


def _coded(label: LiteralString, rel_type: LiteralString) -> LiteralString:
    return (
        """
UNWIND $rows AS row
MATCH (a:Entity {id: row.start})
MATCH (b:"""
        + label
        + """)-[:CODED_AS]->(:Code {system: row.system, code: row.code})
WITH DISTINCT row, a, b
MERGE (a)-[r:"""
        + rel_type
        + "]->(b)\n"
        + _LINK_TAIL
    )


# Rows: {i, start, system, code, source, sourceDate, checksum}: a service treats whichever
# condition (performs whichever procedure) carries that code. Returns the rows that found one.
UPSERT_TREATS: Final = _coded("Condition", "TREATS")
UPSERT_PERFORMS: Final = _coded("Procedure", "PERFORMS")

# Outgoing relationships of the given nodes that this run did not state again: the partner
# changed the record and dropped them.
WITHDRAW_UNSTATED_LINKS: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})-[r]->()
WHERE r.syncSource = $source AND r.seenInRun <> $run AND r.withdrawnAt IS NULL
SET r.withdrawnAt = $now, r.withdrawnInRun = $run
RETURN {withdrawn: count(r)} AS row
"""

# Dependents of the given records (``syncOwner``: a service's contact) that this run did not
# state again: the partner dropped them from the record.
WITHDRAW_UNSTATED_DEPENDENTS: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})-->(d:Entity)
WHERE d.syncOwner = key AND d.syncSource = $source AND d.seenInRun <> $run
  AND d.withdrawnAt IS NULL
SET d.withdrawnAt = $now, d.withdrawnInRun = $run
RETURN {withdrawn: count(d)} AS row
"""

# After a complete full run: what the source stated before and no longer states. A service
# its source no longer states is no longer offered as far as the hub knows: DISCONTINUED, like
# one the source marks inactive (a later run that sees it again restores the source's status).
WITHDRAW_UNSEEN_NODES: Final = """
MATCH (n:Entity)
WHERE n.syncSource = $source AND n.syncKind IN $kinds AND n.seenInRun <> $run
  AND n.withdrawnAt IS NULL
SET n.withdrawnAt = $now, n.withdrawnInRun = $run
SET n.status = CASE WHEN n:Service THEN 'DISCONTINUED' ELSE n.status END
// A record's dependents (its contact) are withdrawn with it and counted as part of it.
RETURN {withdrawn: count(CASE WHEN n.syncOwner IS NULL THEN n END)} AS row
"""

WITHDRAW_UNSEEN_LINKS: Final = """
MATCH ()-[r]->()
WHERE r.syncSource = $source AND r.seenInRun <> $run AND r.withdrawnAt IS NULL
SET r.withdrawnAt = $now, r.withdrawnInRun = $run
RETURN {withdrawn: count(r)} AS row
"""


# --- references to resources on later pages ----------------------------------------------------

# The references of the given nodes that did not resolve: replaced by what the page states now.
CLEAR_PENDING: Final = """
UNWIND $ids AS key
MATCH (p:PendingLink {source: $source, start: key})
DELETE p
"""

# Rows as for the links, with their type: kept until the resource they name arrives.
SAVE_PENDING: Final = """
UNWIND $rows AS row
MERGE (p:PendingLink {source: $source, start: row.start, type: row.type, end: row.end})
SET p.sourceUrl = row.source, p.sourceDate = row.sourceDate, p.checksum = row.checksum,
    p.propsJson = row.propsJson, p.firstRun = coalesce(p.firstRun, $run), p.lastRun = $run
"""

# Every pending reference of a source whose target exists now.
RESOLVABLE_PENDING: Final = """
MATCH (p:PendingLink {source: $source})
WHERE EXISTS { MATCH (:Entity {id: p.end}) } AND EXISTS { MATCH (:Entity {id: p.start}) }
RETURN properties(p) AS row
ORDER BY p.start, p.type, p.end
"""

DROP_PENDING: Final = """
UNWIND $rows AS row
MATCH (p:PendingLink {source: $source, start: row.start, type: row.type, end: row.end})
DELETE p
"""

PENDING_LEFT: Final = """
MATCH (p:PendingLink {source: $source})
RETURN {type: p.type, start: p.start, end: p.end} AS row
ORDER BY p.start, p.type, p.end
"""

# --- records a partner could not update ----------------------------------------------------------

# Rows: {id, reason}. The partner still holds the record (so a full run does not withdraw it)
# but the hub could not read its new version: the node keeps the last one it could, marked.
MARK_STALE: Final = """
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
WHERE n.syncSource = $source
SET n.syncStaleSince = coalesce(n.syncStaleSince, $now), n.syncStaleReason = row.reason,
    n.seenInRun = $run
WITH n
CALL (n) {
  MATCH (n)-[r]->()
  WHERE r.syncSource = $source AND r.withdrawnAt IS NULL
  SET r.seenInRun = $run
}
CALL (n) {
  MATCH (n)-->(d:Entity)
  WHERE d.syncOwner = n.id AND d.withdrawnAt IS NULL
  SET d.seenInRun = $run
}
RETURN {id: n.id} AS row
"""

# --- organisations a partner describes too --------------------------------------------------------

# A partner's record of an organisation the hub already has (same national identifier, or a
# reviewed name match) becomes a (:PartnerRecord) beside it: it keeps the partner's facts and
# provenance, and everything that named it now names the hub's organisation.
RECONCILE: Final = """
MATCH (record:Entity {id: $record})
MATCH (own:Organisation {id: $own})
WHERE record.id <> own.id
SET record.sameAs = own.id, record.reconciledAt = $now, record.reconciledBy = $by,
    record.reconciledOn = $basis
REMOVE record:Organisation
SET record:PartnerRecord
MERGE (record)-[s:SAME_AS]->(own)
ON CREATE SET s.source = record.source, s.recordedBy = $by, s.recordedAt = $now,
              s.basis = $basis, s.illustrative = false
RETURN {record: record.id, own: own.id} AS row
"""


def _move_incoming(rel_type: LiteralString) -> LiteralString:
    return (
        "MATCH (record:PartnerRecord {id: $record})-[:SAME_AS]->(own:Organisation)"
        " MATCH (a)-[r:" + rel_type + "]->(record)"
        " MERGE (a)-[moved:" + rel_type + "]->(own)"
        " ON CREATE SET moved = properties(r)"
        " DELETE r RETURN {moved: count(*)} AS row"
    )


MOVE_INCOMING: Final[dict[str, LiteralString]] = {t: _move_incoming(t) for t in (
    "HOSTED_BY", "OFFERED_AT", "OPERATED_BY", "PART_OF", "PARTICIPATES_IN", "REPORTS_TO",
    "HAS_COVERAGE",
)}  # fmt: skip

# Rows: {id, names}: the source's organisations (not reconciled) and their names, lower-cased.
# An organisation of another source (or the seed) with one of those names is only a suggestion.
SUGGEST_BY_NAME: Final = """
UNWIND $rows AS row
MATCH (record:Organisation {id: row.id})
WHERE record.sameAs IS NULL
MATCH (own:Organisation)
WHERE own.syncSource IS NULL AND own.withdrawnAt IS NULL
  AND NOT coalesce(own.illustrative, false)
  AND any(k IN keys(own) WHERE k STARTS WITH 'name_' AND toLower(own[k]) IN row.names)
MERGE (v:ReconciliationReview {id: 'reconcile:' + record.id + ':' + own.id})
ON CREATE SET v.status = 'OPEN', v.firstSeen = $now, v.firstRun = $run, v.source = $source,
              v.record = record.id, v.own = own.id, v.basis = 'name'
SET v.lastSeen = $now, v.lastRun = $run
RETURN {id: v.id, record: record.id, own: own.id, status: v.status} AS row
"""

REVIEWS: Final = """
MATCH (v:ReconciliationReview)
WHERE ($status IS NULL OR v.status = $status) AND ($source IS NULL OR v.source = $source)
OPTIONAL MATCH (record:Entity {id: v.record})
OPTIONAL MATCH (own:Entity {id: v.own})
WITH v, record, own ORDER BY v.source, v.id LIMIT $limit
RETURN v {.*, recordName: coalesce(record.name_en, record.name_sv, record.name_da,
                                   record.name_nb, record.name_fi, record.name_is, record.id),
           ownName: coalesce(own.name_en, own.name_sv, own.name_da, own.name_nb,
                             own.name_fi, own.name_is, own.id)} AS row
"""

DECIDE_REVIEW: Final = """
MATCH (v:ReconciliationReview {id: $id})
WHERE v.status = 'OPEN'
SET v.status = $status, v.decidedAt = $now, v.decidedBy = $by
RETURN properties(v) AS row
"""


def _by_identifier(prop: LiteralString) -> LiteralString:
    return (
        "UNWIND $values AS value MATCH (o:Organisation {"
        + prop
        + ": value}) RETURN {value: value, id: o.id, synced: o.syncSource IS NOT NULL} AS row"
        " ORDER BY o.id"
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
    r.checkpointPages = $checkpointPages, r.checkpointRecords = $checkpointRecords,
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
    r.withdrawnLinks = coalesce(r.withdrawnLinks, 0) + $withdrawnLinks,
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
    r.withdrawn = r.withdrawn + $withdrawn,
    r.withdrawnLinks = coalesce(r.withdrawnLinks, 0) + $withdrawnLinks
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
