"""Languages: negotiation and fallback chains, the request's language, gettext catalogs for
messages, and CLDR names, dates and numbers through babel."""

from i18n.context import current_language, use_language
from i18n.languages import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, fallback_chain, is_supported

__all__ = [
    "DEFAULT_LANGUAGE",
    "SUPPORTED_LANGUAGES",
    "current_language",
    "fallback_chain",
    "is_supported",
    "use_language",
]
