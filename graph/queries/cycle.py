"""The yearly cycle of national services: the state the rules check, the writes of each step,
the coordinator's questions and the traversals of the new node types.

Every write sets provenance (``source``, ``recordedBy``, ``recordedAt``) on the nodes and
relationships it creates, and ``editedAt`` on seeded nodes it changes, so a later seed load
leaves the change alone.
"""

from typing import Final, LiteralString

# An application's stage from its assessments and decisions, or the outcome a source other than a
# decision gives (`a.stage`, seeded with how it was derived); mirrors graph.cycle.application_stage.
# Expects `a` bound to an Application; binds `stage`.
_STAGE: Final[LiteralString] = """
WITH a,
     COUNT { (a)<-[:ASSESSES]-(:Assessment) } AS assessed,
     [(a)<-[:DECIDES]-(d:Decision)
        WHERE d.outcome IN ['APPROVED', 'REJECTED', 'FURTHER_ASSESSMENT'] | d.outcome] AS outcomes
WITH a, CASE
  WHEN 'APPROVED' IN outcomes THEN 'APPROVED'
  WHEN 'REJECTED' IN outcomes THEN 'REJECTED'
  WHEN a.stage IN ['APPROVED', 'REJECTED'] THEN a.stage
  WHEN assessed > size([o IN outcomes WHERE o = 'FURTHER_ASSESSMENT']) THEN 'AWAITING_DECISION'
  ELSE 'AWAITING_ASSESSMENT' END AS stage
"""

# Approved Norwegian national services of the governed kinds, in force in $year.
_GOVERNED_IN_YEAR: Final[LiteralString] = """
MATCH (s:Service)-[:IN_COUNTRY]->(:Country {code: 'NO'})
WHERE s.status = 'APPROVED' AND s.kind IN $kinds
  AND (s.validFrom IS NULL OR s.validFrom.year <= $year)
  AND (s.validTo IS NULL OR s.validTo.year >= $year)
"""

# --- state read inside write transactions -----------------------------------------------------

FACTS: Final = """
UNWIND $ids AS key
OPTIONAL MATCH (n:Entity {id: key})
RETURN {id: key, label: [l IN labels(n) WHERE l <> 'Entity'][0], kind: n.kind,
        status: n.status, name: coalesce(n.name_nb, n.name_en, n.shortName, key)} AS row
"""

LIST_EXISTS: Final = """
OPTIONAL MATCH (l:ApplicationList {roundKey: $roundKey})
RETURN {exists: l IS NOT NULL} AS row
"""

APPLICATION_STATES: Final = (
    """
UNWIND $ids AS key
MATCH (a:Application {id: key})
"""
    + _STAGE
    + """
OPTIONAL MATCH (a)-[:PROPOSES]->(s:Service)
RETURN {id: a.id, kind: coalesce(a.proposedKind, s.kind), stage: stage,
        targets: COUNT { (s)-[:HAS_TARGET]->(t:ResultTarget) WHERE trim(t.measure) <> '' },
        plan: EXISTS { (s)-[:HAS_DISSEMINATION_PLAN]->(:DisseminationPlan) }} AS row
"""
)

SERVICE_STATES: Final = """
UNWIND $ids AS key
MATCH (s:Service {id: key})
RETURN {id: s.id, kind: s.kind, status: s.status,
        years: [(r:AnnualReport)-[:REPORT_FOR]->(s) WHERE r.status <> 'MISSING' | r.year]} AS row
"""

# --- writes -----------------------------------------------------------------------------------

CREATE_SERVICES: Final = """
UNWIND $rows AS row
MATCH (country:Country {code: 'NO'})
MATCH (kind:ServiceKind {id: 'service-kind:' + row.kind})
CREATE (s:Entity:Service {id: row.id})
SET s += row.props, s += $prov, s.recordedAt = datetime()
CREATE (s)-[c:IN_COUNTRY]->(country)
CREATE (s)-[k:OF_KIND]->(kind)
SET c += $prov, c.recordedAt = datetime(), k += $prov, k.recordedAt = datetime()
"""

