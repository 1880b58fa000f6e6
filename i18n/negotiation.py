"""Pick the served language from an ``Accept-Language`` header.

The header is parsed by werkzeug (q-values, wildcards) and matched with babel's
``negotiate_locale``; regional variants fall back to their language (sv-FI → sv), ``no`` means
Bokmål, and anything unsupported ends in English.
"""

from __future__ import annotations

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
