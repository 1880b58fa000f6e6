"""The relation fields a compiled query may fetch ahead, in one statement with the rest.

Each entry names a field (``("Service", "hostedBy")``), the traversal its resolver's DataLoader
runs (the same :class:`~graph.queries.traversal.Traversal`, so both read the same nodes in the
same order), and how the resolver turns the links it loads into its value. A field that is not
listed here keeps its resolver, and a query that selects it runs through graphql-core as before
(see :mod:`schema.compiled`). ``tests/schema/test_compiled.py`` checks every entry against its
resolver.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from graph.models import Link
from graph.queries import countries, organisations, projects, services
from graph.queries.traversal import Traversal
from schema.convert import shown, to_type
from schema.services import site


@dataclass(frozen=True, slots=True)
class Prefetch:
    traversal: Traversal | None
    """The hop; None for the project log's page (``logEntries``), read with its arguments."""
    build: Callable[[Sequence[Link]], Any] = lambda links: [
        to_type(link.node) for link in shown(links)
    ]
    """The field's value from its links, as the resolver builds it."""
    through: str | None = None
    """The attribute of each built item that holds the related node (``ServiceSite.location``);
    None when the items are the related nodes themselves."""
    link_properties: bool = False
    """Whether ``build`` reads the relationships' properties (else they are not fetched)."""


def _one(links: Sequence[Link]) -> Any:
    found = shown(links)
    return to_type(found[0].node) if found else None


def _many(traversal: Traversal) -> Prefetch:
    return Prefetch(traversal)


def _single(traversal: Traversal) -> Prefetch:
    return Prefetch(traversal, build=_one)


LOG_PAGE: Final = Prefetch(None)

PREFETCHED: Final[dict[tuple[str, str], Prefetch]] = {
    ("Service", "country"): _single(countries.IN_COUNTRY_HOP),
    ("Service", "hostedBy"): _many(services.HOSTED_BY_HOP),
    ("Service", "sites"): Prefetch(
        services.OFFERED_AT_HOP,
        build=lambda links: [site(link) for link in shown(links)],
        through="location",
        link_properties=True,
    ),
    ("Service", "locations"): _many(services.OFFERED_AT_HOP),
    ("Service", "conditions"): _many(services.TREATS_HOP),
    ("Service", "procedures"): _many(services.PERFORMS_HOP),
    ("Service", "registries"): _many(services.REPORTS_TO_HOP),
    ("Service", "legalBasis"): _many(services.LEGAL_BASIS_HOP),
    ("Location", "organisation"): _single(organisations.LOCATION_ORGANISATION_HOP),
    ("Location", "country"): _single(countries.IN_COUNTRY_HOP),
    ("Organisation", "country"): _single(countries.IN_COUNTRY_HOP),
    ("Organisation", "region"): _single(organisations.ORGANISATION_REGION_HOP),
    ("Organisation", "locations"): _many(organisations.ORGANISATION_LOCATIONS_HOP),
    ("Organisation", "reportsTo"): _many(services.REPORTS_TO_HOP),
    ("Region", "country"): _single(countries.IN_COUNTRY_HOP),
    ("CollaborationProject", "log"): _many(projects.LOG_HOP),
    ("CollaborationProject", "logEntries"): LOG_PAGE,
}
