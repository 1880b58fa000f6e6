"""ASGI middleware: negotiate the request's language, make it current, and say it back in
``Content-Language``."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from i18n.context import use_language
from i18n.negotiation import negotiate


class LanguageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        language = negotiate(Headers(scope=scope).get("accept-language"))
        scope.setdefault("state", {})["language"] = language

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Language"] = language
                vary = headers.get("Vary")
                headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
            await send(message)

        with use_language(language):
            await self.app(scope, receive, send_with_language)
