"""Access tokens of partner organisations (hashes only; see ``schema.tokens``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph.errors import GraphError
from graph.models import native
from graph.queries import tokens as q
from graph.repositories.base import Repository


class UnknownOrganisation(GraphError):
    """Raised when a token is issued to an organisation id the graph does not hold."""

    def __init__(self, organisation: str) -> None:
        super().__init__(f"no organisation has the id {organisation!r}")
        self.organisation = organisation


@dataclass(frozen=True, slots=True)
class Body:
    """An organisation as the role check sees it: its kind, country, and whether it is the
    secretariat of a Nordic programme."""

    id: str
    kind: str | None = None
    country: str | None = None
    secretariat: bool = False


@dataclass(frozen=True, slots=True)
class StoredToken:
    id: str
    role: str
    organisation: str
    label: str | None = None
    country: str | None = None
    hash: str = ""
    created_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    kind: str | None = None
    secretariat: bool = False

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredToken:
        return cls(
            id=row["id"],
            role=row["role"],
            organisation=row["organisation"],
            label=row.get("label"),
            country=row.get("country"),
            hash=row.get("hash") or "",
            created_at=native(row.get("createdAt")),
            revoked_at=native(row.get("revokedAt")),
            kind=row.get("kind"),
            secretariat=bool(row.get("secretariat")),
        )


class TokenRepository(Repository):
    __slots__ = ()

    async def issue(
        self, *, token_id: str, token_hash: str, role: str, organisation: str, label: str | None
    ) -> StoredToken:
        rows = await self._client.write(
            q.ISSUE,
            {
                "id": token_id,
                "hash": token_hash,
                "role": role,
                "organisation": organisation,
                "label": label,
            },
        )
        if not rows:
            raise UnknownOrganisation(organisation)
        return StoredToken.from_row(rows[0])

    async def body(self, organisation: str) -> Body | None:
        """The organisation a token would speak for; None when the graph does not hold it."""
        rows = await self._client.read(q.BODY, {"organisation": organisation})
        if not rows:
            return None
        row = rows[0]
        return Body(row["id"], row.get("kind"), row.get("country"), bool(row.get("secretariat")))

    async def by_id(self, token_id: str) -> StoredToken | None:
        rows = await self._client.read(q.BY_ID, {"id": token_id})
        return StoredToken.from_row(rows[0]) if rows else None

    async def list(self, organisation: str | None = None) -> list[StoredToken]:
        rows = await self._client.read(q.LIST, {"organisation": organisation})
        return [StoredToken.from_row(row) for row in rows]

    async def revoke(self, token_id: str) -> StoredToken | None:
        rows = await self._client.write(q.REVOKE, {"id": token_id})
        return StoredToken.from_row(rows[0]) if rows else None
