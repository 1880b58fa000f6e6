"""Parse and validate each query text once: an LRU of valid documents, keyed by the query text.

Clients send the same few query shapes over and over with different variables. Parsing a
document and running every validation rule over it (graphql-core's rules plus the hub's request
limits, which each walk the whole document) cost far more than executing a small query. The
outcome depends only on the text and the schema, so :class:`DocumentCache` keeps the parsed
document of each text that validated without errors and, on a repeat, hands strawberry the parsed
document (parsing is skipped) and runs only the rules marked ``per_request`` (the request limits,
whose cost depends on the variables: ``first: $n``); graphql-core's own rules are skipped.

A text that fails parsing or validation is never cached, so it fails again the same way. Each
schema gets its own :class:`DocumentStore` (a schema without introspection must not reuse a
document validated by one with it). The store is bounded, so unique query texts cannot grow
memory without limit; it lives in the process, which changes no answer (each worker of a
multi-process server keeps its own).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Any, Final, TypeVar, cast

from graphql import DocumentNode, validate
from strawberry.extensions import SchemaExtension

from schema.internals import graphql_schema

DEFAULT_SIZE: Final = 256
MAX_TEXT: Final = 20_000
"""Longer texts are parsed and validated every time (they are rare and would crowd the cache)."""
DERIVED: Final = 16
"""Derived values kept per text (a read plan per operation, a limits verdict per shape of the
variables); more start the text's set afresh."""

T = TypeVar("T")


class DocumentStore:
    """A bounded LRU map from query text to its parsed, valid document, and what was derived
    from it (:meth:`derive`), kept and evicted with it."""

    __slots__ = ("_entries", "_lock", "hits", "misses", "size")

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[DocumentNode, dict[Hashable, Any]]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, text: str) -> DocumentNode | None:
        with self._lock:
            entry = self._entries.get(text)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(text)
            self.hits += 1
            return entry[0]

    def put(self, text: str, document: DocumentNode) -> None:
        if len(text) > MAX_TEXT:
            return
        with self._lock:
            self._entries[text] = (document, {})
            self._entries.move_to_end(text)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def derive(self, text: str, key: Hashable, make: Callable[[DocumentNode], T]) -> T | None:
        """``make(document)`` for the valid document of ``text``, computed once per ``key``
        (at most :data:`DERIVED` keys per text); None when the text is not kept."""
        with self._lock:
            entry = self._entries.get(text)
            if entry is None:
                return None
            document, derived = entry
            if key in derived:
                return cast(T, derived[key])
        value = make(document)
        with self._lock:
            if len(derived) >= DERIVED:
                derived.clear()
            derived[key] = value
        return value

    def __len__(self) -> int:
        return len(self._entries)


class DocumentCache(SchemaExtension):
    """Skip parse and validation for a query text that already passed both (see module doc)."""

    def __init__(self, store: DocumentStore) -> None:
        self.store = store
        self._hit = False

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is not None and context.graphql_document is None:
            cached = self.store.get(query)
            if cached is not None:
                context.graphql_document = cached
                self._hit = True
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if self._hit:
            # strawberry runs the validation rules only while this is None. Rules that depend on
            # the request (its variables, e.g. the cost of `first: $n`) still run here.
            per_request = tuple(
                rule for rule in context.validation_rules if getattr(rule, "per_request", False)
            )
            assert context.graphql_document is not None
            context.pre_execution_errors = (
                validate(graphql_schema(context.schema), context.graphql_document, per_request)
                if per_request
                else []
            )
        yield
        if (
            not self._hit
            and not context.pre_execution_errors
            and context.query is not None
            and context.graphql_document is not None
        ):
            self.store.put(context.query, context.graphql_document)
