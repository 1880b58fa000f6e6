// Every GraphQL document the page sends, in one place.

export const START = `
query Start {
  language { code name fallbackChain supported }
  countries { code name }
}`;

// One designated service at one site, as whereOffered and referralOptions answer it.
const OFFERING = `
fragment Offering on Offering {
  matched { kind text language }
  service {
    id
    name
    statusReason
    kindInfo { name }
    registries { id name }
  }
  location { id name city coordinates { latitude longitude } }
  hostOrganisation { id name }
  country { code name }
  kind
  status
  validFrom
  validTo
  legalBasis { id citation url }
  illustrative
}`;

const SUGGESTION = `
fragment SuggestionFacts on Suggestion {
  text
  language
}`;

export const SEARCH = `
query Search(
  $treatment: String
  $code: String
  $countries: [String!]
  $includeIllustrative: Boolean!
) {
  whereOffered(
    treatment: $treatment
    code: $code
    countries: $countries
    includeIllustrative: $includeIllustrative
    first: 100
  ) {
    totalCount
    illustrativeLeftOut
    illustrativeServicesLeftOut
    suggestions { ...SuggestionFacts }
    nodes { ...Offering }
  }
}
${OFFERING}
${SUGGESTION}`;

export const REFERRAL = `
query Referral(
  $fromCountry: String!
  $treatment: String
  $code: String
  $includeIllustrative: Boolean!
) {
  referralOptions(
    fromCountry: $fromCountry
    treatment: $treatment
    code: $code
    includeIllustrative: $includeIllustrative
  ) {
    fromCountry { code name }
    totalCount
    illustrativeLeftOut
    illustrativeServicesLeftOut
    options {
      ownCountry
      contactOrganisation { id name }
      offering { ...Offering }
    }
    nordicCooperation {
      reason
      proposedService { id name country { code name } }
      decision { date outcome decidedBy { name } }
      projects { id title status }
    }
    suggestions { ...SuggestionFacts }
  }
}
${OFFERING}
${SUGGESTION}`;

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
mutation AddLogEntry($input: AddLogEntryInput!, $idempotencyKey: String) {
  addLogEntry(input: $input, idempotencyKey: $idempotencyKey) {
    replayed
    entry { id }
  }
}`;
