"""Documents: the letters, pages, reports and decisions facts come from."""

from typing import Final

from graph.queries.dates import DATE_MAY_FALL_IN_YEAR
from graph.queries.paging import paged

DOCUMENTS = paged(
    """
    MATCH (d:Document)
    WHERE ($kinds IS NULL OR d.kind IN $kinds)
      AND """
    + DATE_MAY_FALL_IN_YEAR
    + """
      AND ($issuer IS NULL OR EXISTS { (d)-[:ISSUED_BY]->(:Organisation {id: $issuer}) })
    """,
    "d",
    "Document",
)

ISSUED_BY: Final = """
UNWIND $ids AS key
MATCH (:Document {id: key})-[r:ISSUED_BY]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

ADDRESSED_TO: Final = """
UNWIND $ids AS key
MATCH (:Document {id: key})-[r:ADDRESSED_TO]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

COPIED_TO: Final = """
UNWIND $ids AS key
MATCH (:Document {id: key})-[r:COPIED_TO]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""
