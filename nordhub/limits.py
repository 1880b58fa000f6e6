"""Request limits: how large, deep, costly and slow one request may be.

The values live in :class:`Limits` (part of :class:`~nordhub.settings.Settings`); the document
checks (depth, aliases, cost) are one validation rule in :mod:`schema.cost`, the token limit is the
parser's, and this module holds the two limits that act on HTTP: the body size (an ASGI
middleware, before anything is parsed) and the per-request timeout (around execution).
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from i18n.context import current_language
from i18n.messages import gettext
from resolvers.errors import MESSAGES, ErrorCode


@dataclass(frozen=True, slots=True)
class Limits:
    """Safe defaults for one GraphQL request; every value is configurable (see the README)."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    # Estimated objects a query may resolve: list and connection sizes multiply (schema.cost).
    max_cost: int = 10_000
    max_body_bytes: int = 64 * 1024
    timeout_s: float = 10.0


class BodyTooLarge(Exception):
    """Raised inside the body-size middleware when a streamed body passes the limit."""


def error_body(code: ErrorCode, language: str, **params: object) -> bytes:
    """A GraphQL-shaped error response for refusals made before GraphQL runs."""
    message = gettext(MESSAGES[code], language, **params)
    public = {k: v for k, v in params.items() if isinstance(v, (str, int, float, bool))}
    return orjson.dumps(
        {
            "data": None,
            "errors": [{"message": message, "extensions": {"code": code.value, **public}}],
            "extensions": {"language": language},
        }
    )


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` with 413 ``REQUEST_TOO_LARGE``.

    A declared ``Content-Length`` is checked before reading; a chunked body is counted while it
    streams, so a client cannot send an unbounded body by leaving the length out.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        language = scope.get("state", {}).get("language") or current_language()
        body = error_body(ErrorCode.REQUEST_TOO_LARGE, language, maximum=self.max_bytes)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode("ascii")),
                    (b"content-language", language.encode("ascii")),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
