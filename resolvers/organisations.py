"""Organisations and locations."""

from __future__ import annotations

import strawberry

from resolvers.nodes import one
from schema.arguments import country_code, entity_id
from schema.context import Info
from schema.enums import OrganisationKind, values
from schema.organisations import Location, Organisation
from schema.relay import Connection, connection, decode_cursor, page_size, wants_field


async def organisations(
    info: Info,
    country: str | None = None,
    kinds: list[OrganisationKind] | None = None,
    region: strawberry.ID | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Organisation]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.organisations.page(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        country=country_code(country),
        kinds=values(kinds),
        region=entity_id(region),
    )
    return connection(page, Organisation.from_record, after=start)


async def organisation(info: Info, id: strawberry.ID) -> Organisation:
    found: Organisation = await one(info, id, "Organisation")
    return found


async def locations(
    info: Info,
    country: str | None = None,
    organisation: strawberry.ID | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Location]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.organisations.locations(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        country=country_code(country),
        organisation=entity_id(organisation),
    )
    return connection(page, Location.from_record, after=start)


async def location(info: Info, id: strawberry.ID) -> Location:
    found: Location = await one(info, id, "Location")
    return found
