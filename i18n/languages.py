"""The languages the hub serves and how each falls back when a text is missing.

Tags are the short BCP 47 / CLDR tags: nb (Norwegian Bokmål), nn (Nynorsk), sv, da, fi, is, en,
se (Northern Sámi), fo (Faroese), kl (Greenlandic). Every chain ends in English.
"""

from __future__ import annotations

from typing import Final

DEFAULT_LANGUAGE: Final = "en"

SUPPORTED_LANGUAGES: Final[tuple[str, ...]] = (
    "nb", "nn", "sv", "da", "fi", "is", "en", "se", "fo", "kl",
)  # fmt: skip

# Each language's name in itself, as a language switcher shows it: CLDR's autonyms, lower-cased
# as the languages write them, except Nynorsk, which Norwegian sites call "nynorsk".
ENDONYMS: Final[dict[str, str]] = {
    "nb": "norsk bokmål",
    "nn": "nynorsk",
    "sv": "svenska",
    "da": "dansk",
    "fi": "suomi",
    "is": "íslenska",
    "en": "English",
    "se": "davvisámegiella",
    "fo": "føroyskt",
    "kl": "kalaallisut",
}

# What a reader of the first language most likely reads next.
_FALLBACKS: Final[dict[str, tuple[str, ...]]] = {
    "nn": ("nb",),
    "se": ("nb",),
    "fo": ("da",),
    "kl": ("da",),
    "nb": ("nn",),
}

# Tags that name a supported language under another spelling.
ALIASES: Final[dict[str, str]] = {"no": "nb", "nob": "nb", "nno": "nn"}


def is_supported(tag: str) -> bool:
    return tag in SUPPORTED_LANGUAGES


def fallback_chain(tag: str) -> tuple[str, ...]:
    """The order in which texts are tried for ``tag``: itself, its neighbours, then English."""
    chain = [tag, *_FALLBACKS.get(tag, ())]
    if DEFAULT_LANGUAGE not in chain:
        chain.append(DEFAULT_LANGUAGE)
    return tuple(dict.fromkeys(chain))
