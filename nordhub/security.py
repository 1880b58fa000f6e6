"""HTTP hardening: security headers on every response, compression, and a CORS allow-list.

The headers follow the OWASP secure headers project for an API: no sniffing, no framing, no
referrer, no caching of answers (the page's own files say how long they keep, see
:mod:`nordhub.page`); a strict Content-Security-Policy whenever GraphiQL is off (its page needs
scripts from its CDN), and HSTS in production, where TLS ends in front of the hub.

Compression is safe from BREACH-style attacks here: the hub sets no cookies and the page sends
its partner token only on the one request that needs it, so no cross-site request can make the
hub compress a secret next to the attacker's text.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nordhub.proxies import ProxyHeadersMiddleware, TrustedProxies, parse_networks
from nordhub.ratelimit import RateLimiter, RateLimitMiddleware
from nordhub.refusals import LocalizedRefusals
from nordhub.settings import Settings

BASE_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}
STRICT_CSP = "default-src 'none'; frame-ancestors 'none'"
# Answers and files smaller than this go as they are: gzip's frame would eat the gain.
COMPRESS_FROM_BYTES = 1024
# zlib's default: nearly level 9's size for JSON and scripts at about half its time.
COMPRESS_LEVEL = 6
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(settings: Settings) -> dict[str, str]:
    headers = dict(BASE_HEADERS)
    if not settings.graphiql:
        headers["Content-Security-Policy"] = STRICT_CSP
    if settings.production:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeadersMiddleware:
    """Add ``headers`` to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp, *, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def edge_middleware(settings: Settings) -> list[Middleware]:
    """Outermost: the client's address behind trusted proxies, gzip for clients that accept it
    (starlette's middleware: large bodies are compressed off the event loop), security headers
    on every response (refusals too), then CORS."""
    proxies = TrustedProxies(parse_networks(settings.trusted_proxies))
    return [
        Middleware(ProxyHeadersMiddleware, proxies=proxies),
        Middleware(GZipMiddleware, minimum_size=COMPRESS_FROM_BYTES, compresslevel=COMPRESS_LEVEL),
        Middleware(SecurityHeadersMiddleware, headers=security_headers(settings)),
        *cors(settings),
    ]


def request_guards(settings: Settings) -> list[Middleware]:
    """Inside language negotiation (so refusals are localized): rate limit, then the shape of
    starlette's body-size refusal."""
    guards: list[Middleware] = []
    if settings.rate_limit_per_minute > 0:
        limiter = RateLimiter(
            settings.rate_limit_per_minute,
            settings.rate_limit_burst,
            storage_url=settings.rate_limit_storage,
        )
        guards.append(Middleware(RateLimitMiddleware, limiter=limiter))
    guards.append(Middleware(LocalizedRefusals, max_bytes=settings.limits.max_body_bytes))
    return guards


def cors(settings: Settings) -> list[Middleware]:
    """CORS for the allow-listed origins only; none configured means no CORS headers at all."""
    if not settings.cors_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept", "Accept-Language"],
            expose_headers=["Content-Language", "Retry-After"],
            max_age=600,
        )
    ]
