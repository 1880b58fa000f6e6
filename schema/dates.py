"""Dates as exactly as their sources give them: a day, a month, a year, or only bounds.

A node's date may be known to the day ("26 February 2013"), to the month ("February 2013", the
expert group's report), to the year ("2010", when EK-S was tasked), or only between bounds (an
undated letter that cites one dated letter and sets a deadline). :class:`PartialDate` says which,
how it reads in the served language, and, when the hub derived it rather than a source stating
it, from what.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from graph.models import PartialDate as PartialDateRecord
from i18n.cldr import format_date, format_month, format_range
from i18n.messages import N_, gettext
from schema.context import Info
from schema.enums import DatePrecision
from schema.language import LocalizedText, described, pick, requested_language

_NOT_BEFORE = N_("not before {date}")
_NOT_AFTER = N_("not after {date}")


@strawberry.type(
    description="A date as exactly as its source gives it (a day, a month, a year) or as the hub "
    "could bound it; `derived` when no source states it, and `derivedFrom` says how."
)
class PartialDate:
    record: strawberry.Private[PartialDateRecord]

    @strawberry.field(description="DAY, MONTH, YEAR, or RANGE when only bounds are known.")
    def precision(self) -> DatePrecision:
        return self.record.precision

    @strawberry.field(description="The day, when it is known to the day.")
    def date(self) -> dt.date | None:
        return self.record.day

    @strawberry.field(description="The year, when it is known.")
    def year(self) -> int | None:
        return self.record.year

    @strawberry.field(description="The month (1–12), when it is known.")
    def month(self) -> int | None:
        return self.record.month

    @strawberry.field(description="The first day it can be; null when open.")
    def earliest(self) -> dt.date | None:
        return self.record.earliest

    @strawberry.field(description="The last day it can be; null when open.")
    def latest(self) -> dt.date | None:
        return self.record.latest

    @strawberry.field(description="True when the hub derived it; no source states it.")
    def derived(self) -> bool:
        return bool(self.record.derived_from)

    @strawberry.field(description="How the hub derived it, in the served language (or `language`).")
    def derived_from(self, info: Info, language: str | None = None) -> str | None:
        found = pick(self.record.derived_from, requested_language(info, language))
        return found[0] if found else None

    @strawberry.field(description="How it was derived, with the language it is served in.")
    def derived_from_localized(
        self, info: Info, language: str | None = None
    ) -> LocalizedText | None:
        served = requested_language(info, language)
        value = self.record
        found = pick(value.derived_from, served)
        return described(found, served, value.derived_original, value.derived_translated_by)

    @strawberry.field(
        description="The date as people write it in the served language (or `language`), "
        "e.g. `26. februar 2013`, `februar 2013`, `2013`, `1.–30. april 2013`."
    )
    def text(self, info: Info, language: str | None = None) -> str:
        return describe(self.record, requested_language(info, language))


def describe(value: PartialDateRecord, language: str) -> str:
    """How ``value`` reads in ``language`` (CLDR patterns; open bounds from the catalogs)."""
    earliest, latest = value.earliest, value.latest
    if value.precision is DatePrecision.DAY and earliest:
        return format_date(earliest, language)
    if value.precision is DatePrecision.MONTH and earliest:
        return format_month(earliest, language)
    if value.precision is DatePrecision.YEAR and earliest:
        return str(earliest.year)
    if earliest and latest:
        return format_range(earliest, latest, language)
    if earliest:
        return gettext(_NOT_BEFORE, language, date=format_date(earliest, language))
    assert latest is not None
    return gettext(_NOT_AFTER, language, date=format_date(latest, language))


def of(value: PartialDateRecord | None) -> PartialDate | None:
    return PartialDate(record=value) if value is not None else None


def partial_date_field(key: str, description: str) -> Any:
    """A ``PartialDate`` field over a node's ``<key>`` properties (see ``graph.models``)."""

    def resolve(root: Any) -> PartialDate | None:
        return of(root.record.partial_date(key))

    return strawberry.field(resolver=resolve, description=description)
