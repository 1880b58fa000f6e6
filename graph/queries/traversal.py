"""One hop from a node to its related nodes, written once for two uses.

A :class:`Traversal` gives the batched statement a DataLoader sends (``UNWIND $ids AS key ...``,
one row per related node, see :mod:`graph.relations`) and, for a query whose whole selection is
known up front, a ``COLLECT { ... }`` subquery nested inside one projection statement (see
:mod:`graph.queries.projection`). Both come from the same pattern, label and order, so the two
paths cannot drift apart. Every piece is a constant of this package: no caller text reaches
Cypher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString


@dataclass(frozen=True, slots=True)
class Traversal:
    start: LiteralString
    """The label of the node the field belongs to (``Entity`` for any)."""
    hop: LiteralString
    """The relationship with its direction, the relationship variable written ``{r}``."""
    label: LiteralString
    """The label of the related nodes."""
    order: LiteralString | None = None
    """Their order, over ``{n}`` (the related node) and ``{r}``; None for at most one."""

    def pattern(self, start: str, rel: str, node: str) -> LiteralString:
        hop = self.hop.replace("{r}", rel)
        found: LiteralString = f"({start}){hop}({node}:{self.label})"
        return found

    def ordering(self, node: str, rel: str = "r") -> LiteralString | None:
        if self.order is None:
            return None
        found: LiteralString = self.order.replace("{n}", node).replace("{r}", rel)
        return found

    @property
    def batched(self) -> LiteralString:
        """The DataLoader statement: rows ``{key, label, props, rel}`` for each key in ``$ids``."""
        order = self.ordering("n")
        statement: LiteralString = (
            "\nUNWIND $ids AS key\n"
            f"MATCH {self.pattern(':' + self.start + ' {id: key}', 'r', 'n')}\n"
            f"RETURN {{key: key, label: '{self.label}', props: properties(n), "
            "rel: properties(r)} AS row\n" + (f"ORDER BY {order}\n" if order else "")
        )
        return statement
