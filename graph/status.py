"""Statuses that follow from dates, derived when read rather than stored.

A project recorded as proposed or active whose period is over has ENDED: the record cannot say it
is still active in a later year, and no source says whether it was completed. The same rule is
written in Cypher for filters (:data:`graph.queries.projects.PROJECT_STATUS`); a test holds the
two to the same answers.
"""

from __future__ import annotations

import datetime as dt

from graph.models import PartialDate
from graph.vocabulary import ProjectStatus

# Statuses that a period's end overtakes.
OPEN_STATUSES = frozenset({ProjectStatus.PROPOSED.value, ProjectStatus.ACTIVE.value})


def project_status(
    stored: str | None, ends: PartialDate | None, today: dt.date
) -> tuple[str | None, bool]:
    """The status as of ``today`` and whether it was derived: ENDED once the last day the period
    can end (its latest bound) has passed and the record still says proposed or active."""
    last = ends.latest if ends is not None else None
    if stored in OPEN_STATUSES and last is not None and last < today:
        return ProjectStatus.ENDED.value, True
    return stored, False
