"""Access tokens: issued to an organisation, found by id, listed, revoked. Only hashes are kept.

A token's organisation is read with what decides which roles it may hold: its kind, its country,
and whether it is the secretariat of a Nordic programme (see ``schema.policy.HOLDERS``).
"""

from typing import Final

_BODY: Final = """
kind: o.kind,
country: [(o)-[:IN_COUNTRY]->(c:Country) | c.id][0],
secretariat: EXISTS {
  (:CollaborationProject {area: 'PROGRAMME'})-[:INVOLVES {role: 'SECRETARIAT'}]->(o) }
"""

# The organisation a token would be issued to, as the role check needs it.
BODY: Final = (
    """
MATCH (o:Organisation {id: $organisation})
RETURN {id: o.id, """
    + _BODY
    + """} AS row
"""
)

ISSUE: Final = """
MATCH (o:Organisation {id: $organisation})
CREATE (t:AccessToken {id: $id})-[:ISSUED_TO]->(o)
SET t.hash = $hash, t.role = $role, t.label = $label, t.createdAt = datetime(),
    t.source = 'cli', t.recordedAt = datetime()
RETURN {id: t.id, role: t.role, label: t.label, organisation: o.id, createdAt: t.createdAt,
        revokedAt: t.revokedAt} AS row
"""

BY_ID: Final = (
    """
MATCH (t:AccessToken {id: $id})-[:ISSUED_TO]->(o:Organisation)
RETURN {id: t.id, hash: t.hash, role: t.role, label: t.label, organisation: o.id,
        createdAt: t.createdAt, revokedAt: t.revokedAt, """
    + _BODY
    + """} AS row
"""
)

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
