// What the harness's scripts share: telemetry off, one JSON line to announce a result, exit when
// the parent process goes away, SDL fetched from a subgraph, and composition with clear errors.
process.env.APOLLO_TELEMETRY_DISABLED ??= "1";

/** Print one JSON line on stdout: the parent reads it to learn our URL or our errors. */
export function announce(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Exit when stdin closes, so a crashed or killed parent never leaves a server behind. */
export function exitWithParent() {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
}

/** The named command-line options `--name value`, as an object. */
export function options(argv = process.argv.slice(2)) {
  const parsed = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--")) throw new Error(`unexpected argument ${argv[i]}`);
    parsed[argv[i].slice(2)] = argv[i + 1];
  }
  return parsed;
}

/** A subgraph's own SDL, from its `_service { sdl }` (works with introspection off). */
export async function fetchSdl(url, headers = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify({ query: "{ _service { sdl } }" }),
  });
  const body = await response.json();
  const sdl = body?.data?._service?.sdl;
  if (typeof sdl !== "string") {
    throw new Error(`${url} did not answer _service { sdl }: ${JSON.stringify(body).slice(0, 500)}`);
  }
  return sdl;
}

/**
 * Compose `[{name, url, sdl}]` into a supergraph.
 * Returns `{supergraphSdl, hints}` or `{errors}`, each problem as `{code, message, subgraphs}`.
 */
export async function composeSubgraphs(subgraphs) {
  const { composeServices } = await import("@apollo/composition");
  const { parse } = await import("graphql");
  const services = [];
  const errors = [];
  for (const { name, url, sdl } of subgraphs) {
    try {
      services.push({ name, url, typeDefs: parse(sdl) });
    } catch (error) {
      errors.push({ code: "INVALID_GRAPHQL", message: `[${name}] ${error.message}`, subgraphs: [name] });
    }
  }
  if (errors.length) return { errors };
  const result = composeServices(services);
  if (result.errors) {
    return { errors: result.errors.map((error) => problem(error, subgraphs)) };
  }
  return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((hint) => ({
    code: hint.definition.code, message: hint.message,
  })) };
}

function problem(error, subgraphs) {
  const code = error.extensions?.code ?? "COMPOSITION_ERROR";
  const named = subgraphs.map((s) => s.name).filter((name) => error.message.includes(`"${name}"`));
  return { code, message: error.message, subgraphs: named };
}
