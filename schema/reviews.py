"""The review list: units registry feeds name by identifiers no organisation in the hub carries
(see ``graph.queries.reviews``). Nothing is made an organisation silently; a unit waits here."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph.repositories.reviews import IdentifierReview as ReviewRecord
from graph.repositories.reviews import ReviewStatus

strawberry.enum(
    ReviewStatus,
    name="IdentifierReviewStatus",
    description="OPEN: waiting; LINKED: the identifier was given to an organisation; DISMISSED.",
)


@strawberry.type(
    description="A unit a registry feed names by an identifier no organisation carries: it "
    "reports nowhere until someone links the identifier to an organisation (`nordhub review "
    'link`) or the source brings unknown units in (`unknown_units = "create"`).'
)
class IdentifierReview:
    id: strawberry.ID
    status: ReviewStatus
    source: str = strawberry.field(description="The feed that names it.")
    registry: strawberry.ID
    country: str
    system: str = strawberry.field(description="The identifier system, e.g. `HSA-id`.")
    value: str
    name: str = strawberry.field(description="The unit's name as the feed gives it.")
    language: str = strawberry.field(description="The language of that name.")
    years: list[int] = strawberry.field(description="The years the feed says it reported in.")
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    created_as: strawberry.ID | None = strawberry.field(
        description='The organisation the source brought it in as (`unknown_units = "create"`).'
    )
    decided_as: strawberry.ID | None = strawberry.field(
        description="The organisation its identifier was linked to."
    )
    decided_at: dt.datetime | None

    @classmethod
    def of(cls, item: ReviewRecord) -> IdentifierReview:
        return cls(
            id=strawberry.ID(item.id),
            status=ReviewStatus(item.status),
            source=item.source,
            registry=strawberry.ID(item.registry),
            country=item.country,
            system=item.system,
            value=item.value,
            name=item.name,
            language=item.language,
            years=list(item.years),
            first_seen=item.first_seen,
            last_seen=item.last_seen,
            created_as=strawberry.ID(item.created_as) if item.created_as else None,
            decided_as=strawberry.ID(item.decided_as) if item.decided_as else None,
            decided_at=item.decided_at,
        )
