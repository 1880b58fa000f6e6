"""What every node type shares: the ``Node`` interface, provenance, and localized text fields.

Types are backed by a :class:`graph.models.Record`; ``text_field`` and ``translations_field``
build the resolvers for a multilingual property (``name``, ``title``, ``summary`` ...), so each
type declares them in one line.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph.models import Provenance as ProvenanceRecord
from graph.models import Record
from resolvers.context import Info
from schema.convert import field_path
from schema.language import (
    Translation,
    pick,
    pick_property,
    requested_language,
    translations,
)

if TYPE_CHECKING:
    from schema.documents import Document


@strawberry.interface(description="Anything with a stable, globally unique id.")
class Node:
    id: strawberry.ID
    record: strawberry.Private[Record]

    @classmethod
    def from_record(cls, record: Record) -> Any:
        return cls(id=strawberry.ID(record.id), record=record)


@strawberry.type(description="Where a fact comes from and when it was recorded.")
class Provenance:
    source: str = strawberry.field(
        description="The source: a document id (see `document`) or the URL of a public source."
    )
    source_date: dt.date | None = strawberry.field(description="The date of the source.")
    recorded_at: dt.datetime | None = strawberry.field(description="When the hub recorded it.")
    recorded_by: str | None = strawberry.field(
        description="Who recorded it: `seed`, a partner, or a sync run."
    )
    illustrative: bool = strawberry.field(
        description="True when no source confirms the fact; shown for illustration only."
    )
    sync_run: str | None = strawberry.field(description="The sync run that brought it, if any.")
    withdrawn_at: dt.datetime | None = strawberry.field(
        description="When its source stopped stating it; kept as history, not deleted."
    )
    stale_since: dt.datetime | None = strawberry.field(
        description="Since when its source has a newer version the hub could not read (it "
        "shows the last one it could); null when current."
    )
    stale_reason: str | None = strawberry.field(
        description="Why the source's newer version was refused, as the sync run recorded it."
    )
    unmapped: list[str] = strawberry.field(
        description="What the source stated that the hub could not map (fields, codes), or "
        "that valid FHIR left out."
    )
    _note: strawberry.Private[dict[str, str]]

    @strawberry.field(description="Why the fact is illustrative, or other remarks on its source.")
    def note(self, info: Info, language: str | None = None) -> str | None:
        found = pick(self._note, requested_language(info, language))
        return found[0] if found else None

    @strawberry.field(description="The source document, when the source is one of ours.")
    async def document(
        self, info: Info
    ) -> Annotated[Document, strawberry.lazy("schema.documents")] | None:
        from schema.documents import Document

        if not self.source.startswith("document:"):
            return None
        found = await info.context.loaders.nodes(field_path(info)).load(self.source)
        return Document.from_record(found) if found and found.label == "Document" else None

    @classmethod
    def of(cls, record: ProvenanceRecord) -> Provenance:
        return cls(
            source=record.source,
            source_date=record.source_date,
            recorded_at=record.recorded_at,
            recorded_by=record.recorded_by,
            illustrative=record.illustrative,
            sync_run=record.sync_run,
            withdrawn_at=record.withdrawn_at,
            stale_since=record.stale_since,
            stale_reason=record.stale_reason,
            unmapped=list(record.unmapped),
            _note=dict(record.note),
        )


def text_field(prefix: str, description: str, *, required: bool = True) -> Any:
    """A ``<prefix>(language: String): String`` field over ``<prefix>_<lang>`` properties."""

    if required:

        def resolve_required(root: Any, info: Info, language: str | None = None) -> str:
            found = pick_property(root.record.props, prefix, requested_language(info, language))
            return found[0] if found else str(root.record.id)

        return strawberry.field(resolver=resolve_required, description=description)

    def resolve_optional(root: Any, info: Info, language: str | None = None) -> str | None:
        found = pick_property(root.record.props, prefix, requested_language(info, language))
        return found[0] if found else None

    return strawberry.field(resolver=resolve_optional, description=description)


def translations_field(prefix: str, description: str) -> Any:
    def resolve(root: Any, info: Info) -> list[Translation]:
        return translations(root.record.text(prefix), info.context.language)

    return strawberry.field(resolver=resolve, description=description)


def provenance_field() -> Any:
    def resolve(root: Any) -> Provenance:
        return Provenance.of(root.record.provenance)

    return strawberry.field(
        resolver=resolve, description="Where this fact comes from and when it was recorded."
    )
