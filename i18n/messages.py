"""Messages for people, from gettext catalogs in ``i18n/locales``.

Message ids are English. :func:`N_` marks a module-level text for extraction without translating
it; :func:`gettext` translates into a language along its fallback chain (fo → da, se → nb ...).
Catalogs are compiled (``.mo``) by ``make``; where a compiled catalog is missing the ``.po`` is
read directly, so a fresh checkout still speaks every language.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from i18n.context import current_language
from i18n.languages import fallback_chain

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction; it is translated later, where the language is known."""
    return message


def _load(language: str) -> _gettext.NullTranslations | None:
    folder = LOCALES_DIR / language / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if po.exists():
        import io

        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN)
    return None


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The catalog for ``language`` with its fallback chain behind it."""
    chain = [t for t in (_load(tag) for tag in fallback_chain(language)) if t is not None]
    if not chain:
        return _gettext.NullTranslations()
    first = chain[0]
    for later in chain[1:]:
        first.add_fallback(later)
    return first


def gettext(message: str, language: str | None = None, /, **params: object) -> str:
    """Translate ``message`` into ``language`` (default: the request's) and fill in ``params``."""
    text = translations(language or current_language()).gettext(message)
    return text.format(**params) if params else text
