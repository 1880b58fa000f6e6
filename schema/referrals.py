"""What a referral office needs to act on an offering: whom to contact, by which route a patient
from the referring country gets there, who may refer, whether patients from abroad are accepted,
the expected wait, European Reference Network memberships, and when each fact was last confirmed.

Every fact has its provenance and its confirmation (when, by whom); a fact not confirmed within
``Settings.referral_stale_after_days`` is ``stale``. Unknown stays null, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.models import Link, Props, Record, native
from graph.models import PartialDate as PartialDateRecord
from graph.models import Provenance as ProvenanceRecord
from graph.repositories import Repositories
from graph.repositories.referrals import ReferralFacts, Route, for_site
from schema.arguments import country_code
from schema.context import Info
from schema.convert import to_type
from schema.dates import PartialDate
from schema.dates import of as partial_date
from schema.enums import NetworkRole, ReferrerKind, RouteKind, member
from schema.node import Node, Provenance, text_field, translations_field

if TYPE_CHECKING:
    from schema.countries import Country
    from schema.legal import LegalProvision

_ROUTES_KEY = ("referral-routes",)


async def _load_facts(repos: Repositories, ids: Sequence[str]) -> list[ReferralFacts]:
    return await repos.referrals.facts(ids)


# The loader of services' referral facts: (key, load) for ``Loaders.keyed``.
FACTS_LOADER = (("referral-facts",), _load_facts)


async def _load_routes(repos: Repositories, keys: Sequence[str]) -> list[list[Route]]:
    routes = await repos.referrals.routes()
    return [routes for _ in keys]


async def facts_of(info: Info, service_id: str) -> ReferralFacts:
    """The referral facts of a service; one statement for every service of the request."""
    found: ReferralFacts = await info.context.loaders.keyed(*FACTS_LOADER).load(service_id)
    return found


def prime(info: Info, facts: dict[str, ReferralFacts], routes: Sequence[Route] | None) -> None:
    """Referral facts and routes another statement read already (the referral options'): the
    fields below then answer from them without another round trip."""
    loader = info.context.loaders.keyed(*FACTS_LOADER)
    for service_id, found in facts.items():
        loader.prime(service_id, found)
    if routes is not None:
        info.context.loaders.keyed(_ROUTES_KEY, _load_routes).prime("all", list(routes))


async def all_routes(info: Info) -> list[Route]:
    """Every route (a handful), read once per request."""
    found: list[Route] = await info.context.loaders.keyed(_ROUTES_KEY, _load_routes).load("all")
    return found


def routes_between(routes: Sequence[Route], origin: str, destination: str | None) -> list[Route]:
    if destination is None:
        return []
    return [r for r in routes if r.open_between(origin, destination)]


@strawberry.type(description="When a fact was last confirmed against its source, and by whom.")
class Confirmation:
    on: dt.date = strawberry.field(description="The day it was last confirmed.")
    by: str = strawberry.field(
        description="Who confirmed it: the partner organisation that pushed it, or `nordhub` "
        "(the hub team, for seeded facts)."
    )
    source: str = strawberry.field(description="The source it was confirmed against.")


def confirmation(props: Props) -> Confirmation | None:
    on = native(props.get("confirmedOn"))
    by = props.get("confirmedBy")
    if not isinstance(on, dt.date) or not by:
        return None
    if isinstance(on, dt.datetime):
        on = on.date()
    return Confirmation(on=on, by=str(by), source=str(props.get("source") or "unknown"))


def is_stale(found: Confirmation | None, info: Info) -> bool:
    """Never confirmed, or confirmed longer ago than the hub's setting allows."""
    if found is None:
        return True
    limit = dt.timedelta(days=info.context.settings.referral_stale_after_days)
    return dt.datetime.now(dt.UTC).date() - found.on > limit


@strawberry.interface(
    description="A fact a referral office acts on: where it comes from, when it was last "
    "confirmed and by whom, and whether that is too long ago."
)
class ReferralFact:
    def fact_props(self) -> Props:
        raise NotImplementedError

    @strawberry.field(description="Where the fact comes from and when it was recorded.")
    def provenance(self) -> Provenance:
        return Provenance.of(ProvenanceRecord.from_props(self.fact_props()))

    @strawberry.field(description="When the fact was last confirmed, and by whom; null if never.")
    def last_confirmed(self) -> Confirmation | None:
        return confirmation(self.fact_props())

    @strawberry.field(
        description="True when the fact was not confirmed within the hub's limit "
        "(`NORDHUB_REFERRAL_STALE_AFTER_DAYS`, 365 days by default), or never."
    )
    def stale(self, info: Info) -> bool:
        return is_stale(confirmation(self.fact_props()), info)


@strawberry.type(description="Whom to contact about a referral: the unit and how to reach it.")
class Contact(Node, ReferralFact):
    unit = text_field("unit", "The unit (department, clinic) to contact.", required=False)

    @strawberry.field(description="Telephone number, as the source gives it.")
    def phone(self) -> str | None:
        return self.record.get_str("phone")

    @strawberry.field(description="E-mail address for referrals or enquiries.")
    def email(self) -> str | None:
        return self.record.get_str("email")

    @strawberry.field(description="The service's own web page.")
    def url(self) -> str | None:
        return self.record.get_str("url")

    referral_address = text_field(
        "referralAddress", "Where referrals are sent (postal or electronic).", required=False
    )
    opening_hours = text_field("openingHours", "When the unit can be reached.", required=False)

    def fact_props(self) -> Props:
        return self.record.props


@strawberry.type(description="The expected wait for a first appointment or treatment.")
class ReferralWaitingTime(Node, ReferralFact):
    @strawberry.field(description="Expected waiting time in weeks.")
    def weeks(self) -> int | None:
        return self.record.get_int("weeks")

    @strawberry.field(description="The day the waiting time was stated for.")
    def as_of(self) -> dt.date | None:
        return self.record.get_date("asOf")

    def fact_props(self) -> Props:
        return self.record.props


@strawberry.type(
    description="Who may refer to a service, and whether it accepts patients from abroad."
)
class ReferralTerms(Node, ReferralFact):
    @strawberry.field(description="True or false where stated; null when unknown.")
    def accepts_foreign_patients(self) -> bool | None:
        value = self.record.props.get("acceptsForeignPatients")
        return None if value is None else bool(value)

    @strawberry.field(description="Who may refer; null when unknown.")
    def referrers(self) -> list[ReferrerKind] | None:
        return _referrers(self.record)

    note = text_field("note", "Remarks on the terms, as the source gives them.", required=False)

    def fact_props(self) -> Props:
        return self.record.props


def _referrers(terms: Record | None) -> list[ReferrerKind] | None:
    if terms is None or terms.props.get("referrers") is None:
        return None
    found = (member(ReferrerKind, value) for value in terms.get_strings("referrers"))
    return [kind for kind in found if kind is not None]


@strawberry.type(description="A European Reference Network (ERN).")
class ReferenceNetwork(Node):
    name = text_field("name", "The network's name.")

    @strawberry.field(description="The network's short code, e.g. `EpiCARE`.")
    def code(self) -> str:
        return self.record.get_str("code") or self.record.id

    @strawberry.field(description="Where the network's facts come from.")
    def provenance(self) -> Provenance:
        return Provenance.of(self.record.provenance)


@strawberry.type(description="A service's unit in a European Reference Network.")
class ErnMembership(ReferralFact):
    link: strawberry.Private[Link]

    @strawberry.field
    def network(self) -> ReferenceNetwork:
        found: ReferenceNetwork = ReferenceNetwork.from_record(self.link.node)
        return found

    @strawberry.field(description="Full member or affiliated partner; null when not stated.")
    def role(self) -> NetworkRole | None:
        return member(NetworkRole, self.link.props.get("role"))

    @strawberry.field(description="Since when, as exactly as the source says.")
    def since(self) -> PartialDate | None:
        return partial_date(PartialDateRecord.of(self.link.props, "since"))

    def fact_props(self) -> Props:
        return self.link.props


@strawberry.type(
    description="A legal or agreement route a patient can use to reach planned treatment in "
    "another country: its basis, what it takes, and the countries it connects."
)
class ReferralRoute(Node, ReferralFact):
    route: strawberry.Private[Route | None] = None

    name = text_field("name", "The route's name in the served language.")
    translations = translations_field("name", "The name in every language we have.")
    conditions = text_field(
        "conditions", "What the route takes: authorisation, costs, who decides.", required=False
    )

    @strawberry.field
    def kind(self) -> RouteKind | None:
        return member(RouteKind, self.record.props.get("kind"))

    @strawberry.field(description="The document the patient carries, e.g. `S2`; null if none.")
    def form(self) -> str | None:
        return self.record.get_str("form")

    @strawberry.field(
        description="True when the home country must authorise it beforehand; null when it "
        "depends (see `conditions`)."
    )
    def prior_authorisation(self) -> bool | None:
        value = self.record.props.get("priorAuthorisation")
        return None if value is None else bool(value)

    async def _route(self, info: Info) -> Route | None:
        """The route with its countries and basis (read with every route when not given)."""
        if self.route is None:
            found = [r for r in await all_routes(info) if r.record.id == self.record.id]
            self.route = found[0] if found else None
        return self.route

    @strawberry.field(description="The legal provisions or agreements the route rests on.")
    async def basis(
        self, info: Info
    ) -> list[Annotated[LegalProvision, strawberry.lazy("schema.legal")]]:
        route = await self._route(info)
        return [to_type(r) for r in route.basis] if route else []

    @strawberry.field(description="The countries the route connects (ISO 3166-1 alpha-2).")
    async def country_codes(self, info: Info) -> list[str]:
        route = await self._route(info)
        return sorted(route.countries) if route else []

    @strawberry.field(description="The countries the route connects.")
    async def countries(
        self, info: Info
    ) -> list[Annotated[Country, strawberry.lazy("schema.countries")]]:
        loader = info.context.loaders.countries_by_code()
        found = await loader.load_many(await self.country_codes(info))
        return [to_type(r) for r in found if r is not None]

    def fact_props(self) -> Props:
        return self.record.props

    @classmethod
    def of(cls, route: Route) -> ReferralRoute:
        return cls(id=strawberry.ID(route.record.id), record=route.record, route=route)


def latest(found: Sequence[Confirmation | None]) -> Confirmation | None:
    dated = [c for c in found if c is not None]
    return max(dated, key=lambda c: c.on) if dated else None


@strawberry.interface(
    description="What a referral office needs to act on a service at a site: contact, waiting "
    "time, terms, network memberships, routes, and when they were last confirmed."
)
class ReferralInformation:
    def referral_keys(self) -> tuple[str, str | None, str | None, str | None]:
        """The service's id, the site's id, the treating country and the referring country."""
        raise NotImplementedError

    async def _facts(self, info: Info) -> tuple[ReferralFacts, str | None]:
        service, location, _, _ = self.referral_keys()
        return await facts_of(info, service), location

    @strawberry.field(description="Whom to contact; null when no source states it.")
    async def contact(self, info: Info) -> Contact | None:
        facts, location = await self._facts(info)
        found = for_site(facts.contacts, location)
        return Contact.from_record(found) if found else None

    @strawberry.field(description="The expected wait; null when no source states it.")
    async def waiting_time(self, info: Info) -> ReferralWaitingTime | None:
        facts, location = await self._facts(info)
        found = for_site(facts.waiting, location)
        return ReferralWaitingTime.from_record(found) if found else None

    @strawberry.field(description="Who may refer, and whether patients from abroad are accepted.")
    async def referral_terms(self, info: Info) -> ReferralTerms | None:
        facts, location = await self._facts(info)
        found = for_site(facts.terms, location)
        return ReferralTerms.from_record(found) if found else None

    @strawberry.field(description="Whether patients from abroad are accepted; null when unknown.")
    async def accepts_foreign_patients(self, info: Info) -> bool | None:
        terms = await self.referral_terms(info)
        return terms.accepts_foreign_patients() if terms else None

    @strawberry.field(description="Who may refer; null when unknown.")
    async def referrers(self, info: Info) -> list[ReferrerKind] | None:
        facts, location = await self._facts(info)
        return _referrers(for_site(facts.terms, location))

    @strawberry.field(description="The service's memberships of European Reference Networks.")
    async def ern_memberships(self, info: Info) -> list[ErnMembership]:
        facts, _ = await self._facts(info)
        return [ErnMembership(link=link) for link in facts.memberships]

    @strawberry.field(
        description="The routes a patient from `fromCountry` (on a referral option: the "
        "referring country) can use to get here; empty in the patient's own country; null when "
        "no referring country is known."
    )
    async def routes(
        self, info: Info, from_country: str | None = None
    ) -> list[ReferralRoute] | None:
        _, _, destination, origin = self.referral_keys()
        origin = country_code(from_country) or origin
        if origin is None:
            return None
        open_routes = routes_between(await all_routes(info), origin, destination)
        return [ReferralRoute.of(r) for r in open_routes]

    @strawberry.field(
        description="The latest confirmation among the contact, waiting time, terms and network "
        "memberships; null when none was ever confirmed."
    )
    async def last_confirmed(self, info: Info) -> Confirmation | None:
        facts, location = await self._facts(info)
        records = [for_site(f, location) for f in (facts.contacts, facts.waiting, facts.terms)]
        return latest(
            [confirmation(r.props) for r in records if r is not None]
            + [confirmation(link.props) for link in facts.memberships]
        )
