"""The page's files as browsers get them: each also under a name that carries a hash of its
content (``app.3f9c2a1b7e.js``), so a browser may keep it for a year and never ask again; a
changed file is a new name. Built once from ``nordhub/web`` when the app is made.

A file that names another (``import … from "./api.js"``, ``fetch("/web/places.json")``,
``href="/web/app.css"``) names the other's hashed name, so its own hash changes with the
other's. The page (``index.html``) is not hashed: it is revalidated on every visit and carries
the addresses of everything else, and the settings the page reads (see :mod:`nordhub.page`).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final

URL_PREFIX: Final = "/web/"
HASH_LENGTH: Final = 10
# Files whose text may name other files; the rest (JSON, SVG, images) are leaves.
_REFERRING: Final = frozenset({".js", ".css", ".html"})
# A quoted "./x.js" (a module import, relative to the file) or "/web/x" (from the root).
_REFERENCE: Final = re.compile(
    r"""(?P<quote>["'])(?P<ref>(?:\./|/web/)[A-Za-z0-9_./-]+)(?P=quote)"""
)
_MEDIA_TYPES: Final = {".js": "text/javascript", ".json": "application/json"}


class AssetError(Exception):
    """Raised when the page's files cannot be built: a reference cycle between them."""


@dataclass(frozen=True, slots=True)
class Asset:
    """One file as served under its hashed name."""

    name: str  # its path under web/, e.g. "i18n/fi.json"
    hashed: str  # e.g. "i18n/fi.5c0d7e94a1.json"
    body: bytes
    media_type: str

    @property
    def url(self) -> str:
        return URL_PREFIX + self.hashed

    @property
    def etag(self) -> str:
        # Weak: the bytes differ once compressed, the content does not.
        return f'W/"{self.hashed}"'


def media_type(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    guessed = _MEDIA_TYPES.get(suffix) or mimetypes.guess_type(name)[0]
    return guessed or "application/octet-stream"


def hashed_name(name: str, body: bytes) -> str:
    path = PurePosixPath(name)
    digest = hashlib.sha256(body).hexdigest()[:HASH_LENGTH]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


@dataclass(frozen=True, slots=True)
class Assets:
    """Every file of the page by its plain name, and by its hashed name."""

    by_name: Mapping[str, Asset]
    by_hashed: Mapping[str, Asset]

    def url(self, name: str) -> str:
        return self.by_name[name].url

    def urls(self, folder: str, suffix: str) -> dict[str, str]:
        """``{stem: url}`` for the files directly in ``folder`` ending in ``suffix``."""
        found: dict[str, str] = {}
        for name, asset in self.by_name.items():
            path = PurePosixPath(name)
            if str(path.parent) == folder and path.suffix == suffix:
                found[path.stem] = asset.url
        return dict(sorted(found.items()))

    def rewrite(self, text: str, name: str) -> str:
        """``text`` (of the file ``name``) with every reference to a page file hashed."""
        return _rewrite(text, name, lambda target: self.by_name[target].hashed)


def _target(reference: str, name: str) -> str:
    if reference.startswith(URL_PREFIX):
        return reference[len(URL_PREFIX) :]
    return (PurePosixPath(name).parent / reference[2:]).as_posix()


def _rewrite(text: str, name: str, hashed: Callable[[str], str]) -> str:
    def replace(match: re.Match[str]) -> str:
        reference = match["ref"]
        try:
            target = hashed(_target(reference, name))
        except KeyError:
            return match[0]  # not a page file: an address of the API, a file that is not there
        folder = reference[: reference.rfind("/") + 1]
        return f"{match['quote']}{folder}{PurePosixPath(target).name}{match['quote']}"

    return _REFERENCE.sub(replace, text)


def build(root: Path, *, exclude: frozenset[str] = frozenset({"index.html"})) -> Assets:
    """Hash every file under ``root`` (but ``exclude``), those it names first."""
    sources = {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
    built: dict[str, Asset] = {}
    visiting: list[str] = []

    def hashed(name: str) -> str:
        if name not in sources or name in exclude:
            raise KeyError(name)
        if name in built:
            return built[name].hashed
        if name in visiting:
            raise AssetError(f"the page's files name each other in a cycle: {[*visiting, name]}")
        visiting.append(name)
        body = sources[name]
        if PurePosixPath(name).suffix in _REFERRING:
            body = _rewrite(body.decode("utf-8"), name, hashed).encode("utf-8")
        visiting.pop()
        built[name] = Asset(name, hashed_name(name, body), body, media_type(name))
        return built[name].hashed

    for name in sources:
        if name not in exclude:
            hashed(name)
    return Assets(
        by_name=dict(sorted(built.items())),
        by_hashed={asset.hashed: asset for asset in built.values()},
    )


def config_block(settings: Mapping[str, Any]) -> str:
    """``settings`` as a JSON data block for the page: data, never run, so the page's strict
    script policy allows it; ``<`` escaped so no text in it can end the element."""
    data = json.dumps(settings, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    data = data.replace("<", "\\u003c")
    return f'<script type="application/json" id="nordhub-config">{data}</script>'
