"""Checks on arguments that GraphQL's types cannot express; each failure is an :class:`ApiError`
raised before any graph query runs."""

from __future__ import annotations

import re

from graph.vocabulary import COUNTRY_CODES
from schema.errors import ApiError, ErrorCode

_ID = re.compile(r"^[a-z-]+:[A-Za-z0-9][A-Za-z0-9.:_-]{0,199}$")


def country_code(value: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code of a Nordic country, upper-cased; None stays None."""
    if value is None:
        return None
    code = value.strip().upper()
    if code not in COUNTRY_CODES:
        raise ApiError(ErrorCode.UNKNOWN_COUNTRY, country=value, known=", ".join(COUNTRY_CODES))
    return code


def entity_id(value: str | None) -> str | None:
    """An id of this hub (``prefix:slug``); None stays None."""
    if value is None:
        return None
    if not _ID.match(value):
        raise ApiError(ErrorCode.BAD_ID, id=value)
    return value


def year(value: int | None, argument: str = "year") -> int | None:
    if value is None:
        return None
    if not 1900 <= value <= 2200:
        raise ApiError(ErrorCode.BAD_USER_INPUT, argument=argument, detail=str(value))
    return value
