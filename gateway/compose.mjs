// Compose subgraphs read as JSON on stdin: {"subgraphs": [{"name", "url", "sdl"}]}.
// Prints {"supergraphSdl", "hints"} and exits 0, or {"errors": [{code, message}]} and exits 1.
import { announce, composeSubgraphs } from "./lib.mjs";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { subgraphs } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const result = await composeSubgraphs(subgraphs);
announce(result);
process.exitCode = result.errors ? 1 : 0;
