"""What a connector hands to the sync runner: nodes and relationships in the hub's own terms,
each with the partner record it came from, plus what could not be mapped."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class IssueKind(StrEnum):
    UNMAPPED_FIELD = "unmapped field"
    UNKNOWN_CODE = "unknown code"
    UNRESOLVED_REFERENCE = "unresolved reference"
    FOREIGN = "recorded by another source"
    NOT_STATED = "not stated"  # valid R4 leaves it out; the hub keeps no value for it
    STALE = "not updated"  # the partner's new version could not be read; the old one stays
    RECONCILED = "same organisation as the hub's"
    NAME_MATCH = "same name as the hub's (for review)"
    SEARCH_RESTARTED = "search started again"


@dataclass(frozen=True, slots=True)
class Issue:
    """Something the partner sent that the hub does not map (yet): reported, never dropped."""

    kind: IssueKind
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass(frozen=True, slots=True)
class NodeFact:
    id: str
    label: str
    props: dict[str, Any]
    source: str  # the partner record's URL: the most precise provenance there is
    origin: str  # the partner's own key, e.g. ``Location/123``, for reports
    kind: str  # what the partner calls it (FHIR resource type, feed row kind)
    checksum: str
    source_date: str | None = None
    withdrawn: bool = False  # the partner itself says the record is no longer in use


@dataclass(frozen=True, slots=True)
class LinkFact:
    """A relationship ``start -[type]-> end`` between hub ids; ``type`` from the allow-list."""

    type: str
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CodedLink:
    """A relationship to whichever condition carries ``system``/``code`` in the hub."""

    type: str
    start: str
    system: str
    code: str


@dataclass(slots=True)
class Mapped:
    node: NodeFact
    links: list[LinkFact] = field(default_factory=list)
    # Nodes that are part of the record (a service's contact): written, counted and withdrawn
    # with it, never on their own. Their ids derive from the record's; the record links them.
    dependents: list[NodeFact] = field(default_factory=list)
    coded: list[CodedLink] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class Issues:
    """Issues of a run, counted: the same unmapped field on 500 resources is one line."""

    counts: Counter[Issue] = field(default_factory=Counter)

    def add(self, issues: list[Issue]) -> None:
        self.counts.update(issues)

    def lines(self, limit: int = 200) -> list[str]:
        ordered = sorted(self.counts.items(), key=lambda item: (-item[1], str(item[0])))
        lines = [f"{issue} ({count}×)" for issue, count in ordered[:limit]]
        if len(ordered) > limit:
            lines.append(f"… and {len(ordered) - limit} more")
        return lines


def checksum(value: Any) -> str:
    """A stable digest of a JSON-like value: equal content, equal digest."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
