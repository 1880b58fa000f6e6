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
    ILLUSTRATIVE_HIDDEN = "ILLUSTRATIVE_HIDDEN"
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
    RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"
    # GraphQL over HTTP (nordhub.graphql_http): the request is not a GraphQL request at all
    BAD_JSON = "BAD_JSON"
    BAD_REQUEST_BODY = "BAD_REQUEST_BODY"
    BAD_REQUEST_PARAMETER = "BAD_REQUEST_PARAMETER"
    QUERY_MISSING = "QUERY_MISSING"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"

    BAD_REPRESENTATION = "BAD_REPRESENTATION"
    UNKNOWN_ENTITY_TYPE = "UNKNOWN_ENTITY_TYPE"
    MISSING_KEY_FIELD = "MISSING_KEY_FIELD"
    BAD_KEY = "BAD_KEY"
    # Identity and authorisation (schema.credentials, schema.policy)
    UNAUTHENTICATED = "UNAUTHENTICATED"
    TOKEN_INVALID = "TOKEN_INVALID"  # noqa: S105 - an error code, not a secret
    TOKEN_REVOKED = "TOKEN_REVOKED"  # noqa: S105
    FORBIDDEN = "FORBIDDEN"
    ROLE_NOT_GRANTABLE = "ROLE_NOT_GRANTABLE"
    # Integrity of writes (resolvers.mutations)
    VERSION_CONFLICT = "VERSION_CONFLICT"
    BAD_IDEMPOTENCY_KEY = "BAD_IDEMPOTENCY_KEY"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    WRITE_OUTCOME_UNKNOWN = "WRITE_OUTCOME_UNKNOWN"
    WRITTEN_NOT_READ = "WRITTEN_NOT_READ"
    # Validation of project writes (resolvers.project_mutations)
    TITLE_REQUIRED = "TITLE_REQUIRED"
    TEXT_REQUIRED = "TEXT_REQUIRED"
    TEXT_TOO_LONG = "TEXT_TOO_LONG"
    DUPLICATE_LANGUAGE = "DUPLICATE_LANGUAGE"
    PERIOD_ENDS_BEFORE_START = "PERIOD_ENDS_BEFORE_START"
    UNKNOWN_ORGANISATION = "UNKNOWN_ORGANISATION"
    UNKNOWN_REFERENCE = "UNKNOWN_REFERENCE"
    ALREADY_PARTICIPANT = "ALREADY_PARTICIPANT"
    NOT_PARTICIPANT = "NOT_PARTICIPANT"
    PROJECT_CLOSED = "PROJECT_CLOSED"
    PROJECT_NOT_CLOSED = "PROJECT_NOT_CLOSED"
    # The yearly cycle of national services (issue 5)
    APPLICATION_LIST_EMPTY = "APPLICATION_LIST_EMPTY"
    APPLICATION_LIST_EXISTS = "APPLICATION_LIST_EXISTS"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    APPLICATION_NOT_ASSESSED = "APPLICATION_NOT_ASSESSED"
    APPLICATION_NOT_AWAITING_ASSESSMENT = "APPLICATION_NOT_AWAITING_ASSESSMENT"
    APPLICATION_ALREADY_DECIDED = "APPLICATION_ALREADY_DECIDED"
    DECISION_WITHOUT_LEGAL_BASIS = "DECISION_WITHOUT_LEGAL_BASIS"
    LEGAL_BASIS_MISMATCH = "LEGAL_BASIS_MISMATCH"
    REJECTION_WITHOUT_REASON = "REJECTION_WITHOUT_REASON"
    FURTHER_ASSESSMENT_WITHOUT_DEADLINE = "FURTHER_ASSESSMENT_WITHOUT_DEADLINE"
    DEADLINE_NOT_AFTER_DECISION = "DEADLINE_NOT_AFTER_DECISION"
    RESULT_TARGET_WITHOUT_MEASURE = "RESULT_TARGET_WITHOUT_MEASURE"
    RESULT_TARGETS_MISSING = "RESULT_TARGETS_MISSING"
    DISSEMINATION_PLAN_MISSING = "DISSEMINATION_PLAN_MISSING"
    SERVICE_NOT_APPROVED = "SERVICE_NOT_APPROVED"
    ANNUAL_REPORT_EXISTS = "ANNUAL_REPORT_EXISTS"
    NO_ANNUAL_REPORT = "NO_ANNUAL_REPORT"
    NOT_A_REGIONAL_HEALTH_AUTHORITY = "NOT_A_REGIONAL_HEALTH_AUTHORITY"
    SEARCH_TEXT_EMPTY = "SEARCH_TEXT_EMPTY"
    SEARCH_TEXT_TOO_LONG = "SEARCH_TEXT_TOO_LONG"
    BAD_CODE = "BAD_CODE"
    TREATMENT_OR_CODE = "TREATMENT_OR_CODE"
    # Partner pushes (resolvers.partner_mutations)
    BAD_REFERENCE_KEY = "BAD_REFERENCE_KEY"
    NOT_IN_COUNTRY = "NOT_IN_COUNTRY"
    KIND_NOT_OF_COUNTRY = "KIND_NOT_OF_COUNTRY"
    BAD_YEAR = "BAD_YEAR"
    # Registry feeds checked through the API (resolvers.feed_validation)
    FEED_UNREADABLE = "FEED_UNREADABLE"
    UNKNOWN_SOURCE = "UNKNOWN_SOURCE"


MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.NOT_FOUND: N_("Nothing was found with the id “{id}”."),
    ErrorCode.ILLUSTRATIVE_HIDDEN: N_(
        "“{id}” is an illustrative entry: no source confirms it. Ask with "
        "“includeIllustrative: true” to see it."
    ),
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
    ErrorCode.RESPONSE_TOO_LARGE: N_(
        "The answer would be larger than {maximum} bytes. Ask for fewer objects or smaller pages."
    ),
    ErrorCode.BAD_JSON: N_("The request body is not valid JSON in UTF-8."),
    ErrorCode.BAD_REQUEST_BODY: N_(
        "The request body must be a JSON object with a “query”, but it is a JSON {kind}."
    ),
    ErrorCode.BAD_REQUEST_PARAMETER: N_(
        "“{parameter}” must be a JSON {expected} or left out, but it is a JSON {kind}."
    ),
    ErrorCode.QUERY_MISSING: N_(
        "The request has no “query”: send the GraphQL document as a string."
    ),
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: N_(
        "Send the request body as “application/json” in UTF-8, not as “{media_type}”."
    ),
    ErrorCode.METHOD_NOT_ALLOWED: N_("This request cannot be sent with {method}; use {allowed}."),
    ErrorCode.OPERATION_RESOLUTION_FAILURE: N_(
        "It is not clear which operation to run: name one the document has in “operationName”."
    ),
    ErrorCode.BAD_REPRESENTATION: N_(
        "Entity representation {index} is not an object with a “__typename”."
    ),
    ErrorCode.UNKNOWN_ENTITY_TYPE: N_(
        "“{typename}” is not an entity type of this hub. Use one of: {known}."
    ),
    ErrorCode.MISSING_KEY_FIELD: N_(
        "The representation of “{typename}” lacks a key. Give all fields of one of: {keys}."
    ),
    ErrorCode.BAD_KEY: N_("The key “{field}” of “{typename}” is not valid: “{value}”."),
    ErrorCode.UNAUTHENTICATED: N_(
        "This change needs a partner token. Send it as “Authorization: Bearer <token>”."
    ),
    ErrorCode.TOKEN_INVALID: N_(
        "The bearer token is not valid. Ask a coordinator of the hub for a new one."
    ),
    ErrorCode.TOKEN_REVOKED: N_("The bearer token “{token}” has been revoked."),
    ErrorCode.FORBIDDEN: N_(
        "Your organisation “{organisation}” (role {role}) may not do {action} on “{id}”."
    ),
    ErrorCode.ROLE_NOT_GRANTABLE: N_(
        "Your role {role} may not grant or remove the participant role {participant_role}."
    ),
    ErrorCode.VERSION_CONFLICT: N_(
        "The project “{id}” has changed: you sent version {expected}, it is now at version "
        "{actual}. Read it again and repeat your change."
    ),
    ErrorCode.BAD_IDEMPOTENCY_KEY: N_(
        "The idempotency key must be 8 to 100 letters, digits or “.”, “_”, “:”, “-”."
    ),
    ErrorCode.IDEMPOTENCY_KEY_REUSED: N_(
        "The idempotency key “{key}” was already used for a different request."
    ),
    ErrorCode.WRITE_OUTCOME_UNKNOWN: N_(
        "The connection to the graph database was lost while your change was being saved, so "
        "it may or may not have been saved. Send the same request again with the idempotency "
        "key “{idempotencyKey}”: it is then saved exactly once."
    ),
    ErrorCode.WRITTEN_NOT_READ: N_(
        "Your change was saved, but the hub could not read it back. Send the same request again "
        "with the idempotency key “{idempotencyKey}” to get the result; nothing is saved twice."
    ),
    ErrorCode.TITLE_REQUIRED: N_("A project needs a title in at least one language."),
    ErrorCode.TEXT_REQUIRED: N_("“{argument}” needs a text in at least one language."),
    ErrorCode.TEXT_TOO_LONG: N_(
        "“{argument}” is {length} characters long; at most {maximum} are allowed."
    ),
    ErrorCode.DUPLICATE_LANGUAGE: N_(
        "“{argument}” has more than one text in the language “{language}”."
    ),
    ErrorCode.PERIOD_ENDS_BEFORE_START: N_(
        "The period cannot end ({end}) before it starts ({start})."
    ),
    ErrorCode.UNKNOWN_ORGANISATION: N_("“{id}” is not an organisation this hub knows."),
    ErrorCode.UNKNOWN_REFERENCE: N_(
        "“{id}” cannot be used in “{argument}”: nothing of the right kind has this id."
    ),
    ErrorCode.ALREADY_PARTICIPANT: N_("“{party}” already takes part in the project “{id}”."),
    ErrorCode.NOT_PARTICIPANT: N_("“{party}” does not take part in the project “{id}”."),
    ErrorCode.PROJECT_CLOSED: N_("The project “{id}” is closed and can no longer be changed."),
    ErrorCode.PROJECT_NOT_CLOSED: N_("The project “{id}” is not closed, so it cannot be reopened."),
    ErrorCode.APPLICATION_LIST_EMPTY: N_("An application list must hold at least one application."),
    ErrorCode.APPLICATION_LIST_EXISTS: N_(
        "{authority} has already sent its list for the {year} round. Each regional health "
        "authority sends one combined, prioritised list a year."
    ),
    ErrorCode.DATE_IN_FUTURE: N_("“{argument}” cannot be later than today, but was {value}."),
    ErrorCode.APPLICATION_NOT_ASSESSED: N_(
        "The application “{id}” has not been assessed by the Directorate of Health yet, so it "
        "cannot be decided."
    ),
    ErrorCode.APPLICATION_NOT_AWAITING_ASSESSMENT: N_(
        "The application “{id}” is not awaiting assessment (it is {stage})."
    ),
    ErrorCode.APPLICATION_ALREADY_DECIDED: N_(
        "The application “{id}” has already been decided ({stage})."
    ),
    ErrorCode.DECISION_WITHOUT_LEGAL_BASIS: N_(
        "A decision to approve or reject must cite its legal basis (Forskrift 1706/2010 § 4-3 "
        "for a treatment service, § 4-5 for a competence service)."
    ),
    ErrorCode.LEGAL_BASIS_MISMATCH: N_(
        "The application “{id}” is for a {kind}; the decision must cite “{expected}”, not "
        "“{given}”."
    ),
    ErrorCode.REJECTION_WITHOUT_REASON: N_("A rejection must give its reason."),
    ErrorCode.FURTHER_ASSESSMENT_WITHOUT_DEADLINE: N_(
        "Sending an application for further assessment needs a deadline."
    ),
    ErrorCode.DEADLINE_NOT_AFTER_DECISION: N_(
        "The deadline {deadline} must come after the decision date {date}."
    ),
    ErrorCode.RESULT_TARGET_WITHOUT_MEASURE: N_(
        "The result target “{target}” has no measure. Result targets must be measurable: say "
        "what is measured."
    ),
    ErrorCode.RESULT_TARGETS_MISSING: N_(
        "The application “{id}” cannot be approved: the service has no measurable result targets."
    ),
    ErrorCode.DISSEMINATION_PLAN_MISSING: N_(
        "The application “{id}” cannot be approved: a national competence service needs a plan "
        "for spreading competence."
    ),
    ErrorCode.SERVICE_NOT_APPROVED: N_(
        "The service “{id}” is not an approved national service, so it does not report."
    ),
    ErrorCode.ANNUAL_REPORT_EXISTS: N_("The service “{id}” has already reported for {year}."),
    ErrorCode.NO_ANNUAL_REPORT: N_(
        "The service “{id}” has sent no annual report for {year}, so it cannot be marked deficient."
    ),
    ErrorCode.NOT_A_REGIONAL_HEALTH_AUTHORITY: N_("“{id}” is not a regional health authority."),
    ErrorCode.SEARCH_TEXT_EMPTY: N_(
        "“{argument}” has no words to search for. Type a treatment or a diagnosis."
    ),
    ErrorCode.SEARCH_TEXT_TOO_LONG: N_(
        "“{argument}” may be at most {maximum} characters long, but has {length}."
    ),
    ErrorCode.BAD_CODE: N_(
        "“{value}” is not a code the hub knows how to read. Use ICD-10 (H17 or H17.0), "
        "ORPHA (ORPHA:1199) or NCSP (JCE30)."
    ),
    ErrorCode.TREATMENT_OR_CODE: N_("Give either “treatment” or “code”: exactly one of them."),
    ErrorCode.BAD_REFERENCE_KEY: N_(
        "The reference “{ref}” must be 1 to 64 letters, digits or “.”, “_”, “-”, and start with "
        "a letter or digit."
    ),
    ErrorCode.NOT_IN_COUNTRY: N_(
        "“{id}” is not in {country}: a partner can only state facts of its own country."
    ),
    ErrorCode.KIND_NOT_OF_COUNTRY: N_("The designation kind {kind} does not exist in {country}."),
    ErrorCode.BAD_YEAR: N_("The year {year} is not plausible; give a year between 1900 and 2100."),
    ErrorCode.FEED_UNREADABLE: N_(
        "The feed cannot be read, so nothing of it was checked: {detail}. The format is "
        "described in docs/registry-feeds.md."
    ),
    ErrorCode.UNKNOWN_SOURCE: N_(
        "No registry feed “{source}” is configured for the registry “{registry}”."
    ),
}


