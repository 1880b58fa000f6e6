"""A FHIR search's query string, checked and turned into a :class:`DirectorySearch` before any
query runs. Unknown parameters and malformed values are refused (400, OperationOutcome): a client
never gets an answer that silently ignored part of what it asked."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from connectors.fhir_terms import IDENTIFIER_SYSTEMS, SERVICE_KIND_SYSTEM
from graph.repositories.fhir import Bound, DirectorySearch
from graph.vocabulary import IDENTIFIER_PROPERTIES, ServiceKind
from nordhub.fhir import outcome
from nordhub.fhir.ids import hub_id
from nordhub.fhir.outcome import InvalidRequest, NotAcceptable

DEFAULT_COUNT: Final = 50
MAX_COUNT: Final = 500
JSON_FORMATS: Final = frozenset({"json", "application/json", "application/fhir+json"})
# Parameters every search takes; paging and format are the server's own.
COMMON: Final = frozenset(
    {"_id", "_lastUpdated", "_count", "_include", "_revinclude", "_cursor", "_format"}
)
# The search parameters of each type (R4 names), beside the common ones.
PARAMETERS: Final[dict[str, frozenset[str]]] = {
    "Organization": frozenset({"name", "identifier", "active", "partof"}),
    "Location": frozenset({"name", "identifier", "organization"}),
    "HealthcareService": frozenset(
        {"name", "organization", "location", "active", "service-category"}
    ),
}
MODIFIERS: Final = frozenset({"name:contains", "name:exact"})
# (searched type, include) -> the type it brings in; revincludes: (searched type, revinclude).
INCLUDES: Final[dict[tuple[str, str], str]] = {
    ("HealthcareService", "HealthcareService:organization"): "Organization",
    ("HealthcareService", "HealthcareService:location"): "Location",
    ("Location", "Location:organization"): "Organization",
    ("Organization", "Organization:partof"): "Organization",
}
REVINCLUDES: Final[dict[tuple[str, str], str]] = {
    ("Organization", "HealthcareService:organization"): "HealthcareService",
    ("Organization", "Location:organization"): "Location",
    ("Organization", "Organization:partof"): "Organization",
    ("Location", "HealthcareService:location"): "HealthcareService",
}

_DATE = re.compile(
    r"^(?P<prefix>eq|gt|ge|lt|le)?(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(?P<zone>Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


@dataclass(slots=True)
class SearchRequest:
    resource_type: str
    search: DirectorySearch
    count: int = DEFAULT_COUNT
    after: str | None = None
    includes: list[tuple[str, str]] = field(default_factory=list)  # (include, target type)
    revincludes: list[tuple[str, str]] = field(default_factory=list)


def parse(resource_type: str, items: Sequence[tuple[str, str]]) -> SearchRequest:
    request = SearchRequest(resource_type, DirectorySearch())
    allowed = PARAMETERS[resource_type] | COMMON
    for key, value in items:
        name = key.split(":", 1)[0]
        if name not in allowed or (":" in key and key not in MODIFIERS):
            raise InvalidRequest(outcome.UNKNOWN_PARAMETER, name=key, type=resource_type)
        _apply(request, key, name, value.strip())
    return request


def _apply(request: SearchRequest, key: str, name: str, value: str) -> None:
    search = request.search
    kind = request.resource_type
    if name == "_format":
        if value not in JSON_FORMATS:
            raise NotAcceptable(outcome.NOT_JSON)
    elif name == "_count":
        if not value.isdigit() or int(value) > MAX_COUNT:
            raise InvalidRequest(outcome.BAD_COUNT, max=MAX_COUNT)
        request.count = int(value)
    elif name == "_cursor":
        request.after = decode_cursor(value)
    elif name == "_id":
        ids = [hub_id(kind, v) for v in _values(value, name)]
        search.ids = _narrow(search.ids, [i for i in ids if i is not None])
    elif name == "_lastUpdated":
        search.updated.append(_bound(value))
    elif name == "name":
        if not value:
            raise InvalidRequest(outcome.BAD_TOKEN, value=value, name=key)
        search.name = value
        search.name_mode = {"name:contains": "contains", "name:exact": "exact"}.get(key, "starts")
    elif name == "identifier":
        _identifier(search, value, key)
    elif name == "active":
        if value not in ("true", "false"):
            raise InvalidRequest(outcome.BAD_TOKEN, value=value, name=key)
        if kind == "HealthcareService":
            search.active = value == "true"
        elif value == "false":
            search.ids = []  # organisations and sites the hub serves are all current
    elif name in ("organization", "partof"):
        search.links = _narrow(search.links, _references(value, "Organization", key))
    elif name == "location":
        search.sites = _narrow(search.sites, _references(value, "Location", key))
    elif name == "service-category":
        kinds = []
        for token in _values(value, name):
            system, bar, code = token.rpartition("|")
            if bar and system not in ("", SERVICE_KIND_SYSTEM):
                continue  # another system's code: no service of the hub has it
            if code in ServiceKind.__members__:
                kinds.append(code)
        search.kinds = _narrow(search.kinds, kinds)
    elif name in ("_include", "_revinclude"):
        table = INCLUDES if name == "_include" else REVINCLUDES
        target = table.get((kind, value))
        if target is None:
            raise InvalidRequest(outcome.BAD_INCLUDE, value=value, type=kind)
        (request.includes if name == "_include" else request.revincludes).append((value, target))


def _values(value: str, name: str) -> list[str]:
    values = [v.strip() for v in value.split(",")]
    if not value or not all(values):
        raise InvalidRequest(outcome.BAD_TOKEN, value=value, name=name)
    return values


def _narrow(current: list[str] | None, found: list[str]) -> list[str]:
    """Repeated parameters are ANDed: only what every one of them allows."""
    return found if current is None else [v for v in current if v in found]


def _references(value: str, resource_type: str, name: str) -> list[str]:
    ids: list[str] = []
    for token in _values(value, name):
        kind, slash, raw = token.rstrip("/").rpartition("/")
        if slash and kind.rsplit("/", 1)[-1] != resource_type:
            raise InvalidRequest(outcome.BAD_TOKEN, value=token, name=name)
        found = hub_id(resource_type, raw if slash else token)
        if found is None:
            raise InvalidRequest(outcome.BAD_TOKEN, value=token, name=name)
        ids.append(found)
    return ids


def _identifier(search: DirectorySearch, value: str, name: str) -> None:
    system, bar, code = value.partition("|") if "|" in value else ("", "", value)
    if not code:
        raise InvalidRequest(outcome.BAD_TOKEN, value=value, name=name)
    if bar and system:
        hub_system = IDENTIFIER_SYSTEMS.get(system)
        search.identifier_props = [IDENTIFIER_PROPERTIES[hub_system]] if hub_system else []
    else:
        search.identifier_props = sorted(IDENTIFIER_PROPERTIES.values())
    search.identifier_value = code


def _bound(value: str) -> Bound:
    found = _DATE.match(value)
    if found is None:
        raise InvalidRequest(outcome.BAD_DATE, value=value)
    try:
        start, end = _range(found)
    except ValueError as e:
        raise InvalidRequest(outcome.BAD_DATE, value=value) from e
    prefix = found.group("prefix") or "eq"
    if prefix == "eq":
        return Bound("eq", start, end)
    # The resource's instant against the parameter's range (FHIR's date search semantics).
    return {
        "gt": Bound("ge", end),
        "ge": Bound("ge", start),
        "lt": Bound("lt", start),
        "le": Bound("lt", end),
    }[prefix]


def _range(found: re.Match[str]) -> tuple[dt.datetime, dt.datetime]:
    year = int(found.group("year"))
    month, day, time = found.group("month"), found.group("day"), found.group("time")
    if month is None:
        start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        return start, start.replace(year=year + 1)
    if day is None:
        start = dt.datetime(year, int(month), 1, tzinfo=dt.UTC)
        following = (
            start.replace(year=year + 1, month=1)
            if int(month) == 12
            else start.replace(month=int(month) + 1)
        )
        return start, following
    if time is None:
        start = dt.datetime(year, int(month), int(day), tzinfo=dt.UTC)
        return start, start + dt.timedelta(days=1)
    zone = found.group("zone")
    if zone is None:
        raise ValueError("a time needs its zone")
    text = f"{year:04d}-{month}-{day}T{time}{'+00:00' if zone == 'Z' else zone}"
    fraction = time.partition(".")[2]
    if len(fraction) > 6:
        text = text.replace(fraction, fraction[:6])
    start = dt.datetime.fromisoformat(text).astimezone(dt.UTC)
    if fraction:
        step = dt.timedelta(microseconds=10 ** (6 - min(len(fraction), 6)))
    elif time.count(":") == 2:
        step = dt.timedelta(seconds=1)
    else:
        step = dt.timedelta(minutes=1)
    return start, start + step


def encode_cursor(node_id: str) -> str:
    return base64.urlsafe_b64encode(node_id.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(value: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError) as e:
        raise InvalidRequest(outcome.BAD_CURSOR) from e
    if not raw or ":" not in raw:
        raise InvalidRequest(outcome.BAD_CURSOR)
    return raw
