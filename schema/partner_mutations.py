"""Inputs and payloads of the partner push mutations (registry integration).

A push states the whole of what it covers: sites, hosts and conditions of a designation, or one
country's participation in a registry with its reporting organisations. What the same partner
stated before and no longer does is marked withdrawn (``provenance.withdrawnAt``), not deleted.
"""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.enums import NetworkRole, ReferrerKind, ServiceKind, ServiceStatus
from schema.project_mutations import LocalizedTextInput
from schema.registries import QualityRegistry
from schema.services import Service
from schema.writes import WriteResult


@strawberry.input(description="A site where a designated service is offered.")
class DesignationSiteInput:
    location: strawberry.ID = strawberry.field(description="A location id in your country.")
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    decision_ref: str | None = None


@strawberry.input(description="Whom to contact about a referral; what you leave out is unknown.")
class ContactInput:
    location: strawberry.ID | None = strawberry.field(
        default=None, description="The site it is for (one of `sites`); none: every site."
    )
    unit: list[LocalizedTextInput] = strawberry.field(
        default_factory=list, description="The unit's name, in its own language first."
    )
    phone: str | None = None
    email: str | None = None
    url: str | None = strawberry.field(default=None, description="An http(s) address.")
    referral_address: list[LocalizedTextInput] = strawberry.field(
        default_factory=list, description="Where referrals are sent."
    )
    opening_hours: list[LocalizedTextInput] = strawberry.field(default_factory=list)


@strawberry.input(description="The expected wait, in weeks, as of a day.")
class WaitingTimeInput:
    weeks: int
    as_of: dt.date
    location: strawberry.ID | None = strawberry.field(
        default=None, description="The site it is for (one of `sites`); none: every site."
    )


@strawberry.input(description="Your service's unit in a European Reference Network.")
class ErnMembershipInput:
    network: strawberry.ID = strawberry.field(description="The network's id, e.g. `ern:epicare`.")
    role: NetworkRole | None = None
    since: dt.date | None = None


@strawberry.input(
    description="What a referral office needs to act, as you confirm it today. Like the rest of "
    "the push it states the whole: what you stated before and leave out now is withdrawn."
)
class ReferralFactsInput:
    contact: ContactInput | None = None
    waiting_time: WaitingTimeInput | None = None
    accepts_foreign_patients: bool | None = strawberry.field(
        default=None, description="Leave out (null) when you do not know."
    )
    referrers: list[ReferrerKind] | None = strawberry.field(
        default=None, description="Who may refer; leave out (null) when you do not know."
    )
    ern_memberships: list[ErnMembershipInput] = strawberry.field(default_factory=list)


@strawberry.input(
    description="A designated service of your country, by your own reference. Its id in the hub "
    "is `service:<country>:<ref>` in lower case."
)
class DesignationInput:
    ref: str = strawberry.field(
        description="Your stable reference, e.g. a permit's diary number `NHV-2023-0042`."
    )
    country: str = strawberry.field(description="ISO code of your country, e.g. `SE`.")
    kind: ServiceKind = strawberry.field(description="A designation kind of that country.")
    status: ServiceStatus
    name: list[LocalizedTextInput] = strawberry.field(
        description="The name in one or more languages (at most 300 characters each)."
    )
    description: list[LocalizedTextInput] = strawberry.field(
        default_factory=list, description="What it covers (at most 5000 characters each)."
    )
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    decision_ref: str | None = None
    hosted_by: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Organisations of your country hosting it."
    )
    sites: list[DesignationSiteInput] = strawberry.field(default_factory=list)
    treats: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Ids of the conditions it treats."
    )
    referral: ReferralFactsInput | None = strawberry.field(
        default=None,
        description="Contact, waiting time, terms and network memberships.",
    )
    source: str | None = strawberry.field(
        default=None, description="Where the facts come from: a document id or a URL."
    )


@strawberry.input(description="An organisation reporting to a registry, and in which years.")
class ReportingUnitInput:
    organisation: strawberry.ID
    years: list[int] = strawberry.field(default_factory=list)


@strawberry.input(
    description="Your country's participation in a quality registry: whether it takes part and "
    "the complete list of its organisations reporting to it."
)
class RegistryParticipationInput:
    registry: strawberry.ID
    country: str = strawberry.field(description="ISO code of your country, e.g. `NO`.")
    participates: bool = True
    reporting: list[ReportingUnitInput] = strawberry.field(default_factory=list)
    source: str | None = strawberry.field(
        default=None, description="Where the facts come from: a document id or a URL."
    )


@strawberry.type(description="The designated service after a push.")
class DesignationPayload(WriteResult):
    service: Service


@strawberry.type(description="The registry after a push of participation.")
class RegistryParticipationPayload(WriteResult):
    registry: QualityRegistry
