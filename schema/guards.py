"""Schema extensions that hold every request within its limits, through strawberry's public
extension hooks: the request limits' validation rule (sized by the request's variables) and
execution in bounded slices, so that no request keeps the event loop to itself."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from inspect import isawaitable
from typing import Any

from graphql import ASTValidationRule, GraphQLResolveInfo
from strawberry.extensions import SchemaExtension

SLICE_S = 0.01
"""Longest stretch of synchronous execution before the event loop gets its turn."""


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


class ExecutionSlices(SchemaExtension):
    """Let the event loop run every ``slice_s`` of synchronous field resolution.

    graphql-core completes fields whose resolvers are synchronous (introspection, most of ours
    below the root) without ever awaiting; a large answer would keep the loop, and every other
    request and ``/health/live`` with it, until done, and a deadline could not stop it. Once
    ``slice_s`` has passed, the fields still to resolve are handed back as awaitables that first
    yield to the loop and then resolve: other requests run in between, and a deadline cancels
    the request there.
    """

    def __init__(self, slice_s: float = SLICE_S) -> None:
        self.slice_s = slice_s
        self._due = 0.0

    def on_execute(self) -> Iterator[None]:
        self._due = time.perf_counter() + self.slice_s
        yield

    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if time.perf_counter() < self._due:
            return _next(root, info, *args, **kwargs)
        # Past the slice: resolve this field (and so its subtree) only after the loop had a turn.
        return self._after_yield(_next, root, info, args, kwargs)

    async def _after_yield(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        await asyncio.sleep(0)
        if time.perf_counter() >= self._due:
            self._due = time.perf_counter() + self.slice_s
        result = _next(root, info, *args, **kwargs)
        return await result if isawaitable(result) else result
