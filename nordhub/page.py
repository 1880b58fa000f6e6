"""The web page for coordinators and referral offices: static files shipped in the package
(``nordhub/web``), served at ``/`` and ``/web``. The page reads and writes only through
``/graphql``; this module serves files and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

WEB_ROOT: Final = Path(__file__).resolve().parent / "web"

# Everything the page loads is its own: no inline script, no other origin, no framing.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


async def index(request: Request) -> FileResponse:
    return FileResponse(WEB_ROOT / "index.html", media_type="text/html", headers=_HEADERS)


def routes() -> list[BaseRoute]:
    """``/`` (the page) and ``/web/...`` (its scripts, styles, strings and map)."""
    return [
        Route("/", index, methods=["GET", "HEAD"]),
        Mount("/web", StaticFiles(directory=WEB_ROOT), name="web"),
    ]
