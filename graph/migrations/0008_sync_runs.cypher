// Partner sync runs (issue 7): one node per run, and the property that says which source a
// synced fact belongs to (used to withdraw what a later full run no longer sees).
CREATE CONSTRAINT sync_run_id IF NOT EXISTS FOR (n:SyncRun) REQUIRE n.id IS UNIQUE;
CREATE INDEX sync_run_source IF NOT EXISTS FOR (n:SyncRun) ON (n.source, n.started);
CREATE INDEX entity_sync_source IF NOT EXISTS FOR (n:Entity) ON (n.syncSource);
// National identifiers: registry feeds find the reporting organisation by them.
CREATE INDEX organisation_resh IF NOT EXISTS FOR (n:Organisation) ON (n.resh);
CREATE INDEX organisation_her_id IF NOT EXISTS FOR (n:Organisation) ON (n.herId);
CREATE INDEX organisation_orgnr IF NOT EXISTS FOR (n:Organisation) ON (n.orgnr);
CREATE INDEX organisation_hsa_id IF NOT EXISTS FOR (n:Organisation) ON (n.hsaId);
CREATE INDEX organisation_sor IF NOT EXISTS FOR (n:Organisation) ON (n.sor);
CREATE INDEX organisation_shak IF NOT EXISTS FOR (n:Organisation) ON (n.shak);
