"""One statement for every related node a query asks for, nested the way the query nests them.

When the whole selection of a request is known before it runs (see :mod:`schema.compiled`), the
relations it walks are written as nested ``COLLECT { ... }`` subqueries below the nodes the root
field returned, so Neo4j answers them all in one round trip and the driver decodes one row per
node instead of one per related node.

A :class:`Hop` follows one :class:`~graph.queries.traversal.Traversal`; a :class:`LogPageHop` reads
one page of a project's log. Each carries an ``index`` chosen by the caller: it names the Cypher
variables (``n3``, ``r3``) and parameters (``after3``) of that hop, so the statement text depends
only on the shape of the query, never on its values. Each related node comes back as
``{p: properties, r: relationship properties, c0: ...}`` (``r``: all of them when the hop asks,
else only ``withdrawnAt``, which decides whether the link is current; ``cN`` its nested hops, in
order); a log page as ``{items: [{p, k: sort key, c0...}], total}``.

Whether the nodes' provenance dates are read is chosen when the statement is built: a query that
selects no ``provenance`` gets ``n {.*, sourceDate: null, ...}`` instead of ``properties(n)``,
since the driver's building of every ``Date`` and ``DateTime`` it reads was a large share of a
request's CPU. ``withdrawnAt`` is always read: it decides what is current
(``schema.convert.shown``), and it is null on all but the few facts a source withdrew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, LiteralString

from graph.queries.nodes import TYPE_LABEL
from graph.queries.projects import LOG_HOP, LOG_SORT_KEY
from graph.queries.traversal import Traversal


@dataclass(frozen=True, slots=True)
class Hop:
    index: int
    traversal: Traversal
    children: tuple[Nested, ...] = field(default=())
    relationship: bool = False
    """Whether to return the relationships' properties too (``r``; else only ``withdrawnAt``)."""


@dataclass(frozen=True, slots=True)
class LogPageHop:
    """A page of a project's log, oldest first: parameters ``after<index>``, ``limit<index>``."""

    index: int
    children: tuple[Nested, ...] = field(default=())


Nested = Hop | LogPageHop


WITHOUT_DATES: Final = " {.*, sourceDate: null, recordedAt: null}"
"""The map projection of a node or relationship with its provenance dates left out (null);
``withdrawnAt`` stays, since it decides what is current."""


def _props(variable: str, dates: bool) -> str:
    return f"properties({variable})" if dates else variable + WITHOUT_DATES


def _children(node: str, children: tuple[Nested, ...], dates: bool) -> str:
    return "".join(f", c{i}: {_nested(node, child, dates)}" for i, child in enumerate(children))


def _nested(parent: str, hop: Nested, dates: bool) -> str:
    node = f"n{hop.index}"
    if isinstance(hop, LogPageHop):
        key = LOG_SORT_KEY.replace("{n}", node)
        return (
            f"{{items: COLLECT {{ MATCH {LOG_HOP.pattern(parent, '', node)} "
            f"WITH {node}, {key} AS k{hop.index} "
            f"WHERE $after{hop.index} IS NULL OR k{hop.index} > $after{hop.index} "
            f"WITH {node}, k{hop.index} ORDER BY k{hop.index} LIMIT $limit{hop.index} "
            f"RETURN {{p: {_props(node, dates)}, k: k{hop.index}"
            f"{_children(node, hop.children, dates)}}} }}, "
            f"total: COUNT {{ {LOG_HOP.pattern(parent, '', '')} }}}}"
        )
    rel = f"r{hop.index}"
    order = hop.traversal.ordering(node)
    return (
        f"COLLECT {{ MATCH {hop.traversal.pattern(parent, rel, node)} "
        + (f"WITH {rel}, {node} ORDER BY {order} " if order else "")
        + f"RETURN {{p: {_props(node, dates)}"
        + (
            f", r: {_props(rel, dates)}"
            if hop.relationship
            else f", r: {{withdrawnAt: {rel}.withdrawnAt}}"
        )
        + _children(node, hop.children, dates)
        + "} }"
    )


def related(
    groups: list[tuple[Nested, ...]],
    with_node: frozenset[int] = frozenset(),
    *,
    provenance_dates: bool = True,
) -> LiteralString:
    """For each group ``g``, the hops below every node whose id is in ``$keys<g>``.

    One row: the list of ``{g: group, key: node id, row: {c0: ..., c1: ...}}``, one per node
    found (one record, so the driver reads one message). For the groups in ``with_node`` the
    row also has the node itself, as ``nodes.BY_IDS`` returns it (``node: {label, props}``).
    ``provenance_dates=False`` leaves every provenance date out (null).
    """
    parts = [
        f"UNWIND $keys{g} AS key MATCH (a{g}:Entity {{id: key}}) "
        f"RETURN {{g: {g}, key: key, row: {{{_children(f'a{g}', hops, provenance_dates)[2:]}}}"
        + (
            f", node: {{label: {TYPE_LABEL.replace('{n}', f'a{g}')}, "
            f"props: {_props(f'a{g}', provenance_dates)}}}"
            if g in with_node
            else ""
        )
        + "} AS found"
        for g, hops in enumerate(groups)
    ]
    statement: LiteralString = (
        "CALL () { " + " UNION ALL ".join(parts) + " } RETURN collect(found) AS row"
    )
    return statement
