"""What every node type shares: the ``Node`` interface, provenance, and localized text fields.

Types are backed by a :class:`graph.models.Record`; ``text_field`` and ``translations_field``
build the resolvers for a multilingual property (``name``, ``title``, ``summary`` ...), so each
type declares them in one line.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, LiteralString

import strawberry

from graph.models import Provenance as ProvenanceRecord
from graph.models import Record
from graph.vocabulary import PROPER_NAMES
from schema.context import Info
from schema.convert import field_path, of_label
from schema.language import (
    LocalizedText,
    Translation,
    described,
    is_proper_name,
    localized,
    pick,
    pick_property,
    requested_language,
    translations,
)
from schema.reads import ID, PROVENANCE, READ, Text

if TYPE_CHECKING:
    from schema.documents import Document


@strawberry.interface(description="Anything with a stable, globally unique id.")
class Node:
    id: strawberry.ID = strawberry.field(metadata={READ: ID})
    record: strawberry.Private[Record]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Each text field of a type gets a ``…Localized`` sibling that says which language it
        served and whether that is the original; a proper name reads as one (see ``Text``)."""
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            read = getattr(value, "metadata", {}).get(READ)
            if not isinstance(read, Text):
                continue
            if (cls.__name__, read.prefix) in PROPER_NAMES:
                proper = Text(read.prefix, read.required, proper=True)
                value.metadata = MappingProxyType({**value.metadata, READ: proper})
            if f"{name}_localized" not in vars(cls):
                setattr(cls, f"{name}_localized", localized_field(read.prefix))

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

    _note_original: strawberry.Private[str | None] = None
    _note_translated_by: strawberry.Private[str | None] = None

    @strawberry.field(description="Why the fact is illustrative, or other remarks on its source.")
    def note(self, info: Info, language: str | None = None) -> str | None:
        found = pick(self._note, requested_language(info, language))
        return found[0] if found else None

    @strawberry.field(description="The note with its language, and whether it is the original.")
    def note_localized(self, info: Info, language: str | None = None) -> LocalizedText | None:
        served = requested_language(info, language)
        return described(
            pick(self._note, served), served, self._note_original, self._note_translated_by
        )

    @strawberry.field(description="The source document, when the source is one of ours.")
    async def document(
        self, info: Info
    ) -> Annotated[Document, strawberry.lazy("schema.documents")] | None:
        if not self.source.startswith("document:"):
            return None
        found = await info.context.loaders.nodes(field_path(info)).load(self.source)
        document: Document | None = of_label(found, "Document")
        return document

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
            _note_original=record.note_original,
            _note_translated_by=record.note_translated_by,
        )


def _pick(record: Record, prefix: str, language: str) -> tuple[str, str] | None:
    return pick_property(record.props, prefix, language, proper_name=is_proper_name(record, prefix))


def text_field(prefix: LiteralString, description: str, *, required: bool = True) -> Any:
    """A ``<prefix>(language: String): String`` field over ``<prefix>_<lang>`` properties (and,
    on a ``Node``, its ``<field>Localized`` sibling)."""
    if required:

        def resolve_required(root: Any, info: Info, language: str | None = None) -> str:
            found = _pick(root.record, prefix, requested_language(info, language))
            return found[0] if found else str(root.record.id)

        resolve: Any = resolve_required
    else:

        def resolve_optional(root: Any, info: Info, language: str | None = None) -> str | None:
            found = _pick(root.record, prefix, requested_language(info, language))
            return found[0] if found else None

        resolve = resolve_optional
    read = Text(prefix, required)
    return strawberry.field(resolver=resolve, description=description, metadata={READ: read})


def localized_field(prefix: str) -> Any:
    """``<field>Localized(language)``: the text as served, in which language, and what it is."""

    def resolve(root: Any, info: Info, language: str | None = None) -> LocalizedText | None:
        return localized(root.record, prefix, requested_language(info, language))

    return strawberry.field(
        resolver=resolve,
        description="The same text with the language it is served in, and whether that is the "
        "original or a translation.",
    )


def translations_field(prefix: str, description: str) -> Any:
    def resolve(root: Any, info: Info) -> list[Translation]:
        props = root.record.props
        return translations(
            root.record.text(prefix),
            info.context.language,
            original=props.get(f"{prefix}Original"),
            translated_by=props.get(f"{prefix}TranslatedBy"),
        )

    return strawberry.field(resolver=resolve, description=description)


def provenance_field() -> Any:
    def resolve(root: Any) -> Provenance:
        return Provenance.of(root.record.provenance)

    return strawberry.field(
        resolver=resolve,
        description="Where this fact comes from and when it was recorded.",
        metadata={READ: PROVENANCE},
    )