class ApiError(Exception):
    """Raised for input or state the caller can do something about; never for our own bugs.

    ``message`` gives a more precise text (an ``N_`` message id) than the code's usual one.
    """

    def __init__(self, code: ErrorCode, *, message: str | None = None, **params: Any) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.text = message or MESSAGES[code]
        self.params = params

    def message(self, language: str | None = None) -> str:
        return gettext(self.text, language, **self.params)


def is_request_error(error: GraphQLError) -> bool:
    """True for an error of the request itself (parse, validation, variable coercion, the
    request limits), raised before execution: the caller's doing, never a fault of ours."""
    if error.path:
        return False
    original = error.original_error
    # What graphql-core and strawberry's scalars raise while reading input values.
    return original is None or isinstance(original, (ApiError, GraphQLError, ValueError, TypeError))


def _classify(error: GraphQLError) -> tuple[ErrorCode, dict[str, Any]]:
    original = error.original_error
    if isinstance(original, ApiError):
        return original.code, original.params
    if isinstance(original, GraphUnavailable):
        return ErrorCode.SERVICE_UNAVAILABLE, {}
    if is_request_error(error):
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


def error_code(error: GraphQLError) -> ErrorCode | None:
    """The code a caller will see for ``error``, without logging (None for a fault of ours)."""
    original = error.original_error
    if isinstance(original, ApiError):
        return original.code
    if isinstance(original, GraphUnavailable):
        return ErrorCode.SERVICE_UNAVAILABLE
    return _classify(error)[0] if is_request_error(error) else None


def format_error(error: GraphQLError, language: str) -> dict[str, Any]:
    """The error as it goes to the caller: localized message, stable code, path, locations."""
    code, params = _classify(error)
    original = error.original_error
    text = original.text if isinstance(original, ApiError) else MESSAGES[code]
    formatted: dict[str, Any] = {
        "message": gettext(text, language, **params),
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
