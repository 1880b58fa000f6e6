"""Statements whose one row already has the shape of a response, composed from a projection tree.

The way @neo4j/graphql translates a selection: each object of the response becomes a Cypher list
of its field values (in the selection's order; the caller zips them with its response keys, so
no name from a request ever reaches Cypher), each relation a ``COLLECT { ... }`` subquery nested
below the node it hangs from, however deep. The tree's leaves are :class:`Expression` constants
declared per field (see ``schema.reads``), written over ``{n}`` (the current node) and ``{r}``
(the relationship that led to it); every variable part of a request is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from typing import Final, LiteralString

from graph.queries.lookup import SEARCH
from graph.queries.projects import LOG_HOP, LOG_SORT_KEY
from graph.queries.traversal import Traversal


@dataclass(frozen=True, slots=True)
class Expression:
    """One value over ``{n}`` and ``{r}``."""

    cypher: LiteralString


@dataclass(frozen=True, slots=True)
class Fields:
    """An object read from the current node, from the relationship that led to it, or from a
    map under the node's ``key`` (null when that is null)."""

    parts: tuple[Part, ...]
    relationship: bool = False
    key: LiteralString | None = None


@dataclass(frozen=True, slots=True)
class Items:
    """The related nodes of one hop, current and confirmed ones only: a list, or the first
    (``one``)."""

    traversal: Traversal
    parts: tuple[Part, ...]
    one: bool = False


@dataclass(frozen=True, slots=True)
class LogPage:
    """A page of a project's log, oldest first: ``[total, [[sort key, ...fields], ...]]``, one
    more item than the page when there is a next page (parameters ``$log<index>``)."""

    index: int
    parts: tuple[Part, ...]


Part = Expression | Fields | Items | LogPage

CONFIRMED: Final = "NOT coalesce({n}.illustrative, false)"
CURRENT: Final = "{r}.withdrawnAt IS NULL AND {n}.withdrawnAt IS NULL"
"""What :func:`schema.convert.shown` keeps of a hop: confirmed, and not withdrawn by its source."""


def project(parts: tuple[Part, ...], node: str, rel: str = "null") -> LiteralString:
    """The list of ``parts`` over the variables ``node`` and ``rel``."""
    return _list(parts, node, rel, count())


def _list(parts: tuple[Part, ...], node: str, rel: str, names: Iterator[int]) -> LiteralString:
    return "[" + ", ".join(_part(p, node, rel, names) for p in parts) + "]"


def _part(part: Part, node: str, rel: str, names: Iterator[int]) -> LiteralString:
    if isinstance(part, Expression):
        return part.cypher.replace("{n}", node).replace("{r}", rel)
    if isinstance(part, Fields):
        if part.key is None:
            return _list(part.parts, rel if part.relationship else node, rel, names)
        inner = f"{node}.{part.key}"
        return (
            f"CASE WHEN {inner} IS NULL THEN null ELSE {_list(part.parts, inner, rel, names)} END"
        )
    i = next(names)
    n, r = f"n{i}", f"r{i}"
    if isinstance(part, LogPage):
        key = LOG_SORT_KEY.replace("{n}", n)
        return (
            f"[COUNT {{ {LOG_HOP.pattern(node, '', '')} }}, COLLECT {{ "
            f"MATCH {LOG_HOP.pattern(node, '', n)} WITH {n}, {key} AS k{i} "
            f"WHERE $log{part.index}.after IS NULL OR k{i} > $log{part.index}.after "
            f"WITH {n}, k{i} ORDER BY k{i} LIMIT $log{part.index}.limit "
            f"RETURN [k{i}] + {_list(part.parts, n, 'null', names)} }}]"
        )
    order = part.traversal.ordering(n, r)
    found = (
        f"COLLECT {{ MATCH {part.traversal.pattern(node, r, n)} "
        f"WHERE {CONFIRMED.replace('{n}', n)} AND {CURRENT.replace('{n}', n).replace('{r}', r)} "
        + (f"WITH {r}, {n} ORDER BY {order} " if order else "")
        + f"RETURN {_list(part.parts, n, r, names)} }}"
    )
    return f"{found}[0]" if part.one else found


def page_of(matched: LiteralString, var: LiteralString, parts: tuple[Part, ...]) -> LiteralString:
    """One row ``[total, items]`` of a keyset page: ``matched`` is a paged query's ``match``
    (see :mod:`graph.queries.paging`); each item is ``[id, ...fields]``."""
    return (
        f"CALL () {{ {matched} RETURN collect([{var}.id] + {project(parts, var)}) AS items }} "
        "RETURN [null, items]"
    )


def page_with_total(
    body: LiteralString, matched: LiteralString, var: LiteralString, parts: tuple[Part, ...]
) -> LiteralString:
    return f"CALL () {{ {body} RETURN count({var}) AS total }} " + page_of(
        matched, var, parts
    ).replace("RETURN [null, items]", "RETURN [total, items]")


def offerings(parts: tuple[Part, ...]) -> LiteralString:
    """One row ``[total, items, illustrative left out, illustrative services left out]`` of a
    search (:data:`graph.queries.lookup.SEARCH`); each item ``['offset:<n>', ...fields]``, one
    more than ``$p.limit`` when there are more."""
    return (
        f"{SEARCH} WITH found, shown, shown[$p.skip..$p.skip + $p.limit + 1] AS page "
        "RETURN [size(shown), [i IN range(0, size(page) - 1) | "
        f"['offset:' + toString($p.skip + i)] + {project(parts, 'page[i]')}], "
        "size(found) - size(shown), size(COLLECT { UNWIND found AS r WITH r "
        "WHERE r.illustrative AND NOT $p.includeIllustrative RETURN DISTINCT r.service.id })]"
    )


def by_ids(branches: tuple[tuple[LiteralString, tuple[Part, ...]], ...]) -> LiteralString:
    """One row: for each ``$ids[i]``, ``[fields]`` when its node has the label ``$labels[i]`` (one
    of ``branches``' labels) and is confirmed, else ``[null]``; in order."""
    cases = " ".join(f"WHEN '{label}' THEN {project(parts, 'a')}" for label, parts in branches)
    return (
        "UNWIND range(0, size($ids) - 1) AS i "
        "OPTIONAL MATCH (a:Entity {id: $ids[i]}) "
        "WITH i, a, CASE WHEN a IS NOT NULL AND $labels[i] IN labels(a) "
        f"AND {CONFIRMED.replace('{n}', 'a')} THEN $labels[i] END AS found "
        f"ORDER BY i RETURN collect([CASE found {cases} END])"
    )
