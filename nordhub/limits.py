"""Request limits: how large, deep, costly and slow one request may be.

The values live in :class:`Limits` (part of :class:`~nordhub.settings.Settings`); the document
checks (depth, aliases, cost) are one validation rule in :mod:`schema.cost`, the token limit is
strawberry's ``MaxTokensLimiter``, the body size is starlette's, the timeout and the response size
are applied by :mod:`nordhub.graphql_view`. This module holds the values and the shape of the
refusals made before GraphQL runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from i18n.context import current_language
from i18n.messages import gettext
from nordhub.graphql_http import APPLICATION_JSON, negotiate
from resolvers.errors import MESSAGES, ErrorCode


@dataclass(frozen=True, slots=True)
class Limits:
    """Safe defaults for one GraphQL request; every value is configurable (see the README)."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    # Estimated objects a query may resolve: list and connection sizes multiply (schema.cost).
    max_cost: int = 10_000
    # The federation batch fields (_entities, nodes): a gateway's plan asks for thousands at once.
    max_batch_cost: int = 50_000
    # Large enough for 5 000 entity representations from a gateway (about 80 bytes each).
    max_body_bytes: int = 1024 * 1024
    max_response_bytes: int = 16 * 1024 * 1024
    timeout_s: float = 10.0


def error_body(code: ErrorCode, language: str, **params: object) -> bytes:
    """A GraphQL-shaped error response for refusals made before GraphQL runs (no ``data``:
    nothing was executed)."""
    message = gettext(MESSAGES[code], language, **params)
    public = {k: v for k, v in params.items() if isinstance(v, (str, int, float, bool))}
    return orjson.dumps(
        {
            "errors": [{"message": message, "extensions": {"code": code.value, **public}}],
            "extensions": {"language": language},
        }
    )


def refusal_headers(scope: Scope, body: bytes, language: str) -> list[tuple[bytes, bytes]]:
    """Headers of such a refusal, in the media type the client asked for."""
    media_type = negotiate(Headers(scope=scope).get("accept"))
    content_type = media_type if media_type == APPLICATION_JSON else f"{media_type}; charset=utf-8"
    return [
        (b"content-type", content_type.encode("ascii")),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"content-language", language.encode("ascii")),
    ]


class LocalizedRefusals:
    """Answer starlette's body-size refusal (413, plain text) as a localized GraphQL error.

    The limit itself is starlette's (``Route(..., max_body_size=...)``: a declared
    ``Content-Length`` is checked before reading, a chunked body while it streams); this only
    gives its answer the shape and language of every other refusal.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        replacing = False

        async def localized_send(message: Message) -> None:
            nonlocal replacing
            if message["type"] == "http.response.start" and message["status"] == 413:
                content_type = Headers(raw=message.get("headers", [])).get("content-type", "")
                replacing = content_type.startswith("text/plain")
                if replacing:
                    language = scope.get("state", {}).get("language") or current_language()
                    body = error_body(ErrorCode.REQUEST_TOO_LARGE, language, maximum=self.max_bytes)
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 413,
                            "headers": [
                                *refusal_headers(scope, body, language),
                                (b"connection", b"close"),
                            ],
                        }
                    )
                    await send({"type": "http.response.body", "body": body})
                    return
            if replacing:
                return  # starlette's own body, already replaced
            await send(message)

        await self.app(scope, receive, localized_send)
