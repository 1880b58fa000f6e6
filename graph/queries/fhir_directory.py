"""The FHIR R4 directory (``/fhir``): Organization, Location and HealthcareService searches over
the same graph the GraphQL API reads, never a copy of it.

Each search takes the same parameters; a parameter left null does not filter. Current facts
only: nothing illustrative, nothing withdrawn (a read by id says which of the two it was, so the
endpoint can answer 404 or 410). Pages are keyset pages over the node id: ``$after`` is the last
id of the previous page, ``$limit`` one more than the page size (so the caller knows whether
there is a next page). ``$updated`` is a list of ``{op, at}`` bounds on ``recordedAt`` (the
resource's ``meta.lastUpdated``), every one of which must hold.

Parameters: ``ids``, ``after``, ``limit``, ``updated``, ``name`` (lower-cased), ``nameMode``
(``starts``, ``contains``, ``exact``), ``identifierProps`` and ``identifierValue``, ``links``
(ids of the related organisations the search names), ``sites`` (services: ids of locations),
``kinds`` (service kinds),
``active`` (services: true = approved).
"""

from typing import Final, LiteralString

# What every FHIR search shares: current, confirmed, and the common parameters.
_COMMON: Final = """
  coalesce(n.illustrative, false) = false AND n.withdrawnAt IS NULL
  AND ($ids IS NULL OR n.id IN $ids)
  AND all(bound IN coalesce($updated, []) WHERE
        CASE bound.op
          WHEN 'gt' THEN n.recordedAt > bound.at
          WHEN 'ge' THEN n.recordedAt >= bound.at
          WHEN 'lt' THEN n.recordedAt < bound.at
          WHEN 'le' THEN n.recordedAt <= bound.at
          WHEN 'eq' THEN n.recordedAt >= bound.at AND n.recordedAt < bound.until
          ELSE false
        END)
  AND ($name IS NULL OR any(k IN keys(n) WHERE k STARTS WITH 'name_' AND
        CASE $nameMode
          WHEN 'exact' THEN n[k] = $nameExact
          WHEN 'contains' THEN toLower(n[k]) CONTAINS $name
          ELSE toLower(n[k]) STARTS WITH $name
        END))
  AND ($identifierValue IS NULL OR any(p IN $identifierProps WHERE n[p] = $identifierValue))
"""

_PAGE: Final = """
WITH n WHERE $after IS NULL OR n.id > $after
WITH n ORDER BY n.id LIMIT $limit
"""

_CURRENT_ORG: Final = (
    "o.withdrawnAt IS NULL AND NOT coalesce(o.illustrative, false) AND r.withdrawnAt IS NULL"
)


def _linked(param: LiteralString, rel: LiteralString, label: LiteralString) -> LiteralString:
    """Only nodes with a current ``rel`` to one of the ids in ``$param`` (when it is given)."""
    return (
        "\n  AND ($" + param + " IS NULL OR EXISTS { MATCH (n)-[r:" + rel + "]->(o:" + label + ")"
        " WHERE o.id IN $" + param + " AND " + _CURRENT_ORG + " })"
    )


def _related(rel: LiteralString, label: LiteralString) -> LiteralString:
    """The ids of the current nodes ``rel`` leads to, in id order."""
    return (
        "COLLECT { MATCH (n)-[r:" + rel + "]->(o:" + label + ") WHERE " + _CURRENT_ORG
        + " RETURN o.id ORDER BY o.id }"
    )  # fmt: skip


_COUNTRY: Final = "country: COLLECT { MATCH (n)-[:IN_COUNTRY]->(c:Country) RETURN c.code }[0]"

_ORGANIZATION_WHERE: Final = (
    "MATCH (n:Organisation) WHERE" + _COMMON + _linked("links", "PART_OF", "Organisation") + "\n"
)
_ORGANIZATION_ROW: Final = (
    "RETURN {p: properties(n), " + _COUNTRY
    + ", partOf: " + _related("PART_OF", "Organisation") + "[0]} AS row"
)  # fmt: skip

