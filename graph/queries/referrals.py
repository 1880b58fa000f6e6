"""What a referral office needs beside the designation: contacts, waiting times, referral terms
and European Reference Network memberships of services, and the routes between countries.

Facts a partner pushes carry ``pushedBy`` and may be withdrawn (``withdrawnAt``): withdrawn facts
are history, never shown as current. ``AT`` ties a fact to one site of the service; a fact
without it holds for every site.
"""

from typing import Final

# The referral facts of a service ``s``: its current contacts, waiting times and referral terms
# (each with the site it is for, if any), and its network memberships with the relationship's
# facts. Also part of the referral-options statement (``graph.queries.lookup``).
FACTS_OF_SERVICE: Final = """{
  contacts: [(s)-[refRel:HAS_CONTACT]->(refFact:Contact)
             WHERE refRel.withdrawnAt IS NULL AND refFact.withdrawnAt IS NULL
             | {props: properties(refFact),
                at: [(refFact)-[:AT]->(refSite:Location) | refSite.id][0]}],
  waiting: [(s)-[refRel:HAS_WAITING_TIME]->(refFact:WaitingTime)
            WHERE refRel.withdrawnAt IS NULL AND refFact.withdrawnAt IS NULL
            | {props: properties(refFact),
               at: [(refFact)-[:AT]->(refSite:Location) | refSite.id][0]}],
  terms: [(s)-[refRel:HAS_REFERRAL_TERMS]->(refFact:ReferralTerms)
          WHERE refRel.withdrawnAt IS NULL AND refFact.withdrawnAt IS NULL
          | {props: properties(refFact),
             at: [(refFact)-[:AT]->(refSite:Location) | refSite.id][0]}],
  memberships: [(s)-[refRel:MEMBER_OF]->(refNetwork:ReferenceNetwork)
                WHERE refRel.withdrawnAt IS NULL
                | {props: properties(refNetwork), rel: properties(refRel)}]
}"""

FACTS: Final = (
    """
UNWIND $ids AS key
MATCH (s:Service {id: key})
RETURN {key: key, facts: """
    + FACTS_OF_SERVICE
    + """} AS row
"""
)

# A route ``route`` with the countries it connects and its legal basis.
ROUTE: Final = """{
  props: properties(route),
  countries: [(route)-[:CONNECTS]->(routeCountry:Country) | routeCountry.code],
  basis: [(route)-[:HAS_LEGAL_BASIS]->(routeBasis:LegalProvision) | properties(routeBasis)]
}"""

# Every route: a handful of nodes, read once per request and filtered by the countries asked
# about. Also part of the referral-options statement.
ALL_ROUTES: Final = (
    """COLLECT {
  MATCH (route:ReferralRoute) WHERE route.withdrawnAt IS NULL
  WITH route ORDER BY route.id
  RETURN """
    + ROUTE
    + """
}"""
)

ROUTES: Final = "RETURN " + ALL_ROUTES + " AS row"
