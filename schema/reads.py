"""How each field reads from the graph, declared once per type.

A declaration is a Cypher expression over the field's node ``{n}`` (or the relationship ``{r}``
that led to it), a hop to related nodes, or an object read from the same node; the projection
read path (:mod:`resolvers.projection`) composes the declarations a request selects into one
statement whose row already has the response's shape. Texts are served in the request's
language along its fallback chain (parameters ``$text<i>``: the property names to try, in
order), dates as ISO days, enums as their GraphQL names, hidden illustrative nodes left out of
every hop exactly as :func:`schema.convert.shown` leaves them out, and so are facts
withdrawn by their source.

A field that is not declared here keeps its resolver only, and a request that selects it runs
through graphql-core (so does every mutation). Two fields say they cannot be computed in Cypher
and declare a Python function over the node's properties instead (:class:`Computed`): a
country's name (CLDR) and a project's status (derived from its period and today's date).
``tests/resolvers/test_projection.py`` proves the declarations equal to the resolvers, byte for
byte, on random selections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, LiteralString

from graph.models import PartialDate
from graph.queries import countries, organisations, projects, registries, services, terminology
from graph.queries.projection import Expression
from graph.queries.traversal import Traversal
from graph.status import project_status
from i18n.cldr import country_name
from schema.enums import (
    CodeSystem,
    LogEntryKind,
    OrganisationKind,
    ProjectArea,
    ProjectStatus,
    RegionKind,
    RegistryScope,
    ServiceKind,
    ServiceStatus,
    member,
)


@dataclass(frozen=True, slots=True)
class Text:
    """``<prefix>_<lang>`` along the served language's chain; a required text falls back to the
    node's id. A proper name tries its own language (``<prefix>Original``) second."""

    prefix: LiteralString
    required: bool = True
    proper: bool = False

    def expression(self, index: int) -> Expression:
        keys = f"$text{index}"
        if self.proper:
            keys = f"[$text{index}[0], '{self.prefix}_' + {{n}}.{self.prefix}Original] + {keys}"
        found = f"head([k IN {keys} WHERE {{n}}[k] <> '' | {{n}}[k]])"
        return Expression(f"coalesce({found}, {{n}}.id)" if self.required else found)


@dataclass(frozen=True, slots=True)
class Hop:
    traversal: Traversal
    one: bool = False


@dataclass(frozen=True, slots=True)
class Same:
    """An object read from the same node, or from the relationship that led to it."""

    relationship: bool = False


@dataclass(frozen=True, slots=True)
class Within:
    """An object read from the map under ``key`` (a search's offering holds its service, site,
    host and country as property maps): no hop can start from it."""

    key: LiteralString


@dataclass(frozen=True, slots=True)
class Computed:
    """A value Cypher cannot compute: Python computes it from what ``cypher`` reads (by default
    the node's properties) and the served language, as the field's resolver does."""

    compute: Callable[[Any, str], Any]
    cypher: LiteralString = "properties({n})"


@dataclass(frozen=True, slots=True)
class LogEntries:
    """``CollaborationProject.logEntries(first, after)``: a page of the log."""


Read = Expression | Text | Hop | Same | Within | Computed | LogEntries


def prop(key: LiteralString) -> Expression:
    return Expression(f"{{n}}.{key}")


def text(key: LiteralString) -> Expression:
    """A string property read with ``str()``: non-strings come back as their text."""
    return Expression(f"toString({{n}}.{key})")


def day(key: LiteralString, of: LiteralString = "{n}") -> Expression:
    """An ISO day from a DATE property (the day of a DATETIME), else null."""
    v = f"{of}.{key}"
    return Expression(
        f"CASE WHEN {v} IS :: DATE THEN toString({v}) "
        f"WHEN {v} IS :: ZONED DATETIME OR {v} IS :: LOCAL DATETIME THEN toString(date({v})) END"
    )


def enum(key: LiteralString, kind: type[Enum], of: LiteralString = "{n}") -> Expression:
    """The GraphQL name of the member stored as the value (null for a missing or retired one)."""
    cases = " ".join(f"WHEN '{m.value}' THEN '{m.name}'" for m in kind)
    assert "\\" not in cases and "'" not in "".join(str(m.value) for m in kind)
    return Expression(f"CASE {of}.{key} {cases} END")


def _country_name(code: str | None, language: str) -> str:
    return country_name(str(code or ""), language)


def _project_status(props: Mapping[str, Any], language: str) -> str | None:
    stored, _ = project_status(
        props.get("status"), PartialDate.of(props, "periodEnd"), dt.date.today()
    )
    found = member(ProjectStatus, stored)
    return None if found is None else found.name


ID: Final = prop("id")
CONFIRMED: Final = Expression("coalesce({n}.illustrative, false)")
PROVENANCE: Final = Same()

# Conditions and procedures read their common fields alike (as ``schema.terminology`` declares
# them once for both types).
CODED_TERM: Final[dict[str, Read]] = {
    "id": ID,
    "name": Text("name"),
    "codeSystem": enum("codeSystem", CodeSystem),
    "code": text("code"),
    "codes": Hop(terminology.CODES_HOP),
    "provenance": PROVENANCE,
}

