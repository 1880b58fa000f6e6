"""Inputs and payloads of the partner push mutations (registry integration).

A push states the whole of what it covers: sites, hosts and conditions of a designation, or one
country's participation in a registry with its reporting organisations. What the same partner
stated before and no longer does is marked withdrawn (``provenance.withdrawnAt``), not deleted.
"""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.enums import ServiceKind, ServiceStatus
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
