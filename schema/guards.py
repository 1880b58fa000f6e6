"""Schema extensions that hold every request within its limits, through strawberry's public
extension hooks: the request limits' validation rule (sized by the request's variables) and
execution in bounded slices, so that no request keeps the event loop to itself."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator
from inspect import isawaitable
from typing import Any

from graphql import (
    ASTValidationRule,
    GraphQLOutputType,
    GraphQLResolveInfo,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from strawberry.extensions import SchemaExtension

SLICE_S = 0.01
"""Longest stretch of synchronous execution before the event loop gets its turn."""
LONG_LIST = 50
"""A list this long is completed item by item from the start (its items may be large)."""


class RequestLimits(SchemaExtension):
    """Add the request limits' rule (:func:`schema.cost.limits_rule`) to this request's
    validation; like strawberry's ``AddValidationRules``, but built from the request's variables
    (``first: $n`` sizes a page)."""

    def __init__(
        self,
        rules: Callable[[dict[str, Any] | None, str | None], tuple[type[ASTValidationRule], ...]],
    ):
        self.rules = rules

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        # The operation the caller named (strawberry's own ``operation_name`` falls back to the
        # document's first operation); the hub's view puts it in the request context.
        named = getattr(context.context, "operation_name", None)
        context.validation_rules = (
            *context.validation_rules,
            *self.rules(context.variables, named),
        )
        yield


def _introspection_list(type_: GraphQLOutputType) -> bool:
    return is_list_type(get_nullable_type(type_)) and get_named_type(type_).name.startswith("__")


class ExecutionSlices(SchemaExtension):
    """Let the event loop run every ``slice_s`` while introspection is completed.

    graphql-core completes the items of a list, and the fields under them, synchronously when
    their resolvers are: introspection's are, and a large introspection answer would keep the
    loop, and every other request and ``/health/live`` with it, until done, and a deadline could
    not stop it. Lists of introspection types longer than ``LONG_LIST`` (and any, once the request
    has run for ``slice_s``) are handed to graphql-core as async iterators, which graphql-core
    completes item by item; the iterator lets the loop run whenever another ``slice_s`` has
    passed (one turn per slice, however many lists are open), so other requests run in between
    and a deadline cancels the request there.

    Lists of data are left alone: their items load through DataLoaders, which batch the keys
    asked for in one turn of the loop, and a turn in the middle of a list would split the batch
    (more round trips on a slower machine). Their size is bounded by the cost rule, and each level
    of them awaits its loader anyway.
    """

    def __init__(self, slice_s: float = SLICE_S) -> None:
        self.slice_s = slice_s
        self._started = 0.0
        self._due = 0.0
        self._turns = asyncio.Lock()

    def on_execute(self) -> Iterator[None]:
        self._started = time.perf_counter()
        self._due = self._started + self.slice_s
        yield

    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        result = _next(root, info, *args, **kwargs)
        if not _introspection_list(info.return_type):
            return result
        long = time.perf_counter() >= self._started + self.slice_s
        if isawaitable(result):
            return self._sliced_later(result) if long else result
        return self._maybe_sliced(result, long)

    async def _sliced_later(self, result: Awaitable[Any]) -> Any:
        return self._maybe_sliced(await result, True)

    def _maybe_sliced(self, value: Any, long: bool) -> Any:
        # Any sized collection (graphql-core's introspection hands out dict views).
        if isinstance(value, Collection) and (long or len(value) > LONG_LIST):
            return self._sliced(value)
        return value

    async def _sliced(self, items: Collection[Any]) -> AsyncIterator[Any]:
        for item in items:
            if time.perf_counter() >= self._due:
                # One yield per slice however many lists are being completed side by side.
                async with self._turns:
                    if time.perf_counter() >= self._due:
                        await asyncio.sleep(0)
                        self._due = time.perf_counter() + self.slice_s
            yield item