READS: Final[dict[str, dict[str, Read]]] = {
    "Service": {
        "id": ID,
        "name": Text("name"),
        "description": Text("description", required=False),
        "kind": enum("kind", ServiceKind),
        "status": enum("status", ServiceStatus),
        "statusReason": Text("statusReason", required=False),
        "validFrom": day("validFrom"),
        "validTo": day("validTo"),
        "decisionRef": text("decisionRef"),
        "annualVolume": text("annualVolume"),
        "reportId": text("reportId"),
        "languages": Expression("coalesce({n}.languages, [])"),
        "illustrative": CONFIRMED,
        "country": Hop(countries.IN_COUNTRY_HOP, one=True),
        "hostedBy": Hop(services.HOSTED_BY_HOP),
        "sites": Hop(services.OFFERED_AT_HOP),
        "locations": Hop(services.OFFERED_AT_HOP),
        "conditions": Hop(services.TREATS_HOP),
        "procedures": Hop(services.PERFORMS_HOP),
        "registries": Hop(services.REPORTS_TO_HOP),
        "provenance": PROVENANCE,
    },
    "ServiceSite": {
        "location": Same(),
        "validFrom": day("validFrom", of="{r}"),
        "validTo": day("validTo", of="{r}"),
        "decisionRef": Expression("{r}.decisionRef"),
        "provenance": Same(relationship=True),
    },
    "Location": {
        "id": ID,
        "name": Text("name", proper=True),
        "city": text("city"),
        "address": text("address"),
        "organisation": Hop(organisations.LOCATION_ORGANISATION_HOP, one=True),
        "country": Hop(countries.IN_COUNTRY_HOP, one=True),
        "provenance": PROVENANCE,
    },
    "Organisation": {
        "id": ID,
        "name": Text("name", proper=True),
        "shortName": text("shortName"),
        "kind": enum("kind", OrganisationKind),
        "url": text("url"),
        "country": Hop(countries.IN_COUNTRY_HOP, one=True),
        "region": Hop(organisations.ORGANISATION_REGION_HOP, one=True),
        "locations": Hop(organisations.ORGANISATION_LOCATIONS_HOP),
        "reportsTo": Hop(services.REPORTS_TO_HOP),
        "provenance": PROVENANCE,
    },
    "Country": {
        "id": ID,
        "code": Expression("coalesce(toString({n}.code), '')"),
        "name": Computed(_country_name, "{n}.code"),
        "provenance": PROVENANCE,
    },
    "Region": {
        "id": ID,
        "name": Text("name", proper=True),
        "kind": enum("kind", RegionKind),
        "country": Hop(countries.IN_COUNTRY_HOP, one=True),
        "provenance": PROVENANCE,
    },
    "Condition": CODED_TERM,
    "Procedure": CODED_TERM,
    "Code": {
        "id": ID,
        "system": enum("system", CodeSystem),
        "code": Expression("coalesce(toString({n}.code), '')"),
        "display": Expression(
            "CASE WHEN {n}.system = 'ORPHA' THEN 'ORPHA:' ELSE '' END"
            " + coalesce(toString({n}.code), '')"
        ),
        "provenance": PROVENANCE,
    },
    "QualityRegistry": {
        "id": ID,
        "name": Text("name", proper=True),
        "description": Text("description", required=False),
        "scope": enum("scope", RegistryScope),
        "established": Expression("toInteger({n}.established)"),
        "url": text("url"),
        "country": Hop(countries.IN_COUNTRY_HOP, one=True),
        "participatingCountries": Hop(registries.PARTICIPANTS_HOP),
        "reportingOrganisations": Hop(registries.REPORTING_ORGANISATIONS_HOP),
        "provenance": PROVENANCE,
    },
    "CollaborationProject": {
        "id": ID,
        "title": Text("title"),
        "summary": Text("summary", required=False),
        "outcome": Text("outcome", required=False),
        "area": enum("area", ProjectArea),
        "status": Computed(_project_status),
        "periodStart": day("periodStart"),
        "periodEnd": day("periodEnd"),
        "version": Expression(
            "CASE WHEN coalesce(toInteger({n}.version), 0) = 0 THEN 1 "
            "ELSE toInteger({n}.version) END"
        ),
        "log": Hop(projects.LOG_HOP),
        "logEntries": LogEntries(),
        "provenance": PROVENANCE,
    },
    "LogEntry": {
        "id": ID,
        "text": Text("text"),
        "kind": enum("kind", LogEntryKind),
        "date": day("date"),
        "language": text("language"),
        "provenance": PROVENANCE,
    },
    "Offering": {
        "service": Within("service"),
        "location": Within("location"),
        "hostOrganisation": Within("host"),
        "country": Within("country"),
        "kind": enum("kind", ServiceKind, of="{n}.service"),
        "status": enum("status", ServiceStatus, of="{n}.service"),
        "validFrom": day("validFrom"),
        "validTo": day("validTo"),
        "score": Computed(lambda score, language: round(score, 4), "{n}.score"),
        "illustrative": prop("illustrative"),
    },
    "Provenance": {
        "source": Expression(
            "CASE WHEN {n}.source IS NULL OR {n}.source = '' THEN 'unknown' "
            "ELSE toString({n}.source) END"
        ),
        "sourceDate": day("sourceDate"),
        "recordedBy": prop("recordedBy"),
        "illustrative": CONFIRMED,
        "syncRun": prop("syncRun"),
    },
}
"""Type name -> field name -> how it reads. ``__typename`` needs no declaration."""
