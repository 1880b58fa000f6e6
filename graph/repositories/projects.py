"""Collaboration projects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.models import Page, Record, record
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

    async def log_pages(
        self, project_ids: Sequence[str], *, first: int, after: str | None
    ) -> list[LogPage]:
        """One page of each project's log (in the order of ``project_ids``), one round trip."""
        rows = await self._client.read(
            projects.LOG_PAGES,
            {"ids": list(dict.fromkeys(project_ids)), "after": after, "limit": first + 1},
        )
        found: dict[str, LogPage] = {}
        for row in rows:
            items = [(item["sortKey"], record(item)) for item in row["items"]]
            found[row["key"]] = LogPage.of(items, first=first, total=row["total"])
        return [found.get(key, LogPage((), False, 0)) for key in project_ids]


@dataclass(frozen=True, slots=True)
class LogPage:
    """Log entries with the sort key each page continues after."""

    items: tuple[tuple[str, Record], ...]
    has_next: bool
    total: int

    @classmethod
    def of(cls, items: list[tuple[str, Record]], *, first: int, total: int) -> LogPage:
        """The page from up to ``first + 1`` items read (the extra one tells there are more)."""
        return cls(items=tuple(items[:first]), has_next=len(items) > first, total=int(total))
