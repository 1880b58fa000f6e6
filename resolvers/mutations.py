"""The command runner every mutation goes through, so that each write is authorised, validated,
done in one transaction, audited and (for creates) idempotent in the same way.

:func:`execute` runs a :class:`Command` as one write transaction:

1. lock the target project (if any) and read it: its version and participants;
2. :func:`schema.policy.authorize` the caller for ``command.action`` on it;
3. ``command.check()``: input checks that need no graph (texts, limits, dates);
4. claim the idempotency key; a key already completed replays its result;
5. ``command.apply()``: the writes, raising :class:`ApiError` on anything invalid found on the way
   (an unknown participant, a stale version) so the transaction rolls back and nothing is written;
6. an audit entry (who, when, before, after) and the completed key, in that same transaction.

Every write has an idempotency key: the caller's (``idempotencyKey``), or one the hub derives from
the caller's organisation, the mutation and its whole input (``auto-…``), so that the same request
sent again, with or without a key, replays instead of writing twice. Keys last
``idempotency_ttl_s``; the payload and every write error carry the key.

Its outcome is always told truthfully (see docs/operations.md, "Client guidance"): once the
transaction has begun, the request timeout is held off until the graph's verdict; an error means
nothing was written (``extensions.written: false``), except ``WRITE_OUTCOME_UNKNOWN`` (the
connection was lost during the commit: send the request again with the key) and
``WRITTEN_NOT_READ`` (committed, but reading the result back failed).

Extending it (later issues): subclass :class:`Command`, give it an ``action`` with a row in
``schema.policy.POLICY``, implement ``apply`` (and ``check``), and call :func:`execute` from a
thin resolver. Commands on other aggregates override :meth:`Command.lock` to read their target.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import uuid
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, TypeVar

import strawberry

from graph.client import CountingTransaction
from graph.errors import GraphConflict, GraphError, GraphUnavailable, WriteOutcomeUnknown
from graph.models import native
from graph.repositories.project_writes import LockedProject, ProjectWriter
from graph.vocabulary import Action
from schema.context import Context
from schema.credentials import Viewer
from schema.errors import ApiError, ErrorCode
from schema.policy import NEW, Target, authorize

_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")
DERIVED_PREFIX = "auto-"
P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who writes and when: every fact one mutation writes carries the same provenance."""

    viewer: Viewer
    action: Action
    at: dt.datetime

    def provenance(self, source: str | None = None) -> dict[str, Any]:
        return {
            "source": source or f"api:{self.viewer.name}",
            "recordedAt": self.at,
            "recordedBy": self.viewer.name,
            "tokenId": self.viewer.token_id,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """What a command did: the project it belongs to, the node it made or changed, and the
    changed properties before and after (absent before a create)."""

    project_id: str
    result_id: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    project_id: str
    result_id: str
    replayed: bool = False
    key: str = ""  # the idempotency key as the caller sends it (given or derived)

    @property
    def written(self) -> dict[str, Any]:
        """The fields every payload carries about the write itself."""
        return {"replayed": self.replayed, "idempotency_key": self.key}


class Command(ABC):
    """One write. Subclasses are dataclasses holding the caller's (converted) input."""

    action: ClassVar[Action]

    @property
    def project_id(self) -> str | None:
        """The project written to; None when the command creates it."""
        return None

    @property
    def idempotency_key(self) -> str | None:
        return None

    def check(self) -> None:  # noqa: B027 - optional hook, most commands have checks
        """Input checks that need no graph; raise :class:`ApiError`."""

    def derived_key(self) -> str:
        """The key of a call that sent none: the same mutation with the same input gives the
        same key (a repeated request replays), any other input another."""
        given = getattr(self, "input", None)
        payload = json.dumps(
            {"action": self.action.value, "input": canonical(given)},
            sort_keys=True,
            default=_plain,
        )
        return DERIVED_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:40]

    def fingerprint(self) -> str:
        """Identifies the request behind an idempotency key (same key, other input: refused)."""
        # The converted values ``check`` derived; the raw input and the key itself are left out.
        fields = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if f.name not in {"key", "input"} and f.metadata.get("fingerprint", True)
        }
        fields["project"] = self.project_id
        fields["input"] = canonical(getattr(self, "input", None))
        payload = json.dumps(fields, sort_keys=True, default=_plain)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    async def lock(self, writer: ProjectWriter) -> tuple[Target, LockedProject | None]:
        project_id = self.project_id
        if project_id is None:
            return NEW, None
        project = await writer.lock(project_id)
        if project is None:
            raise ApiError(ErrorCode.NOT_FOUND, id=project_id)
        return project_target(project), project

    @abstractmethod
    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change: ...


