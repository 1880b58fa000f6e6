"""Cypher for backup and restore: the whole graph streamed out, and back into an empty database
through staging nodes that are kept only when the whole restore succeeded.

``Migration`` nodes are left out: they describe the schema, which ``migrate`` rebuilds (with its
constraints and indexes) before an import. ``ImportStaging`` nodes and ``ImportRun`` records
belong to a restore under way and are never data.
"""

from typing import Final

NODES: Final = """
MATCH (n) WHERE NOT n:Migration AND NOT n:ImportStaging AND NOT n:ImportRun
RETURN {ref: elementId(n), labels: labels(n), props: properties(n)} AS row
"""

RELATIONSHIPS: Final = """
MATCH (a)-[r]->(b)
WHERE NOT a:Migration AND NOT b:Migration AND NOT a:ImportStaging AND NOT b:ImportStaging
RETURN {startId: a.id, start: elementId(a), endId: b.id, end: elementId(b), type: type(r),
        props: properties(r)} AS row
"""

# Ids carried by more than one node cannot serve as keys; those nodes get digests instead.
SHARED_IDS: Final = """
MATCH (n) WHERE n.id IS NOT NULL AND NOT n:Migration AND NOT n:ImportStaging
WITH n.id AS id, count(*) AS carriers WHERE carriers > 1
RETURN {id: id} AS row
"""

DATA_NODES: Final = """
MATCH (n) WHERE NOT n:Migration AND NOT n:ImportStaging AND NOT n:ImportRun
RETURN {count: count(n)} AS row
"""

# Restores that stopped before they were done: staged (to be removed) or committed (to finish).
LEFT_OVER: Final = """
MATCH (r:ImportRun)
RETURN {id: r.id, status: r.status} AS row
"""

BEGIN_IMPORT: Final = """
CREATE (r:ImportRun {id: $run, status: 'STAGING', startedAt: datetime(), file: $file})
"""

STAGE_NODES: Final = """
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props
SET n:ImportStaging, n.importKey = row.key, n.importRun = $run
"""

STAGE_RELATIONSHIPS: Final = """
UNWIND $rows AS row
MATCH (a:ImportStaging {importKey: row.from})
MATCH (b:ImportStaging {importKey: row.to})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN {created: count(r)} AS row
"""

COMMIT_IMPORT: Final = """
MATCH (r:ImportRun {id: $run}) SET r.status = 'COMMITTED', r.committedAt = datetime()
"""

# One batch each: staged nodes become data (after COMMIT_IMPORT), or go (on failure).
UNMARK_STAGED: Final = """
MATCH (n:ImportStaging {importRun: $run})
WITH n LIMIT $batch
REMOVE n:ImportStaging, n.importKey, n.importRun
RETURN {done: count(*)} AS row
"""

DROP_STAGED: Final = """
MATCH (n:ImportStaging {importRun: $run})
WITH n LIMIT $batch
DETACH DELETE n
RETURN {done: count(*)} AS row
"""

END_IMPORT: Final = """
MATCH (r:ImportRun {id: $run}) DELETE r
"""
