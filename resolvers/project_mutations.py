"""Collaboration-project mutations: thin resolvers turning inputs into commands for
:func:`resolvers.mutations.execute`, and the commands themselves.

Every check that can fail on the caller's input raises :class:`ApiError` with a stable code;
those needing the graph run inside the command's transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import strawberry

from graph.models import native
from graph.repositories.project_writes import LockedProject, ProjectWriter
from graph.vocabulary import COUNTRY_CODES, Action, ParticipantRole, ProjectStatus
from i18n.languages import SUPPORTED_LANGUAGES
from resolvers.mutations import Change, Command, Outcome, Stamp, diff, perform, project_target
from schema.arguments import entity_id
from schema.context import Info
from schema.errors import ApiError, ErrorCode
from schema.policy import NEW, Target, authorize_grant
from schema.project_mutations import (
    AddLogEntryInput,
    AddParticipantInput,
    CloseProjectInput,
    CreateProjectInput,
    LocalizedTextInput,
    LogEntryPayload,
    ParticipantInput,
    ProjectPayload,
    RemoveParticipantInput,
    ReopenProjectInput,
    UpdateProjectInput,
)
from schema.projects import CollaborationProject, LogEntry

TITLE_MAX = 300
TEXT_MAX = 5000
SOURCE_MAX = 500

Texts = Mapping[str, str]
# Letters NFKD does not decompose into a base letter.
_NORDIC_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "þ": "th", "ð": "d", "œ": "oe"})


# --- input checks (no graph) -----------------------------------------------------------------


def texts(
    values: Sequence[LocalizedTextInput] | None, argument: str, maximum: int
) -> dict[str, str]:
    """``{language: text}`` from the input, blank texts dropped; limits and languages checked."""
    found: dict[str, str] = {}
    for value in values or ():
        language = value.language.strip()
        if language not in SUPPORTED_LANGUAGES:
            raise ApiError(
                ErrorCode.UNSUPPORTED_LANGUAGE,
                language=value.language,
                supported=", ".join(SUPPORTED_LANGUAGES),
            )
        if language in found:
            raise ApiError(ErrorCode.DUPLICATE_LANGUAGE, argument=argument, language=language)
        text = value.text.strip()
        if len(text) > maximum:
            raise ApiError(
                ErrorCode.TEXT_TOO_LONG, argument=argument, length=len(text), maximum=maximum
            )
        if text:
            found[language] = text
    return found


def required_texts(
    values: Sequence[LocalizedTextInput] | None, argument: str, maximum: int
) -> dict[str, str]:
    found = texts(values, argument, maximum)
    if not found:
        if argument == "title":
            raise ApiError(ErrorCode.TITLE_REQUIRED)
        raise ApiError(ErrorCode.TEXT_REQUIRED, argument=argument)
    return found


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ApiError(
            ErrorCode.PERIOD_ENDS_BEFORE_START, start=start.isoformat(), end=end.isoformat()
        )


def source(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > SOURCE_MAX:
        raise ApiError(
            ErrorCode.TEXT_TOO_LONG, argument="source", length=len(value), maximum=SOURCE_MAX
        )
    return value.strip()


def an_id(value: str, argument: str) -> str:
    checked = entity_id(value)
    assert checked is not None
    return checked


def prefixed(prefix: str, values: Texts) -> dict[str, str]:
    """``<prefix>_<lang>`` properties, and ``<prefix>Original``: the language given first is the
    original, the others its translations (see ``LocalizedTextInput``)."""
    found = {f"{prefix}_{language}": text for language, text in values.items()}
    if values:
        found[f"{prefix}Original"] = next(iter(values))
    return found


def unknown_party(party: str) -> ApiError:
    if party.startswith("country:"):
        code = party.split(":", 1)[1]
        return ApiError(ErrorCode.UNKNOWN_COUNTRY, country=code, known=", ".join(COUNTRY_CODES))
    return ApiError(ErrorCode.UNKNOWN_ORGANISATION, id=party)


def check_version(project: LockedProject, expected: int) -> None:
    if project.version != expected:
        raise ApiError(
            ErrorCode.VERSION_CONFLICT, id=project.id, expected=expected, actual=project.version
        )


def check_open(project: LockedProject) -> None:
    if project.props.get("status") == ProjectStatus.CLOSED.value:
        raise ApiError(ErrorCode.PROJECT_CLOSED, id=project.id)


def slug(props: Mapping[str, Any], length: int = 60) -> str:
    """A readable id part from the English title, else the first one (``nordisk-...``)."""
    title = str(
        props.get("title_en") or next(v for k, v in props.items() if k.startswith("title_"))
    )
    folded = unicodedata.normalize("NFKD", title.lower().translate(_NORDIC_LETTERS))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    return words[:length].rstrip("-") or "project"


def edited(stamp: Stamp) -> dict[str, Any]:
    """Marks a node as changed through the API (the seed loader then leaves it alone)."""
    return {"editedAt": stamp.at, "editedBy": stamp.viewer.name}


def _settable(status: ProjectStatus) -> None:
    """CLOSED is set by closing a project, ENDED only derived from its period: neither is given."""
    if status in (ProjectStatus.CLOSED, ProjectStatus.ENDED):
        raise ApiError(ErrorCode.BAD_USER_INPUT, argument="status", detail=status.value)


def _exact_day(key: str, day: dt.date | None) -> dict[str, Any]:
    """A period's day as given, replacing any partial date (a year, bounds) the record held."""
    return {key: day, f"{key}Earliest": None, f"{key}Latest": None, f"{key}Precision": None}


