"""Domain records read from the graph: plain frozen dataclasses, no GraphQL, no driver types.

Nodes store multilingual text as one property per language (``name_nb``, ``name_sv`` ...) and
synonyms as string lists (``synonyms_fi``); provenance as ``source``, ``sourceDate``,
``recordedAt``, ``recordedBy``, ``illustrative`` and ``note_<lang>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.vocabulary import DatePrecision

Texts = Mapping[str, str]
Props = Mapping[str, Any]


def native(value: Any) -> Any:
    """Driver temporal values to Python's ``datetime`` types; everything else unchanged."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def texts(props: Props, prefix: str) -> dict[str, str]:
    """``{"nb": ..., "sv": ...}`` from ``name_nb``, ``name_sv`` ... properties."""
    start = prefix + "_"
    return {
        key[len(start) :]: value for key, value in props.items() if key.startswith(start) and value
    }


def text_lists(props: Props, prefix: str) -> dict[str, tuple[str, ...]]:
    start = prefix + "_"
    return {
        key[len(start) :]: tuple(value)
        for key, value in props.items()
        if key.startswith(start) and value
    }


def _date(props: Props, key: str) -> dt.date | None:
    value = native(props.get(key))
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _datetime(props: Props, key: str) -> dt.datetime | None:
    value = native(props.get(key))
    return value if isinstance(value, dt.datetime) else None


@dataclass(frozen=True, slots=True)
class Provenance:
    source: str
    source_date: dt.date | None = None
    recorded_at: dt.datetime | None = None
    recorded_by: str | None = None
    illustrative: bool = False
    note: Texts = field(default_factory=dict)
    sync_run: str | None = None
    withdrawn_at: dt.datetime | None = None
    note_original: str | None = None
    note_translated_by: str | None = None

    @classmethod
    def from_props(cls, props: Props) -> Provenance:
        return cls(
            source=str(props.get("source") or "unknown"),
            source_date=_date(props, "sourceDate"),
            recorded_at=_datetime(props, "recordedAt"),
            recorded_by=props.get("recordedBy"),
            illustrative=bool(props.get("illustrative", False)),
            note=texts(props, "note"),
            sync_run=props.get("syncRun"),
            withdrawn_at=_datetime(props, "withdrawnAt"),
            note_original=props.get("noteOriginal"),
            note_translated_by=props.get("noteTranslatedBy"),
        )


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as exactly as its source gives it, or as the hub could bound it.

    Stored on a node as ``<key>`` (a day) or as ``<key>Earliest``, ``<key>Latest`` and
    ``<key>Precision`` (a month, a year, or bounds; either bound may be open), with
    ``<key>DerivedFrom_<lang>`` saying how the hub derived it when no source states it.
    """

    precision: DatePrecision
    earliest: dt.date | None
    latest: dt.date | None
    derived_from: Texts = field(default_factory=dict)
    derived_original: str | None = None
    derived_translated_by: str | None = None

    @property
    def day(self) -> dt.date | None:
        return self.earliest if self.precision is DatePrecision.DAY else None

    @property
    def year(self) -> int | None:
        if self.earliest and self.latest and self.earliest.year == self.latest.year:
            return self.earliest.year
        return None

    @property
    def month(self) -> int | None:
        if self.precision in (DatePrecision.DAY, DatePrecision.MONTH) and self.earliest:
            return self.earliest.month
        return None

    @classmethod
    def of(cls, props: Props, key: str) -> PartialDate | None:
        how = f"{key}DerivedFrom"
        derived = (texts(props, how), props.get(f"{how}Original"), props.get(f"{how}TranslatedBy"))
        day = _date(props, key)
        if day is not None:
            return cls(DatePrecision.DAY, day, day, *derived)
        earliest, latest = _date(props, f"{key}Earliest"), _date(props, f"{key}Latest")
        if earliest is None and latest is None:
            return None
        precision = props.get(f"{key}Precision") or DatePrecision.RANGE.value
        return cls(DatePrecision(precision), earliest, latest, *derived)


@dataclass(frozen=True, slots=True)
class Record:
    """What every node record has: its id, label, the raw properties and their provenance.

    The provenance is read from the properties when asked for: most answers never select it, and
    building it for every record of a page cost a noticeable share of a request (bench.profile).
    """

    id: str
    label: str
    props: Props

    @property
    def provenance(self) -> Provenance:
        return Provenance.from_props(self.props)

    def text(self, prefix: str) -> dict[str, str]:
        return texts(self.props, prefix)

    def texts_list(self, prefix: str) -> dict[str, tuple[str, ...]]:
        return text_lists(self.props, prefix)

    def get_date(self, key: str) -> dt.date | None:
        return _date(self.props, key)

    def partial_date(self, key: str) -> PartialDate | None:
        return PartialDate.of(self.props, key)

    def get_datetime(self, key: str) -> dt.datetime | None:
        return _datetime(self.props, key)

    def get_str(self, key: str) -> str | None:
        value = self.props.get(key)
        return None if value is None else str(value)

    def get_int(self, key: str) -> int | None:
        value = self.props.get(key)
        return None if value is None else int(value)

    def get_float(self, key: str) -> float | None:
        value = self.props.get(key)
        return None if value is None else float(value)

    def get_strings(self, key: str) -> tuple[str, ...]:
        value = self.props.get(key)
        return tuple(value) if value else ()

    @property
    def illustrative(self) -> bool:
        return bool(self.props.get("illustrative", False))

    @property
    def withdrawn(self) -> bool:
        """Its source no longer states it (``withdrawnAt``): history, not a current fact."""
        return self.props.get("withdrawnAt") is not None


@dataclass(frozen=True, slots=True)
class Link:
    """A related node and the properties (and provenance) of the relationship leading to it."""

    node: Record
    props: Props

    @property
    def provenance(self) -> Provenance:
        return Provenance.from_props(self.props)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a keyset-paginated list, ordered by id."""

    items: tuple[Record, ...]
    has_next: bool
    total: int | None = None


def record(row: Props) -> Record:
    """A record from a query row ``{label: ..., props: ...}`` (see ``graph.queries``)."""
    props = row["props"]
    return Record(id=str(props["id"]), label=str(row["label"]), props=props)


def link(row: Props) -> Link:
    rel = row.get("rel") or {}
    return Link(node=record(row), props=rel)
