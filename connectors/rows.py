"""What a connector's mapped facts become: the rows ``graph.queries.sync`` writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from connectors.facts import Mapped, checksum
from graph.repositories.sync import PageWrite


def page_write(
    mapped: Sequence[Mapped],
    errors: list[str],
    newest: dt.datetime | None,
    *,
    unstated: Collection[str] = frozenset(),
) -> PageWrite:
    """The rows of one page: its nodes (but those in ``unstated``, mapped only for the
    relationships that start at them), relationships and coded links, with their provenance."""
    write = PageWrite(rejected=len(errors), errors=errors, max_updated=newest)
    for item in mapped:
        node = item.node
        source_date = dt.date.fromisoformat(node.source_date) if node.source_date else None
        if node.id not in unstated:
            write.nodes.append(
                {
                    "id": node.id,
                    "label": node.label,
                    "kind": node.kind,
                    "props": node.props,
                    "source": node.source,
                    "sourceDate": source_date,
                    "checksum": node.checksum,
                    "withdrawn": node.withdrawn,
                }
            )
        for link in item.links:
            row: dict[str, Any] = {
                "start": link.start,
                "end": link.end,
                "props": link.props,
                "source": node.source,
                "sourceDate": source_date,
                "checksum": checksum([link.type, link.start, link.end, link.props]),
            }
            write.links.setdefault(link.type, []).append(row)
        for coded in item.coded:
            write.treats.append(
                {
                    "start": coded.start,
                    "system": coded.system,
                    "code": coded.code,
                    "props": {},
                    "source": node.source,
                    "sourceDate": source_date,
                    "checksum": checksum([coded.type, coded.start, coded.system, coded.code]),
                }
            )
    return write
