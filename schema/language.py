"""Picking a text in the served language, along its fallback chain, and listing translations."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import strawberry

from graph.models import texts
from i18n.cldr import language_name
from i18n.languages import SUPPORTED_LANGUAGES, fallback_chain, is_supported
from resolvers.context import Info
from resolvers.errors import ApiError, ErrorCode


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


def pick_property(props: Mapping[str, Any], prefix: str, language: str) -> tuple[str, str] | None:
    """:func:`pick` over the ``<prefix>_<lang>`` properties of a node, without collecting them
    first (a text field is read once per item of every page)."""
    for key, tag in _keys(prefix, language):
        text = props.get(key)
        if text:
            return text, tag
    return pick(texts(props, prefix), language)


@strawberry.type(description="A text in one language.")
class Translation:
    language: str = strawberry.field(description="BCP 47 tag, e.g. `nb`, `sv`, `fi`.")
    language_name: str = strawberry.field(
        description="The language's name in the served language (CLDR)."
    )
    text: str


def translations(texts: Mapping[str, str], served: str) -> list[Translation]:
    order = {tag: i for i, tag in enumerate(SUPPORTED_LANGUAGES)}
    return [
        Translation(language=tag, language_name=language_name(tag, served), text=text)
        for tag, text in sorted(texts.items(), key=lambda item: order.get(item[0], len(order)))
    ]


@strawberry.type(description="Which language this response is in, and how it was chosen.")
class ServedLanguage:
    code: str = strawberry.field(description="The served language (also `Content-Language`).")
    name: str = strawberry.field(description="Its name in itself (CLDR).")
    fallback_chain: list[str] = strawberry.field(
        description="Where texts missing in the served language come from, in order."
    )
    supported: list[str]
