"""Picking a text in the served language, along its fallback chain, and listing translations.

Descriptive texts fall back along the reader's language chain (nn → nb, fo → da, ... → en). A
proper name (see :data:`graph.vocabulary.PROPER_NAMES`) falls back to the name in its own
language first: a body is called what it calls itself. Every text can say which language it was
served in, whether that is the original (``<prefix>Original``) or a translation, and by whom
(``<prefix>TranslatedBy``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import strawberry

from graph.models import Record, texts
from graph.vocabulary import PROPER_NAMES
from i18n.cldr import language_name
from i18n.languages import SUPPORTED_LANGUAGES, fallback_chain, is_supported
from schema.context import Info
from schema.errors import ApiError, ErrorCode


def requested_language(info: Info, language: str | None) -> str:
    """The ``language`` argument when given (it must be supported), else the served language."""
    if language is None:
        return info.context.language
    tag = language.strip().lower().replace("_", "-")
    if not is_supported(tag):
        raise ApiError(
            ErrorCode.UNSUPPORTED_LANGUAGE,
            language=language,
            supported=", ".join(SUPPORTED_LANGUAGES),
        )
    return tag


def pick(texts: Mapping[str, str], language: str) -> tuple[str, str] | None:
    """The text for ``language`` along its chain, else the first in the hub's language order."""
    for tag in (*fallback_chain(language), *SUPPORTED_LANGUAGES):
        text = texts.get(tag)
        if text:
            return text, tag
    for tag, text in sorted(texts.items()):
        if text:
            return text, tag
    return None


@lru_cache(maxsize=256)
def _order(language: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*fallback_chain(language), *SUPPORTED_LANGUAGES)))


@lru_cache(maxsize=1024)
def _keys(prefix: str, language: str) -> tuple[tuple[str, str], ...]:
    return tuple((f"{prefix}_{tag}", tag) for tag in _order(language))


@lru_cache(maxsize=1024)
def _proper_keys(prefix: str, language: str, own: str | None) -> tuple[tuple[str, str], ...]:
    order = dict.fromkeys((language, *((own,) if own else ()), *_order(language)))
    return tuple((f"{prefix}_{tag}", tag) for tag in order)


def is_proper_name(record: Record, prefix: str) -> bool:
    return (record.label, prefix) in PROPER_NAMES


def pick_property(
    props: Mapping[str, Any], prefix: str, language: str, *, proper_name: bool = False
) -> tuple[str, str] | None:
    """:func:`pick` over the ``<prefix>_<lang>`` properties of a node, without collecting them
    first (a text field is read once per item of every page); a proper name falls back to its
    own language before the chain."""
    keys = (
        _proper_keys(prefix, language, props.get(f"{prefix}Original"))
        if proper_name
        else _keys(prefix, language)
    )
    for key, tag in keys:
        text = props.get(key)
        if text:
            return text, tag
    return pick(texts(props, prefix), language)


@strawberry.type(description="A text in one language, and whether it is the original.")
class Translation:
    language: str = strawberry.field(description="BCP 47 tag, e.g. `nb`, `sv`, `fi`.")
    language_name: str = strawberry.field(
        description="The language's name in the served language (CLDR)."
    )
    text: str
    original: bool = strawberry.field(
        description="True for the text as its source wrote it; the others translate it."
    )
    translated_by: str | None = strawberry.field(
        description="Who translated it (`nordhub` for the hub team), when it is a translation."
    )


def translations(
    texts: Mapping[str, str],
    served: str,
    *,
    original: str | None = None,
    translated_by: str | None = None,
) -> list[Translation]:
    order = {tag: i for i, tag in enumerate(SUPPORTED_LANGUAGES)}
    return [
        Translation(
            language=tag,
            language_name=language_name(tag, served),
            text=text,
            original=tag == original,
            translated_by=None if tag == original or original is None else translated_by,
        )
        for tag, text in sorted(texts.items(), key=lambda item: order.get(item[0], len(order)))
    ]


@strawberry.type(
    description="A text as served: its language, whether it is the original or a translation "
    "(and of which language, by whom), and whether the language asked for had none."
)
class LocalizedText:
    text: str
    language: str = strawberry.field(description="The language the text is in (BCP 47).")
    original: bool = strawberry.field(
        description="True when it is the text as its source wrote it."
    )
    original_language: str | None = strawberry.field(
        description="The language its source wrote it in, when known."
    )
    translated_by: str | None = strawberry.field(
        description="Who translated it, when it is a translation."
    )
    original_language_name: str | None = strawberry.field(
        description="The original language's name in the served language, e.g. for "
        '"translated from Norwegian".'
    )
    fallback: bool = strawberry.field(
        description="True when the language asked for had no text and another was served."
    )


def described(
    found: tuple[str, str] | None,
    language: str,
    original: str | None,
    translated_by: str | None,
) -> LocalizedText | None:
    """A picked ``(text, language)`` with what it is: original or translation, and fallback."""
    if found is None:
        return None
    text, tag = found
    return LocalizedText(
        text=text,
        language=tag,
        original=tag == original,
        original_language=original,
        translated_by=None if tag == original or original is None else translated_by,
        original_language_name=language_name(original, language) if original else None,
        fallback=tag != language,
    )


def localized(record: Record, prefix: str, language: str) -> LocalizedText | None:
    """The text of ``record``'s ``prefix`` as served in ``language``, and what it is."""
    props = record.props
    found = pick_property(props, prefix, language, proper_name=is_proper_name(record, prefix))
    return described(
        found, language, props.get(f"{prefix}Original"), props.get(f"{prefix}TranslatedBy")
    )


@strawberry.type(description="Which language this response is in, and how it was chosen.")
class ServedLanguage:
    code: str = strawberry.field(description="The served language (also `Content-Language`).")
    name: str = strawberry.field(description="Its name in itself (CLDR).")
    fallback_chain: list[str] = strawberry.field(
        description="Where texts missing in the served language come from, in order."
    )
    supported: list[str]
    choices: list[LanguageChoice] = strawberry.field(
        description="Every supported language, for a language switcher."
    )


@strawberry.type(description="A language a reader can choose.")
class LanguageChoice:
    code: str = strawberry.field(description="BCP 47 tag.")
    endonym: str = strawberry.field(description="Its name in itself, e.g. `suomi`, `føroyskt`.")
    name: str = strawberry.field(description="Its name in the served language (CLDR).")
