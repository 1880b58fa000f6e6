// Every GraphQL document the page sends, in one place.

export const START = `
query Start {
  language { code name fallbackChain supported }
  countries { code name }
}`;

const SERVICE_FACTS = `
fragment ServiceFacts on Service {
  id
  name
  kind
  status
  validFrom
  validTo
  decisionRef
  illustrative
  country { code name }
  kindInfo { name }
  hostedBy { id name }
  sites {
    validFrom
    validTo
    location { id name city coordinates { latitude longitude } country { code } }
  }
  legalBasis { id citation url }
  registries { id name }
  provenance { note }
}`;

export const SEARCH = `
query Search($text: String!, $countries: [String!], $includeIllustrative: Boolean!) {
  services(includeIllustrative: $includeIllustrative, first: 100) {
    nodes { ...ServiceFacts }
  }
}
${SERVICE_FACTS}`;

export const REFERRAL = `
query Referral($fromCountry: String!, $text: String!) {
  services(first: 100) { nodes { ...ServiceFacts } }
}
${SERVICE_FACTS}`;

export const PROJECTS = `
query Projects($country: String) {
  collaborationProjects(country: $country, first: 100) {
    totalCount
    nodes {
      id
      title
      status
      area
      periodStart
      periodEnd
      participants {
        role
        party {
          __typename
          ... on Country { code name }
          ... on Organisation { id name }
        }
      }
    }
  }
}`;

export const PROJECT = `
query Project($id: ID!) {
  collaborationProject(id: $id) {
    id
    title
    summary
    status
    area
    periodStart
    periodEnd
    partOf { id title }
    subprojects { id title status }
    participants {
      role
      party {
        __typename
        ... on Country { code name }
        ... on Organisation { id name }
      }
    }
    concerns {
      __typename
      ... on Condition { id name code }
      ... on Procedure { id name code }
      ... on QualityRegistry { id name }
      ... on Service { id name }
    }
    log {
      id
      date
      kind
      text
      language
      document { id title url }
      provenance { recordedBy recordedAt }
    }
  }
}`;

export const ADD_LOG_ENTRY = `
mutation AddLogEntry($project: ID!, $kind: LogEntryKind!, $date: Date, $text: String!, $language: String!) {
  addLogEntry(project: $project, kind: $kind, date: $date, text: $text, language: $language) {
    id
  }
}`;
