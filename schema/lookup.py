"""Cross-border lookup results: offerings, why they matched, referral options and the Nordic
cooperation route, all built from what the one lookup statement returned."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from graph.models import Record
from graph.repositories.lookup import NordicRoute
from graph.repositories.lookup import Offering as OfferingRecord
from graph.terms import MatchKind, MatchReason, SearchTerms, explain
from schema.applications import Application, Assessment, Decision
from schema.context import Info
from schema.countries import Country
from schema.enums import ServiceKind, ServiceStatus, member
from schema.language import LocalizedText, localized, pick
from schema.legal import LegalProvision
from schema.node import Provenance
from schema.organisations import Location, Organisation
from schema.projects import CollaborationProject
from schema.referrals import ReferralInformation
from schema.registries import QualityRegistry
from schema.relay import PageInfo
from schema.services import Service
from schema.terminology import Condition, Procedure

strawberry.enum(MatchKind, description="What made a term match: a name, a synonym or a code.")

MatchedTerm = Annotated[
    Condition | Procedure | Service,
    strawberry.union("MatchedTerm", description="A condition, procedure or service that matched."),
]


def matched_term(record: Record) -> Condition | Procedure | Service:
    if record.label == "Condition":
        found: Condition | Procedure | Service = Condition.from_record(record)
    elif record.label == "Procedure":
        found = Procedure.from_record(record)
    else:
        found = Service.from_record(record)
    return found


@strawberry.type(description="Why a term matched the search.")
class Match:
    kind: MatchKind = strawberry.field(description="A name, a synonym or a code.")
    text: str = strawberry.field(description="The name, synonym or code that matched.")
    language: str | None = strawberry.field(description="The language of that name or synonym.")
    term: MatchedTerm = strawberry.field(description="The condition, procedure or service.")

    @classmethod
    def of(cls, term: Record, reason: MatchReason | None) -> Match:
        if reason is None:
            reason = MatchReason(MatchKind.NAME, term.id, None)
        return cls(
            kind=reason.kind, text=reason.text, language=reason.language, term=matched_term(term)
        )


@strawberry.type(
    description="Where a treatment is offered: a designated service at one site, with the "
    "designation, its legal basis and why it matched."
)
class Offering(ReferralInformation):
    offering: strawberry.Private[OfferingRecord]
    search: strawberry.Private[SearchTerms]

    def referral_keys(self) -> tuple[str, str | None, str | None, str | None]:
        offering = self.offering
        return (
            offering.service.id,
            offering.location.id if offering.location else None,
            offering.country.get_str("code") if offering.country else None,
            None,
        )

    @strawberry.field(description="The term that led here, and why it matched.")
    def matched(self) -> Match:
        # Worked out only when asked for: comparing the search with every name and synonym of
        # the term was most of a search's CPU (bench.profile Q1).
        return Match.of(self.offering.term, match_reason(self.search, self.offering))

    @strawberry.field
    def service(self) -> Service:
        found: Service = Service.from_record(self.offering.service)
        return found

    @strawberry.field(description="The site; null for a service with no site (e.g. rejected).")
    def location(self) -> Location | None:
        return Location.from_record(self.offering.location) if self.offering.location else None

    @strawberry.field(description="The organisation hosting the service at this site.")
    def host_organisation(self) -> Organisation | None:
        return Organisation.from_record(self.offering.host) if self.offering.host else None

    @strawberry.field
    def country(self) -> Country | None:
        return Country.from_record(self.offering.country) if self.offering.country else None

    @strawberry.field(description="The kind of designation.")
    def kind(self) -> ServiceKind | None:
        return member(ServiceKind, self.offering.service.props.get("kind"))

    @strawberry.field(description="The designation's status.")
    def status(self) -> ServiceStatus | None:
        return member(ServiceStatus, self.offering.service.props.get("status"))

    @strawberry.field(description="When the designation (at this site) took effect.")
    def valid_from(self) -> dt.date | None:
        return self.offering.valid_from

    @strawberry.field(description="When it ends or ended.")
    def valid_to(self) -> dt.date | None:
        return self.offering.valid_to

    @strawberry.field(description="The legal provisions the designation rests on.")
    def legal_basis(self) -> list[LegalProvision]:
        return [LegalProvision.from_record(r) for r in self.offering.legal_basis]

    @strawberry.field(description="Relevance: higher is better; comparable within one answer.")
    def score(self) -> float:
        return round(self.offering.score, 4)

    @strawberry.field(description="True when no source confirms the service or its site.")
    def illustrative(self) -> bool:
        return self.offering.illustrative

    @strawberry.field(description="Where the designation comes from.")
    def provenance(self) -> Provenance:
        return Provenance.of(self.offering.service.provenance)


def match_reason(search: SearchTerms, offering: OfferingRecord) -> MatchReason | None:
    """Why ``offering`` matched: the codes for a code search, else its best name or synonym."""
    if search.code is not None:
        codes = offering.codes or (search.code.code,)
        return MatchReason(MatchKind.CODE, ", ".join(sorted(set(codes))), search.code.system.value)
    return explain(search.text or "", offering.term.props, search.language)


@strawberry.type(description="A term to try instead, named in the served language.")
class Suggestion:
    text: str
    language: str
    term: MatchedTerm

    @classmethod
    def of(cls, record: Record, language: str) -> Suggestion:
        name = pick(record.text("name"), language) or (record.id, language)
        return cls(text=name[0], language=name[1], term=matched_term(record))


@strawberry.type(description="One offering of a search, with the cursor to continue after it.")
class OfferingEdge:
    cursor: str
    node: Offering


@strawberry.type(
    description="Offerings ranked by relevance. An empty answer comes with suggestions."
)
class OfferingConnection:
    edges: list[OfferingEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many offerings match, with these filters.")
    illustrative_left_out: int = strawberry.field(
        description="How many illustrative offerings were left out (ask `includeIllustrative`)."
    )
    illustrative_services_left_out: int = strawberry.field(
        description="How many illustrative services those offerings belong to (a service may "
        "have several sites)."
    )
    suggestions: list[Suggestion] = strawberry.field(
        description="Closest terms when the question matched no term at all; empty otherwise "
        "(also when terms matched but the filters left their offerings out)."
    )

    @strawberry.field(description="The offerings of this page, without cursors.")
    def nodes(self) -> list[Offering]:
        return [edge.node for edge in self.edges]


@strawberry.type(
    description="A service a clinician can refer to: whom to contact, by which route, how long "
    "the wait, and when each fact was last confirmed."
)
class ReferralOption(ReferralInformation):
    offering: Offering
    own_country: bool = strawberry.field(description="True when in the referring country.")
    from_country_code: strawberry.Private[str]

    def referral_keys(self) -> tuple[str, str | None, str | None, str | None]:
        service, location, country, _ = self.offering.referral_keys()
        return service, location, country, self.from_country_code

    @strawberry.field(description="Quality registries the service reports to.")
    def registries(self) -> list[QualityRegistry]:
        return [QualityRegistry.from_record(r) for r in self.offering.offering.registries]

    @strawberry.field(description="The organisation to contact: the host at this site.")
    def contact_organisation(self) -> Organisation | None:
        host = self.offering.offering.host
        return Organisation.from_record(host) if host else None


@strawberry.type(
    description="Nordic cooperation as the route: the volume is too small for a national "
    "service, so an assessment recommended Nordic cooperation, and a decision followed."
)
class NordicCooperationRoute:
    route: strawberry.Private[NordicRoute]

    @strawberry.field(description="The assessment recommending Nordic cooperation.")
    def assessment(self) -> Assessment:
        found: Assessment = Assessment.from_record(self.route.assessment)
        return found

    @strawberry.field(description="The decision on the application, citing its reason.")
    def decision(self) -> Decision | None:
        return Decision.from_record(self.route.decision) if self.route.decision else None

    @strawberry.field(description="The application that proposed a national service.")
    def application(self) -> Application:
        found: Application = Application.from_record(self.route.application)
        return found

    @strawberry.field(description="The national service that was proposed.")
    def proposed_service(self) -> Service:
        found: Service = Service.from_record(self.route.service)
        return found

    @strawberry.field(description="Projects the decision set up, e.g. a Nordic needs assessment.")
    def projects(self) -> list[CollaborationProject]:
        return [CollaborationProject.from_record(r) for r in self.route.projects]

    @strawberry.field(description="Why, in the served language: the decision's reason.")
    def reason(self, info: Info) -> str | None:
        found = self._reason(info)
        return found.text if found else None

    @strawberry.field(description="The reason with its language, and whether it is the original.")
    def reason_localized(self, info: Info) -> LocalizedText | None:
        return self._reason(info)

    def _reason(self, info: Info) -> LocalizedText | None:
        source = self.route.decision or self.route.assessment
        return localized(
            source, "reason" if self.route.decision else "summary", info.context.language
        )


@strawberry.type(description="What a clinician in one country can refer to, own country first.")
class ReferralOptions:
    from_country: Country | None
    options: list[ReferralOption] = strawberry.field(
        description="Approved designations valid today (and, when asked for, illustrative "
        "ones, UNCONFIRMED), ranked: own country first; then those a route is open to from the "
        "referring country; then by waiting time, shortest first (unknown last); then by "
        "country code and relevance."
    )
    total_count: int
    illustrative_left_out: int = strawberry.field(
        description="How many illustrative options were left out (ask `includeIllustrative`)."
    )
    illustrative_services_left_out: int = strawberry.field(
        description="How many illustrative services those options belong to."
    )
    nordic_cooperation: list[NordicCooperationRoute] = strawberry.field(
        description="Where the sources name Nordic cooperation as the route, and the decision."
    )
    suggestions: list[Suggestion]
