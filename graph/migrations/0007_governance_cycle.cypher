// The yearly cycle of national services: annual reports and their result targets, the
// Directorate's evaluations and five-year reviews, reference groups and competence plans.
CREATE CONSTRAINT annual_report_id IF NOT EXISTS FOR (n:AnnualReport) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT result_target_id IF NOT EXISTS FOR (n:ResultTarget) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT evaluation_id IF NOT EXISTS FOR (n:Evaluation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT five_year_review_id IF NOT EXISTS FOR (n:FiveYearReview) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT reference_group_id IF NOT EXISTS FOR (n:ReferenceGroup) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT reference_group_member_id IF NOT EXISTS FOR (n:ReferenceGroupMember) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dissemination_plan_id IF NOT EXISTS FOR (n:DisseminationPlan) REQUIRE n.id IS UNIQUE;
// Lists loaded before this migration get the due date, lateness and key the seed reader and the
// API now give every list (15 January of the round year; see graph/cycle.py).
MATCH (l:ApplicationList)-[:SUBMITTED_BY]->(o:Organisation)
WHERE l.roundKey IS NULL AND l.roundYear IS NOT NULL AND l.submittedOn IS NOT NULL
SET l.dueOn = date({year: l.roundYear, month: 1, day: 15}),
    l.late = l.submittedOn > date({year: l.roundYear, month: 1, day: 15}),
    l.roundKey = o.id + '|' + toString(l.roundYear);
MATCH (a:Application)-[:LISTED_IN]->(l:ApplicationList)
WHERE a.late IS NULL AND l.late IS NOT NULL
SET a.late = l.late;
// One list per regional health authority and round, one report per service and year: the key
// is unique so two concurrent submissions cannot both pass the check.
CREATE CONSTRAINT application_list_key IF NOT EXISTS FOR (n:ApplicationList) REQUIRE n.roundKey IS UNIQUE;
CREATE CONSTRAINT annual_report_key IF NOT EXISTS FOR (n:AnnualReport) REQUIRE n.reportKey IS UNIQUE;
CREATE INDEX application_list_round IF NOT EXISTS FOR (n:ApplicationList) ON (n.roundYear);
CREATE INDEX annual_report_year IF NOT EXISTS FOR (n:AnnualReport) ON (n.year);
CREATE INDEX evaluation_year IF NOT EXISTS FOR (n:Evaluation) ON (n.year);
CREATE INDEX five_year_review_year IF NOT EXISTS FOR (n:FiveYearReview) ON (n.year);
