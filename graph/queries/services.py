"""Designated services and what they are linked to."""

from typing import Final

from graph.queries.paging import paged
from graph.queries.traversal import Traversal

SERVICES = paged(
    """
    MATCH (s:Service)
    WHERE ($kinds IS NULL OR s.kind IN $kinds)
      AND ($statuses IS NULL OR s.status IN $statuses)
      AND ($includeIllustrative OR NOT coalesce(s.illustrative, false))
      AND s.withdrawnAt IS NULL
      AND ($country IS NULL OR EXISTS { (s)-[:IN_COUNTRY]->(:Country {code: $country}) })
      AND ($validOn IS NULL OR ((s.validFrom IS NULL OR s.validFrom <= $validOn)
                                AND (s.validTo IS NULL OR s.validTo >= $validOn)))
    """,
    "s",
    "Service",
)

HOSTED_BY_HOP: Final = Traversal("Service", "-[{r}:HOSTED_BY]->", "Organisation", "{n}.id")
HOSTED_BY: Final = HOSTED_BY_HOP.batched

OFFERED_AT_HOP: Final = Traversal("Service", "-[{r}:OFFERED_AT]->", "Location", "{n}.id")
OFFERED_AT: Final = OFFERED_AT_HOP.batched

TREATS_HOP: Final = Traversal("Service", "-[{r}:TREATS]->", "Condition", "{n}.id")
TREATS: Final = TREATS_HOP.batched

PERFORMS_HOP: Final = Traversal("Service", "-[{r}:PERFORMS]->", "Procedure", "{n}.id")
PERFORMS: Final = PERFORMS_HOP.batched

REPORTS_TO_HOP: Final = Traversal("Entity", "-[{r}:REPORTS_TO]->", "QualityRegistry", "{n}.id")
REPORTS_TO: Final = REPORTS_TO_HOP.batched

KIND: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})-[r:OF_KIND]->(n:ServiceKind)
RETURN {key: key, label: 'ServiceKind', props: properties(n), rel: properties(r)} AS row
"""

LEGAL_BASIS_HOP: Final = Traversal("Entity", "-[{r}:HAS_LEGAL_BASIS]->", "LegalProvision", "{n}.id")
LEGAL_BASIS: Final = LEGAL_BASIS_HOP.batched

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
