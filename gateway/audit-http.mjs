// graphql-http's GraphQL-over-HTTP audit suite against a running server.
//   node audit-http.mjs --url http://127.0.0.1:PORT/graphql
// Announces {"results": [{id, name, status, reason}]}: status ok, notice (MAY), warn (SHOULD) or
// error (MUST).
import { announce, options } from "./lib.mjs";

const { auditServer } = await import("graphql-http");

const { url } = options();
const results = await auditServer({ url });
announce({
  results: results.map(({ id, name, status, reason }) => ({ id, name, status, reason: reason ?? null })),
});
