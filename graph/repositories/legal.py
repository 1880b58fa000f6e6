"""Legal provisions, service kinds and governance rules."""

from __future__ import annotations

from graph.models import Record
from graph.queries import legal
from graph.repositories.base import Repository


class LegalRepository(Repository):
    __slots__ = ()

    async def service_kinds(self, country: str | None = None) -> list[Record]:
        return await self._records(legal.SERVICE_KINDS, {"country": country})

    async def rules(self) -> list[Record]:
        return await self._records(legal.RULES)

    async def systems(self, country: str | None = None) -> list[Record]:
        return await self._records(legal.GOVERNANCE_SYSTEMS, {"country": country})

    async def provisions(self) -> list[Record]:
        return await self._records(legal.LEGAL_PROVISIONS)
