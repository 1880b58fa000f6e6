"""What a referral office needs beside the designation: contacts, waiting times, referral terms
and European Reference Network memberships of services, and the routes between countries.

Facts a partner pushes carry ``pushedBy`` and may be withdrawn (``withdrawnAt``): withdrawn facts
are history, never shown as current. ``AT`` ties a fact to one site of the service; a fact
without it holds for every site.
"""

from typing import Final

# Per service id: its current contacts, waiting times and referral terms (each with the site it
# is for, if any), and its network memberships with the relationship's facts.
FACTS: Final = """
UNWIND $ids AS key
MATCH (s:Service {id: key})
RETURN {
  key: key,
  contacts: [(s)-[r:HAS_CONTACT]->(c:Contact) WHERE r.withdrawnAt IS NULL
             AND c.withdrawnAt IS NULL
             | {props: properties(c), at: [(c)-[:AT]->(l:Location) | l.id][0]}],
  waiting: [(s)-[r:HAS_WAITING_TIME]->(w:WaitingTime) WHERE r.withdrawnAt IS NULL
            AND w.withdrawnAt IS NULL
            | {props: properties(w), at: [(w)-[:AT]->(l:Location) | l.id][0]}],
  terms: [(s)-[r:HAS_REFERRAL_TERMS]->(t:ReferralTerms) WHERE r.withdrawnAt IS NULL
          AND t.withdrawnAt IS NULL
          | {props: properties(t), at: [(t)-[:AT]->(l:Location) | l.id][0]}],
  memberships: [(s)-[m:MEMBER_OF]->(n:ReferenceNetwork) WHERE m.withdrawnAt IS NULL
                | {props: properties(n), rel: properties(m)}]
} AS row
"""

# Every route with the countries it connects and its legal basis: a handful of nodes, read once
# per request and filtered by the countries asked about.
ROUTES: Final = """
MATCH (r:ReferralRoute) WHERE r.withdrawnAt IS NULL
WITH r ORDER BY r.id
RETURN {
  props: properties(r),
  countries: [(r)-[:CONNECTS]->(c:Country) | c.code],
  basis: [(r)-[:HAS_LEGAL_BASIS]->(lp:LegalProvision) | properties(lp)]
} AS row
"""
