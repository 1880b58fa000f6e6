"""Access tokens: issued to an organisation, found by id, listed, revoked. Only hashes are kept."""

from typing import Final

ISSUE: Final = """
MATCH (o:Organisation {id: $organisation})
CREATE (t:AccessToken {id: $id})-[:ISSUED_TO]->(o)
SET t.hash = $hash, t.role = $role, t.label = $label, t.createdAt = datetime(),
    t.source = 'cli', t.recordedAt = datetime()
RETURN {id: t.id, role: t.role, label: t.label, organisation: o.id, createdAt: t.createdAt,
        revokedAt: t.revokedAt} AS row
"""

BY_ID: Final = """
MATCH (t:AccessToken {id: $id})-[:ISSUED_TO]->(o:Organisation)
RETURN {id: t.id, hash: t.hash, role: t.role, label: t.label, organisation: o.id,
        country: [(o)-[:IN_COUNTRY]->(c:Country) | c.id][0],
        createdAt: t.createdAt, revokedAt: t.revokedAt} AS row
"""

LIST: Final = """
MATCH (t:AccessToken)-[:ISSUED_TO]->(o:Organisation)
WHERE $organisation IS NULL OR o.id = $organisation
RETURN {id: t.id, role: t.role, label: t.label, organisation: o.id, createdAt: t.createdAt,
        revokedAt: t.revokedAt} AS row
ORDER BY t.createdAt, t.id
"""

REVOKE: Final = """
MATCH (t:AccessToken {id: $id})-[:ISSUED_TO]->(o:Organisation)
SET t.revokedAt = coalesce(t.revokedAt, datetime())
RETURN {id: t.id, role: t.role, label: t.label, organisation: o.id, createdAt: t.createdAt,
        revokedAt: t.revokedAt} AS row
"""
