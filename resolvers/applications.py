"""Application lists, applications and decisions (reads)."""

from __future__ import annotations

import strawberry

from resolvers.nodes import one
from schema.applications import Application, ApplicationList, Decision
from schema.arguments import entity_id
from schema.arguments import year as checked_year
from schema.context import Info
from schema.enums import DecisionOutcome, DecisionReason, ServiceKind, values
from schema.relay import Connection, connection, converted, decode_cursor, page_size, wants_field


async def applications(
    info: Info,
    round_year: int | None = None,
    submitted_by: strawberry.ID | None = None,
    proposed_kinds: list[ServiceKind] | None = None,
    outcomes: list[DecisionOutcome] | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Application]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.applications.page(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        round_year=checked_year(round_year, "roundYear"),
        submitted_by=entity_id(submitted_by),
        kinds=values(proposed_kinds),
        outcomes=values(outcomes),
    )
    return connection(page, Application.from_record, after=start)


async def application(info: Info, id: strawberry.ID) -> Application:
    found: Application = await one(info, id, "Application")
    return found


async def application_lists(info: Info, round_year: int | None = None) -> list[ApplicationList]:
    records = await info.context.repos.applications.lists(checked_year(round_year, "roundYear"))
    return converted(records, ApplicationList.from_record)


async def decisions(
    info: Info,
    outcomes: list[DecisionOutcome] | None = None,
    year: int | None = None,
    decided_by: strawberry.ID | None = None,
    reason_codes: list[DecisionReason] | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Decision]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.applications.decisions(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        outcomes=values(outcomes),
        year=checked_year(year),
        decided_by=entity_id(decided_by),
        reasons=values(reason_codes),
    )
    return connection(page, Decision.from_record, after=start)


async def decision(info: Info, id: strawberry.ID) -> Decision:
    found: Decision = await one(info, id, "Decision")
    return found
