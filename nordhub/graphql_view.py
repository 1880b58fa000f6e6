"""The GraphQL endpoint: strawberry's ASGI view with the hub's context, localized errors,
round-trip counts in ``extensions`` and orjson encoding."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.federation import Schema
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from graph.client import GraphClient
from i18n.context import current_language
from nordhub.settings import Settings
from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode, format_error
from schema.root import HubSchema


class HubGraphQL(GraphQL[Context, None]):
    def __init__(self, schema: Schema, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
        )
        self.settings = settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request) and isinstance(response, Response)
        graph: GraphClient = request.app.state.graph
        context = Context.for_request(
            request,
            response,
            settings=self.settings,
            graph=graph,
            language=request.scope.get("state", {}).get("language") or current_language(),
        )
        request.state.context = context
        return context

    async def execute_operation(
        self,
        request: Request,
        request_adapter: Any,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> Any:
        """Run the operation, stopped with ``REQUEST_TIMEOUT`` past the configured timeout."""
        seconds = self.settings.limits.timeout_s
        try:
            async with asyncio.timeout(seconds) as deadline:
                context.deadline = deadline
                compiled = await self._compiled(request_data, context)
                if compiled is not None:
                    return compiled
                return await super().execute_operation(
                    request, request_adapter, request_data, context, root_value, sub_response
                )
        except TimeoutError:
            refusal = ApiError(ErrorCode.REQUEST_TIMEOUT, seconds=f"{seconds:g}")
            return ExecutionResult(
                data=None, errors=[GraphQLError(str(refusal), original_error=refusal)]
            )

    async def _compiled(
        self, request_data: GraphQLRequestData | list[GraphQLRequestData], context: Context
    ) -> ExecutionResult | None:
        """The answer of a compiled query (see :mod:`schema.compiled`), or None for graphql-core."""
        schema = self.schema
        if not isinstance(request_data, GraphQLRequestData) or not isinstance(schema, HubSchema):
            return None
        if schema.compiled is None:
            return None
        data = await schema.compiled.run(
            request_data.query,
            request_data.operation_name,
            request_data.variables,
            context,
            schema.request_rules,
        )
        return None if data is None else ExecutionResult(data=data, errors=None)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        language = request.scope.get("state", {}).get("language") or current_language()
        response: dict[str, Any] = {"data": result.data}
        if result.errors:
            response["errors"] = [format_error(error, language) for error in result.errors]
        extensions: dict[str, Any] = dict(result.extensions or {})
        context: Context | None = getattr(request.state, "context", None)
        if self.settings.expose_query_stats and context is not None:
            extensions["cypher"] = {"roundTrips": context.graph.stats.round_trips}
        extensions["language"] = language
        response["extensions"] = extensions
        return response  # type: ignore[return-value]

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)