CREATE_LIST: Final = """
MATCH (actor:Organisation {id: $actor})
CREATE (l:Entity:ApplicationList {id: $list.id})
SET l += $list, l += $prov, l.recordedAt = datetime()
CREATE (l)-[sb:SUBMITTED_BY]->(actor)
SET sb += $prov, sb.recordedAt = datetime()
WITH l, actor
CALL (l) {
  MATCH (doc:Document {id: $document})
  CREATE (l)-[di:DOCUMENTED_IN]->(doc)
  SET di += $prov, di.recordedAt = datetime()
}
OPTIONAL MATCH (actor)-[:GOVERNS]->(region:Region)
CALL (l, region) {
  WITH l, region WHERE region IS NOT NULL
  CREATE (l)-[fr:FOR_REGION]->(region)
  SET fr += $prov, fr.recordedAt = datetime()
}
WITH l, actor
UNWIND $applications AS row
MATCH (s:Service {id: row.service})
CREATE (a:Entity:Application {id: row.id})
SET a += row.props, a += $prov, a.recordedAt = datetime()
CREATE (a)-[li:LISTED_IN]->(l)
CREATE (a)-[asb:SUBMITTED_BY]->(actor)
CREATE (a)-[p:PROPOSES]->(s)
SET li += $prov, li.priority = row.priority, li.recordedAt = datetime(),
    asb += $prov, asb.recordedAt = datetime(), p += $prov, p.recordedAt = datetime()
WITH a, row
CALL (a, row) {
  WITH a, row WHERE row.applicant IS NOT NULL
  MATCH (o:Organisation {id: row.applicant})
  CREATE (a)-[ap:APPLICANT]->(o)
  SET ap += $prov, ap.recordedAt = datetime()
}
RETURN {id: a.id} AS row
"""

MERGE_TARGETS: Final = """
UNWIND $rows AS row
MATCH (s:Service {id: row.service})
OPTIONAL MATCH (s)-[:HAS_TARGET]->(existing:ResultTarget {measure: row.measure})
CALL (s, existing, row) {
  WITH s, existing, row WHERE existing IS NULL
  CREATE (t:Entity:ResultTarget {id: row.id})
  SET t += row.props, t += $prov, t.recordedAt = datetime()
  CREATE (s)-[h:HAS_TARGET]->(t)
  SET h += $prov, h.recordedAt = datetime()
  RETURN t
UNION
  WITH existing, row WHERE existing IS NOT NULL
  SET existing += row.props, existing.editedAt = datetime()
  RETURN existing AS t
}
WITH t, row WHERE row.report IS NOT NULL AND row.measuredValue IS NOT NULL
MATCH (r:AnnualReport {id: row.report})
CREATE (r)-[m:MEASURED]->(t)
SET m += $prov, m.value = row.measuredValue, m.recordedAt = datetime()
"""

CREATE_PLANS: Final = """
UNWIND $rows AS row
MATCH (s:Service {id: row.service})
OPTIONAL MATCH (s)-[old:HAS_DISSEMINATION_PLAN]->(:DisseminationPlan)
SET old.replacedAt = datetime()
WITH DISTINCT s, row
CREATE (p:Entity:DisseminationPlan {id: row.id})
SET p += row.props, p += $prov, p.recordedAt = datetime()
CREATE (s)-[h:HAS_DISSEMINATION_PLAN]->(p)
SET h += $prov, h.recordedAt = datetime()
"""

CREATE_ASSESSMENT: Final = """
MATCH (actor:Organisation {id: $actor})
CREATE (x:Entity:Assessment {id: $assessment.id})
SET x += $assessment, x += $prov, x.recordedAt = datetime()
CREATE (x)-[by:ASSESSED_BY]->(actor)
SET by += $prov, by.recordedAt = datetime()
WITH x
CALL (x) {
  MATCH (doc:Document {id: $document})
  CREATE (x)-[di:DOCUMENTED_IN]->(doc)
  SET di += $prov, di.recordedAt = datetime()
}
UNWIND $rows AS row
MATCH (a:Application {id: row.application})
CREATE (x)-[r:ASSESSES]->(a)
SET r += $prov, r.recordedAt = datetime()
WITH x, a, row
OPTIONAL MATCH (law:LegalProvision {id: row.provision})
CALL (x, law) {
  WITH x, law WHERE law IS NOT NULL
  MERGE (x)-[g:ASSESSED_AGAINST]->(law)
  SET g += $prov, g.recordedAt = datetime()
}
WITH DISTINCT x, a
OPTIONAL MATCH (a)-[:PROPOSES]->(s:Service)
SET s.status = 'UNDER_ASSESSMENT', s.editedAt = datetime()
"""

