// The benchmark's peer: @neo4j/graphql 7 on @apollo/server, as a user would set it up instead of
// the hub, over the same Neo4j and data. Type definitions mirror the hub's graph for the
// benchmarked queries only (English names; the hub localizes, the peer has no such notion).
// Federation through @neo4j/graphql's own subgraph support (@key): _entities resolves each
// representation with its own Cypher query (see ../../../shared/reference, §4).
//
// Usage: NEO4J_URI=... NEO4J_USER=... NEO4J_PASSWORD=... PORT=4100 node server.mjs
// GET /stats answers {"statements": n}: Cypher statements sent so far (round trips), counted by
// wrapping the driver's managed transactions, so the benchmark can divide by requests.
import http from "node:http";

import { ApolloServer, HeaderMap } from "@apollo/server";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])

  type Service @node @key(fields: "id") {
    id: String!
    name: String @alias(property: "name_en")
    kind: String
    status: String
    illustrative: Boolean
    sites: [Location!]! @relationship(type: "OFFERED_AT", direction: OUT)
    hostedBy: [Organisation!]! @relationship(type: "HOSTED_BY", direction: OUT)
    country: [Country!]! @relationship(type: "IN_COUNTRY", direction: OUT)
    conditions: [Condition!]! @relationship(type: "TREATS", direction: OUT)
    registries: [QualityRegistry!]! @relationship(type: "REPORTS_TO", direction: OUT)
  }

  type Condition @node {
    id: String!
    name: String @alias(property: "name_en")
    codes: [Code!]! @relationship(type: "CODED_AS", direction: OUT)
  }

  type Code @node {
    id: String!
    system: String
    code: String
  }

  type QualityRegistry @node {
    id: String!
    name: String @alias(property: "name_en")
    reportingOrganisations: [Organisation!]! @relationship(type: "REPORTS_TO", direction: IN)
  }

  type Location @node {
    id: String!
    name: String @alias(property: "name_en")
    organisation: [Organisation!]! @relationship(type: "OPERATED_BY", direction: OUT)
  }

  type Organisation @node {
    id: String!
    name: String @alias(property: "name_en")
    country: [Country!]! @relationship(type: "IN_COUNTRY", direction: OUT)
  }

  type Country @node {
    id: String!
    code: String!
    name: String @alias(property: "name_en")
  }

  type CollaborationProject @node {
    id: String!
    title: String @alias(property: "title_en")
    status: String
    logEntries: [LogEntry!]! @relationship(type: "HAS_LOG_ENTRY", direction: OUT)
  }

  type LogEntry @node {
    id: String!
    text: String @alias(property: "text_en")
    kind: String
    date: Date
    language: String
  }

  type Query {
    """
    The hub's term search (language analyzer index and folding index, fuzzy only when both find
    nothing), from each term to the services that treat or perform it, best score first.
    """
    whereOffered(
      index: String
      exact: String
      folded: String
      fuzzy: String
      hits: Int!
      first: Int!
    ): [Service!]!
      @cypher(
        statement: """
        CALL () {
          WITH $index AS idx WHERE idx IS NOT NULL
          CALL db.index.fulltext.queryNodes(idx, $exact, {limit: $hits}) YIELD node, score
          RETURN node AS term, score
          UNION ALL
          WITH $folded AS f WHERE f IS NOT NULL
          CALL db.index.fulltext.queryNodes('search_folded', f, {limit: $hits}) YIELD node, score
          RETURN node AS term, score
        }
        WITH collect({term: term, score: score}) AS exact
        CALL (exact) {
          WITH exact WHERE size(exact) = 0 AND $fuzzy IS NOT NULL
          CALL db.index.fulltext.queryNodes('search_folded', $fuzzy, {limit: $hits})
            YIELD node, score
          RETURN collect({term: node, score: score}) AS fuzzy
        }
        UNWIND exact + fuzzy AS hit
        WITH hit.term AS term, hit.score AS score
        MATCH (term)<-[:TREATS|PERFORMS]-(s:Service)
        WITH s, max(score) AS score
        ORDER BY score DESC, s.id
        LIMIT $first
        RETURN s
        """
        columnName: "s"
      )
  }
`;

let statements = 0;

function counting(driver) {
  const session = driver.session.bind(driver);
  driver.session = (...args) => {
    const opened = session(...args);
    for (const name of ["executeRead", "executeWrite"]) {
      const original = opened[name].bind(opened);
      opened[name] = (work, config) =>
        original((tx) => {
          const run = tx.run.bind(tx);
          tx.run = (...runArgs) => {
            statements += 1;
            return run(...runArgs);
          };
          return work(tx);
        }, config);
    }
    return opened;
  };
  return driver;
}

const driver = counting(
  neo4j.driver(
    process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687",
    neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? "neo4j"),
    { maxConnectionPoolSize: 100, disableLosslessIntegers: true },
  ),
);

const neoSchema = new Neo4jGraphQL({
  typeDefs,
  driver,
  features: { filters: { String: { GT: true } } },
});
const schema = await neoSchema.getSubgraphSchema();
const server = new ApolloServer({ schema, introspection: false });
await server.start();

const port = Number(process.env.PORT ?? 4100);

http
  .createServer(async (req, res) => {
    if (req.method === "GET" && req.url === "/stats") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ statements, pid: process.pid }));
      return;
    }
    if (req.method === "GET" && req.url === "/health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"status":"ok"}');
      return;
    }
    if (req.method !== "POST" || req.url !== "/graphql") {
      res.writeHead(404);
      res.end();
      return;
    }
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400);
      res.end();
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      headers.set(key, Array.isArray(value) ? value.join(", ") : value ?? "");
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: "POST", headers, search: "", body },
      context: async () => ({}),
    });
    const out = {};
    for (const [key, value] of response.headers) out[key] = value;
    res.writeHead(response.status ?? 200, out);
    if (response.body.kind === "complete") {
      res.end(response.body.string);
    } else {
      for await (const part of response.body.asyncIterator) res.write(part);
      res.end();
    }
  })
  .listen(port, "127.0.0.1", () => {
    console.log(`peer ready on http://127.0.0.1:${port}/graphql`);
  });
