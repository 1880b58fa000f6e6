"""Quality registries."""

from __future__ import annotations

import strawberry

from resolvers.nodes import one
from schema.arguments import country_code
from schema.context import Info
from schema.enums import RegistryScope
from schema.registries import QualityRegistry
from schema.relay import Connection, connection, decode_cursor, page_size, wants_field


async def quality_registries(
    info: Info,
    scope: RegistryScope | None = None,
    country: str | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[QualityRegistry]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.registries.page(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        scope=scope.value if scope else None,
        country=country_code(country),
    )
    return connection(page, QualityRegistry.from_record, after=start)


async def quality_registry(info: Info, id: strawberry.ID) -> QualityRegistry:
    found: QualityRegistry = await one(info, id, "QualityRegistry")
    return found