CREATE_DECISION: Final = """
MATCH (actor:Organisation {id: $actor})
CREATE (d:Entity:Decision {id: $decision.id})
SET d += $decision, d += $prov, d.recordedAt = datetime()
CREATE (d)-[by:DECIDED_BY]->(actor)
SET by += $prov, by.recordedAt = datetime()
WITH d
CALL (d) {
  MATCH (doc:Document {id: $document})
  CREATE (d)-[di:DOCUMENTED_IN]->(doc)
  SET di += $prov, di.recordedAt = datetime()
}
CALL (d) {
  UNWIND $recommends AS project
  MATCH (p:CollaborationProject {id: project})
  CREATE (d)-[rc:RECOMMENDS]->(p)
  SET rc += $prov, rc.recordedAt = datetime()
}
CALL (d) {
  MATCH (law:LegalProvision {id: $legalBasis})
  CREATE (d)-[c:CITES]->(law)
  SET c += $prov, c.recordedAt = datetime()
}
CALL (d) {
  MATCH (o:Organisation {id: $deadlineFor})
  CREATE (d)-[f:DEADLINE_FOR]->(o)
  SET f += $prov, f.recordedAt = datetime()
}
WITH d
UNWIND $applications AS key
MATCH (a:Application {id: key})
CREATE (d)-[r:DECIDES]->(a)
SET r += $prov, r.recordedAt = datetime()
WITH d, a
OPTIONAL MATCH (a)-[:PROPOSES]->(s:Service)
CALL (d, s) {
  WITH d, s WHERE s IS NOT NULL
  MERGE (d)-[r:DECIDES]->(s)
  SET r += $prov, r.recordedAt = datetime(),
      s.status = $serviceStatus, s.editedAt = datetime(),
      s.validFrom = CASE WHEN $serviceStatus = 'APPROVED' THEN d.date ELSE s.validFrom END
}
"""

CREATE_REPORT: Final = """
MATCH (s:Service {id: $service})
CREATE (r:Entity:AnnualReport {id: $report.id})
SET r += $report, r += $prov, r.recordedAt = datetime()
CREATE (r)-[f:REPORT_FOR]->(s)
SET f += $prov, f.recordedAt = datetime()
"""

CREATE_EVALUATION: Final = (
    """
MATCH (actor:Organisation {id: $actor})
CREATE (e:Entity:Evaluation {id: $evaluation.id})
SET e += $evaluation, e += $prov, e.recordedAt = datetime()
CREATE (e)-[by:EVALUATED_BY]->(actor)
SET by += $prov, by.recordedAt = datetime()
WITH e
"""
    + _GOVERNED_IN_YEAR
    + """
WITH e, s
OPTIONAL MATCH (report:AnnualReport {year: $year})-[:REPORT_FOR]->(s)
CALL (e, s, report) {
  WITH e, s, report WHERE report IS NULL
  CREATE (missing:Entity:AnnualReport {id: 'report:' + $evaluation.id + ':' + s.id})
  SET missing.year = $year, missing.status = 'MISSING', missing.reportKey = s.id + '|' + $year,
      missing += $prov, missing.recordedAt = datetime()
  CREATE (missing)-[f:REPORT_FOR]->(s)
  SET f += $prov, f.recordedAt = datetime()
  RETURN missing AS evaluated, 'MISSING' AS verdict, null AS remark
UNION
  WITH e, s, report WHERE report IS NOT NULL
  WITH report, [d IN $deficient WHERE d.service = s.id] AS flagged
  SET report.status = CASE WHEN size(flagged) > 0 THEN 'DEFICIENT' ELSE report.status END,
      report.editedAt = datetime()
  RETURN report AS evaluated, report.status AS verdict, flagged[0].remark AS remark
}
CREATE (e)-[ev:EVALUATES]->(evaluated)
SET ev += $prov, ev += coalesce(remark, {}), ev.status = verdict, ev.recordedAt = datetime()
RETURN {report: evaluated.id, status: verdict} AS row
"""
)

