"""Errors a caller can cause or meet, each with a stable ``extensions.code`` and a message from
the gettext catalogs in the caller's language.

Resolvers raise :class:`ApiError`; :func:`format_error` turns every GraphQL error, including parse
and validation errors and unexpected failures, into the same localized shape.
"""

from __future__ import annotations

import logging
import uuid
from enum import StrEnum
from typing import Any

from graphql import GraphQLError

from graph.errors import GraphUnavailable
from i18n.messages import N_, gettext

logger = logging.getLogger("nordhub.errors")


class ErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    BAD_ID = "BAD_ID"
    BAD_CURSOR = "BAD_CURSOR"
    BAD_PAGE_SIZE = "BAD_PAGE_SIZE"
    UNSUPPORTED_LANGUAGE = "UNSUPPORTED_LANGUAGE"
    UNKNOWN_COUNTRY = "UNKNOWN_COUNTRY"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    GRAPH_UNAVAILABLE = "GRAPH_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
    QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
    RATE_LIMITED = "RATE_LIMITED"
    INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"


MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.NOT_FOUND: N_("Nothing was found with the id “{id}”."),
    ErrorCode.BAD_ID: N_(
        "“{id}” is not an id of this hub. Ids look like “service:no-retinoblastom”."
    ),
    ErrorCode.BAD_CURSOR: N_(
        "The cursor “{cursor}” is not valid. Use a cursor from this list's edges or pageInfo."
    ),
    ErrorCode.BAD_PAGE_SIZE: N_("“{argument}” must be between 0 and {maximum}, but was {value}."),
    ErrorCode.UNSUPPORTED_LANGUAGE: N_(
        "The language “{language}” is not supported. Use one of: {supported}."
    ),
    ErrorCode.UNKNOWN_COUNTRY: N_(
        "“{country}” is not a country this hub knows. Use one of: {known}."
    ),
    ErrorCode.BAD_USER_INPUT: N_("The value of “{argument}” is not valid: {detail}"),
    ErrorCode.GRAPHQL_PARSE_FAILED: N_("The request could not be read as GraphQL: {detail}"),
    ErrorCode.GRAPHQL_VALIDATION_FAILED: N_("The request does not fit the schema: {detail}"),
    ErrorCode.GRAPH_UNAVAILABLE: N_(
        "The graph database is not answering right now. Please try again shortly."
    ),
    ErrorCode.INTERNAL_SERVER_ERROR: N_(
        "Something went wrong in the hub. The error has been logged."
    ),
    ErrorCode.SERVICE_UNAVAILABLE: N_(
        "The graph database is not answering right now. Please try again shortly."
    ),
    ErrorCode.QUERY_TOO_DEEP: N_(
        "The query nests {depth} levels deep; at most {maximum} are allowed."
    ),
    ErrorCode.TOO_MANY_ALIASES: N_(
        "The query uses {count} aliases; at most {maximum} are allowed."
    ),
    ErrorCode.TOO_MANY_TOKENS: N_("The query is longer than {maximum} tokens."),
    ErrorCode.QUERY_TOO_COSTLY: N_(
        "The query could fetch about {cost} objects; at most {maximum} are allowed. "
        "Ask for smaller pages (“first”) or fewer nested lists."
    ),
    ErrorCode.REQUEST_TOO_LARGE: N_("The request body is larger than {maximum} bytes."),
    ErrorCode.REQUEST_TIMEOUT: N_(
        "The request took longer than {seconds} seconds and was stopped."
    ),
    ErrorCode.RATE_LIMITED: N_("Too many requests. Please wait {seconds} seconds and try again."),
    ErrorCode.INTROSPECTION_DISABLED: N_("Introspection is turned off on this hub."),
}


class ApiError(Exception):
    """Raised for input or state the caller can do something about; never for our own bugs."""

    def __init__(self, code: ErrorCode, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params

    def message(self, language: str | None = None) -> str:
        return gettext(MESSAGES[self.code], language, **self.params)


def _classify(error: GraphQLError) -> tuple[ErrorCode, dict[str, Any]]:
    original = error.original_error
    if isinstance(original, ApiError):
        return original.code, original.params
    if isinstance(original, GraphUnavailable):
        return ErrorCode.SERVICE_UNAVAILABLE, {}
    if original is None and not error.path:  # parse, validation and variable errors
        if error.message.startswith("Syntax Error: Document contains more than"):
            return ErrorCode.TOO_MANY_TOKENS, {"maximum": _token_limit(error.message)}
        if error.message.startswith("Syntax Error"):
            return ErrorCode.GRAPHQL_PARSE_FAILED, {"detail": error.message}
        if error.message.startswith("Variable "):
            return ErrorCode.BAD_USER_INPUT, {"argument": "variables", "detail": error.message}
        return ErrorCode.GRAPHQL_VALIDATION_FAILED, {"detail": error.message}
    # The caller gets only an id; the log has the id and the stack trace.
    error_id = uuid.uuid4().hex
    # Errors with a path and no cause are ours too, e.g. a null for a non-null field.
    logger.error(
        "unexpected error %s in %s: %s", error_id, error.path, error.message, exc_info=original
    )
    return ErrorCode.INTERNAL_SERVER_ERROR, {"errorId": error_id}


def _token_limit(message: str) -> int:
    words = [w for w in message.split() if w.isdigit()]
    return int(words[0]) if words else 0


def format_error(error: GraphQLError, language: str) -> dict[str, Any]:
    """The error as it goes to the caller: localized message, stable code, path, locations."""
    code, params = _classify(error)
    formatted: dict[str, Any] = {
        "message": gettext(MESSAGES[code], language, **params),
        "extensions": {"code": code.value, **_public(params)},
    }
    if error.locations:
        formatted["locations"] = [
            {"line": loc.line, "column": loc.column} for loc in error.locations
        ]
    if error.path:
        formatted["path"] = list(error.path)
    return formatted


def _public(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if isinstance(v, (str, int, float, bool))}
