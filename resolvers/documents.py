"""Documents."""

from __future__ import annotations

import strawberry

from resolvers.nodes import one
from schema.arguments import entity_id
from schema.arguments import year as checked_year
from schema.context import Info
from schema.documents import Document
from schema.enums import DocumentKind, values
from schema.relay import Connection, connection, decode_cursor, page_size, wants_field


async def documents(
    info: Info,
    kinds: list[DocumentKind] | None = None,
    year: int | None = None,
    issuer: strawberry.ID | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Document]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.documents.page(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        kinds=values(kinds),
        year=checked_year(year),
        issuer=entity_id(issuer),
    )
    return connection(page, Document.from_record, after=start)


async def document(info: Info, id: strawberry.ID) -> Document:
    found: Document = await one(info, id, "Document")
    return found
