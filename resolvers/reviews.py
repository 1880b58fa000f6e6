"""The review list of units with unknown identifiers (read; decided with ``nordhub review``)."""

from __future__ import annotations

import strawberry

from graph.repositories.reviews import ReviewRepository, ReviewStatus
from schema.context import Info
from schema.errors import ApiError, ErrorCode
from schema.reviews import IdentifierReview

MAX_REVIEWS = 500


async def identifier_reviews(
    info: Info,
    status: ReviewStatus | None = ReviewStatus.OPEN,
    registry: strawberry.ID | None = None,
    source: str | None = None,
    first: int = 100,
) -> list[IdentifierReview]:
    if not 0 <= first <= MAX_REVIEWS:
        raise ApiError(ErrorCode.BAD_PAGE_SIZE, argument="first", maximum=MAX_REVIEWS, value=first)
    found = await ReviewRepository(info.context.graph).list(
        status=status.value if status is not None else None,
        registry=str(registry) if registry is not None else None,
        source=source,
        limit=first,
    )
    return [IdentifierReview.of(item) for item in found]
