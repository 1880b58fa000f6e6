"""A FHIR ``availableTime`` list as the hub's opening-hours text, one per language.

The partner states structured hours (days of the week, start and end times, or all day); the hub
keeps them as ``openingHours_<lang>`` texts, written here from that structure with each
language's day abbreviations: ``man–fre 08:00–15:30; lør 10:00–14:00``. The resource's language
is the original, the others are renderings of the same structure (see ``mapping``). Languages
without a table here (Northern Sami, Faroese, Greenlandic) get no text: the reads fall back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Day abbreviations (Monday first) and "all day", as each language's own calendars write them.
_WORDS: Final[dict[str, tuple[tuple[str, ...], str]]] = {
    "en": (("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "all day"),
    "nb": (("man", "tir", "ons", "tor", "fre", "lør", "søn"), "hele døgnet"),
    "nn": (("mån", "tys", "ons", "tor", "fre", "lau", "sun"), "heile døgeret"),
    "sv": (("mån", "tis", "ons", "tors", "fre", "lör", "sön"), "hela dygnet"),
    "da": (("man", "tir", "ons", "tor", "fre", "lør", "søn"), "hele døgnet"),
    "fi": (("ma", "ti", "ke", "to", "pe", "la", "su"), "koko vuorokauden"),
    "is": (("mán", "þri", "mið", "fim", "fös", "lau", "sun"), "allan sólarhringinn"),
}
LANGUAGES: Final = tuple(_WORDS)


class BadHours(ValueError):
    """An ``availableTime`` entry the hub cannot read."""


def _time(value: Any, key: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) < 5 or value[2] != ":":
        raise BadHours(f"{key} {value!r} is not a time")
    return value[:5]


def _days(found: Sequence[int], names: Sequence[str]) -> str:
    """``man–fre`` for a run of three days or more, else the days one by one."""
    parts: list[str] = []
    run: list[int] = []
    for day in [*found, -2]:
        if run and day == run[-1] + 1:
            run.append(day)
            continue
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            parts += [names[d] for d in run]
        run = [day]
    return ", ".join(parts)


_KEYS: Final = ("daysOfWeek", "allDay", "availableStartTime", "availableEndTime")


def available_time(available: Sequence[Any]) -> str:
    """The entries of ``availableTime`` (read by :func:`opening_hours` first) as JSON, the
    elements the hub reads only: how the graph keeps them for its own FHIR directory."""
    entries = [
        {k: entry[k] for k in _KEYS if entry.get(k) not in (None, [], False)}
        for entry in available
        if isinstance(entry, dict)
    ]
    return json.dumps([e for e in entries if e], ensure_ascii=False, separators=(",", ":"))


def stored_available_time(value: Any) -> list[dict[str, Any]]:
    """What :func:`available_time` stored, back as FHIR ``availableTime``; [] if unreadable."""
    try:
        found = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return []
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def opening_hours(available: Sequence[Any]) -> dict[str, str]:
    """``{language: text}`` for the entries of ``availableTime``; empty when none says anything."""
    entries: list[tuple[list[int], bool, str | None, str | None]] = []
    for entry in available:
        if not isinstance(entry, dict):
            raise BadHours("availableTime must hold objects")
        raw_days = entry.get("daysOfWeek") or []
        if not isinstance(raw_days, list) or any(d not in DAYS for d in raw_days):
            raise BadHours(f"daysOfWeek {raw_days!r} are not days of the week")
        days = sorted({DAYS.index(d) for d in raw_days})
        all_day = entry.get("allDay") is True
        start = _time(entry.get("availableStartTime"), "availableStartTime")
        end = _time(entry.get("availableEndTime"), "availableEndTime")
        if days or all_day or start or end:
            entries.append((days, all_day, start, end))
    texts: dict[str, str] = {}
    for language, (names, whole_day) in _WORDS.items() if entries else ():
        parts = []
        for days, all_day, start, end in entries:
            hours = f"{start or ''}–{end or ''}" if start or end else ""
            hours = whole_day if all_day else hours
            parts.append(" ".join(p for p in (_days(days, names), hours) if p))
        texts[language] = "; ".join(parts)
    return texts
