"""How a partial date reads in each language (CLDR patterns, the catalogs for open bounds)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.models import PartialDate
from graph.vocabulary import DatePrecision
from schema.dates import describe

FEB = dt.date(2013, 2, 1)


@pytest.mark.parametrize(
    ("value", "language", "text"),
    [
        (PartialDate(DatePrecision.DAY, dt.date(2013, 2, 26), dt.date(2013, 2, 26)), "nb",
         "26. februar 2013"),
        (PartialDate(DatePrecision.MONTH, FEB, dt.date(2013, 2, 28)), "sv", "februari 2013"),
        (PartialDate(DatePrecision.MONTH, FEB, dt.date(2013, 2, 28)), "en", "February 2013"),
        (PartialDate(DatePrecision.YEAR, dt.date(2010, 1, 1), dt.date(2010, 12, 31)), "fi", "2010"),
        (PartialDate(DatePrecision.RANGE, dt.date(2017, 1, 1), None), "nb",
         "tidligst 1. januar 2017"),
        (PartialDate(DatePrecision.RANGE, None, dt.date(2013, 4, 30)), "en",
         "not after April 30, 2013"),
    ],
)  # fmt: skip
def test_describe(value: PartialDate, language: str, text: str) -> None:
    assert describe(value, language) == text


def test_a_range_reads_as_an_interval_in_the_language() -> None:
    value = PartialDate(DatePrecision.RANGE, dt.date(2012, 11, 2), dt.date(2013, 4, 30))
    texts = {language: describe(value, language) for language in ("nb", "sv", "en", "fi")}
    assert len(set(texts.values())) == 4
    assert all("2012" in t and "2013" in t for t in texts.values())


def test_what_each_precision_knows() -> None:
    month = PartialDate(DatePrecision.MONTH, FEB, dt.date(2013, 2, 28))
    assert (month.day, month.year, month.month) == (None, 2013, 2)
    bounds = PartialDate(DatePrecision.RANGE, dt.date(2012, 11, 2), dt.date(2013, 4, 30))
    assert (bounds.day, bounds.year, bounds.month) == (None, None, None)