# --- commands --------------------------------------------------------------------------------
# Each command keeps the caller's input and turns it into graph values in ``check``, which the
# runner calls after authorisation and before any write.


@dataclass(slots=True)
class CreateProject(Command):
    """A new project: within a programme its creator coordinates, or standing alone with the
    creator (a coordinator) as its secretariat unless the input names the creator itself."""

    action: ClassVar[Action] = Action.CREATE_PROJECT
    input: CreateProjectInput
    key: str | None = None
    props: dict[str, Any] = field(init=False, default_factory=dict)
    participants: tuple[tuple[str, str], ...] = field(init=False, default=())
    concerns: tuple[str, ...] = field(init=False, default=())
    part_of: str | None = field(init=False, default=None)
    source: str | None = field(init=False, default=None)
    scope: Target = field(init=False, default=NEW, metadata={"fingerprint": False})

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    async def lock(self, writer: ProjectWriter) -> tuple[Target, LockedProject | None]:
        # The programme it joins decides who may create it (an unknown one fails in apply).
        if self.input.part_of:
            parent = await writer.lock(an_id(self.input.part_of, "partOf"))
            if parent is not None:
                self.scope = project_target(parent)
        return self.scope, None

    def check(self) -> None:
        given = self.input
        title = required_texts(given.title, "title", TITLE_MAX)
        summary = texts(given.summary, "summary", TEXT_MAX)
        check_period(given.period_start, given.period_end)
        _settable(given.status)
        props: dict[str, Any] = {
            **prefixed("title", title),
            **prefixed("summary", summary),
            "area": given.area.value,
            "status": given.status.value,
            "periodStart": given.period_start,
            "periodEnd": given.period_end,
        }
        self.props = {k: v for k, v in props.items() if v is not None}
        self.participants = _participants(given.participants)
        self.concerns = _ids(given.concerns, "concerns")
        self.part_of = an_id(given.part_of, "partOf") if given.part_of else None
        self.source = source(given.source)

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        provenance = stamp.provenance(self.source)
        participants = self.participants
        for _, role in participants:
            authorize_grant(stamp.viewer, self.scope, ParticipantRole(role))
        creator = stamp.viewer.organisation
        assert creator is not None
        if self.part_of is None and creator not in dict(participants):
            participants += ((creator, ParticipantRole.SECRETARIAT.value),)
        project_id = f"project:{slug(self.props)}-{uuid.uuid4().hex[:8]}"
        props = {
            **self.props,
            **provenance,
            **edited(stamp),
            "id": project_id,
            "version": 1,
            "illustrative": False,
        }
        await writer.create(props)
        if self.part_of is not None and not await writer.attach_parent(
            project_id, self.part_of, provenance
        ):
            raise ApiError(ErrorCode.UNKNOWN_REFERENCE, id=self.part_of, argument="partOf")
        rows = [{"id": party, "role": role} for party, role in participants]
        attached = await writer.attach_participants(project_id, rows, provenance)
        for party, _ in participants:
            if party not in attached:
                raise unknown_party(party)
        linked = await writer.attach_concerns(project_id, self.concerns, provenance)
        for concern in self.concerns:
            if concern not in linked:
                raise ApiError(ErrorCode.UNKNOWN_REFERENCE, id=concern, argument="concerns")
        after = {
            **self.props,
            "participants": [f"{party} {role}" for party, role in participants],
            "concerns": list(self.concerns),
            "partOf": self.part_of,
            "version": 1,
        }
        return Change(project_id, project_id, {}, diff({}, after)[1])


