"""Quality registries: who holds them, who takes part, what they cover, their coverage.

The relations return withdrawn relationships too (``rel.withdrawnAt``): ``schema.convert.shown``
leaves them out of current answers and keeps them for ``includeWithdrawn``. The list of
registries leaves out what is withdrawn itself.
"""

from typing import Final

from graph.queries.paging import paged
from graph.queries.traversal import Traversal

REGISTRIES = paged(
    """
    MATCH (q:QualityRegistry)
    WHERE ($scope IS NULL OR q.scope = $scope) AND q.withdrawnAt IS NULL
      AND ($country IS NULL
           OR EXISTS { (q)<-[r:PARTICIPATES_IN]-(:Country {code: $country})
                       WHERE r.withdrawnAt IS NULL }
           OR EXISTS { (q)-[:IN_COUNTRY]->(:Country {code: $country}) })
    """,
    "q",
    "QualityRegistry",
)

HOLDER: Final = """
UNWIND $ids AS key
MATCH (:QualityRegistry {id: key})-[r:HELD_BY]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

PARTICIPANTS_HOP: Final = Traversal(
    "QualityRegistry", "<-[{r}:PARTICIPATES_IN]-", "Country", "{n}.code"
)
PARTICIPANTS: Final = PARTICIPANTS_HOP.batched

REPORTING_ORGANISATIONS_HOP: Final = Traversal(
    "QualityRegistry", "<-[{r}:REPORTS_TO]-", "Organisation", "{n}.id"
)
REPORTING_ORGANISATIONS: Final = REPORTING_ORGANISATIONS_HOP.batched

REPORTING_SERVICES: Final = """
UNWIND $ids AS key
MATCH (:QualityRegistry {id: key})<-[r:REPORTS_TO]-(n:Service)
RETURN {key: key, label: 'Service', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

COVERS: Final = """
UNWIND $ids AS key
MATCH (:QualityRegistry {id: key})-[r:COVERS]->(n)
RETURN {key: key, label: [l IN labels(n) WHERE l <> 'Entity'][0], props: properties(n),
        rel: properties(r)} AS row
ORDER BY n.id
"""

COVERAGE: Final = """
UNWIND $ids AS key
MATCH (:QualityRegistry {id: key})-[r:HAS_COVERAGE]->(n:RegistryCoverage)
RETURN {key: key, label: 'RegistryCoverage', props: properties(n), rel: properties(r)} AS row
ORDER BY n.year, coalesce(n.country, '')
"""
