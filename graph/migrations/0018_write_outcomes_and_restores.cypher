// Idempotency keys expire (NORDHUB_IDEMPOTENCY_TTL_S): the sweep finds old ones by creation time.
CREATE INDEX idempotency_key_created IF NOT EXISTS FOR (n:IdempotencyKey) ON (n.createdAt);
// A restore writes into nodes marked ImportStaging with their backup key until it is complete;
// relationships find their ends by that key, and a failed restore removes every marked node.
CREATE CONSTRAINT import_staging_key IF NOT EXISTS FOR (n:ImportStaging) REQUIRE n.importKey IS UNIQUE;
CREATE INDEX import_staging_run IF NOT EXISTS FOR (n:ImportStaging) ON (n.importRun);
