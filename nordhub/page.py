"""The web page for coordinators and referral offices: static files shipped in the package
(``nordhub/web``), served at ``/`` and ``/web``. The page reads and writes only through
``/graphql``; this module serves files and nothing else.

Every file but the page itself is served under a content-hashed name (:mod:`nordhub.assets`)
that browsers keep for a year; the page is revalidated on every visit (``no-cache`` with an
``ETag``, so a repeat visit gets ``304 Not Modified``). The page carries, as a JSON data block,
the addresses of the strings of each language (a browser loads only the one it is served) and
the API's own input limits, taken from the resolvers that enforce them, so the forms cannot ask
for more than the API accepts."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from i18n.languages import SUPPORTED_LANGUAGES
from nordhub.assets import Assets, build, config_block
from resolvers.lookup import MAX_TEXT as SEARCH_TEXT_MAX
from resolvers.project_mutations import TEXT_MAX

WEB_ROOT: Final = Path(__file__).resolve().parent / "web"

# Everything the page loads is its own: no inline script, no other origin, no framing.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
IMMUTABLE: Final = "public, max-age=31536000, immutable"
REVALIDATE: Final = "no-cache"
_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": REVALIDATE,
}


def api_limits() -> dict[str, Any]:
    """What the API accepts from the page's forms, from the code that checks it."""
    return {
        "searchText": SEARCH_TEXT_MAX,  # whereOffered / referralOptions: treatment, code
        "logText": TEXT_MAX,  # addLogEntry: text, after trimming, in characters
        "languages": list(SUPPORTED_LANGUAGES),  # addLogEntry: language
    }


def page_settings(assets: Assets) -> dict[str, Any]:
    languages: list[str] = json.loads(assets.by_name["i18n/languages.json"].body)
    return {
        "strings": {language: assets.url(f"i18n/{language}.json") for language in languages},
        "limits": api_limits(),
    }


@dataclass(frozen=True, slots=True)
class Page:
    """``index.html`` as served: every file it names hashed, its modules preloaded (one round
    trip for the whole module graph instead of one per level), its settings inlined."""

    body: bytes
    etag: str

    @classmethod
    def render(cls, assets: Assets, settings: Mapping[str, Any]) -> Page:
        html = assets.rewrite((WEB_ROOT / "index.html").read_text("utf-8"), "index.html")
        preloads = [
            f'<link rel="modulepreload" href="{asset.url}">'
            for asset in assets.by_name.values()
            if asset.media_type == "text/javascript" and asset.name != "app.js"
        ]
        head = "\n  ".join([*preloads, config_block(settings)])
        html = html.replace("</head>", f"  {head}\n</head>", 1)
        body = html.encode("utf-8")
        return cls(body=body, etag=f'W/"{hashlib.sha256(body).hexdigest()[:20]}"')


def _not_modified(scope: Scope, etag: str) -> bool:
    """``If-None-Match`` names ``etag`` (weak comparison, as RFC 9110 asks for this header)."""
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            tags = {tag.strip().removeprefix("W/") for tag in value.decode("latin-1").split(",")}
            return etag.removeprefix("W/") in tags or "*" in tags
    return False


def _cached(
    scope: Scope, body: bytes, media_type: str, etag: str, headers: dict[str, str]
) -> Response:
    headers = {**headers, "ETag": etag}
    if _not_modified(scope, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


class PageFiles(StaticFiles):
    """``/web``: a hashed name from ``assets``, kept for a year; a plain name (``app.js``) from
    the folder, revalidated on every use, for whoever links the files by name."""

    def __init__(self, assets: Assets) -> None:
        super().__init__(directory=WEB_ROOT)
        self.assets = assets

    async def get_response(self, path: str, scope: Scope) -> Response:
        asset = self.assets.by_hashed.get(path.replace("\\", "/"))
        if asset is None or scope["method"] not in ("GET", "HEAD"):
            response = await super().get_response(path, scope)
            response.headers["Cache-Control"] = REVALIDATE
            return response
        return _cached(
            scope, asset.body, asset.media_type, asset.etag, {"Cache-Control": IMMUTABLE}
        )


def routes() -> list[BaseRoute]:
    """``/`` (the page) and ``/web/...`` (its scripts, styles, strings and map)."""
    assets = build(WEB_ROOT)
    page = Page.render(assets, page_settings(assets))

    async def index(request: Request) -> Response:
        return _cached(request.scope, page.body, "text/html", page.etag, _HEADERS)

    return [
        Route("/", index, methods=["GET", "HEAD"]),
        Mount("/web", PageFiles(assets), name="web"),
    ]