@dataclass(slots=True)
class UpdateProject(Command):
    action: ClassVar[Action] = Action.UPDATE_PROJECT
    input: UpdateProjectInput
    key: str | None = None
    props: dict[str, Any] = field(init=False, default_factory=dict)
    concerns: tuple[str, ...] | None = field(init=False, default=None)

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    @property
    def project_id(self) -> str | None:
        return an_id(self.input.id, "id")

    def check(self) -> None:
        given = self.input
        props: dict[str, Any] = {}
        if given.title is not None:
            props.update(prefixed("title", required_texts(given.title, "title", TITLE_MAX)))
        if given.summary is not None:
            props.update(prefixed("summary", texts(given.summary, "summary", TEXT_MAX)))
        if given.area is not None:
            props["area"] = given.area.value
        if given.status is not None:
            _settable(given.status)
            props["status"] = given.status.value
        if given.period_start is not strawberry.UNSET:
            props.update(_exact_day("periodStart", given.period_start))
        if given.period_end is not strawberry.UNSET:
            props.update(_exact_day("periodEnd", given.period_end))
        self.props = props
        self.concerns = _ids(given.concerns, "concerns") if given.concerns is not None else None

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        assert project is not None
        check_version(project, self.input.version)
        check_open(project)
        merged = {**project.props, **self.props}
        check_period(_date(merged.get("periodStart")), _date(merged.get("periodEnd")))
        before, after = diff(project.props, merged)
        if self.concerns is not None and set(self.concerns) != set(project.concerns):
            await writer.detach_concerns(
                project.id, [c for c in project.concerns if c not in self.concerns]
            )
            added = [c for c in self.concerns if c not in project.concerns]
            linked = await writer.attach_concerns(project.id, added, stamp.provenance())
            for concern in added:
                if concern not in linked:
                    raise ApiError(ErrorCode.UNKNOWN_REFERENCE, id=concern, argument="concerns")
            before["concerns"] = list(project.concerns)
            after["concerns"] = sorted(self.concerns)
        await writer.update(project.id, {**self.props, **edited(stamp)})
        before["version"], after["version"] = project.version, project.version + 1
        return Change(project.id, project.id, before, after)


@dataclass(slots=True)
class AddLogEntry(Command):
    action: ClassVar[Action] = Action.ADD_LOG_ENTRY
    input: AddLogEntryInput
    key: str | None = None
    props: dict[str, Any] = field(init=False, default_factory=dict)
    document: str | None = field(init=False, default=None)
    source: str | None = field(init=False, default=None)

    @property
    def project_id(self) -> str | None:
        return an_id(self.input.project_id, "projectId")

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    def check(self) -> None:
        given = self.input
        text = required_texts(given.text, "text", TEXT_MAX)
        if given.language not in SUPPORTED_LANGUAGES:
            raise ApiError(
                ErrorCode.UNSUPPORTED_LANGUAGE,
                language=given.language,
                supported=", ".join(SUPPORTED_LANGUAGES),
            )
        self.props = {
            **prefixed("text", text),
            "kind": given.kind.value,
            "language": given.language,
        }
        if given.date is not None:
            self.props["date"] = given.date
        self.document = an_id(given.document, "document") if given.document else None
        self.source = source(given.source)

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        assert project is not None
        check_open(project)
        provenance = stamp.provenance(self.source)
        entry_id = f"log:{uuid.uuid4().hex[:16]}"
        await writer.add_log_entry(
            project.id,
            {**self.props, **provenance, "id": entry_id, "illustrative": False},
            provenance,
        )
        if self.document is not None and not await writer.attach_document(
            entry_id, self.document, provenance
        ):
            raise ApiError(ErrorCode.UNKNOWN_REFERENCE, id=self.document, argument="document")
        after = {**self.props, "document": self.document}
        return Change(project.id, entry_id, {}, diff({}, after)[1])


