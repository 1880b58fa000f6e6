"""Inputs and payloads of the collaboration-project mutations.

Documented limits (checked in ``resolvers.project_mutations``): a title at most 300 characters
per language, a summary, log text or outcome at most 5000, a source at most 500; languages are
the hub's supported tags (nb nn sv da fi is en se fo kl), each at most once per field.
"""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.enums import LogEntryKind, ParticipantRole, ProjectArea, ProjectStatus
from schema.projects import CollaborationProject, LogEntry
from schema.writes import WriteResult


@strawberry.input(
    description="A text in one language. In a list of texts, the first is the original and the "
    "others are its translations."
)
class LocalizedTextInput:
    language: str = strawberry.field(description="A supported language tag, e.g. `nb`, `sv`.")
    text: str


@strawberry.input(description="A country or organisation taking part, with its role.")
class ParticipantInput:
    party: strawberry.ID = strawberry.field(
        description="A country (`country:SE`) or organisation (`org:st-olavs-hospital`) id."
    )
    role: ParticipantRole = ParticipantRole.PARTNER


@strawberry.input(description="A new collaboration project.")
class CreateProjectInput:
    title: list[LocalizedTextInput] = strawberry.field(
        description="The title in one or more languages (at most 300 characters each)."
    )
    area: ProjectArea
    summary: list[LocalizedTextInput] = strawberry.field(
        default_factory=list, description="What the project does (at most 5000 characters)."
    )
    status: ProjectStatus = ProjectStatus.PROPOSED
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    participants: list[ParticipantInput] = strawberry.field(default_factory=list)
    concerns: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Ids of the conditions, procedures, registries or services concerned.",
    )
    part_of: strawberry.ID | None = strawberry.field(
        default=None, description="The programme this project belongs to."
    )
    source: str | None = strawberry.field(
        default=None, description="Where the facts come from: a document id or a URL."
    )


@strawberry.input(description="Changes to a project; fields left out stay as they are.")
class UpdateProjectInput:
    id: strawberry.ID
    version: int = strawberry.field(description="The version your change is based on.")
    title: list[LocalizedTextInput] | None = strawberry.field(
        default=None, description="Titles to set, per language (others are kept)."
    )
    summary: list[LocalizedTextInput] | None = strawberry.field(
        default=None, description="Summaries to set, per language (others are kept)."
    )
    area: ProjectArea | None = None
    status: ProjectStatus | None = strawberry.field(
        default=None, description="Any status but CLOSED (use `closeProject`)."
    )
    period_start: dt.date | None = strawberry.field(
        default=strawberry.UNSET, description="A date, or null to clear it."
    )
    period_end: dt.date | None = strawberry.field(
        default=strawberry.UNSET, description="A date, or null to clear it."
    )
    concerns: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The complete new list of what the project concerns."
    )


@strawberry.input(description="A new entry in a project's log.")
class AddLogEntryInput:
    project_id: strawberry.ID
    kind: LogEntryKind
    text: list[LocalizedTextInput] = strawberry.field(
        description="The entry in one or more languages (at most 5000 characters each)."
    )
    language: str = strawberry.field(description="The language the entry was written in.")
    date: dt.date | None = None
    document: strawberry.ID | None = strawberry.field(
        default=None, description="The id of a document the entry refers to."
    )
    source: str | None = None


@strawberry.input(description="A country or organisation to add to a project.")
class AddParticipantInput:
    project_id: strawberry.ID
    version: int
    participant: ParticipantInput


@strawberry.input(description="A country or organisation to remove from a project.")
class RemoveParticipantInput:
    project_id: strawberry.ID
    version: int
    party: strawberry.ID


@strawberry.input(description="Close a project with its outcome.")
class CloseProjectInput:
    id: strawberry.ID
    version: int
    outcome: list[LocalizedTextInput] = strawberry.field(
        description="What came of it, in one or more languages (at most 5000 characters each)."
    )
    period_end: dt.date | None = strawberry.field(
        default=None, description="When it ended, if not already recorded."
    )


@strawberry.input(description="Reopen a closed project, undoing its close.")
class ReopenProjectInput:
    id: strawberry.ID
    version: int
    status: ProjectStatus | None = strawberry.field(
        default=None,
        description="The status to return to (not CLOSED); by default the one it had when it "
        "was closed.",
    )


@strawberry.type(description="The project after a write.")
class ProjectPayload(WriteResult):
    project: CollaborationProject


@strawberry.type(description="The new log entry and its project.")
class LogEntryPayload(WriteResult):
    entry: LogEntry
    project: CollaborationProject
