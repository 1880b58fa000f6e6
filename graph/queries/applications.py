"""The yearly application round: lists, applications, assessments and decisions."""

from typing import Final

from graph.queries.dates import DATE_MAY_FALL_IN_YEAR
from graph.queries.paging import paged

APPLICATIONS = paged(
    """
    MATCH (a:Application)
    WHERE ($roundYear IS NULL OR a.roundYear = $roundYear)
      AND ($submittedBy IS NULL
           OR EXISTS { (a)-[:SUBMITTED_BY]->(:Organisation {id: $submittedBy}) })
      AND ($kinds IS NULL OR a.proposedKind IN $kinds)
      AND ($outcomes IS NULL OR EXISTS {
            MATCH (a)<-[:DECIDES]-(d:Decision) WHERE d.outcome IN $outcomes })
    """,
    "a",
    "Application",
)

DECISIONS = paged(
    """
    MATCH (d:Decision)
    WHERE ($outcomes IS NULL OR d.outcome IN $outcomes)
      AND ($reasons IS NULL OR any(r IN coalesce(d.reasons, []) WHERE r IN $reasons))
      AND """
    + DATE_MAY_FALL_IN_YEAR
    + """
      AND ($decidedBy IS NULL OR EXISTS { (d)-[:DECIDED_BY]->(:Organisation {id: $decidedBy}) })
    """,
    "d",
    "Decision",
)

APPLICATION_LISTS: Final = """
MATCH (n:ApplicationList)
WHERE $roundYear IS NULL OR n.roundYear = $roundYear
RETURN {label: 'ApplicationList', props: properties(n)} AS row
ORDER BY n.roundYear, n.id
"""

SUBMITTED_BY: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})-[r:SUBMITTED_BY]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

APPLICANT: Final = """
UNWIND $ids AS key
MATCH (:Application {id: key})-[r:APPLICANT]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

PROPOSES: Final = """
UNWIND $ids AS key
MATCH (:Application {id: key})-[r:PROPOSES]->(n:Service)
RETURN {key: key, label: 'Service', props: properties(n), rel: properties(r)} AS row
"""

LISTED_IN: Final = """
UNWIND $ids AS key
MATCH (:Application {id: key})-[r:LISTED_IN]->(n:ApplicationList)
RETURN {key: key, label: 'ApplicationList', props: properties(n), rel: properties(r)} AS row
"""

LIST_APPLICATIONS: Final = """
UNWIND $ids AS key
MATCH (:ApplicationList {id: key})<-[r:LISTED_IN]-(n:Application)
RETURN {key: key, label: 'Application', props: properties(n), rel: properties(r)} AS row
ORDER BY coalesce(r.priority, 1000000), n.id
"""

LIST_REGION: Final = """
UNWIND $ids AS key
MATCH (:ApplicationList {id: key})-[r:FOR_REGION]->(n:Region)
RETURN {key: key, label: 'Region', props: properties(n), rel: properties(r)} AS row
"""

ASSESSMENTS: Final = """
UNWIND $ids AS key
MATCH (:Application {id: key})<-[r:ASSESSES]-(n:Assessment)
RETURN {key: key, label: 'Assessment', props: properties(n), rel: properties(r)} AS row
ORDER BY n.date, n.id
"""

ASSESSED: Final = """
UNWIND $ids AS key
MATCH (:Assessment {id: key})-[r:ASSESSES]->(n:Application)
RETURN {key: key, label: 'Application', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

ASSESSED_BY: Final = """
UNWIND $ids AS key
MATCH (:Assessment {id: key})-[r:ASSESSED_BY]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

DECISION_SUBJECTS: Final = """
UNWIND $ids AS key
MATCH (:Decision {id: key})-[r:DECIDES]->(n)
RETURN {key: key, label: [l IN labels(n) WHERE l <> 'Entity'][0], props: properties(n),
        rel: properties(r)} AS row
ORDER BY n.id
"""

DECIDED_BY: Final = """
UNWIND $ids AS key
MATCH (:Decision {id: key})-[r:DECIDED_BY]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

CITES: Final = """
UNWIND $ids AS key
MATCH (:Decision {id: key})-[r:CITES]->(n:LegalProvision)
RETURN {key: key, label: 'LegalProvision', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

ASSIGNS: Final = """
UNWIND $ids AS key
MATCH (:Decision {id: key})-[r:ASSIGNS]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

DEADLINE_FOR: Final = """
UNWIND $ids AS key
MATCH (:Decision {id: key})-[r:DEADLINE_FOR]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

RECOMMENDS: Final = """
UNWIND $ids AS key
MATCH (:Decision {id: key})-[r:RECOMMENDS]->(n:CollaborationProject)
RETURN {key: key, label: 'CollaborationProject', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

DOCUMENTED_IN: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})-[r:DOCUMENTED_IN]->(n:Document)
RETURN {key: key, label: 'Document', props: properties(n), rel: properties(r)} AS row
ORDER BY n.date, n.id
"""