async def execute(context: Context, command: Command) -> Outcome:
    """Run ``command`` for the caller of this request; see the module docstring."""
    given = command.idempotency_key
    if given is not None and not _KEY.match(given):
        raise ApiError(ErrorCode.BAD_IDEMPOTENCY_KEY)
    visible = given if given is not None else command.derived_key()
    try:
        return await _execute(context, command, visible)
    except WriteOutcomeUnknown as e:
        raise ApiError(ErrorCode.WRITE_OUTCOME_UNKNOWN, idempotencyKey=visible) from e
    except GraphUnavailable as e:
        raise ApiError(ErrorCode.SERVICE_UNAVAILABLE, idempotencyKey=visible, written=False) from e


async def _execute(context: Context, command: Command, visible: str) -> Outcome:
    viewer = await context.viewer()
    if not viewer.authenticated:
        raise ApiError(ErrorCode.UNAUTHENTICATED)
    key = _scoped_key(viewer, visible)
    stamp = Stamp(viewer=viewer, action=command.action, at=dt.datetime.now(dt.UTC))
    expired_before = stamp.at - dt.timedelta(seconds=context.settings.idempotency_ttl_s)

    async def work(tx: CountingTransaction) -> Outcome:
        writer = ProjectWriter(tx)
        target, project = await command.lock(writer)
        authorize(viewer, command.action, target)
        command.check()
        claimed = await writer.claim_key(
            key,
            action=command.action.value,
            fingerprint=command.fingerprint(),
            at=stamp.at,
            expired_before=expired_before,
        )
        if claimed.result_id is not None and claimed.project_id is not None:
            if (claimed.action, claimed.fingerprint) != (
                command.action.value,
                command.fingerprint(),
            ):
                raise ApiError(ErrorCode.IDEMPOTENCY_KEY_REUSED, key=visible)
            return Outcome(claimed.project_id, claimed.result_id, replayed=True, key=visible)
        change = await command.apply(writer, project, stamp)
        await writer.audit(change.project_id, audit_entry(stamp, change))
        await writer.complete_key(key, result_id=change.result_id, project_id=change.project_id)
        return Outcome(change.project_id, change.result_id, key=visible)

    # From here on the graph decides: the request timeout waits for its verdict.
    context.hold_deadline(context.graph.write_wait_s)
    try:
        return await context.graph.write_tx(work)
    except GraphConflict:
        # Two first claims of one key raced past the constraint; the loser now replays.
        return await context.graph.write_tx(work)


def project_target(project: LockedProject, parties: frozenset[str] = frozenset()) -> Target:
    """What the policy sees of a project: who takes part (and how), who coordinates it, the
    countries taking part, and the ``parties`` the change is about."""
    return Target(
        id=project.id,
        countries=frozenset(p for p in project.participants if p.startswith("country:")),
        participants=project.participants,
        coordinators=project.coordinators,
        parties=parties,
    )


async def perform(
    context: Context, command: Command, read_back: Callable[[Outcome], Awaitable[P]]
) -> P:
    """:func:`execute` ``command``, then ``read_back`` its result for the payload. A read that
    fails after the commit says so (``WRITTEN_NOT_READ``): the write is not lost, and sending the
    request again with its key answers with the result."""
    outcome = await execute(context, command)
    read_timeout = context.graph.call_timeout_s
    context.hold_deadline(None if read_timeout is None else 2 * read_timeout + 1)
    try:
        return await read_back(outcome)
    except GraphError as e:
        raise ApiError(ErrorCode.WRITTEN_NOT_READ, idempotencyKey=outcome.key, written=True) from e


def canonical(value: Any) -> Any:
    """An input object as plain JSON values, for deriving keys: unset fields left out."""
    if value is strawberry.UNSET:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: canonical(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not strawberry.UNSET
        }
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return _plain(value)


def audit_entry(stamp: Stamp, change: Change) -> dict[str, Any]:
    return {
        "id": f"audit:{uuid.uuid4().hex}",
        "action": stamp.action.value,
        "at": stamp.at,
        "actor": stamp.viewer.name,
        "role": stamp.viewer.role.value if stamp.viewer.role else None,
        "tokenId": stamp.viewer.token_id,
        "projectId": change.project_id,
        "subject": change.result_id,
        "before": json.dumps(dict(change.before), sort_keys=True, default=_plain),
        "after": json.dumps(dict(change.after), sort_keys=True, default=_plain),
        "source": f"api:{stamp.viewer.name}",
        "recordedAt": stamp.at,
        "recordedBy": stamp.viewer.name,
    }


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The properties that differ, as (before, after); a missing property is None."""
    keys = sorted(
        k for k in set(before) | set(after) if _plain(before.get(k)) != _plain(after.get(k))
    )
    return {k: _plain(before.get(k)) for k in keys}, {k: _plain(after.get(k)) for k in keys}


def _plain(value: Any) -> Any:
    """JSON-friendly values: dates as ISO strings, sequences as lists."""
    value = native(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "value") and not isinstance(value, (str, int, float, bool)):
        return _plain(value.value)  # enum members
    return value


def _scoped_key(viewer: Viewer, key: str) -> str:
    """Keys are per organisation: two partners may pick the same key without colliding."""
    return f"{viewer.name}|{key}"
