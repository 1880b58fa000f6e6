// Registry feeds (issue 24): the identifiers of Denmark (CVR), Finland (Y-tunnus, SOTE
// organisation OIDs) and Iceland (kennitala) beside those of migration 0008, and the review list
// of units a feed names by an identifier no organisation carries.
CREATE INDEX organisation_cvr IF NOT EXISTS FOR (n:Organisation) ON (n.cvr);
CREATE INDEX organisation_ytunnus IF NOT EXISTS FOR (n:Organisation) ON (n.ytunnus);
CREATE INDEX organisation_sote_oid IF NOT EXISTS FOR (n:Organisation) ON (n.soteOid);
CREATE INDEX organisation_kennitala IF NOT EXISTS FOR (n:Organisation) ON (n.kennitala);
CREATE CONSTRAINT identifier_review_id IF NOT EXISTS FOR (n:IdentifierReview) REQUIRE n.id IS UNIQUE;
CREATE INDEX identifier_review_status IF NOT EXISTS FOR (n:IdentifierReview) ON (n.status, n.registry);