_LOCATION_WHERE: Final = (
    "MATCH (n:Location) WHERE" + _COMMON + _linked("links", "OPERATED_BY", "Organisation") + "\n"
)
_LOCATION_ROW: Final = (
    "RETURN {p: properties(n), " + _COUNTRY
    + ", operator: " + _related("OPERATED_BY", "Organisation") + "[0]} AS row"
)  # fmt: skip

_SERVICE_WHERE: Final = (
    "MATCH (n:Service) WHERE"
    + _COMMON
    + """
  AND n.status <> 'UNCONFIRMED'
  AND ($kinds IS NULL OR n.kind IN $kinds)
  AND ($active IS NULL OR (n.status = 'APPROVED') = $active)"""
    + _linked("links", "HOSTED_BY", "Organisation")
    + _linked("sites", "OFFERED_AT", "Location")
    + "\n"
)

_SERVICE_ROW: Final = (
    "RETURN {p: properties(n), "
    + _COUNTRY
    + ", hosts: "
    + _related("HOSTED_BY", "Organisation")
    + ", sites: "
    + _related("OFFERED_AT", "Location")
    + ","
    + """
  codes: COLLECT { MATCH (n)-[r:TREATS]->(:Condition)-[:CODED_AS]->(code:Code)
                   WHERE r.withdrawnAt IS NULL AND code.system IN ['ICD-10', 'ORPHA']
                   WITH DISTINCT code.system AS system, code.code AS value
                   ORDER BY system, value
                   RETURN {system: system, code: value} },
  procedures: COLLECT { MATCH (n)-[r:PERFORMS]->(:Procedure)-[:CODED_AS]->(code:Code)
                        WHERE r.withdrawnAt IS NULL AND code.system = 'NCSP'
                        WITH DISTINCT code.code AS value ORDER BY value
                        RETURN value },
  registries: COLLECT { MATCH (n)-[r:REPORTS_TO]->(q:QualityRegistry)
                        WHERE r.withdrawnAt IS NULL AND q.withdrawnAt IS NULL
                          AND NOT coalesce(q.illustrative, false)
                        RETURN q.id ORDER BY q.id },
  // The service's contact: the one for every site, else the first for one site.
  contact: COLLECT { MATCH (n)-[r:HAS_CONTACT]->(c:Contact)
                     WHERE r.withdrawnAt IS NULL AND c.withdrawnAt IS NULL
                       AND NOT coalesce(c.illustrative, false)
                     WITH c, EXISTS { (c)-[:AT]->(:Location) } AS forOneSite
                     ORDER BY forOneSite, c.id
                     RETURN properties(c) }[0]
} AS row
"""
)


def _search(where: LiteralString, row: LiteralString) -> LiteralString:
    return where + _PAGE + row


def _count(where: LiteralString) -> LiteralString:
    return where + "RETURN {total: count(n)} AS row"


SEARCH: Final[dict[str, LiteralString]] = {
    "Organization": _search(_ORGANIZATION_WHERE, _ORGANIZATION_ROW),
    "Location": _search(_LOCATION_WHERE, _LOCATION_ROW),
    "HealthcareService": _search(_SERVICE_WHERE, _SERVICE_ROW),
}

COUNT: Final[dict[str, LiteralString]] = {
    "Organization": _count(_ORGANIZATION_WHERE),
    "Location": _count(_LOCATION_WHERE),
    "HealthcareService": _count(_SERVICE_WHERE),
}

# A read by id: the node whatever its state, and whether it is current (so 404 and 410 differ).
STATE: Final[dict[str, LiteralString]] = {
    resource_type: "MATCH (n:"
    + label
    + " {id: $id}) RETURN {illustrative: coalesce(n.illustrative, false)"
    + (" OR n.status = 'UNCONFIRMED'" if label == "Service" else "")
    + ", withdrawn: n.withdrawnAt IS NOT NULL} AS row"
    for resource_type, label in (
        ("Organization", "Organisation"),
        ("Location", "Location"),
        ("HealthcareService", "Service"),
    )
}
