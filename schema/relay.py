"""Relay connections: ``first``/``after`` keyset pages with ``pageInfo`` and ``totalCount``.

Cursors are opaque to callers (URL-safe base64 of a small versioned JSON); inside they hold the
id the next page starts after, so paging stays fast and stable however large the list.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, Protocol, TypeVar

import orjson
import strawberry
from strawberry.types.nodes import SelectedField, Selection

from graph.models import Page, Record
from schema.context import Info
from schema.errors import ApiError, ErrorCode

T = TypeVar("T")
_CURSOR_VERSION = 1


def encode_cursor(node_id: str) -> str:
    raw = orjson.dumps({"v": _CURSOR_VERSION, "after": node_id})  # a page has 100 of them
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error):
        raise ApiError(ErrorCode.BAD_CURSOR, cursor=cursor) from None
    if (
        not isinstance(data, dict)
        or data.get("v") != _CURSOR_VERSION
        or not isinstance(data.get("after"), str)
    ):
        raise ApiError(ErrorCode.BAD_CURSOR, cursor=cursor)
    after: str = data["after"]
    return after


def page_size(info: Info, first: int | None) -> int:
    settings = info.context.settings
    size = settings.default_page_size if first is None else first
    if size < 0 or size > settings.max_page_size:
        raise ApiError(
            ErrorCode.BAD_PAGE_SIZE, argument="first", maximum=settings.max_page_size, value=size
        )
    return size


def wants_field(info: Info, name: str) -> bool:
    """Whether the current field's selection asks for ``name`` (through fragments too)."""

    def search(selections: Iterable[Selection]) -> bool:
        for selection in selections:
            if isinstance(selection, SelectedField):
                if selection.name == name:
                    return True
            elif search(selection.selections):
                return True
        return False

    return any(search(field.selections) for field in info.selected_fields)


@strawberry.type(description="Where this page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a list, with the cursor to continue after it.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total: strawberry.Private[int | None]

    @strawberry.field(description="How many items the whole list has, with these filters.")
    def total_count(self) -> int:
        return self.total if self.total is not None else len(self.edges)

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


class Cursored(Protocol):
    cursor: str


def page_info(edges: Sequence[Cursored], *, has_next: bool, has_previous: bool) -> PageInfo:
    """The page info of ``edges``: start and end cursors from the first and last edge."""
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )


def connection(page: Page, convert: Callable[[Record], T], *, after: str | None) -> Connection[T]:
    edges = [Edge(cursor=encode_cursor(r.id), node=convert(r)) for r in page.items]
    return Connection(
        edges=edges,
        page_info=page_info(edges, has_next=page.has_next, has_previous=after is not None),
        total=page.total,
    )


def converted(records: Iterable[Record], convert: Callable[[Record], T]) -> list[T]:
    return [convert(r) for r in records]
