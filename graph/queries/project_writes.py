"""Writes to collaboration projects, each run inside the one transaction of a mutation.

``LOCK`` comes first in every write to an existing project: setting a property takes the node's
write lock until commit, so the version read next cannot change under the writer (no lost update
between two partners' concurrent edits), nor can who takes part in it. The ``ATTACH_*``
statements return the ids they linked: an id missing from the answer names nothing of the right
kind, and the caller aborts the whole transaction.
"""

from typing import Final

# ``coordinators``: the secretariat of the project or of a programme it belongs to.
LOCK: Final = """
MATCH (p:CollaborationProject {id: $id})
SET p._lock = true
REMOVE p._lock
RETURN {props: properties(p),
        participants: [(p)-[r:INVOLVES]->(n) | {id: n.id, role: r.role}],
        coordinators: [(p)-[:PART_OF*0..]->(:CollaborationProject)-[r:INVOLVES]->(o:Organisation)
                       WHERE r.role = 'SECRETARIAT' | o.id],
        concerns: [(p)-[:CONCERNS]->(n) | n.id]} AS row
"""

CREATE: Final = """
CREATE (p:Entity:CollaborationProject)
SET p = $props
RETURN {id: p.id} AS row
"""

ATTACH_PARENT: Final = """
MATCH (p:CollaborationProject {id: $id})
MATCH (n:CollaborationProject {id: $parent})
CREATE (p)-[r:PART_OF]->(n)
SET r = $provenance
RETURN {id: n.id} AS row
"""

ATTACH_PARTICIPANTS: Final = """
MATCH (p:CollaborationProject {id: $id})
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
WHERE n:Country OR n:Organisation
CREATE (p)-[r:INVOLVES]->(n)
SET r = $provenance, r.role = row.role
RETURN {id: n.id} AS row
"""

ATTACH_CONCERNS: Final = """
MATCH (p:CollaborationProject {id: $id})
UNWIND $ids AS key
MATCH (n:Entity {id: key})
WHERE (n:Condition OR n:Procedure OR n:QualityRegistry OR n:Service)
  AND NOT EXISTS { (p)-[:CONCERNS]->(n) }
CREATE (p)-[r:CONCERNS]->(n)
SET r = $provenance
RETURN {id: n.id} AS row
"""

DETACH_CONCERNS: Final = """
MATCH (p:CollaborationProject {id: $id})-[r:CONCERNS]->(n)
WHERE n.id IN $ids
DELETE r
"""

# ``$props`` may hold nulls: ``+=`` removes those properties (e.g. a cleared period end).
UPDATE: Final = """
MATCH (p:CollaborationProject {id: $id})
SET p += $props, p.version = p.version + 1
RETURN {id: p.id, version: p.version} AS row
"""

DETACH_PARTICIPANT: Final = """
MATCH (p:CollaborationProject {id: $id})-[r:INVOLVES]->(n:Entity {id: $party})
DELETE r
"""

ADD_LOG_ENTRY: Final = """
MATCH (p:CollaborationProject {id: $project})
CREATE (p)-[r:HAS_LOG_ENTRY]->(e:Entity:LogEntry)
SET e = $props, r = $provenance
RETURN {id: e.id} AS row
"""

ATTACH_DOCUMENT: Final = """
MATCH (e:LogEntry {id: $id})
MATCH (d:Document {id: $document})
CREATE (e)-[r:DOCUMENTED_IN]->(d)
SET r = $provenance
RETURN {id: d.id} AS row
"""
