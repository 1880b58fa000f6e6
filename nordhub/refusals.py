"""Refusals made before GraphQL runs (body too large, rate limited): localized GraphQL-shaped
errors in the media type the client asked for. The limits themselves are in :mod:`schema.limits`.
"""

from __future__ import annotations

import orjson
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from i18n.context import current_language
from i18n.messages import gettext
from nordhub.graphql_http import APPLICATION_JSON, negotiate
from schema.errors import MESSAGES, ErrorCode


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
