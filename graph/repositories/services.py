"""Designated services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from graph.models import Page
from graph.queries import services
from graph.repositories.base import Repository, optional_list


class ServiceRepository(Repository):
    __slots__ = ()

    async def page(
        self,
        *,
        first: int,
        after: str | None,
        with_total: bool,
        country: str | None = None,
        kinds: Sequence[str] | None = None,
        statuses: Sequence[str] | None = None,
        include_illustrative: bool = False,
        valid_on: dt.date | None = None,
    ) -> Page:
        params = {
            "country": country,
            "kinds": optional_list(kinds),
            "statuses": optional_list(statuses),
            "includeIllustrative": include_illustrative,
            "validOn": valid_on,
        }
        return await self._page(
            services.SERVICES, params, first=first, after=after, with_total=with_total
        )
