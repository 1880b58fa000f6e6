"""Application lists, applications and decisions."""

from __future__ import annotations

from collections.abc import Sequence

from graph.models import Page, Record
from graph.queries import applications
from graph.repositories.base import Repository, optional_list


class ApplicationRepository(Repository):
    __slots__ = ()

    async def page(
        self,
        *,
        first: int,
        after: str | None,
        with_total: bool,
        round_year: int | None = None,
        submitted_by: str | None = None,
        kinds: Sequence[str] | None = None,
        outcomes: Sequence[str] | None = None,
    ) -> Page:
        params = {
            "roundYear": round_year,
            "submittedBy": submitted_by,
            "kinds": optional_list(kinds),
            "outcomes": optional_list(outcomes),
        }
        return await self._page(
            applications.APPLICATIONS, params, first=first, after=after, with_total=with_total
        )

    async def lists(self, round_year: int | None = None) -> list[Record]:
        return await self._records(applications.APPLICATION_LISTS, {"roundYear": round_year})

    async def decisions(
        self,
        *,
        first: int,
        after: str | None,
        with_total: bool,
        outcomes: Sequence[str] | None = None,
        year: int | None = None,
        decided_by: str | None = None,
        reasons: Sequence[str] | None = None,
    ) -> Page:
        params = {
            "outcomes": optional_list(outcomes),
            "year": year,
            "decidedBy": decided_by,
            "reasons": optional_list(reasons),
        }
        return await self._page(
            applications.DECISIONS, params, first=first, after=after, with_total=with_total
        )