CREATE_REVIEW: Final = """
MATCH (actor:Organisation {id: $actor})
CREATE (v:Entity:FiveYearReview {id: $review.id})
SET v += $review, v += $prov, v.recordedAt = datetime()
CREATE (v)-[by:REVIEWED_BY]->(actor)
SET by += $prov, by.recordedAt = datetime()
WITH v
UNWIND $findings AS finding
MATCH (s:Service {id: finding.service})
CREATE (v)-[r:REVIEWS]->(s)
SET r += $prov, r += finding.props, r.recordedAt = datetime()
"""

SET_REFERENCE_GROUP: Final = """
MATCH (s:Service {id: $service})
OPTIONAL MATCH (s)-[:HAS_REFERENCE_GROUP]->(old:ReferenceGroup)
OPTIONAL MATCH (old)-[:HAS_MEMBER]->(gone:ReferenceGroupMember)
DETACH DELETE gone
WITH DISTINCT s, old
CALL (s, old) {
  WITH s, old WHERE old IS NULL
  CREATE (g:Entity:ReferenceGroup {id: $groupId})
  SET g += $prov, g.recordedAt = datetime()
  CREATE (s)-[h:HAS_REFERENCE_GROUP]->(g)
  SET h += $prov, h.recordedAt = datetime()
  RETURN g
UNION
  WITH old WHERE old IS NOT NULL
  SET old.editedAt = datetime(), old.editedBy = $prov.recordedBy
  RETURN old AS g
}
WITH g
UNWIND $members AS row
CREATE (m:Entity:ReferenceGroupMember {id: row.id})
SET m += row.props, m += $prov, m.recordedAt = datetime()
CREATE (g)-[h:HAS_MEMBER]->(m)
SET h += $prov, h.recordedAt = datetime()
WITH m, row
CALL (m, row) {
  WITH m, row WHERE row.organisation IS NOT NULL
  MATCH (o:Organisation {id: row.organisation})
  CREATE (m)-[r:REPRESENTS]->(o)
  SET r += $prov, r.recordedAt = datetime()
}
"""

# --- the coordinator's questions --------------------------------------------------------------

ROUND_LISTS: Final = """
MATCH (l:ApplicationList {roundYear: $year})
RETURN {label: 'ApplicationList', props: properties(l)} AS row
ORDER BY l.submittedOn, l.id
"""

ROUND_MISSING_AUTHORITIES: Final = """
MATCH (o:Organisation {kind: 'REGIONAL_HEALTH_AUTHORITY'})-[:IN_COUNTRY]->(:Country {code: 'NO'})
WHERE NOT EXISTS { (:ApplicationList {roundYear: $year})-[:SUBMITTED_BY]->(o) }
RETURN {label: 'Organisation', props: properties(o)} AS row
ORDER BY o.id
"""

ROUND_STAGES: Final = (
    """
MATCH (a:Application {roundYear: $year})
"""
    + _STAGE
    + """
WITH stage, count(a) AS applications
RETURN {stage: stage, applications: applications} AS row
"""
)

APPLICATIONS_IN_STAGE: Final = (
    """
MATCH (a:Application)
WHERE $year IS NULL OR a.roundYear = $year
"""
    + _STAGE
    + """
WHERE stage IN $stages
RETURN {label: 'Application', props: properties(a)} AS row
ORDER BY a.roundYear, a.id
"""
)

SERVICES_NOT_REPORTED: Final = (
    _GOVERNED_IN_YEAR
    + """
  AND NOT EXISTS {
    MATCH (r:AnnualReport {year: $year})-[:REPORT_FOR]->(s) WHERE r.status <> 'MISSING' }
RETURN {label: 'Service', props: properties(s)} AS row
ORDER BY s.id
"""
)

SERVICES_DUE_FOR_REVIEW: Final = (
    _GOVERNED_IN_YEAR
    + """
WITH s, s.validFrom.year AS approved,
     COLLECT { MATCH (v:FiveYearReview)-[:REVIEWS]->(s) WHERE v.year <= $year
               RETURN max(v.year) }[0] AS reviewed
WITH s, approved, reviewed, coalesce(reviewed, approved) AS since
WHERE since IS NULL OR $year - since >= $interval
RETURN {label: 'Service', props: properties(s), approvedYear: approved,
        lastReviewYear: reviewed} AS row
ORDER BY s.id
"""
)