@dataclass(slots=True)
class AddParticipant(Command):
    action: ClassVar[Action] = Action.ADD_PARTICIPANT
    input: AddParticipantInput
    key: str | None = None

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    @property
    def project_id(self) -> str | None:
        return an_id(self.input.project_id, "projectId")

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        assert project is not None
        role = self.input.participant.role
        party = an_id(self.input.participant.party, "participant")
        authorize_grant(stamp.viewer, project_target(project), role)
        check_version(project, self.input.version)
        check_open(project)
        if party in project.participants:
            raise ApiError(ErrorCode.ALREADY_PARTICIPANT, party=party, id=project.id)
        attached = await writer.attach_participants(
            project.id, [{"id": party, "role": role.value}], stamp.provenance()
        )
        if party not in attached:
            raise unknown_party(party)
        await writer.update(project.id, edited(stamp))
        return Change(
            project.id,
            project.id,
            {"participant": None, "version": project.version},
            {"participant": f"{party} {role.value}", "version": project.version + 1},
        )


@dataclass(slots=True)
class RemoveParticipant(Command):
    action: ClassVar[Action] = Action.REMOVE_PARTICIPANT
    input: RemoveParticipantInput
    key: str | None = None

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    @property
    def project_id(self) -> str | None:
        return an_id(self.input.project_id, "projectId")

    async def lock(self, writer: ProjectWriter) -> tuple[Target, LockedProject | None]:
        target, project = await Command.lock(self, writer)
        party = an_id(self.input.party, "party")
        return dataclasses.replace(target, parties=frozenset({party})), project

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        assert project is not None
        party = an_id(self.input.party, "party")
        check_version(project, self.input.version)
        check_open(project)
        if party not in project.participants:
            raise ApiError(ErrorCode.NOT_PARTICIPANT, party=party, id=project.id)
        role = project.participants[party] or ParticipantRole.PARTNER.value
        authorize_grant(stamp.viewer, project_target(project), ParticipantRole(role))
        await writer.detach_participant(project.id, party)
        await writer.update(project.id, edited(stamp))
        return Change(
            project.id,
            project.id,
            {"participant": f"{party} {role}", "version": project.version},
            {"participant": None, "version": project.version + 1},
        )


@dataclass(slots=True)
class CloseProject(Command):
    action: ClassVar[Action] = Action.CLOSE_PROJECT
    input: CloseProjectInput
    key: str | None = None
    outcome: dict[str, str] = field(init=False, default_factory=dict)

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    @property
    def project_id(self) -> str | None:
        return an_id(self.input.id, "id")

    def check(self) -> None:
        self.outcome = required_texts(self.input.outcome, "outcome", TEXT_MAX)

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        assert project is not None
        check_version(project, self.input.version)
        check_open(project)
        changes: dict[str, Any] = {
            "status": ProjectStatus.CLOSED.value,
            "statusBeforeClose": project.props.get("status"),
            "closedAt": stamp.at,
            **prefixed("outcome", self.outcome),
        }
        if self.input.period_end is not None:
            changes["periodEnd"] = self.input.period_end
        check_period(_date(project.props.get("periodStart")), _date(changes.get("periodEnd")))
        before, after = diff(project.props, {**project.props, **changes})
        await writer.update(project.id, {**changes, **edited(stamp)})
        before["version"], after["version"] = project.version, project.version + 1
        return Change(project.id, project.id, before, after)


