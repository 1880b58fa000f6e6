"""GraphQL enums over :mod:`graph.vocabulary`: the same classes, so schema and graph agree."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from graph import vocabulary as v

E = TypeVar("E", bound=Enum)

strawberry.enum(
    v.ServiceKind, description="The kind of designation a service holds in its country."
)
ServiceKind = v.ServiceKind
strawberry.enum(
    v.ServiceStatus, description="Where a service is in its life, from proposal to closure."
)
ServiceStatus = v.ServiceStatus
strawberry.enum(v.OrganisationKind, description="What kind of body it is.")
OrganisationKind = v.OrganisationKind
strawberry.enum(v.RegionKind, description="What kind of region it is.")
RegionKind = v.RegionKind
strawberry.enum(v.DocumentKind, description="What kind of document it is.")
DocumentKind = v.DocumentKind
strawberry.enum(v.RegistryScope, description="National or Nordic.")
RegistryScope = v.RegistryScope
strawberry.enum(v.ProjectArea, description="The area of Nordic cooperation.")
ProjectArea = v.ProjectArea
strawberry.enum(v.ProjectStatus, description="Where a project stands.")
ProjectStatus = v.ProjectStatus
strawberry.enum(v.ParticipantRole, description="A participant's role.")
ParticipantRole = v.ParticipantRole
strawberry.enum(v.LogEntryKind, description="What a log entry records.")
LogEntryKind = v.LogEntryKind
strawberry.enum(v.Recommendation, description="What an assessment recommends.")
Recommendation = v.Recommendation
strawberry.enum(v.DatePrecision, description="How exactly a date is known.")
DatePrecision = v.DatePrecision
strawberry.enum(
    v.DecisionReason, description="Why a decision went as it did, as the decision gives it."
)
DecisionReason = v.DecisionReason
strawberry.enum(v.DecisionOutcome, description="What was decided.")
DecisionOutcome = v.DecisionOutcome
strawberry.enum(v.RuleKind, description="What a governance rule requires.")
RuleKind = v.RuleKind
strawberry.enum(v.ApplicationStage, description="Where an application stands in the yearly round.")
ApplicationStage = v.ApplicationStage
strawberry.enum(v.ReportStatus, description="Whether a service's annual report came, and was good.")
ReportStatus = v.ReportStatus
strawberry.enum(v.ReviewRecommendation, description="What a five-year review recommends.")
ReviewRecommendation = v.ReviewRecommendation
strawberry.enum(v.MemberKind, description="Whom a reference-group member represents.")
MemberKind = v.MemberKind
strawberry.enum(v.CodeSystem, description="A code system: ICD-10 (WHO), ORPHAcode, NCSP (NOMESCO).")
CodeSystem = v.CodeSystem
strawberry.enum(v.RouteKind, description="How a patient reaches planned treatment abroad.")
RouteKind = v.RouteKind
strawberry.enum(v.ReferrerKind, description="Who may refer a patient to a service.")
ReferrerKind = v.ReferrerKind
strawberry.enum(v.NetworkRole, description="A unit's standing in a European Reference Network.")
NetworkRole = v.NetworkRole


def member(enum: type[E], value: object) -> E | None:
    """The member stored as ``value`` in the graph, or None for a missing or retired value."""
    try:
        return enum(value)
    except ValueError:
        return None


def values(members: list[E] | None) -> list[str] | None:
    return [str(m.value) for m in members] if members else None
