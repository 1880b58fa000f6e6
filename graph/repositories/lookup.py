"""Cross-border lookup: one statement per search, mapped to offerings and referral routes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.models import Props, Record, native, record
from graph.queries import lookup
from graph.repositories.base import Repository, optional_list
from graph.repositories.referrals import ReferralFacts, Route, facts_from, routes_from
from graph.terms import SearchTerms


@dataclass(frozen=True, slots=True)
class Offering:
    """A service at one of its sites (or without a site), and the term that led to it."""

    service: Record
    location: Record | None
    site: Props | None
    host: Record | None
    country: Record | None
    legal_basis: tuple[Record, ...]
    registries: tuple[Record, ...]
    term: Record
    score: float
    codes: tuple[str, ...]
    valid_from: dt.date | None
    valid_to: dt.date | None
    illustrative: bool
    referral: ReferralFacts | None = None
    """The service's referral facts, when the statement read them (referral options)."""


@dataclass(frozen=True, slots=True)
class NordicRoute:
    """An assessment recommending Nordic cooperation, and the decision that followed."""

    assessment: Record
    application: Record
    service: Record
    decision: Record | None
    projects: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class Lookup:
    offerings: tuple[Offering, ...]
    total: int
    illustrative_left_out: int
    illustrative_services_left_out: int
    suggestions: tuple[Record, ...]
    routes: tuple[NordicRoute, ...] = ()
    origin: Record | None = None
    referral_routes: tuple[Route, ...] | None = None
    """Every route between countries, when the statement read them (referral options)."""


@dataclass(frozen=True, slots=True)
class LookupFilters:
    countries: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    include_illustrative: bool = False
    valid_on: dt.date | None = None


class LookupRepository(Repository):
    __slots__ = ()

    async def where_offered(
        self, search: SearchTerms, filters: LookupFilters, *, skip: int, limit: int
    ) -> Lookup:
        params = search_params(search, filters, skip=skip, limit=limit)
        rows = await self._client.read(lookup.WHERE_OFFERED, {"p": params})
        return _lookup(rows[0])

    async def referral_options(
        self,
        search: SearchTerms,
        from_country: str,
        filters: LookupFilters,
        *,
        skip: int,
        limit: int,
    ) -> Lookup:
        params = search_params(search, filters, skip=skip, limit=limit)
        params.update(
            firstCountry=from_country, byCountry=True, withRegistries=True, withReferral=True
        )
        rows = await self._client.read(lookup.REFERRAL_OPTIONS, {"p": params})
        return _lookup(rows[0])


def search_params(
    search: SearchTerms, filters: LookupFilters, *, skip: int, limit: int
) -> dict[str, Any]:
    return {
        **search.params(),
        "countries": optional_list(filters.countries),
        "kinds": optional_list(filters.kinds),
        "statuses": optional_list(filters.statuses),
        "includeIllustrative": filters.include_illustrative,
        "validOn": filters.valid_on.isoformat() if filters.valid_on else None,
        "firstCountry": None,
        "byCountry": False,
        "withRegistries": False,
        "withReferral": False,
        "skip": skip,
        "limit": limit,
    }


def _node(props: Props | None, label: str) -> Record | None:
    return None if props is None else record({"label": label, "props": props})


def _nodes(items: Sequence[Props], label: str) -> tuple[Record, ...]:
    return tuple(record({"label": label, "props": p}) for p in items)


def _date(value: Any) -> dt.date | None:
    found = native(value)
    return found if isinstance(found, dt.date) else None


def _offering(row: Props) -> Offering:
    term = row["term"]
    return Offering(
        service=record({"label": "Service", "props": row["service"]}),
        location=_node(row["location"], "Location"),
        site=row["site"],
        host=_node(row["host"], "Organisation"),
        country=_node(row["country"], "Country"),
        legal_basis=_nodes(row["legalBasis"], "LegalProvision"),
        registries=_nodes(row["registries"], "QualityRegistry"),
        term=record(term),
        score=float(row["score"]),
        codes=tuple(row["codes"]),
        valid_from=_date(row["validFrom"]),
        valid_to=_date(row["validTo"]),
        illustrative=bool(row["illustrative"]),
        referral=facts_from(row["referral"]) if row.get("referral") is not None else None,
    )


def _route(row: Props) -> NordicRoute:
    return NordicRoute(
        assessment=record({"label": "Assessment", "props": row["assessment"]}),
        application=record({"label": "Application", "props": row["application"]}),
        service=record({"label": "Service", "props": row["service"]}),
        decision=_node(row["decision"], "Decision"),
        projects=_nodes(row["projects"], "CollaborationProject"),
    )


def _lookup(row: Props) -> Lookup:
    return Lookup(
        offerings=tuple(_offering(item) for item in row["items"]),
        total=int(row["total"]),
        illustrative_left_out=int(row["illustrativeLeftOut"]),
        illustrative_services_left_out=int(row["illustrativeServicesLeftOut"]),
        suggestions=tuple(record(s) for s in row["suggestions"]),
        routes=tuple(_route(r) for r in row.get("routes") or ()),
        origin=_node(row.get("origin"), "Country"),
        referral_routes=(
            tuple(routes_from(row["referralRoutes"])) if "referralRoutes" in row else None
        ),
    )
