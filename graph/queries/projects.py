"""Collaboration projects: participants, what they concern, their log."""

from typing import Final

from graph.queries.paging import paged
from graph.queries.traversal import Traversal

# A project's status as of today, as graph.status.project_status derives it: ENDED once its
# period's last possible day has passed while the record still says proposed or active.
PROJECT_STATUS: Final = """CASE
      WHEN p.status IN ['PROPOSED', 'ACTIVE']
           AND coalesce(p.periodEnd, p.periodEndLatest) < date() THEN 'ENDED'
      ELSE p.status END"""

PROJECTS = paged(
    """
    MATCH (p:CollaborationProject)
    WHERE ($statuses IS NULL OR """
    + PROJECT_STATUS
    + """ IN $statuses)
      AND ($areas IS NULL OR p.area IN $areas)
      AND ($country IS NULL OR EXISTS { (p)-[:INVOLVES]->(:Country {code: $country}) })
      AND ($concerns IS NULL OR EXISTS { (p)-[:CONCERNS]->(:Entity {id: $concerns}) })
    """,
    "p",
    "CollaborationProject",
)

PARTICIPANTS: Final = """
UNWIND $ids AS key
MATCH (:CollaborationProject {id: key})-[r:INVOLVES]->(n)
RETURN {key: key, label: [l IN labels(n) WHERE l <> 'Entity'][0], props: properties(n),
        rel: properties(r)} AS row
ORDER BY r.role, n.id
"""

CONCERNS: Final = """
UNWIND $ids AS key
MATCH (:CollaborationProject {id: key})-[r:CONCERNS]->(n)
RETURN {key: key, label: [l IN labels(n) WHERE l <> 'Entity'][0], props: properties(n),
        rel: properties(r)} AS row
ORDER BY n.id
"""

# The bodies coordinating each project: its secretariat, or that of a programme it belongs to.
COORDINATORS: Final = """
UNWIND $ids AS key
MATCH (:CollaborationProject {id: key})-[:PART_OF*0..]->(:CollaborationProject)
      -[r:INVOLVES]->(n:Organisation)
WHERE r.role = 'SECRETARIAT'
RETURN DISTINCT {key: key, label: 'Organisation', props: properties(n), rel: {}} AS row
"""

PARENT: Final = """
UNWIND $ids AS key
MATCH (:CollaborationProject {id: key})-[r:PART_OF]->(n:CollaborationProject)
RETURN {key: key, label: 'CollaborationProject', props: properties(n), rel: properties(r)} AS row
"""

SUBPROJECTS: Final = """
UNWIND $ids AS key
MATCH (:CollaborationProject {id: key})<-[r:PART_OF]-(n:CollaborationProject)
RETURN {key: key, label: 'CollaborationProject', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

LOG_HOP: Final = Traversal(
    "CollaborationProject",
    "-[{r}:HAS_LOG_ENTRY]->",
    "LogEntry",
    "coalesce({n}.date, {n}.dateEarliest, {n}.dateLatest), {n}.id",
)
LOG: Final = LOG_HOP.batched

PROJECTS_CONCERNING: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})<-[r:CONCERNS]-(n:CollaborationProject)
RETURN {key: key, label: 'CollaborationProject', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

PROJECTS_INVOLVING: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})<-[r:INVOLVES]-(n:CollaborationProject)
RETURN {key: key, label: 'CollaborationProject', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

RECOMMENDED_BY: Final = """
UNWIND $ids AS key
MATCH (:CollaborationProject {id: key})<-[r:RECOMMENDS]-(n:Decision)
RETURN {key: key, label: 'Decision', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

# One page of each project's log, oldest first like LOG (by the earliest day a partial date can be;
# undated entries last), with the total.
# The sort key (date, then id) is the cursor, so pages stay stable while entries are added.
LOG_SORT_KEY: Final = (
    "coalesce(toString(coalesce({n}.date, {n}.dateEarliest, {n}.dateLatest)), '9999-12-31')"
    " + '|' + {n}.id"
)
LOG_PAGES: Final = (
    """
UNWIND $ids AS key
CALL (key) {
  MATCH (:CollaborationProject {id: key})-[:HAS_LOG_ENTRY]->(n:LogEntry)
  WITH n, """
    + LOG_SORT_KEY.replace("{n}", "n")
    + """ AS sortKey
  WHERE $after IS NULL OR sortKey > $after
  WITH n, sortKey ORDER BY sortKey LIMIT $limit
  RETURN collect({label: 'LogEntry', props: properties(n), sortKey: sortKey}) AS items
}
CALL (key) {
  MATCH (:CollaborationProject {id: key})-[:HAS_LOG_ENTRY]->(n:LogEntry)
  RETURN count(n) AS total
}
RETURN {key: key, items: items, total: total} AS row
"""
)
