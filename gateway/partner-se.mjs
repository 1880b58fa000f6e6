// A small Swedish partner subgraph, written for the tests: it extends the hub's Service with
// waiting times and Location with an HSA-id. All figures and HSA-ids are made up for testing;
// they are not real measurements or catalogue entries.
//   node partner-se.mjs [--port 0] [--variant sweden|conflicting]
// Announces {"url"} once serving. The "conflicting" variant claims the hub's `Service.name` with
// another type, so composing it with the hub must fail.
import { announce, exitWithParent, options } from "./lib.mjs";

const { ApolloServer } = await import("@apollo/server");
const { startStandaloneServer } = await import("@apollo/server/standalone");
const { buildSubgraphSchema } = await import("@apollo/subgraph");
const { parse } = await import("graphql");

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key"])`;

const TYPE_DEFS = `${LINK}

# The hub's Service; Sweden adds the waiting times it measures.
type Service @key(fields: "id") {
  id: ID!
  "Measured waiting times per treatment site, longest first (test data)."
  waitingTimes: [WaitingTime!]!
}

# The hub's Location; Sweden adds its HSA-id.
type Location @key(fields: "id") {
  id: ID!
  "The site's id in the Swedish HSA catalogue (made up for the tests)."
  hsaId: String
}

"""A median waiting time from referral to treatment at one site."""
type WaitingTime {
  service: Service!
  location: Location!
  medianDays: Int!
  measuredOn: String!
  "The waiting time in words, in the caller's language (sv, fi or en)."
  summary: String!
}

"""One row of a referral list: a place in the list and the hub's service it names."""
type ReferralRow {
  position: Int!
  service: Service!
}

type Query {
  "Every measured waiting time, longest first; only those over a number of days if given."
  waitingTimes(longerThanDays: Int): [WaitingTime!]!
  "A referral list of \`count\` rows naming the given services in turn: for tests of large entity batches."
  referralList(serviceIds: [ID!]!, count: Int!): [ReferralRow!]!
}
`;

const CONFLICTING_TYPE_DEFS = `${LINK}

type Service @key(fields: "id") {
  id: ID!
  "Claims the hub's own field with another type: composition must refuse this."
  name: Int
}

type Query {
  serviceCount: Int!
}
`;

const HSA_IDS = {
  "location:st-eriks-ogonsjukhus": "SE2321000016-TEST1",
  "location:sahlgrenska-universitetssjukhuset": "SE2321000131-TEST2",
  "location:karolinska-universitetssjukhuset": "SE2321000016-TEST3",
  "location:skanes-universitetssjukhus": "SE2321000255-TEST4",
};

const WAITING_TIMES = [
  ["service:se-nhv-barnglaukom-barnkatarakt", "location:st-eriks-ogonsjukhus", 38],
  ["service:se-nhv-barnglaukom-barnkatarakt", "location:sahlgrenska-universitetssjukhuset", 52],
  ["service:se-rsv-medfodda-esofagusmissbildningar", "location:karolinska-universitetssjukhuset", 9],
  ["service:se-rsv-medfodda-esofagusmissbildningar", "location:skanes-universitetssjukhus", 12],
].map(([service, location, medianDays]) => ({ service, location, medianDays, measuredOn: "2026-10-31" }))
  .sort((a, b) => b.medianDays - a.medianDays);

const SUMMARIES = {
  sv: (days) => `Medianväntetid ${days} dagar`,
  fi: (days) => `Mediaaniodotusaika ${days} päivää`,
  en: (days) => `Median wait ${days} days`,
};

function summarise(days, acceptLanguage) {
  const wanted = (acceptLanguage ?? "").split(",").map((part) => part.split(";")[0].trim().slice(0, 2));
  const language = wanted.find((tag) => tag in SUMMARIES) ?? "en";
  return SUMMARIES[language](days);
}

const resolvers = {
  Query: {
    waitingTimes: (_, { longerThanDays }) =>
      WAITING_TIMES.filter((w) => longerThanDays == null || w.medianDays > longerThanDays),
    referralList: (_, { serviceIds, count }) =>
      Array.from({ length: serviceIds.length ? count : 0 }, (_, position) => ({
        position,
        service: { id: serviceIds[position % serviceIds.length] },
      })),
  },
  Service: {
    __resolveReference: (service) => ({ id: service.id }),
    waitingTimes: (service) => WAITING_TIMES.filter((w) => w.service === service.id),
  },
  Location: {
    __resolveReference: (location) => ({ id: location.id }),
    hsaId: (location) => HSA_IDS[location.id] ?? null,
  },
  WaitingTime: {
    service: (w) => ({ id: w.service }),
    location: (w) => ({ id: w.location }),
    summary: (w, _, context) => summarise(w.medianDays, context.acceptLanguage),
  },
};

exitWithParent();
const { port = "0", variant = "sweden" } = options();
const schema = variant === "conflicting"
  ? buildSubgraphSchema([{ typeDefs: parse(CONFLICTING_TYPE_DEFS), resolvers: { Query: { serviceCount: () => 0 } } }])
  : buildSubgraphSchema([{ typeDefs: parse(TYPE_DEFS), resolvers }]);
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(port) },
  context: async ({ req }) => ({ acceptLanguage: req.headers["accept-language"] }),
});
announce({ url });
