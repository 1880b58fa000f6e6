"""How each field reads from the graph, declared once.

A field of a node type that reads one value of its node is declared on the type itself with
:func:`leaf` (or ``schema.node.text_field``, ``provenance_field``): one declaration holds both its
Cypher (for the projection read path) and its Python (the field's strawberry resolver), so the
two cannot drift apart. Everything else is declared in :data:`READS` below: a hop to related
nodes, an object read from the same node or from a map, a value Python must compute. The
projection read path (:mod:`resolvers.projection`) composes the declarations a request selects
into one statement whose row already has the response's shape. Texts are served in the
request's language along its fallback chain (parameters ``$text<i>``: the property names to
try, in order), dates as ISO days, enums as their GraphQL names, hidden illustrative nodes left
out of every hop exactly as :func:`schema.convert.shown` leaves them out, and so are facts
withdrawn by their source.

A field declared nowhere keeps its resolver only, and a request that selects it runs through
graphql-core (so does every mutation). Two fields say they cannot be computed in Cypher and
declare a Python function over the properties they need instead (:class:`Computed`): a
country's name (CLDR) and a project's status (derived from its period and today's date).
``tests/resolvers/test_projection.py`` proves the Cypher equal to the resolvers, byte for byte,
on random selections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, LiteralString

import strawberry
from graphql import GraphQLObjectType

from graph.models import PartialDate, Record
from graph.queries import countries, organisations, projects, registries, services, terminology
from graph.queries.projection import Expression
from graph.queries.traversal import Traversal
from graph.status import project_status
from i18n.cldr import country_name
from schema.enums import ProjectStatus, ServiceKind, ServiceStatus, member
from schema.internals import strawberry_field

READ: Final = "nordhub.read"
"""The key of a field's declaration in its strawberry field's metadata."""


@dataclass(frozen=True, slots=True)
class Leaf(Expression):
    """One value of the node: ``cypher`` for the projection path, ``python`` over its record
    for the resolver, of the GraphQL type ``kind``."""

    python: Callable[[Record], Any]
    kind: Any


def leaf(read: Leaf, description: str | None = None) -> Any:
    """The strawberry field of a :class:`Leaf`: its resolver is the declaration's Python."""

    def resolve(root: Any) -> Any:
        return read.python(root.record)

    resolve.__annotations__ = {"root": Any, "return": read.kind}
    return strawberry.field(resolver=resolve, description=description, metadata={READ: read})


def declared(graphql_type: GraphQLObjectType) -> dict[str, Any]:
    """Every declared field of a type: what its fields declare themselves (:func:`leaf`, text
    and provenance fields), then :data:`READS`."""
    found = {name: strawberry_field(f) for name, f in graphql_type.fields.items()}
    own = {n: f.metadata[READ] for n, f in found.items() if f is not None and READ in f.metadata}
    return own | READS.get(graphql_type.name, {})


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
    """A value Cypher cannot compute: Python computes it from what ``cypher`` reads and the
    served language, as the field's resolver does."""

    compute: Callable[[Any, str], Any]
    cypher: LiteralString


@dataclass(frozen=True, slots=True)
class LogEntries:
    """``CollaborationProject.logEntries(first, after)``: a page of the log."""


Read = Expression | Text | Hop | Same | Within | Computed | LogEntries


def prop(key: LiteralString) -> Expression:
    return Expression(f"{{n}}.{key}")


def string(key: LiteralString) -> Leaf:
    """A string property read with ``str()``: non-strings come back as their text."""
    return Leaf(f"toString({{n}}.{key})", lambda r: r.get_str(key), str | None)


def text_or_empty(key: LiteralString) -> Leaf:
    """A required string property: its text, or the empty string."""
    return Leaf(f"coalesce(toString({{n}}.{key}), '')", lambda r: r.get_str(key) or "", str)


def integer(key: LiteralString) -> Leaf:
    return Leaf(f"toInteger({{n}}.{key})", lambda r: r.get_int(key), int | None)


