"""Keyset pages over one label, ordered by id.

Each list query is written once as a ``MATCH ... WHERE <filters>`` body; :func:`paged` builds from
it, at import time and from constants only, the two statements a page needs: the page alone, and
the page with its total count in the same round trip.
"""

from __future__ import annotations

from typing import LiteralString, NamedTuple


class PagedQuery(NamedTuple):
    page: LiteralString
    """One row: the list of the page's items (and one more, if there is a next page)."""
    page_with_total: LiteralString
    """One row: ``{total, items}``."""
    body: LiteralString
    """The ``MATCH ... WHERE <filters>`` alone (for a count)."""
    match: LiteralString
    """The page's nodes as ``var``, before any RETURN (for a projection, see
    :mod:`graph.queries.projection`)."""
    var: LiteralString


def paged(body: LiteralString, var: LiteralString, label: LiteralString) -> PagedQuery:
    """``body`` matches ``var`` with its filters and ends inside a WHERE clause."""
    # ``id > coalesce($after, '')`` (not ``$after IS NULL OR id > $after``) lets the planner seek
    # the label's unique id index in order and stop after ``$limit`` rows instead of scanning and
    # sorting every node of the label (ids are never empty).
    page_part: LiteralString = (
        body
        + " AND "
        + var
        + ".id > coalesce($after, '') WITH "
        + var
        + " ORDER BY "
        + var
        + ".id LIMIT $limit "
    )
    row: LiteralString = "{label: '" + label + "', props: properties(" + var + ")}"
    # One record with the whole page: the driver reads one message instead of one per item.
    page: LiteralString = page_part + "RETURN collect(" + row + ") AS row"
    with_total: LiteralString = (
        "CALL () { "
        + body
        + " RETURN count("
        + var
        + ") AS total } "
        + "CALL () { "
        + page_part
        + "RETURN collect("
        + row
        + ") AS items } "
        + "RETURN {total: total, items: items} AS row"
    )
    return PagedQuery(page, with_total, body, page_part, var)
