// Governance systems (issue 15): the national systems service kinds and rules belong to, with
// the date each was established (Norway's national services, 2011; Sweden's NHV, 1 July 2018).
CREATE CONSTRAINT governance_system_id IF NOT EXISTS FOR (n:GovernanceSystem) REQUIRE n.id IS UNIQUE;
