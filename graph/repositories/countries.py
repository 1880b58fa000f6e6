"""Countries and regions."""

from __future__ import annotations

from collections.abc import Sequence

from graph.models import Record
from graph.queries import countries
from graph.repositories.base import Repository


class CountryRepository(Repository):
    __slots__ = ()

    async def all(self) -> list[Record]:
        return await self._records(countries.ALL)

    async def by_codes(self, codes: Sequence[str]) -> list[Record | None]:
        found = {
            r.get_str("code"): r
            for r in await self._records(countries.BY_CODES, {"codes": list(codes)})
        }
        return [found.get(code) for code in codes]

    async def regions(self, country: str | None) -> list[Record]:
        return await self._records(countries.REGIONS, {"country": country})
