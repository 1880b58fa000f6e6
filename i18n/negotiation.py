"""Pick the served language from an ``Accept-Language`` header (or, for the command line, from
the locale environment).

The header is parsed by werkzeug (q-values, wildcards) and matched with babel's
``negotiate_locale``; regional variants fall back to their language (sv-FI → sv), ``no`` means
Bokmål, and anything unsupported ends in English.
"""

from __future__ import annotations

from collections.abc import Mapping

from babel.core import negotiate_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from i18n.languages import ALIASES, DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES


def negotiate(accept_language: str | None) -> str:
    if not accept_language:
        return DEFAULT_LANGUAGE
    accepted = parse_accept_header(accept_language, LanguageAccept)
    preferred = [tag.replace("-", "_") for tag, quality in accepted if tag != "*" and quality > 0]
    chosen = negotiate_locale(preferred, SUPPORTED_LANGUAGES, sep="_", aliases=ALIASES)
    if chosen is None:
        return DEFAULT_LANGUAGE
    language = chosen.split("_")[0].lower()
    language = ALIASES.get(language, language)
    return language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def environment_language(environ: Mapping[str, str]) -> str:
    """The language of a terminal: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``
    (``nb_NO.UTF-8`` → nb), negotiated like a header; ``C`` and ``POSIX`` mean English."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        tags = [t.split(".")[0].split("@")[0] for t in value.split(":") if t]
        tags = [t.replace("_", "-") for t in tags if t not in {"C", "POSIX"}]
        if tags:
            return negotiate(", ".join(tags))
    return DEFAULT_LANGUAGE