REFERENCE_GROUP_GAPS: Final = (
    _GOVERNED_IN_YEAR
    + """
OPTIONAL MATCH (s)-[:HAS_REFERENCE_GROUP]->(g:ReferenceGroup)
WITH s, g,
     COLLECT { MATCH (o:Organisation {kind: 'REGIONAL_HEALTH_AUTHORITY'})
                     -[:IN_COUNTRY]->(:Country {code: 'NO'})
               WHERE g IS NULL OR NOT EXISTS {
                 (g)-[:HAS_MEMBER]->(:ReferenceGroupMember)-[:REPRESENTS]->(o) }
               RETURN properties(o) ORDER BY o.id } AS missing,
     g IS NOT NULL AND EXISTS {
       (g)-[:HAS_MEMBER]->(:ReferenceGroupMember {kind: 'USER_REPRESENTATIVE'}) } AS users
WHERE size(missing) > 0 OR NOT users
RETURN {label: 'Service', props: properties(s), hasGroup: g IS NOT NULL, users: users,
        missing: missing} AS row
ORDER BY s.id
"""
)

# A service's life, oldest first (``day`` sorts; a partially dated decision by its earliest day).
# A decision's date is read from its own properties, as exactly as it is known: one in an undated
# letter has only the bounds the seed derived (never the assessment's date or the letter's); a
# reference group has only the day the hub recorded it (``recorded``).
SERVICE_HISTORY: Final = """
MATCH (s:Service {id: $service})
CALL (s) {
  MATCH (a:Application)-[:PROPOSES]->(s)
  OPTIONAL MATCH (a)-[:LISTED_IN]->(l:ApplicationList)
  RETURN 'APPLIED' AS kind, l.submittedOn AS day, false AS recorded, a AS n
UNION
  MATCH (x:Assessment)-[:ASSESSES]->(:Application)-[:PROPOSES]->(s)
  RETURN DISTINCT 'ASSESSED' AS kind, x.date AS day, false AS recorded, x AS n
UNION
  MATCH (d:Decision)-[:DECIDES]->(target)
  WHERE target = s OR EXISTS { (target:Application)-[:PROPOSES]->(s) }
  WITH DISTINCT d
  RETURN 'DECIDED' AS kind, coalesce(d.date, d.dateEarliest, d.dateLatest) AS day,
         false AS recorded, d AS n
UNION
  MATCH (s)-[:HAS_DISSEMINATION_PLAN]->(p:DisseminationPlan)
  RETURN 'DISSEMINATION_PLAN' AS kind, p.adoptedOn AS day, false AS recorded,
         p AS n
UNION
  MATCH (s)-[:HAS_REFERENCE_GROUP]->(g:ReferenceGroup)
  RETURN 'REFERENCE_GROUP' AS kind, date(coalesce(g.editedAt, g.recordedAt)) AS day,
         true AS recorded, g AS n
UNION
  MATCH (r:AnnualReport)-[:REPORT_FOR]->(s) WHERE r.status <> 'MISSING'
  RETURN 'REPORTED' AS kind, r.submittedOn AS day, false AS recorded, r AS n
UNION
  MATCH (e:Evaluation)-[:EVALUATES]->(:AnnualReport)-[:REPORT_FOR]->(s)
  RETURN DISTINCT 'EVALUATED' AS kind, e.date AS day, false AS recorded, e AS n
UNION
  MATCH (v:FiveYearReview)-[:REVIEWS]->(s)
  RETURN 'REVIEWED' AS kind, v.date AS day, false AS recorded, v AS n
}
RETURN {kind: kind, day: day, recorded: recorded,
        label: [l IN labels(n) WHERE l <> 'Entity'][0], props: properties(n)} AS row
ORDER BY day IS NULL, day, n.recordedAt, n.id
"""

# --- traversals (batched per request by the DataLoaders) --------------------------------------

SERVICE_ANNUAL_REPORTS: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})<-[r:REPORT_FOR]-(n:AnnualReport)
RETURN {key: key, label: 'AnnualReport', props: properties(n), rel: properties(r)} AS row
ORDER BY n.year, n.id
"""

SERVICE_TARGETS: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})-[r:HAS_TARGET]->(n:ResultTarget)
RETURN {key: key, label: 'ResultTarget', props: properties(n), rel: properties(r)} AS row
ORDER BY n.measure, n.id
"""

