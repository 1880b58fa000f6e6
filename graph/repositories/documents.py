"""Documents."""

from __future__ import annotations

from collections.abc import Sequence

from graph.models import Page
from graph.queries import documents
from graph.repositories.base import Repository, optional_list


class DocumentRepository(Repository):
    __slots__ = ()

    async def page(
        self,
        *,
        first: int,
        after: str | None,
        with_total: bool,
        kinds: Sequence[str] | None = None,
        year: int | None = None,
        issuer: str | None = None,
    ) -> Page:
        params = {"kinds": optional_list(kinds), "year": year, "issuer": issuer}
        return await self._page(
            documents.DOCUMENTS, params, first=first, after=after, with_total=with_total
        )
