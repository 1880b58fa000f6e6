// Every GraphQL document the page sends, in one place.

import { REFERRAL_FIELDS, ROUTE_FIELDS } from "./referral.js";

export const START = `
query Start {
  language { code name fallbackChain supported choices { code endonym } }
  countries { code name }
}`;

// A text as served: its language, and whether it is the original or a translation.
const LOCALIZED = `
fragment Served on LocalizedText {
  text
  language
  original
  originalLanguage
  originalLanguageName
}`;

// One designated service at one site, as whereOffered and referralOptions answer it.
const OFFERING = `
fragment Offering on Offering {
  matched { kind text language }
  service {
    id
    name
    nameLocalized { ...Served }
    statusReason
    statusReasonLocalized { ...Served }
    kindInfo { name nameLocalized { ...Served } }
    registries { id name nameLocalized { ...Served } }
  }
  location {
    id
    name
    nameLocalized { ...Served }
    city
    coordinates { latitude longitude }
  }
  hostOrganisation { id name nameLocalized { ...Served } }
  country { code name }
  kind
  status
  validFrom
  validTo
  legalBasis { id citation citationLocalized { ...Served } url }
  illustrative
  ...ReferralFacts
}
${REFERRAL_FIELDS}`;

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
${SUGGESTION}
${LOCALIZED}`;

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
      routes { ...RouteFacts }
    }
    nordicCooperation {
      reason
      reasonLocalized { ...Served }
      proposedService { id name nameLocalized { ...Served } country { code name } }
      decision { date outcome decidedBy { name nameLocalized { ...Served } } }
      projects { id title titleLocalized { ...Served } status }
    }
    suggestions { ...SuggestionFacts }
  }
}
${OFFERING}
${ROUTE_FIELDS}
${SUGGESTION}
${LOCALIZED}`;

export const PROJECTS = `
query Projects($country: String) {
  collaborationProjects(country: $country, first: 100) {
    totalCount
    nodes {
      id
      title
      titleLocalized { ...Served }
      status
      area
      periodStart
      periodEnd
      participants {
        role
        party {
          __typename
          ... on Country { code name }
          ... on Organisation { id name nameLocalized { ...Served } }
        }
      }
    }
  }
}
${LOCALIZED}`;

export const PROJECT = `
query Project($id: ID!) {
  collaborationProject(id: $id) {
    id
    title
    titleLocalized { ...Served }
    summary
    summaryLocalized { ...Served }
    status
    area
    periodStart
    periodEnd
    partOf { id title titleLocalized { ...Served } }
    subprojects { id title titleLocalized { ...Served } status }
    participants {
      role
      party {
        __typename
        ... on Country { code name }
        ... on Organisation { id name nameLocalized { ...Served } }
      }
    }
    concerns {
      __typename
      ... on Condition { id name nameLocalized { ...Served } code }
      ... on Procedure { id name nameLocalized { ...Served } code }
      ... on QualityRegistry { id name nameLocalized { ...Served } }
      ... on Service { id name nameLocalized { ...Served } }
    }
    log {
      id
      date
      kind
      text
      textLocalized { ...Served }
      language
      document { id title titleLocalized { ...Served } url }
      provenance { recordedBy recordedAt }
    }
  }
}
${LOCALIZED}`;

export const ADD_LOG_ENTRY = `
mutation AddLogEntry($input: AddLogEntryInput!, $idempotencyKey: String) {
  addLogEntry(input: $input, idempotencyKey: $idempotencyKey) {
    replayed
    entry { id }
  }
}`;
