"""Statuses that follow from dates: the Python rule (read) and the Cypher rule (filters) agree."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.client import GraphClient
from graph.models import PartialDate
from graph.queries.projects import PROJECT_STATUS
from graph.status import project_status
from graph.vocabulary import DatePrecision

TODAY = dt.date.today()
PAST, FUTURE = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)

CASES = [
    # (stored status, exact end, latest bound of a partial end) -> derived status
    ("ACTIVE", None, dt.date(2015, 12, 31), "ENDED"),
    ("PROPOSED", PAST, None, "ENDED"),
    ("ACTIVE", FUTURE, None, "ACTIVE"),
    ("ACTIVE", None, None, "ACTIVE"),
    ("ACTIVE", None, FUTURE, "ACTIVE"),
    ("COMPLETED", PAST, None, "COMPLETED"),
    ("CLOSED", None, dt.date(2015, 12, 31), "CLOSED"),
]


def _ends(day: dt.date | None, latest: dt.date | None) -> PartialDate | None:
    if day is not None:
        return PartialDate(DatePrecision.DAY, day, day)
    if latest is not None:
        return PartialDate(DatePrecision.YEAR, latest.replace(month=1, day=1), latest)
    return None


@pytest.mark.parametrize(("stored", "day", "latest", "expected"), CASES)
async def test_python_and_cypher_derive_the_same_status(
    graph: GraphClient, stored: str, day: dt.date | None, latest: dt.date | None, expected: str
) -> None:
    status, derived = project_status(stored, _ends(day, latest), TODAY)
    assert (status, derived) == (expected, expected != stored)
    rows = await graph.read(
        "WITH {status: $stored, periodEnd: $day, periodEndLatest: $latest} AS p "
        "RETURN {status: " + PROJECT_STATUS + "} AS row",
        {"stored": stored, "day": day, "latest": latest},
    )
    assert rows[0]["status"] == expected
