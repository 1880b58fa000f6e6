"""The language of the current request, in a ContextVar set by :mod:`i18n.middleware`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from i18n.languages import DEFAULT_LANGUAGE

_language: ContextVar[str] = ContextVar("nordhub_language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    return _language.get()


@contextmanager
def use_language(tag: str) -> Iterator[None]:
    token = _language.set(tag)
    try:
        yield
    finally:
        _language.reset(token)
