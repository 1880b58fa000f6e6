"""Cross-border lookup: where a treatment is offered, and what a clinician can refer to.

Each search is ONE statement with all its parameters in one map ``$p`` (see
:mod:`graph.repositories.lookup` for its keys). It finds the matching terms (conditions,
procedures, services) through the full-text indexes of migration 0003 or the code indexes,
walks to the services, sites, hosts and countries, filters, ranks, counts and cuts the page, and
when nothing matched it also finds suggestions: the caller never waits for a second round trip.
Every step aggregates without grouping keys, so an empty search still returns its one row.
"""

from typing import Final, LiteralString

from graph.queries.referrals import ALL_ROUTES, FACTS_OF_SERVICE

# Matching terms with a score; ``codes`` holds the stored codes that matched (code searches).
# Text: the served language's analyzer index (stemming) and the all-language folding index
# (case, diacritics, prefixes of compounds), summed; only when neither finds a term, fuzzy terms
# on the folding index (typos), which cost far more on a large vocabulary. Codes: a range-index
# seek on the stem, then the exact code or the subcodes of a category.
_HITS: Final = """
CALL () {
  CALL () {
    WITH $p AS p WHERE p.index IS NOT NULL AND p.exact IS NOT NULL
    CALL db.index.fulltext.queryNodes(p.index, p.exact, {limit: p.hits}) YIELD node, score
    RETURN node AS term, score, null AS code
    UNION ALL
    WITH $p AS p WHERE p.folded IS NOT NULL
    CALL db.index.fulltext.queryNodes('search_folded', p.folded, {limit: p.hits})
      YIELD node, score
    RETURN node AS term, score, null AS code
    UNION ALL
    MATCH (c:Code) WHERE c.code STARTS WITH $p.codeStem
      AND c.system = $p.codeSystem
      AND (c.code = $p.code OR ($p.codePrefix IS NOT NULL AND c.code STARTS WITH $p.codePrefix))
    MATCH (term)-[:CODED_AS]->(c)
    RETURN term, 1.0 AS score, c.code AS code
  }
  WITH term, sum(score) AS score, collect(code) AS codes
  RETURN collect({term: term, score: score, codes: codes}) AS exact
}
CALL (exact) {
  WITH exact WHERE size(exact) = 0 AND $p.fuzzy IS NOT NULL
  CALL db.index.fulltext.queryNodes('search_folded', $p.fuzzy, {limit: $p.hits})
    YIELD node, score
  RETURN collect({term: node, score: score, codes: []}) AS fuzzy
}
WITH exact + fuzzy AS hits
"""

# From each hit to the services it leads to: itself, or those that treat or perform it. Facts
# their source has withdrawn (``withdrawnAt``, see ``graph.queries.sync``) lead nowhere.
_SERVICES_OF_TERM: Final = """
  CALL (term) {
    WITH term WHERE term:Service
    RETURN term AS s
    UNION
    MATCH (term:Condition)<-[r:TREATS]-(s:Service) WHERE r.withdrawnAt IS NULL
    RETURN s
    UNION
    MATCH (term:Procedure)<-[r:PERFORMS]-(s:Service) WHERE r.withdrawnAt IS NULL
    RETURN s
  }
"""

# Filters, the best-scoring term per service, one row per site; ranked, all of them collected.
_OFFERINGS: Final = (
    """
CALL (hits) {
  UNWIND hits AS hit
  WITH hit.term AS term, hit.score AS score, hit.codes AS codes
"""
    + _SERVICES_OF_TERM
    + """
  WITH term, score, codes, s
  WHERE ($p.kinds IS NULL OR s.kind IN $p.kinds)
    AND ($p.statuses IS NULL OR s.status IN $p.statuses)
    AND s.withdrawnAt IS NULL
  OPTIONAL MATCH (s)-[:IN_COUNTRY]->(country:Country)
  WITH term, score, codes, s, country
  WHERE $p.countries IS NULL OR country.code IN $p.countries
  WITH s, country, term, score, codes ORDER BY score DESC, term.id
  WITH s, country, collect({term: term, score: score, codes: codes})[0] AS best
  OPTIONAL MATCH (s)-[site:OFFERED_AT]->(l:Location) WHERE site.withdrawnAt IS NULL
  WITH s, country, best, site, l,
       coalesce(site.validFrom, s.validFrom) AS validFrom,
       coalesce(site.validTo, s.validTo) AS validTo
  WHERE $p.validOn IS NULL OR ((validFrom IS NULL OR validFrom <= date($p.validOn))
                               AND (validTo IS NULL OR validTo >= date($p.validOn)))
  WITH {
    service: properties(s),
    location: CASE WHEN l IS NULL THEN null ELSE properties(l) END,
    site: CASE WHEN site IS NULL THEN null ELSE properties(site) END,
    host: head([(s)-[:HOSTED_BY]->(o:Organisation) WHERE (l)-[:OPERATED_BY]->(o)
                | properties(o)] + [(s)-[:HOSTED_BY]->(o:Organisation) | properties(o)]),
    country: CASE WHEN country IS NULL THEN null ELSE properties(country) END,
    legalBasis: [(s)-[:HAS_LEGAL_BASIS]->(lp:LegalProvision) | properties(lp)],
    registries: CASE WHEN $p.withRegistries
      THEN [(s)-[:REPORTS_TO]->(r:QualityRegistry) | properties(r)] ELSE [] END,
    referral: CASE WHEN $p.withReferral THEN """
    + FACTS_OF_SERVICE
    + """ ELSE null END,
    term: {label: [x IN labels(best.term) WHERE x IN $p.termLabels][0],
           props: properties(best.term)},
    score: best.score,
    codes: best.codes,
    validFrom: validFrom,
    validTo: validTo,
    illustrative: coalesce(s.illustrative, false) OR coalesce(l.illustrative, false),
    first: CASE WHEN country.code = $p.firstCountry THEN 0 ELSE 1 END,
    countryCode: coalesce(country.code, '~'),
    key: s.id + '|' + coalesce(l.id, '')
  } AS row
  ORDER BY row.first, CASE WHEN $p.byCountry THEN row.countryCode ELSE '' END, row.score DESC,
           row.key
  RETURN collect(row) AS found
}
WITH hits, found, [r IN found WHERE $p.includeIllustrative OR NOT r.illustrative] AS shown
"""
)

