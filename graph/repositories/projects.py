"""Collaboration projects."""

from __future__ import annotations

from collections.abc import Sequence

from graph.models import Page
from graph.queries import projects
from graph.repositories.base import Repository, optional_list


class ProjectRepository(Repository):
    __slots__ = ()

    async def page(
        self,
        *,
        first: int,
        after: str | None,
        with_total: bool,
        statuses: Sequence[str] | None = None,
        areas: Sequence[str] | None = None,
        country: str | None = None,
        concerns: str | None = None,
    ) -> Page:
        params = {
            "statuses": optional_list(statuses),
            "areas": optional_list(areas),
            "country": country,
            "concerns": concerns,
        }
        return await self._page(
            projects.PROJECTS, params, first=first, after=after, with_total=with_total
        )
