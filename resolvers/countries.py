"""Countries and regions."""

from __future__ import annotations

from schema.arguments import country_code
from schema.context import Info
from schema.countries import Country, Region
from schema.errors import ApiError, ErrorCode
from schema.relay import converted


async def countries(info: Info) -> list[Country]:
    return converted(await info.context.repos.countries.all(), Country.from_record)


async def country(info: Info, code: str) -> Country:
    checked = country_code(code)
    assert checked is not None
    found = (await info.context.repos.countries.by_codes([checked]))[0]
    if found is None:
        raise ApiError(ErrorCode.NOT_FOUND, id=code)
    result: Country = Country.from_record(found)
    return result


async def regions(info: Info, country: str | None = None) -> list[Region]:
    records = await info.context.repos.countries.regions(country_code(country))
    return converted(records, Region.from_record)
