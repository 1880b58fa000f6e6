"""Names of countries and languages, and formatted dates and numbers, from CLDR via babel."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_interval, format_skeleton

from i18n.languages import SUPPORTED_LANGUAGES, fallback_chain


@cache
def locale(tag: str) -> Locale:
    return Locale.parse(tag)


def country_name(code: str, language: str) -> str:
    """``country_name("NO", "nn") == "Noreg"``; falls back along the language's chain."""
    for tag in fallback_chain(language):
        name = locale(tag).territories.get(code)
        if name:
            return str(name)
    return code


def country_names(code: str) -> dict[str, str]:
    """The country's name in every supported language that CLDR names it in."""
    names: dict[str, str] = {}
    for tag in SUPPORTED_LANGUAGES:
        name = locale(tag).territories.get(code)
        if name:
            names[tag] = str(name)
    return names


def language_name(tag: str, language: str) -> str:
    """``language_name("fi", "sv") == "finska"``."""
    for display in fallback_chain(language):
        name = locale(display).languages.get(tag)
        if name:
            return str(name)
    return tag


def format_date(value: dt.date, language: str, style: str = "long") -> str:
    return str(_format_date(value, format=style, locale=locale(language)))


def format_month(value: dt.date, language: str) -> str:
    """``format_month(date(2013, 2, 1), "nb") == "februar 2013"``."""
    return str(format_skeleton("yMMMM", value, locale=locale(language)))


def format_range(start: dt.date, end: dt.date, language: str) -> str:
    """``format_range(date(2013, 2, 1), date(2013, 5, 1), "nb") == "1. februar–1. mai 2013"``."""
    return str(format_interval(start, end, "yMMMMd", locale=locale(language)))
