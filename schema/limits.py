"""Request limits: how large, deep, costly and slow one request may be.

The values live in :class:`Limits` (part of the app's settings); the document checks (depth,
aliases, cost) are one validation rule in :mod:`schema.cost`, the token limit is strawberry's
``MaxTokensLimiter``, the body size is starlette's, the timeout and the response size are
applied by :mod:`nordhub.graphql_view`, and the refusals made before GraphQL runs are shaped by
:mod:`nordhub.refusals`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Safe defaults for one GraphQL request; each configurable (docs/http.md, "Limits")."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    # Estimated objects a query may resolve: list and connection sizes multiply (schema.cost).
    max_cost: int = 10_000
    # The federation batch fields (_entities, nodes): a gateway's plan asks for thousands at once.
    max_batch_cost: int = 50_000
    # Large enough for 5 000 entity representations from a gateway (about 80 bytes each).
    max_body_bytes: int = 1024 * 1024
    max_response_bytes: int = 16 * 1024 * 1024
    timeout_s: float = 10.0