# Suggestions when the question matched no term at all (a term that matched but whose offerings
# the filters left out is no reason to suggest other words): a looser full-text query, or terms
# whose codes share the first characters of the code asked for. Illustrative and withdrawn
# services are never suggested unless illustrative ones were asked for.
_SUGGESTIONS: Final = """
CALL (hits) {
  CALL (hits) {
    WITH hits WHERE size(hits) = 0 AND $p.loose IS NOT NULL
    CALL db.index.fulltext.queryNodes('search_folded', $p.loose, {limit: 10}) YIELD node, score
    RETURN node, score
    UNION
    WITH hits WHERE size(hits) = 0 AND $p.suggestStem IS NOT NULL
    MATCH (c:Code) WHERE c.code STARTS WITH $p.suggestStem
    MATCH (node)-[:CODED_AS]->(c)
    RETURN node, 0.0 AS score
  }
  WITH node, score
  WHERE node.withdrawnAt IS NULL
    AND ($p.includeIllustrative OR NOT coalesce(node.illustrative, false))
  WITH node, max(score) AS score ORDER BY score DESC, node.id LIMIT 5
  RETURN collect({label: [x IN labels(node) WHERE x IN $p.termLabels][0], props: properties(node)})
    AS suggestions
}
"""

_PAGE: Final = """
  total: size(shown),
  illustrativeLeftOut: size(found) - size(shown),
  illustrativeServicesLeftOut: size(COLLECT {
    UNWIND found AS r WITH r WHERE r.illustrative AND NOT $p.includeIllustrative
    RETURN DISTINCT r.service.id }),
  items: shown[$p.skip..$p.skip + $p.limit],
  suggestions: suggestions
"""

SEARCH: Final[LiteralString] = _HITS + _OFFERINGS + _SUGGESTIONS
"""The search up to its answer: ``found`` (every offering, ranked), ``shown`` (those not left
out as illustrative) and ``suggestions``; a projection returns its own page of it."""

WHERE_OFFERED: Final[LiteralString] = SEARCH + "RETURN {" + _PAGE + "} AS row"

# The Nordic-cooperation route: assessments recommending NORDIC_COOPERATION for an application
# that proposed a service (of any status) for a matched term, with the decisions on it.
_ROUTES: Final = (
    """
CALL (hits) {
  UNWIND hits AS hit
  WITH hit.term AS term
"""
    + _SERVICES_OF_TERM
    + """
  MATCH (s)<-[:PROPOSES]-(a:Application)<-[:ASSESSES]-(x:Assessment)
  WHERE x.recommendation = 'NORDIC_COOPERATION'
  OPTIONAL MATCH (d:Decision)-[:DECIDES]->(target) WHERE target = a OR target = s
  WITH DISTINCT x, a, s, d ORDER BY x.id, d.id
  RETURN collect({
    assessment: properties(x),
    application: properties(a),
    service: properties(s),
    decision: CASE WHEN d IS NULL THEN null ELSE properties(d) END,
    projects: CASE WHEN d IS NULL THEN [] ELSE [(d)-[:RECOMMENDS]->(pr) | properties(pr)] END
  }) AS routes
}
"""
)

REFERRAL_OPTIONS: Final[LiteralString] = (
    _HITS
    + _OFFERINGS
    + _SUGGESTIONS
    + _ROUTES
    + "RETURN {"
    + _PAGE
    + """, routes: routes,
  origin: COLLECT { MATCH (c:Country {code: $p.firstCountry}) RETURN properties(c) }[0],
  referralRoutes: """
    + ALL_ROUTES
    + """
} AS row"""
)

# The plan of a search, to show which indexes it uses (tests and the benchmark print it).
EXPLAIN_WHERE_OFFERED: Final[LiteralString] = "EXPLAIN " + WHERE_OFFERED
PROFILE_WHERE_OFFERED: Final[LiteralString] = "PROFILE " + WHERE_OFFERED