SERVICE_REFERENCE_GROUP: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})-[r:HAS_REFERENCE_GROUP]->(n:ReferenceGroup)
RETURN {key: key, label: 'ReferenceGroup', props: properties(n), rel: properties(r)} AS row
"""

SERVICE_DISSEMINATION_PLAN: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})-[r:HAS_DISSEMINATION_PLAN]->(n:DisseminationPlan)
WHERE r.replacedAt IS NULL
RETURN {key: key, label: 'DisseminationPlan', props: properties(n), rel: properties(r)} AS row
"""

SERVICE_REVIEWS: Final = """
UNWIND $ids AS key
MATCH (:Service {id: key})<-[r:REVIEWS]-(n:FiveYearReview)
RETURN {key: key, label: 'FiveYearReview', props: properties(n), rel: properties(r)} AS row
ORDER BY n.year, n.id
"""

REPORT_SERVICE: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})
      -[r:REPORT_FOR|HAS_TARGET|HAS_REFERENCE_GROUP|HAS_DISSEMINATION_PLAN]-(n:Service)
RETURN {key: key, label: 'Service', props: properties(n), rel: properties(r)} AS row
"""

REPORT_RESULTS: Final = """
UNWIND $ids AS key
MATCH (:AnnualReport {id: key})-[r:MEASURED]->(n:ResultTarget)
RETURN {key: key, label: 'ResultTarget', props: properties(n), rel: properties(r)} AS row
ORDER BY n.measure, n.id
"""

REPORT_EVALUATIONS: Final = """
UNWIND $ids AS key
MATCH (:AnnualReport {id: key})<-[r:EVALUATES]-(n:Evaluation)
RETURN {key: key, label: 'Evaluation', props: properties(n), rel: properties(r)} AS row
ORDER BY n.date, n.id
"""

EVALUATION_REPORTS: Final = """
UNWIND $ids AS key
MATCH (:Evaluation {id: key})-[r:EVALUATES]->(n:AnnualReport)
RETURN {key: key, label: 'AnnualReport', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

REVIEW_SERVICES: Final = """
UNWIND $ids AS key
MATCH (:FiveYearReview {id: key})-[r:REVIEWS]->(n:Service)
RETURN {key: key, label: 'Service', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

CARRIED_OUT_BY: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})-[r:EVALUATED_BY|REVIEWED_BY]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

GROUP_MEMBERS: Final = """
UNWIND $ids AS key
MATCH (:ReferenceGroup {id: key})-[r:HAS_MEMBER]->(n:ReferenceGroupMember)
RETURN {key: key, label: 'ReferenceGroupMember', props: properties(n), rel: properties(r)} AS row
ORDER BY n.kind, n.name, n.id
"""

MEMBER_ORGANISATION: Final = """
UNWIND $ids AS key
MATCH (:ReferenceGroupMember {id: key})-[r:REPRESENTS]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

ASSESSED_AGAINST: Final = """
UNWIND $ids AS key
MATCH (:Assessment {id: key})-[r:ASSESSED_AGAINST]->(n:LegalProvision)
RETURN {key: key, label: 'LegalProvision', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

# The regional health authorities a service answers to: the one governing the region of its
# host, and the one that applied for it. They alone report and act for it.
SERVICE_OWNERS: Final = """
MATCH (s:Service {id: $id})
RETURN {id: s.id,
        owners: [(s)-[:HOSTED_BY]->(:Organisation)-[:IN_REGION]->(:Region)
                   <-[:GOVERNS]-(rha:Organisation) | rha.id]
              + [(s)<-[:PROPOSES]-(:Application)-[:SUBMITTED_BY]->(rha:Organisation) | rha.id],
        country: [(s)-[:IN_COUNTRY]->(c:Country) | c.id][0]
       } AS row
"""

# The regional health authorities an organisation answers to: the one governing its region, or
# itself when it governs one. Unknown ids are left out.
AUTHORITIES_OF: Final = """
UNWIND $ids AS key
MATCH (o:Organisation {id: key})
RETURN {id: key,
        authorities: [(o)-[:IN_REGION]->(:Region)<-[:GOVERNS]-(rha:Organisation) | rha.id]
                   + CASE WHEN EXISTS { (o)-[:GOVERNS]->(:Region) } THEN [o.id] ELSE [] END
       } AS row
"""
