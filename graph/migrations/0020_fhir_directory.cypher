// FHIR directories both ways (issue 20): references a page could not resolve yet wait as
// pending links until the resource they name arrives; organisations a partner also describes
// are reconciled with the hub's own, by identifier or, reviewed, by name; the FHIR endpoint
// pages by lastUpdated.
CREATE INDEX pending_link_source IF NOT EXISTS FOR (n:PendingLink) ON (n.source, n.start);
CREATE CONSTRAINT reconciliation_review_id IF NOT EXISTS FOR (n:ReconciliationReview) REQUIRE n.id IS UNIQUE;
CREATE INDEX reconciliation_review_status IF NOT EXISTS FOR (n:ReconciliationReview) ON (n.status, n.source);
