"""Which language the response is in."""

from __future__ import annotations

from i18n.cldr import language_name
from i18n.languages import ENDONYMS, SUPPORTED_LANGUAGES, fallback_chain
from schema.context import Info
from schema.language import LanguageChoice, ServedLanguage


def language(info: Info) -> ServedLanguage:
    served = info.context.language
    return ServedLanguage(
        code=served,
        name=language_name(served, served),
        fallback_chain=list(fallback_chain(served)),
        supported=list(SUPPORTED_LANGUAGES),
        choices=[
            LanguageChoice(code=tag, endonym=ENDONYMS[tag], name=language_name(tag, served))
            for tag in SUPPORTED_LANGUAGES
        ],
    )
