"""Writes to collaboration projects, their audit trail and idempotency keys, all inside the one
transaction a mutation runs in (see ``resolvers.mutations``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.client import CountingTransaction
from graph.queries import audit as audit_q
from graph.queries import project_writes as q

Props = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class LockedProject:
    """A project as read under its write lock: properties, participants' roles, concerns, and
    its coordinators (the secretariat of the project or of a programme it belongs to)."""

    id: str
    props: Props
    participants: Mapping[str, str | None]
    concerns: tuple[str, ...]
    coordinators: frozenset[str] = frozenset()

    @property
    def version(self) -> int:
        return int(self.props.get("version") or 1)


@dataclass(frozen=True, slots=True)
class ClaimedKey:
    action: str
    fingerprint: str
    result_id: str | None
    project_id: str | None


class ProjectWriter:
    """The project writes of one transaction. ``attach_*`` return the ids actually linked."""

    __slots__ = ("_tx",)

    def __init__(self, tx: CountingTransaction) -> None:
        self._tx = tx

    @property
    def tx(self) -> CountingTransaction:
        """The transaction, for commands on other aggregates that bring their own writer."""
        return self._tx

    async def lock(self, project_id: str) -> LockedProject | None:
        rows = await self._tx.rows(q.LOCK, {"id": project_id})
        if not rows:
            return None
        row = rows[0]
        return LockedProject(
            id=project_id,
            props=row["props"],
            participants={p["id"]: p["role"] for p in row["participants"]},
            concerns=tuple(sorted(row["concerns"])),
            coordinators=frozenset(row["coordinators"]),
        )

    async def create(self, props: Props) -> None:
        await self._tx.run(q.CREATE, {"props": dict(props)})

    async def attach_parent(self, project_id: str, parent: str, provenance: Props) -> bool:
        rows = await self._tx.rows(
            q.ATTACH_PARENT, {"id": project_id, "parent": parent, "provenance": dict(provenance)}
        )
        return bool(rows)

    async def attach_participants(
        self, project_id: str, rows: Sequence[Mapping[str, str]], provenance: Props
    ) -> set[str]:
        if not rows:
            return set()
        found = await self._tx.rows(
            q.ATTACH_PARTICIPANTS,
            {"id": project_id, "rows": [dict(r) for r in rows], "provenance": dict(provenance)},
        )
        return {row["id"] for row in found}

    async def attach_concerns(
        self, project_id: str, ids: Sequence[str], provenance: Props
    ) -> set[str]:
        if not ids:
            return set()
        found = await self._tx.rows(
            q.ATTACH_CONCERNS, {"id": project_id, "ids": list(ids), "provenance": dict(provenance)}
        )
        return {row["id"] for row in found}

    async def detach_concerns(self, project_id: str, ids: Sequence[str]) -> None:
        if ids:
            await self._tx.run(q.DETACH_CONCERNS, {"id": project_id, "ids": list(ids)})

    async def update(self, project_id: str, props: Props) -> None:
        await self._tx.run(q.UPDATE, {"id": project_id, "props": dict(props)})

    async def detach_participant(self, project_id: str, party: str) -> None:
        await self._tx.run(q.DETACH_PARTICIPANT, {"id": project_id, "party": party})

    async def add_log_entry(self, project_id: str, props: Props, provenance: Props) -> None:
        await self._tx.run(
            q.ADD_LOG_ENTRY,
            {"project": project_id, "props": dict(props), "provenance": dict(provenance)},
        )

    async def attach_document(self, entry_id: str, document: str, provenance: Props) -> bool:
        rows = await self._tx.rows(
            q.ATTACH_DOCUMENT,
            {"id": entry_id, "document": document, "provenance": dict(provenance)},
        )
        return bool(rows)

    async def audit(self, project_id: str, entry: Props) -> None:
        await self._tx.run(audit_q.RECORD, {"project": project_id, "entry": dict(entry)})

    async def claim_key(
        self,
        key: str,
        *,
        action: str,
        fingerprint: str,
        at: dt.datetime,
        expired_before: dt.datetime,
    ) -> ClaimedKey:
        rows = await self._tx.rows(
            audit_q.CLAIM_KEY,
            {
                "id": key,
                "action": action,
                "fingerprint": fingerprint,
                "at": at,
                "expiredBefore": expired_before,
            },
        )
        row = rows[0]
        return ClaimedKey(
            action=row["action"],
            fingerprint=row["fingerprint"],
            result_id=row["resultId"],
            project_id=row["projectId"],
        )

    async def complete_key(self, key: str, *, result_id: str, project_id: str) -> None:
        await self._tx.run(
            audit_q.COMPLETE_KEY, {"id": key, "resultId": result_id, "projectId": project_id}
        )
