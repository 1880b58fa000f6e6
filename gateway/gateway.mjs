// An Apollo gateway on 127.0.0.1 over live subgraphs.
//   node gateway.mjs --config '{"subgraphs": [{"name": "nordhub", "url": "http://..."}], "port": 0}'
// Each subgraph's SDL comes from its `_service { sdl }` unless given as "sdl". Announces
// {"url"} once serving, or {"errors"} (composition problems) and exits 1.
//
// Towards the subgraphs it passes on the caller's Accept-Language (the hub answers in the
// caller's language) and Authorization, and adds the caller's address to X-Forwarded-For (the
// hub lists this gateway as a trusted proxy, so its rate limits see callers, not the gateway).
// Back towards the caller, a subgraph's refusal keeps its own errors and codes (RATE_LIMITED,
// REQUEST_TOO_LARGE ...) and its Retry-After; no error carries a subgraph's URL or address.
import { announce, composeSubgraphs, exitWithParent, fetchSdl, options } from "./lib.mjs";

const { ApolloServer } = await import("@apollo/server");
const { startStandaloneServer } = await import("@apollo/server/standalone");
const { ApolloGateway, RemoteGraphQLDataSource } = await import("@apollo/gateway");

const FORWARDED_HEADERS = ["accept-language", "authorization"];
const ACCEPT = "application/graphql-response+json, application/json;q=0.9";

exitWithParent();
const config = JSON.parse(options().config);
const subgraphs = [];
for (const subgraph of config.subgraphs) {
  subgraphs.push({ ...subgraph, sdl: subgraph.sdl ?? (await fetchSdl(subgraph.url)) });
}
const composed = await composeSubgraphs(subgraphs);
if (composed.errors) {
  announce({ errors: composed.errors });
  process.exit(1);
}

/** A subgraph's errors as the caller may see them: message, code and plain extensions only. */
function publicErrors(errors) {
  return errors.map(({ message, path, extensions }) => {
    const kept = {};
    for (const [key, value] of Object.entries(extensions ?? {})) {
      if (["string", "number", "boolean"].includes(typeof value)) kept[key] = value;
    }
    return { message, ...(path ? { path } : {}), extensions: kept };
  });
}

class ForwardingDataSource extends RemoteGraphQLDataSource {
  constructor({ name, url }) {
    super({ url });
    this.name = name;
  }

  willSendRequest({ request, context }) {
    const headers = context.headers ?? {};
    for (const name of FORWARDED_HEADERS) {
      if (headers[name]) request.http.headers.set(name, headers[name]);
    }
    if (context.clientAddress) {
      const chain = headers["x-forwarded-for"];
      request.http.headers.set("x-forwarded-for", chain ? `${chain}, ${context.clientAddress}` : context.clientAddress);
    }
    request.http.headers.set("accept", ACCEPT);
  }

  async sendRequest(request, context) {
    const { http, ...body } = request;
    let response;
    try {
      response = await this.fetcher(http.url, {
        method: http.method,
        headers: Object.fromEntries(http.headers),
        body: JSON.stringify(body),
      });
    } catch {
      return this.unavailable();
    }
    const retryAfter = response.headers.get("retry-after");
    if (retryAfter && context) context.retryAfter = Math.max(Number(context.retryAfter ?? 0), Number(retryAfter) || 0);
    let parsed;
    try {
      parsed = await this.parseBody(response);
    } catch {
      parsed = null;
    }
    if (parsed && typeof parsed === "object" && Array.isArray(parsed.errors) && !response.ok) {
      // A refusal of the subgraph's own (4xx with GraphQL errors): pass its codes on.
      return { errors: publicErrors(parsed.errors), http: response };
    }
    if (!response.ok || !parsed || typeof parsed !== "object") return this.unavailable(response.status);
    return { ...parsed, http: response };
  }

  unavailable(status) {
    return {
      errors: [{
        message: `The subgraph "${this.name}" did not answer${status ? ` (HTTP ${status})` : ""}.`,
        extensions: { code: "SERVICE_UNAVAILABLE" },
      }],
    };
  }
}

const passRetryAfter = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (!contextValue.retryAfter) return;
        response.http.headers.set("retry-after", String(contextValue.retryAfter));
        const result = response.body.kind === "single" ? response.body.singleResult : null;
        const limited = result?.errors?.some((e) => e.extensions?.code === "RATE_LIMITED");
        if (limited && result.data == null) response.http.status = 429;
      },
    };
  },
};

const gateway = new ApolloGateway({
  supergraphSdl: composed.supergraphSdl,
  buildService: ({ name, url }) => new ForwardingDataSource({ name, url }),
});
const server = new ApolloServer({
  gateway,
  introspection: true,
  includeStacktraceInErrorResponses: false,
  plugins: [passRetryAfter],
});
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(config.port ?? 0) },
  context: async ({ req }) => ({ headers: req.headers, clientAddress: req.socket.remoteAddress }),
});
announce({ url, hints: composed.hints });
