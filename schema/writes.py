"""What every mutation's payload says about the write itself."""

from __future__ import annotations

import strawberry


@strawberry.type
class WriteResult:
    replayed: bool = strawberry.field(
        description="True when the idempotency key repeated an earlier call: nothing was written "
        "now, and this is that call's result."
    )
    idempotency_key: str = strawberry.field(
        description="The key this write is known by: the one you sent, or the one the hub derived "
        "from the mutation and its input (`auto-…`). Send it again to repeat the call safely."
    )
