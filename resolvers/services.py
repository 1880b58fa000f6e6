"""Designated services."""

from __future__ import annotations

import datetime as dt

import strawberry

from resolvers.nodes import one
from schema.arguments import country_code
from schema.context import Info
from schema.enums import ServiceKind, ServiceStatus, values
from schema.relay import Connection, connection, decode_cursor, page_size, wants_field
from schema.services import Service


async def services(
    info: Info,
    country: str | None = None,
    kinds: list[ServiceKind] | None = None,
    statuses: list[ServiceStatus] | None = None,
    include_illustrative: bool = False,
    valid_on: dt.date | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Service]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.services.page(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        country=country_code(country),
        kinds=values(kinds),
        statuses=values(statuses),
        include_illustrative=include_illustrative,
        valid_on=valid_on,
    )
    return connection(page, Service.from_record, after=start)


async def service(info: Info, id: strawberry.ID, include_illustrative: bool = False) -> Service:
    found: Service = await one(info, id, "Service", include_illustrative=include_illustrative)
    return found