@dataclass(slots=True)
class ReopenProject(Command):
    """Undo a close: the project takes the status it had before (or the one given), and its
    outcome and closing time go; the audit entry keeps them."""

    action: ClassVar[Action] = Action.REOPEN_PROJECT
    input: ReopenProjectInput
    key: str | None = None

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    @property
    def project_id(self) -> str | None:
        return an_id(self.input.id, "id")

    def check(self) -> None:
        if self.input.status is ProjectStatus.CLOSED:
            raise ApiError(ErrorCode.BAD_USER_INPUT, argument="status", detail="CLOSED")

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        assert project is not None
        check_version(project, self.input.version)
        if project.props.get("status") != ProjectStatus.CLOSED.value:
            raise ApiError(ErrorCode.PROJECT_NOT_CLOSED, id=project.id)
        earlier = project.props.get("statusBeforeClose") or ProjectStatus.ACTIVE.value
        status = self.input.status.value if self.input.status else earlier
        changes: dict[str, Any] = {
            "status": status,
            "statusBeforeClose": None,
            "closedAt": None,
            **{k: None for k in project.props if k.startswith("outcome_")},
        }
        before, after = diff(project.props, {**project.props, **changes})
        await writer.update(project.id, {**changes, **edited(stamp)})
        before["version"], after["version"] = project.version, project.version + 1
        return Change(project.id, project.id, before, after)


def _date(value: Any) -> dt.date | None:
    found = native(value)
    return found if isinstance(found, dt.date) else None


# --- resolvers -------------------------------------------------------------------------------


def _participants(values: Sequence[ParticipantInput]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for value in values:
        party = an_id(value.party, "participants")
        if party in seen:
            raise ApiError(ErrorCode.ALREADY_PARTICIPANT, party=party, id="-")
        seen[party] = value.role.value
    return tuple(seen.items())


def _ids(values: Sequence[strawberry.ID], argument: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(an_id(v, argument) for v in values))


async def _project(info: Info, outcome: Outcome) -> CollaborationProject:
    found = await info.context.loaders.nodes(("mutation",)).load(outcome.project_id)
    assert found is not None
    return CollaborationProject.from_record(found)  # type: ignore[no-any-return]


async def _project_payload(info: Info, command: Command) -> ProjectPayload:
    async def read_back(outcome: Outcome) -> ProjectPayload:
        return ProjectPayload(project=await _project(info, outcome), **outcome.written)

    return await perform(info.context, command, read_back)


async def create_project(
    info: Info, input: CreateProjectInput, idempotency_key: str | None = None
) -> ProjectPayload:
    return await _project_payload(info, CreateProject(input=input, key=idempotency_key))


async def update_project(
    info: Info, input: UpdateProjectInput, idempotency_key: str | None = None
) -> ProjectPayload:
    return await _project_payload(info, UpdateProject(input=input, key=idempotency_key))


async def add_log_entry(
    info: Info, input: AddLogEntryInput, idempotency_key: str | None = None
) -> LogEntryPayload:
    async def read_back(outcome: Outcome) -> LogEntryPayload:
        entry = await info.context.loaders.nodes(("mutation",)).load(outcome.result_id)
        assert entry is not None
        return LogEntryPayload(
            entry=LogEntry.from_record(entry),
            project=await _project(info, outcome),
            **outcome.written,
        )

    return await perform(info.context, AddLogEntry(input=input, key=idempotency_key), read_back)


async def add_participant(
    info: Info, input: AddParticipantInput, idempotency_key: str | None = None
) -> ProjectPayload:
    return await _project_payload(info, AddParticipant(input=input, key=idempotency_key))


async def remove_participant(
    info: Info, input: RemoveParticipantInput, idempotency_key: str | None = None
) -> ProjectPayload:
    return await _project_payload(info, RemoveParticipant(input=input, key=idempotency_key))


async def close_project(
    info: Info, input: CloseProjectInput, idempotency_key: str | None = None
) -> ProjectPayload:
    return await _project_payload(info, CloseProject(input=input, key=idempotency_key))


async def reopen_project(
    info: Info, input: ReopenProjectInput, idempotency_key: str | None = None
) -> ProjectPayload:
    return await _project_payload(info, ReopenProject(input=input, key=idempotency_key))