def day(key: LiteralString, of: LiteralString = "{n}") -> Leaf:
    """An ISO day from a DATE property (the day of a DATETIME), else null."""
    v = f"{of}.{key}"
    return Leaf(
        f"CASE WHEN {v} IS :: DATE THEN toString({v}) "
        f"WHEN {v} IS :: ZONED DATETIME OR {v} IS :: LOCAL DATETIME THEN toString(date({v})) END",
        lambda r: r.get_date(key),
        dt.date | None,
    )


def enum(key: LiteralString, kind: type[Enum], of: LiteralString = "{n}") -> Leaf:
    """The GraphQL name of the member stored as the value (null for a missing or retired one)."""
    cases = " ".join(f"WHEN '{m.value}' THEN '{m.name}'" for m in kind)
    assert "\\" not in cases and "'" not in "".join(str(m.value) for m in kind)
    return Leaf(
        f"CASE {of}.{key} {cases} END", lambda r: member(kind, r.props.get(key)), kind | None
    )


def _country_name(code: str | None, language: str) -> str:
    return country_name(str(code or ""), language)


def _project_status(props: Mapping[str, Any], language: str) -> str | None:
    stored, _ = project_status(
        props.get("status"), PartialDate.of(props, "periodEnd"), dt.date.today()
    )
    found = member(ProjectStatus, stored)
    return None if found is None else found.name


ID: Final = prop("id")
ILLUSTRATIVE: Final = Leaf("coalesce({n}.illustrative, false)", lambda r: r.illustrative, bool)
"""Whether no source confirms the node (a service, or the provenance read from its node)."""
PROVENANCE: Final = Same()

READS: Final[dict[str, dict[str, Read]]] = {
    "Service": {
        "country": Hop(countries.IN_COUNTRY_HOP, one=True),
        "hostedBy": Hop(services.HOSTED_BY_HOP),
        "sites": Hop(services.OFFERED_AT_HOP),
        "locations": Hop(services.OFFERED_AT_HOP),
        "conditions": Hop(services.TREATS_HOP),
        "procedures": Hop(services.PERFORMS_HOP),
        "registries": Hop(services.REPORTS_TO_HOP),
    },
    "ServiceSite": {
        "location": Same(),
        "validFrom": day("validFrom", of="{r}"),
        "validTo": day("validTo", of="{r}"),
        "decisionRef": Expression("{r}.decisionRef"),
        "provenance": Same(relationship=True),
    },
    "Location": {
        "organisation": Hop(organisations.LOCATION_ORGANISATION_HOP, one=True),
        "country": Hop(countries.IN_COUNTRY_HOP, one=True),
    },
    "Organisation": {
        "country": Hop(countries.IN_COUNTRY_HOP, one=True),
        "region": Hop(organisations.ORGANISATION_REGION_HOP, one=True),
        "locations": Hop(organisations.ORGANISATION_LOCATIONS_HOP),
        "reportsTo": Hop(services.REPORTS_TO_HOP),
    },
    "Country": {"name": Computed(_country_name, "{n}.code")},
    "Region": {"country": Hop(countries.IN_COUNTRY_HOP, one=True)},
    "Condition": {"codes": Hop(terminology.CODES_HOP)},
    "Procedure": {"codes": Hop(terminology.CODES_HOP)},
    "QualityRegistry": {
        "country": Hop(countries.IN_COUNTRY_HOP, one=True),
        "participatingCountries": Hop(registries.PARTICIPANTS_HOP),
        "reportingOrganisations": Hop(registries.REPORTING_ORGANISATIONS_HOP),
    },
    "CollaborationProject": {
        "status": Computed(
            _project_status,
            "{status: {n}.status, periodEndLatest: {n}.periodEndLatest, "
            "periodEnd: {n}.periodEnd, periodEndEarliest: {n}.periodEndEarliest, "
            "periodEndPrecision: {n}.periodEndPrecision}",
        ),
        "log": Hop(projects.LOG_HOP),
        "logEntries": LogEntries(),
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
        "illustrative": ILLUSTRATIVE,
        "syncRun": prop("syncRun"),
    },
}
"""Type name -> field name -> how it reads, for what the types do not declare themselves."""
