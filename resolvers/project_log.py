"""A page of each project's log: one round trip for every project on the same path and page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.repositories import Repositories
from graph.repositories.projects import LogPage
from resolvers.context import Info
from schema.convert import field_path
from schema.relay import Connection, Edge, decode_cursor, encode_cursor, page_info, page_size


async def log_entries(
    info: Info, project_id: str, *, first: int | None, after: str | None
) -> Connection[Any]:
    size, start = page_size(info, first), decode_cursor(after)

    async def load(repos: Repositories, keys: Sequence[str]) -> list[LogPage]:
        return await repos.projects.log_pages(keys, first=size, after=start)

    loader = info.context.loaders.keyed(("logEntries", field_path(info), size, start), load)
    return log_connection(await loader.load(project_id), after=start)


def log_connection(page: LogPage, *, after: str | None) -> Connection[Any]:
    """A page of a log as the connection ``logEntries`` answers (``after``: the decoded cursor)."""
    from schema.projects import LogEntry

    edges: list[Edge[Any]] = [
        Edge(cursor=encode_cursor(sort_key), node=LogEntry.from_record(record))
        for sort_key, record in page.items
    ]
    return Connection(
        edges=edges,
        page_info=page_info(edges, has_next=page.has_next, has_previous=after is not None),
        total=page.total,
    )
