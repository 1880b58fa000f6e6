"""The GraphQL endpoint: GraphQL over HTTP (:mod:`nordhub.graphql_http`) around strawberry's
``Schema.execute``, with the hub's context, localized errors, round-trip counts in
``extensions``, a deadline, a response-size ceiling and orjson encoding."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from graph.client import GraphClient
from i18n.context import current_language
from nordhub.graphql_http import (
    APPLICATION_JSON,
    GRAPHQL_RESPONSE_JSON,
    BadRequest,
    GraphQLRequest,
    check_content_type,
    negotiate,
    parse_body,
    parse_query_string,
)
from nordhub.schema import HubSchema
from nordhub.settings import Settings
from schema.context import Context
from schema.errors import ApiError, ErrorCode, format_error, is_request_error

logger = logging.getLogger("nordhub.http")

ALLOWED_METHODS = "GET, POST"


class HubGraphQL:
    """``/graphql`` as an ASGI app: GET (queries; GraphiQL for browsers) and POST."""

    def __init__(self, schema: HubSchema, settings: Settings) -> None:
        self.schema = schema
        self.settings = settings
        self.ide_html = get_graphql_ide_html("graphiql") if settings.graphiql else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            response = await self.handle(Request(scope, receive))
        except ClientDisconnect:
            logger.info("client went away before its request was read")
            return
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        language: str = request.scope.get("state", {}).get("language") or current_language()
        media_type = negotiate(request.headers.get("accept"))
        try:
            if self.ide_html is not None and request.method == "GET" and self._wants_ide(request):
                return HTMLResponse(self.ide_html)
            graphql_request = await self._read(request)
            result = await self._execute(request, graphql_request, language)
        except BadRequest as refusal:
            logger.info("refused %s %s: %s", request.method, request.url.path, refusal.code)
            body = {"errors": [_error(refusal, language)], "extensions": {"language": language}}
            return self._response(body, media_type, refusal.status, refusal.headers)
        return self._answer(request, result, media_type, language)

    @staticmethod
    def _wants_ide(request: Request) -> bool:
        accept = request.headers.get("accept", "")
        return "query" not in request.query_params and "text/html" in accept

    async def _read(self, request: Request) -> GraphQLRequest:
        if request.method == "GET":
            return parse_query_string(request.query_params)
        if request.method == "POST":
            check_content_type(request.headers.get("content-type"))
            return parse_body(await request.body())
        raise BadRequest(
            ErrorCode.METHOD_NOT_ALLOWED,
            status=405,
            headers={"Allow": ALLOWED_METHODS},
            method=request.method,
            allowed=ALLOWED_METHODS,
        )

    async def _execute(
        self, request: Request, graphql_request: GraphQLRequest, language: str
    ) -> ExecutionResult:
        """Run the operation, stopped with ``REQUEST_TIMEOUT`` past the configured timeout."""
        graph: GraphClient = request.app.state.graph
        context = Context.for_request(
            request,
            Response(),
            settings=self.settings,
            graph=graph,
            language=language,
            operation_name=graphql_request.operation_name,
        )
        request.state.context = context
        get = request.method == "GET"
        seconds = self.settings.limits.timeout_s
        try:
            async with asyncio.timeout(seconds) as deadline:
                context.deadline = deadline
                projected = await self._projected(graphql_request, context)
                if projected is not None:
                    return projected
                return await self.schema.execute(
                    graphql_request.query,
                    variable_values=graphql_request.variables,
                    context_value=context,
                    operation_name=graphql_request.operation_name,
                    allowed_operation_types=(
                        {OperationType.QUERY}
                        if get
                        else {OperationType.QUERY, OperationType.MUTATION}
                    ),
                    operation_extensions=graphql_request.extensions,
                )
        except TimeoutError:
            refusal = ApiError(ErrorCode.REQUEST_TIMEOUT, seconds=f"{seconds:g}")
            return ExecutionResult(
                data=None, errors=[GraphQLError(str(refusal), original_error=refusal)]
            )
        except InvalidOperationTypeError as e:
            raise BadRequest(
                ErrorCode.METHOD_NOT_ALLOWED,
                status=405,
                headers={"Allow": "POST"},
                method=request.method,
                allowed="POST",
            ) from e
        except CannotGetOperationTypeError:
            # No operation of that name: a request error like a failed validation.
            refusal = ApiError(ErrorCode.OPERATION_RESOLUTION_FAILURE)
            return ExecutionResult(
                data=None, errors=[GraphQLError(str(refusal), original_error=refusal)]
            )

    async def _projected(
        self, graphql_request: GraphQLRequest, context: Context
    ) -> ExecutionResult | None:
        """The answer read as one projection (see :mod:`resolvers.projection`), or None for
        graphql-core."""
        if self.schema.projected is None:
            return None
        data = await self.schema.projected.run(
            graphql_request.query,
            graphql_request.operation_name,
            graphql_request.variables,
            context,
            self.schema.request_rules,
        )
        return None if data is None else ExecutionResult(data=data, errors=None)

    def _answer(
        self, request: Request, result: ExecutionResult, media_type: str, language: str
    ) -> Response:
        errors = list(result.errors or ())
        extensions: dict[str, Any] = dict(result.extensions or {})
        context: Context | None = getattr(request.state, "context", None)
        if self.settings.expose_query_stats and context is not None:
            extensions["cypher"] = {"roundTrips": context.graph.stats.round_trips}
        extensions["language"] = language
        status = 200
        body: dict[str, Any] = {"data": result.data}
        if result.data is None and errors and all(is_request_error(e) for e in errors):
            timeout = any(
                isinstance(e.original_error, ApiError)
                and e.original_error.code is ErrorCode.REQUEST_TIMEOUT
                for e in errors
            )
            if media_type == GRAPHQL_RESPONSE_JSON:
                # The spec: a request that fails before execution has no data entry.
                status = 504 if timeout else 400
                body = {}
        if errors:
            body["errors"] = [format_error(e, language) for e in errors]
        body["extensions"] = extensions
        encoded = orjson.dumps(body)
        maximum = self.settings.limits.max_response_bytes
        if len(encoded) > maximum:
            logger.info("answer of %d bytes refused (maximum %d)", len(encoded), maximum)
            refusal = ApiError(ErrorCode.RESPONSE_TOO_LARGE, maximum=maximum)
            encoded = orjson.dumps(
                {"data": None, "errors": [_error(refusal, language)], "extensions": extensions}
            )
        return Response(encoded, status_code=status, media_type=_content_type(media_type))

    @staticmethod
    def _response(
        body: dict[str, Any], media_type: str, status: int, headers: dict[str, str]
    ) -> Response:
        return Response(
            orjson.dumps(body),
            status_code=status,
            media_type=_content_type(media_type),
            headers=headers,
        )


def _content_type(media_type: str) -> str:
    return (
        f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
        if media_type != APPLICATION_JSON
        else (APPLICATION_JSON)
    )


def _error(error: ApiError, language: str) -> dict[str, Any]:
    return format_error(GraphQLError(str(error), original_error=error), language)
