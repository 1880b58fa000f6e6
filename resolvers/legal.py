"""Service kinds, governance rules and legal provisions."""

from __future__ import annotations

from schema.arguments import country_code
from schema.context import Info
from schema.legal import GovernanceRule, GovernanceSystem, LegalProvision, ServiceKindInfo
from schema.relay import converted


async def service_kinds(info: Info, country: str | None = None) -> list[ServiceKindInfo]:
    records = await info.context.repos.legal.service_kinds(country_code(country))
    return converted(records, ServiceKindInfo.from_record)


async def governance_rules(info: Info) -> list[GovernanceRule]:
    return converted(await info.context.repos.legal.rules(), GovernanceRule.from_record)


async def governance_systems(info: Info, country: str | None = None) -> list[GovernanceSystem]:
    records = await info.context.repos.legal.systems(country_code(country))
    return converted(records, GovernanceSystem.from_record)


async def legal_provisions(info: Info) -> list[LegalProvision]:
    return converted(await info.context.repos.legal.provisions(), LegalProvision.from_record)
