"""Conditions, procedures and their codes."""

from __future__ import annotations

from collections.abc import Sequence

from graph.models import Page, Record
from graph.queries import terminology
from graph.repositories.base import Repository


class TerminologyRepository(Repository):
    __slots__ = ()

    async def conditions(
        self, *, first: int, after: str | None, with_total: bool, code_system: str | None = None
    ) -> Page:
        return await self._page(
            terminology.CONDITIONS,
            {"codeSystem": code_system},
            first=first,
            after=after,
            with_total=with_total,
        )

    async def procedures(
        self, *, first: int, after: str | None, with_total: bool, code_system: str | None = None
    ) -> Page:
        return await self._page(
            terminology.PROCEDURES,
            {"codeSystem": code_system},
            first=first,
            after=after,
            with_total=with_total,
        )

    async def condition_by_code(self, system: str, code: str) -> Record | None:
        found = await self._records(terminology.CONDITION_BY_CODE, {"system": system, "code": code})
        return found[0] if found else None

    async def conditions_by_code(self, keys: Sequence[tuple[str, str]]) -> list[Record | None]:
        """Conditions by primary (system, code), in the order of ``keys``; None where none."""
        unique = list(dict.fromkeys(keys))
        rows = [{"system": system, "code": code} for system, code in unique]
        found = {
            (r.get_str("codeSystem"), r.get_str("code")): r
            for r in await self._records(terminology.CONDITIONS_BY_CODE, {"keys": rows})
        }
        return [found.get(key) for key in keys]
