"""The audit trail (who changed what, when, before and after) and idempotency keys."""

from typing import Final

RECORD: Final = """
MATCH (p:Entity {id: $project})
CREATE (p)-[:HAS_AUDIT_ENTRY]->(a:AuditEntry)
SET a = $entry
"""

TRAIL: Final = """
UNWIND $ids AS key
MATCH (:CollaborationProject {id: key})-[r:HAS_AUDIT_ENTRY]->(n:AuditEntry)
RETURN {key: key, label: 'AuditEntry', props: properties(n), rel: properties(r)} AS row
ORDER BY n.at, n.id
"""

REGISTRY_TRAIL: Final = """
UNWIND $ids AS key
MATCH (:QualityRegistry {id: key})-[r:HAS_AUDIT_ENTRY]->(n:AuditEntry)
RETURN {key: key, label: 'AuditEntry', props: properties(n), rel: properties(r)} AS row
ORDER BY n.at, n.id
"""

# MERGE on a uniquely constrained id: a concurrent claim of the same key waits for the first
# transaction and then sees its result, so a repeated create can only ever replay. A key older
# than ``$expiredBefore`` counts as new (whether or not the sweep has removed it yet).
CLAIM_KEY: Final = """
MERGE (k:IdempotencyKey {id: $id})
ON CREATE SET k.action = $action, k.fingerprint = $fingerprint, k.createdAt = $at
WITH k
CALL (k) {
  WITH k WHERE k.createdAt < $expiredBefore
  SET k.action = $action, k.fingerprint = $fingerprint, k.createdAt = $at,
      k.resultId = null, k.projectId = null
}
RETURN {action: k.action, fingerprint: k.fingerprint, resultId: k.resultId,
        projectId: k.projectId} AS row
"""

# One batch of the sweep: keys past their time, oldest first.
EXPIRE_KEYS: Final = """
MATCH (k:IdempotencyKey) WHERE k.createdAt < $expiredBefore
WITH k ORDER BY k.createdAt LIMIT $batch
DETACH DELETE k
RETURN {deleted: count(*)} AS row
"""

COMPLETE_KEY: Final = """
MATCH (k:IdempotencyKey {id: $id})
SET k.resultId = $resultId, k.projectId = $projectId
"""
