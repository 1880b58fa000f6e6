"""Quality registries."""

from __future__ import annotations

from graph.models import Page
from graph.queries import registries
from graph.repositories.base import Repository


class RegistryRepository(Repository):
    __slots__ = ()

    async def page(
        self,
        *,
        first: int,
        after: str | None,
        with_total: bool,
        scope: str | None = None,
        country: str | None = None,
    ) -> Page:
        return await self._page(
            registries.REGISTRIES,
            {"scope": scope, "country": country},
            first=first,
            after=after,
            with_total=with_total,
        )
