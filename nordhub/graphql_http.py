"""GraphQL over HTTP (the GraphQL Foundation's spec): media types, reading a request, status codes.

Pure functions, no I/O: :mod:`nordhub.graphql_view` reads the HTTP request and runs the operation.

- The answer is ``application/graphql-response+json`` when the client accepts it (preferred at
  equal quality), else ``application/json`` (also for ``*/*`` or no ``Accept``), the legacy
  behaviour: every GraphQL result with status 200.
- Under ``application/graphql-response+json`` a request that fails before execution (parse,
  validation, variable coercion, the request limits) answers 400 and has no ``data`` entry.
- A request that is not a GraphQL request at all (a body that is not a JSON object, a parameter of
  the wrong JSON type, no query) answers 4xx under either media type, with a JSON error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from schema.errors import ApiError, ErrorCode

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"


class BadRequest(ApiError):
    """Raised when the HTTP request is not a well-formed GraphQL request (a 4xx answer)."""

    def __init__(
        self,
        code: ErrorCode,
        status: int = 400,
        headers: Mapping[str, str] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code, **params)
        self.status = status
        self.headers = dict(headers or {})


@dataclass(frozen=True, slots=True)
class GraphQLRequest:
    query: str
    operation_name: str | None = None
    variables: dict[str, Any] | None = None
    extensions: dict[str, Any] | None = field(default=None)


def negotiate(accept: str | None) -> str:
    """The media type to answer with, from the ``Accept`` header."""
    if not accept:
        return APPLICATION_JSON
    best = APPLICATION_JSON
    best_rank: tuple[float, bool] | None = None
    for item in accept.split(","):
        media, _, parameters = item.strip().partition(";")
        media = media.strip().lower()
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media == GRAPHQL_RESPONSE_JSON:
            candidate = GRAPHQL_RESPONSE_JSON
        elif media in (APPLICATION_JSON, "application/*", "*/*"):
            candidate = APPLICATION_JSON
        else:
            continue
        # Higher quality wins; at equal quality the spec's own media type.
        rank = (quality, candidate == GRAPHQL_RESPONSE_JSON)
        if best_rank is None or rank > best_rank:
            best, best_rank = candidate, rank
    return best


def json_kind(value: object) -> str:
    """The JSON type of a decoded value, as the spec names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def check_content_type(content_type: str | None) -> None:
    """POST bodies are JSON in UTF-8; anything else is 415 ``UNSUPPORTED_MEDIA_TYPE``."""
    media, _, parameters = (content_type or "").partition(";")
    media = media.strip().lower()
    charset = "utf-8"
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if media != APPLICATION_JSON or charset not in ("utf-8", "utf8"):
        raise BadRequest(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            status=415,
            media_type=(content_type or "")[:100] or "-",
        )


def parse_body(body: bytes) -> GraphQLRequest:
    """A POST body: a JSON object with ``query`` and optionally the other three parameters."""
    if not body.strip():
        raise BadRequest(ErrorCode.QUERY_MISSING)
    try:
        data = orjson.loads(body)  # refuses invalid UTF-8 too
    except orjson.JSONDecodeError as e:
        raise BadRequest(ErrorCode.BAD_JSON) from e
    if not isinstance(data, dict):
        raise BadRequest(ErrorCode.BAD_REQUEST_BODY, kind=json_kind(data))
    return _request(data)


def parse_query_string(params: Mapping[str, str]) -> GraphQLRequest:
    """A GET request: ``query`` and ``operationName`` as text, ``variables`` and ``extensions``
    as JSON text."""
    data: dict[str, Any] = {
        "query": params.get("query"),
        "operationName": params.get("operationName"),
    }
    for name in ("variables", "extensions"):
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        try:
            data[name] = orjson.loads(raw)
        except orjson.JSONDecodeError as e:
            raise BadRequest(
                ErrorCode.BAD_REQUEST_PARAMETER, parameter=name, expected="object", kind="text"
            ) from e
    return _request(data)


def _request(data: dict[str, Any]) -> GraphQLRequest:
    query = data.get("query")
    if query is not None and not isinstance(query, str):
        raise BadRequest(
            ErrorCode.BAD_REQUEST_PARAMETER,
            parameter="query",
            expected="string",
            kind=json_kind(query),
        )
    if not query:
        raise BadRequest(ErrorCode.QUERY_MISSING)
    operation_name = data.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise BadRequest(
            ErrorCode.BAD_REQUEST_PARAMETER,
            parameter="operationName",
            expected="string",
            kind=json_kind(operation_name),
        )
    maps: dict[str, dict[str, Any] | None] = {}
    for name in ("variables", "extensions"):
        value = data.get(name)
        if value is not None and not isinstance(value, dict):
            raise BadRequest(
                ErrorCode.BAD_REQUEST_PARAMETER,
                parameter=name,
                expected="object",
                kind=json_kind(value),
            )
        maps[name] = value
    return GraphQLRequest(
        query=query,
        operation_name=operation_name or None,
        variables=maps["variables"],
        extensions=maps["extensions"],
    )
