"""Documents: the letters, web pages, reports and decisions that facts come from."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.relations import Relation
from schema.context import Info
from schema.convert import linked, linked_one
from schema.dates import partial_date_field
from schema.enums import DocumentKind, member
from schema.node import Node, provenance_field, text_field, translations_field

if TYPE_CHECKING:
    from schema.organisations import Organisation


@strawberry.type(description="A document: the source of facts in the graph.")
class Document(Node):
    title = text_field("title", "The title in the served language.")
    translations = translations_field("title", "The title in every language we have.")

    @strawberry.field
    def kind(self) -> DocumentKind | None:
        return member(DocumentKind, self.record.props.get("kind"))

    @strawberry.field(description="The document's day, when a source gives it (see `when`).")
    def date(self) -> dt.date | None:
        return self.record.get_date("date")

    when = partial_date_field(
        "date", "The document's date as exactly as it is known: a day, a month, a year or bounds."
    )

    @strawberry.field
    def url(self) -> str | None:
        return self.record.get_str("url")

    @strawberry.field(description="The language it is written in.")
    def language(self) -> str | None:
        return self.record.get_str("language")

    @strawberry.field(description="Who signed it, as the document gives them.")
    def signed_by(self) -> list[str]:
        return list(self.record.get_strings("signedBy"))

    @strawberry.field
    async def issuer(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        return await linked_one(info, Relation.DOCUMENT_ISSUED_BY, self.record.id)

    @strawberry.field
    async def recipients(
        self, info: Info
    ) -> list[Annotated[Organisation, strawberry.lazy("schema.organisations")]]:
        return await linked(info, Relation.DOCUMENT_ADDRESSED_TO, self.record.id)

    @strawberry.field(description="Who received a copy.")
    async def copied_to(
        self, info: Info
    ) -> list[Annotated[Organisation, strawberry.lazy("schema.organisations")]]:
        return await linked(info, Relation.DOCUMENT_COPIED_TO, self.record.id)

    provenance = provenance_field()
