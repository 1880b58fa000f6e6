"""Referral facts of services (contacts, waiting times, terms, network memberships) and the
routes between countries, read in batches for the per-request DataLoaders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from graph.models import Link, Props, Record, record
from graph.queries import referrals as q
from graph.repositories.base import Repository


@dataclass(frozen=True, slots=True)
class SiteFact:
    """A fact node and the site it is for (None: every site of the service)."""

    record: Record
    location: str | None


def for_site(facts: Sequence[SiteFact], location: str | None) -> Record | None:
    """The fact for ``location``: the one stated for that site, else one stated for all sites."""
    exact = [f.record for f in facts if location is not None and f.location == location]
    general = [f.record for f in facts if f.location is None]
    found = exact or general
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class ReferralFacts:
    contacts: tuple[SiteFact, ...] = ()
    waiting: tuple[SiteFact, ...] = ()
    terms: tuple[SiteFact, ...] = ()
    memberships: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Route:
    """A route a patient can use between the countries it connects, and its legal basis."""

    record: Record
    countries: frozenset[str]
    basis: tuple[Record, ...]

    def open_between(self, origin: str, destination: str) -> bool:
        return origin != destination and {origin, destination} <= self.countries


def _site_facts(items: Sequence[Props], label: str) -> tuple[SiteFact, ...]:
    found = [SiteFact(record({"label": label, "props": i["props"]}), i["at"]) for i in items]
    # Most specific first, then the most recently confirmed, then by id: one answer every time.
    found.sort(key=lambda f: (f.location is None, -_ordinal(f.record), f.record.id))
    return tuple(found)


def _ordinal(fact: Record) -> int:
    day = fact.get_date("confirmedOn")
    return day.toordinal() if day else 0


def facts_from(row: Props) -> ReferralFacts:
    """The facts of one service from ``graph.queries.referrals.FACTS_OF_SERVICE``."""
    memberships = sorted(
        (
            Link(node=record({"label": "ReferenceNetwork", "props": m["props"]}), props=m["rel"])
            for m in row["memberships"]
        ),
        key=lambda link: link.node.id,
    )
    return ReferralFacts(
        contacts=_site_facts(row["contacts"], "Contact"),
        waiting=_site_facts(row["waiting"], "WaitingTime"),
        terms=_site_facts(row["terms"], "ReferralTerms"),
        memberships=tuple(memberships),
    )


class ReferralRepository(Repository):
    __slots__ = ()

    async def facts(self, service_ids: Sequence[str]) -> list[ReferralFacts]:
        """The referral facts of each service, in the order of ``service_ids``."""
        rows = await self._client.read(q.FACTS, {"ids": list(dict.fromkeys(service_ids))})
        found = {row["key"]: facts_from(row["facts"]) for row in rows}
        return [found.get(key, ReferralFacts()) for key in service_ids]

    async def routes(self) -> list[Route]:
        rows = await self._client.read(q.ROUTES)
        # One row: the list of every route.
        found = cast(list[Props], rows[0]) if rows else []
        return routes_from(found)


def routes_from(rows: Sequence[Props]) -> list[Route]:
    """Routes from ``graph.queries.referrals.ALL_ROUTES``."""
    return [
        Route(
            record=record({"label": "ReferralRoute", "props": row["props"]}),
            countries=frozenset(row["countries"]),
            basis=tuple(
                sorted(
                    (record({"label": "LegalProvision", "props": p}) for p in row["basis"]),
                    key=lambda r: r.id,
                )
            ),
        )
        for row in rows
    ]
