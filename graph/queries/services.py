"""Designated services and what they are linked to."""

from typing import Final

from graph.queries.paging import paged

SERVICES = paged(
    """
    MATCH (s:Service)
    WHERE ($kinds IS NULL OR s.kind IN $kinds)
      AND ($statuses IS NULL OR s.status IN $statuses)
      AND ($includeIllustrative OR NOT coalesce(s.illustrative, false))
      AND ($country IS NULL OR EXISTS { (s)-[:IN_COUNTRY]->(:Country {code: $country}) })
      AND ($validOn IS NULL OR ((s.validFrom IS NULL OR s.validFrom <= $validOn)
                                AND (s.validTo IS NULL OR s.validTo >= $validOn)))
    """,
    "s",
    "Service",
)

HOSTED_BY: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})-[r:HOSTED_BY]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

OFFERED_AT: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})-[r:OFFERED_AT]->(n:Location)
RETURN {key: key, label: 'Location', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

TREATS: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})-[r:TREATS]->(n:Condition)
RETURN {key: key, label: 'Condition', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

PERFORMS: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})-[r:PERFORMS]->(n:Procedure)
RETURN {key: key, label: 'Procedure', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

REPORTS_TO: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})-[r:REPORTS_TO]->(n:QualityRegistry)
RETURN {key: key, label: 'QualityRegistry', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

KIND: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})-[r:OF_KIND]->(n:ServiceKind)
RETURN {key: key, label: 'ServiceKind', props: properties(n), rel: properties(r)} AS row
"""

LEGAL_BASIS: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})-[r:HAS_LEGAL_BASIS]->(n:LegalProvision)
RETURN {key: key, label: 'LegalProvision', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

PROPOSED_IN: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})<-[r:PROPOSES]-(n:Application)
RETURN {key: key, label: 'Application', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

DECISIONS_ABOUT: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})<-[r:DECIDES]-(n:Decision)
RETURN {key: key, label: 'Decision', props: properties(n), rel: properties(r)} AS row
ORDER BY n.date, n.id
"""
