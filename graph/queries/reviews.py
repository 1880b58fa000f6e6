"""The review list: units a registry feed names by an identifier no organisation carries.

A unit is never made an organisation silently: it waits as an ``(:IdentifierReview)`` until
someone links its identifier to an organisation the hub has, or brings it in as a new one (or
dismisses it). Its id is ``review:<source>:<system>:<value>``, one per source and identifier.
"""

from typing import Final

# Rows: {id, system, value, country, name, language, years, createdAs}. A review already
# decided keeps its decision; every sighting moves ``lastSeen``.
UPSERT: Final = """
UNWIND $rows AS row
MERGE (v:IdentifierReview {id: row.id})
ON CREATE SET v.status = 'OPEN', v.firstSeen = $now, v.firstRun = $run,
              v.source = $source, v.registry = $registry
SET v.system = row.system, v.value = row.value, v.country = row.country, v.name = row.name,
    v.language = row.language, v.years = row.years, v.lastSeen = $now, v.lastRun = $run,
    v.createdAs = coalesce(row.createdAs, v.createdAs)
"""

LIST: Final = """
MATCH (v:IdentifierReview)
WHERE ($status IS NULL OR v.status = $status)
  AND ($registry IS NULL OR v.registry = $registry)
  AND ($source IS NULL OR v.source = $source)
WITH v ORDER BY v.registry, v.country, v.name, v.id LIMIT $limit
RETURN properties(v) AS row
"""

ONE: Final = """
MATCH (v:IdentifierReview {id: $id})
RETURN properties(v) AS row
"""

# The identifier goes on the organisation, with the review as its source (``$props``); the
# caller checked that neither the organisation nor another one has it already.
LINK: Final = """
MATCH (v:IdentifierReview {id: $id})
MATCH (o:Organisation {id: $organisation})
SET o += $props
SET v.status = 'LINKED', v.decidedAs = o.id, v.decidedBy = $by, v.decidedAt = $now
RETURN properties(v) AS row
"""

DISMISS: Final = """
MATCH (v:IdentifierReview {id: $id})
SET v.status = 'DISMISSED', v.decidedBy = $by, v.decidedAt = $now
RETURN properties(v) AS row
"""

ORGANISATION: Final = """
MATCH (o:Organisation {id: $id})
RETURN {props: properties(o), country: [(o)-[:IN_COUNTRY]->(c:Country) | c.code][0]} AS row
"""
