"""Checking a registry feed through the API: the input, and the diff a run of it would make.

For partners without shell access, the same dry run as ``nordhub validate``: the feed is read,
mapped and written in a transaction that is rolled back, so the answer is what a sync would do,
and nothing is kept (not even an audit entry)."""

from __future__ import annotations

import strawberry

from connectors.sources import FeedFormat
from graph.repositories.sync import RunStatus

strawberry.enum(FeedFormat, name="RegistryFeedFormat", description="`json` or `csv`.")


@strawberry.input(description="A registry feed document to check, as a registry would publish it.")
class RegistryFeedInput:
    registry: strawberry.ID = strawberry.field(description="The registry, `registry:<id>`.")
    country: str = strawberry.field(
        description="The country whose participation the feed states (ISO code, e.g. `SE`)."
    )
    content: str = strawberry.field(description="The whole document (see docs/registry-feeds.md).")
    format: FeedFormat = FeedFormat.JSON
    delimiter: str | None = strawberry.field(
        default=None, description="A CSV feed's delimiter, `,` or `;` (default: sniffed)."
    )
    source: str | None = strawberry.field(
        default=None,
        description="The configured feed to compare with (default: the one configured for this "
        "registry and country, if any; without one, nothing would be withdrawn).",
    )


@strawberry.type(description="A unit of a feed (one waiting for review).")
class FeedUnit:
    country: str
    system: str
    identifier: str
    name: str
    language: str
    years: list[int]


@strawberry.type(
    description="What a sync of the feed would do. Nothing was written: `written` is always false."
)
class RegistryFeedDiff:
    written: bool = strawberry.field(description="Always false: a check writes nothing.")
    source: str | None = strawberry.field(
        description="The configured feed it was compared with; null when none is configured."
    )
    status: RunStatus = strawberry.field(description="How a run would end.")
    read_as: str = strawberry.field(description="How the document was read.")
    created: list[str] = strawberry.field(description="Ids of the nodes a run would create.")
    updated: list[str] = strawberry.field(description="Ids of the nodes a run would change.")
    unchanged: int
    withdrawn: list[str] = strawberry.field(
        description="What a run would withdraw: nodes by id, relationships as `start TYPE end`."
    )
    withdrawals_held: list[str] = strawberry.field(
        description="Why a run would withdraw nothing (then `heldBack` lists what it keeps)."
    )
    held_back: list[str]
    rejected: list[str] = strawberry.field(description="Rows that cannot be read, where and why.")
    review: list[FeedUnit] = strawberry.field(
        description="Units named by identifiers no organisation carries: they would wait for "
        "review instead of becoming organisations."
    )
    notes: list[str] = strawberry.field(
        description="What a run would leave as it is (facts another source states, ...)."
    )
