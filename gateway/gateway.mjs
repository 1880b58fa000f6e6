// An Apollo gateway on 127.0.0.1 over live subgraphs.
//   node gateway.mjs --config '{"subgraphs": [{"name": "nordhub", "url": "http://..."}], "port": 0}'
// Each subgraph's SDL comes from its `_service { sdl }` unless given as "sdl". Announces
// {"url"} once serving, or {"errors"} (composition problems) and exits 1. The caller's
// Accept-Language goes on to every subgraph, so the hub answers in the caller's language.
import { announce, composeSubgraphs, exitWithParent, fetchSdl, options } from "./lib.mjs";

const { ApolloServer } = await import("@apollo/server");
const { startStandaloneServer } = await import("@apollo/server/standalone");
const { ApolloGateway, RemoteGraphQLDataSource } = await import("@apollo/gateway");

const FORWARDED_HEADERS = ["accept-language"];

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

class ForwardingDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    for (const name of FORWARDED_HEADERS) {
      const value = context.headers?.[name];
      if (value) request.http.headers.set(name, value);
    }
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: composed.supergraphSdl,
  buildService: ({ url }) => new ForwardingDataSource({ url }),
});
const server = new ApolloServer({ gateway, introspection: true });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(config.port ?? 0) },
  context: async ({ req }) => ({ headers: req.headers }),
});
announce({ url, hints: composed.hints });
