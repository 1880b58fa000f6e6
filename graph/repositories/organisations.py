"""Organisations and their locations."""

from __future__ import annotations

from collections.abc import Sequence

from graph.models import Page
from graph.queries import organisations
from graph.repositories.base import Repository, optional_list


class OrganisationRepository(Repository):
    __slots__ = ()

    async def page(
        self,
        *,
        first: int,
        after: str | None,
        with_total: bool,
        country: str | None = None,
        kinds: Sequence[str] | None = None,
        region: str | None = None,
    ) -> Page:
        params = {"country": country, "kinds": optional_list(kinds), "region": region}
        return await self._page(
            organisations.ORGANISATIONS, params, first=first, after=after, with_total=with_total
        )

    async def locations(
        self,
        *,
        first: int,
        after: str | None,
        with_total: bool,
        country: str | None = None,
        organisation: str | None = None,
    ) -> Page:
        params = {"country": country, "organisation": organisation}
        return await self._page(
            organisations.LOCATIONS, params, first=first, after=after, with_total=with_total
        )
