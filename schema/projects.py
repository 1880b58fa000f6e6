"""Nordic collaboration projects, their participants and their log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph.relations import Relation
from graph.repositories import Repositories
from graph.repositories.projects import LogPage
from graph.status import project_status
from graph.vocabulary import AccessRole as AccessRoleEnum
from i18n.messages import N_, gettext
from schema.context import Info
from schema.convert import field_path, linked, linked_one, links, to_type
from schema.dates import describe, partial_date_field
from schema.enums import LogEntryKind, ParticipantRole, ProjectArea, ProjectStatus, member
from schema.identity import AuditEntry
from schema.language import requested_language
from schema.node import Node, Provenance, provenance_field, text_field, translations_field
from schema.policy import sees_audit_details
from schema.reads import Leaf, day, enum, leaf, string
from schema.relay import Connection, Edge, decode_cursor, encode_cursor, page_info, page_size

if TYPE_CHECKING:
    from schema.applications import Decision
    from schema.countries import Country
    from schema.documents import Document
    from schema.organisations import Organisation
    from schema.registries import QualityRegistry
    from schema.services import Service
    from schema.terminology import Condition, Procedure


Party = Annotated[
    Annotated["Country", strawberry.lazy("schema.countries")]
    | Annotated["Organisation", strawberry.lazy("schema.organisations")],
    strawberry.union("Party", description="A country or an organisation."),
]

ConcernedItem = Annotated[
    Annotated["Condition", strawberry.lazy("schema.terminology")]
    | Annotated["Procedure", strawberry.lazy("schema.terminology")]
    | Annotated["QualityRegistry", strawberry.lazy("schema.registries")]
    | Annotated["Service", strawberry.lazy("schema.services")],
    strawberry.union("ConcernedItem", description="A condition, procedure, registry or service."),
]


_ENDED = N_("Derived from its period, which ended {end}; no source says how it ended.")


@strawberry.type(description="A country or organisation taking part in a project.")
class Participant:
    party: Any = strawberry.field(graphql_type=Party)
    role: ParticipantRole | None
    provenance: Provenance


@strawberry.type(description="One entry in a project's log.")
class LogEntry(Node):
    text = text_field("text", "The entry in the served language.")
    translations = translations_field("text", "The entry in every language we have.")

    kind = leaf(enum("kind", LogEntryKind))
    date = leaf(day("date"), "The entry's day, when it is known to the day (see `when`).")

    when = partial_date_field(
        "date", "When it happened, as exactly as it is known: a day, a month, a year or bounds."
    )

    language = leaf(string("language"), "The language the entry was written in.")

    @strawberry.field(description="A document the entry refers to.")
    async def document(
        self, info: Info
    ) -> Annotated[Document, strawberry.lazy("schema.documents")] | None:
        return await linked_one(info, Relation.DOCUMENTED_IN, self.record.id)

    provenance = provenance_field()


@strawberry.federation.type(keys=["id"], description="A Nordic collaboration project or programme.")
class CollaborationProject(Node):
    title = text_field("title", "The title in the served language.")
    translations = translations_field("title", "The title in every language we have.")
    summary = text_field("summary", "What the project does.", required=False)
    summary_translations = translations_field("summary", "The summary in every language we have.")

    area = leaf(enum("area", ProjectArea))

    @strawberry.field(
        description="Where the project stands today; ENDED (derived) when its period is over "
        "while its record still says proposed or active (see `statusDerivedFrom`)."
    )
    def status(self) -> ProjectStatus | None:
        return member(ProjectStatus, self._status()[0])

    @strawberry.field(
        description="How `status` was derived, in the served language (or `language`); null "
        "when it is the recorded status."
    )
    def status_derived_from(self, info: Info, language: str | None = None) -> str | None:
        ends = self.record.partial_date("periodEnd")
        if not self._status()[1] or ends is None:
            return None
        served = requested_language(info, language)
        return gettext(_ENDED, served, end=describe(ends, served))

    def _status(self) -> tuple[str | None, bool]:
        return project_status(
            self.record.get_str("status"), self.record.partial_date("periodEnd"), dt.date.today()
        )

    period_start = leaf(day("periodStart"), "The first day of its period, when known to the day.")
    period_end = leaf(day("periodEnd"), "The last day of its period, when known to the day.")

    starts = partial_date_field("periodStart", "When its period starts, as exactly as known.")
    ends = partial_date_field("periodEnd", "When its period ends, as exactly as known.")

    @strawberry.field(description="Countries and organisations taking part, with their roles.")
    async def participants(self, info: Info) -> list[Participant]:
        return [
            Participant(
                party=to_type(link.node),
                role=member(ParticipantRole, link.props.get("role")),
                provenance=Provenance.of(link.provenance),
            )
            for link in await links(info, Relation.PROJECT_PARTICIPANTS, self.record.id)
        ]

    @strawberry.field(
        description="Conditions, procedures, registries and services concerned.",
        graphql_type=list[ConcernedItem],
    )
    async def concerns(self, info: Info) -> list[Any]:
        return await linked(info, Relation.PROJECT_CONCERNS, self.record.id)

    @strawberry.field(description="The programme this project belongs to.")
    async def part_of(self, info: Info) -> CollaborationProject | None:
        found: CollaborationProject | None = await linked_one(
            info, Relation.PROJECT_PARENT, self.record.id
        )
        return found

    @strawberry.field(description="Projects within this programme.")
    async def subprojects(self, info: Info) -> list[CollaborationProject]:
        return await linked(info, Relation.PROJECT_SUBPROJECTS, self.record.id)

    @strawberry.field(description="The project's log, oldest first.")
    async def log(self, info: Info) -> list[LogEntry]:
        return await linked(info, Relation.PROJECT_LOG, self.record.id)

    @strawberry.field(description="Decisions that recommended or assigned this project.")
    async def recommended_by(
        self, info: Info
    ) -> list[Annotated[Decision, strawberry.lazy("schema.applications")]]:
        return await linked(info, Relation.PROJECT_RECOMMENDED_BY, self.record.id)

    @strawberry.field(description="Decisions about this project.")
    async def decisions(
        self, info: Info
    ) -> list[Annotated[Decision, strawberry.lazy("schema.applications")]]:
        return await linked(info, Relation.DECISIONS_ABOUT, self.record.id)

    version = leaf(
        Leaf(
            "CASE WHEN coalesce(toInteger({n}.version), 0) = 0 THEN 1 "
            "ELSE toInteger({n}.version) END",
            lambda r: r.get_int("version") or 1,
            int,
        ),
        "The version to send with an update; each change to the project adds one.",
    )

    outcome = text_field("outcome", "What came of the project, once closed.", required=False)
    outcome_translations = translations_field("outcome", "The outcome in every language we have.")

    @strawberry.field(description="The project's log a page at a time, oldest first.")
    async def log_entries(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[LogEntry]:
        size, start = page_size(info, first), decode_cursor(after)

        async def load(repos: Repositories, keys: Sequence[str]) -> list[LogPage]:
            return await repos.projects.log_pages(keys, first=size, after=start)

        # One round trip for every project on the same path and page.
        loader = info.context.loaders.keyed(("logEntries", field_path(info), size, start), load)
        return log_connection(await loader.load(self.record.id), after=start)

    @strawberry.field(
        description="Every write to this project: who and when for everyone; the role, token "
        "and values before and after for the body that wrote it and the project's coordinators."
    )
    async def audit_trail(
        self, info: Info
    ) -> list[Annotated[AuditEntry, strawberry.lazy("schema.identity")]]:
        entries = await links(info, Relation.PROJECT_AUDIT_TRAIL, self.record.id)
        viewer = await info.context.reader()
        coordinators: frozenset[str] = frozenset()
        if entries and viewer.role is AccessRoleEnum.COORDINATOR:
            found = await links(info, Relation.PROJECT_COORDINATORS, self.record.id)
            coordinators = frozenset(link.node.id for link in found)
        return [
            AuditEntry(
                record=link.node,
                details=sees_audit_details(viewer, link.node.get_str("actor"), coordinators),
            )
            for link in entries
        ]

    provenance = provenance_field()


def log_connection(page: LogPage, *, after: str | None) -> Connection[LogEntry]:
    """A page of a log as the connection ``logEntries`` answers (``after``: the decoded cursor)."""
    edges = [
        Edge(cursor=encode_cursor(sort_key), node=LogEntry.from_record(record))
        for sort_key, record in page.items
    ]
    return Connection(
        edges=edges,
        page_info=page_info(edges, has_next=page.has_next, has_previous=after is not None),
        total=page.total,
    )
