"""Cypher for dates known only as exactly as their sources give them (see
:class:`graph.models.PartialDate`): ``d.date`` for a day, else ``d.dateEarliest`` and
``d.dateLatest``."""

from typing import Final

# ``d`` may have happened in ``$year``: its day is in the year, or its bounds overlap the year.
# A date with an open bound (only "not before 2017") is in no particular year.
DATE_MAY_FALL_IN_YEAR: Final = """($year IS NULL OR (
        coalesce(d.date, d.dateEarliest) <= date({year: $year, month: 12, day: 31})
        AND coalesce(d.date, d.dateLatest) >= date({year: $year, month: 1, day: 1})))"""
