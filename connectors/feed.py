"""A registry's participation feed: which units report to it (and in which years) and its
yearly coverage, published by the registry as JSON or CSV over HTTP.

JSON::

    {"registry": {"name": {"en": "...", "sv": "..."}},
     "units": [{"country": "SE", "system": "HSA-id", "identifier": "SE2321000032-0101",
                "name": "Akademiska sjukhuset", "years": [2023, 2024]}],
     "coverage": [{"year": 2024, "percent": 86.5, "newCases": 301, "totalRegistered": 1954}]}

CSV (one header row; ``record`` says what a row is, unused columns stay empty)::

    record,country,system,identifier,name,year,percent,newCases,totalRegistered
    unit,SE,HSA-id,SE2321000032-0101,Akademiska sjukhuset,2024,,,
    coverage,,,,,2024,86.5,301,1954

A unit is the organisation carrying that national identifier where the hub knows one; otherwise
the feed brings it in as a new organisation of this source.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from connectors.errors import MalformedPage, MalformedRecord
from connectors.facts import Issue, IssueKind, LinkFact, Mapped, NodeFact, checksum
from connectors.retry import OnRetry, RetryPolicy
from connectors.sources import FeedFormat, Source
from graph.vocabulary import COUNTRY_CODES, IDENTIFIER_PROPERTIES
from i18n.languages import SUPPORTED_LANGUAGES

_CSV_COLUMNS = (
    "record",
    "country",
    "system",
    "identifier",
    "name",
    "year",
    "percent",
    "newCases",
    "totalRegistered",
)


@dataclass(slots=True)
class Unit:
    country: str
    system: str
    identifier: str
    name: str
    years: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return self.system, self.identifier


@dataclass(frozen=True, slots=True)
class Coverage:
    year: int
    percent: float | None
    new_cases: int | None
    total_registered: int | None


@dataclass(slots=True)
class FeedDocument:
    names: dict[str, str] = field(default_factory=dict)
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    coverage: dict[int, Coverage] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


async def fetch_feed(
    http: httpx.AsyncClient,
    source: Source,
    *,
    policy: RetryPolicy,
    headers: Mapping[str, str] | None = None,
    on_retry: OnRetry | None = None,
) -> FeedDocument:
    accept = "text/csv" if source.format is FeedFormat.CSV else "application/json"
    request = http.build_request(
        "GET",
        source.url,
        headers={"Accept": accept, **(headers or {})},
        timeout=httpx.Timeout(source.timeout_s),
    )
    response = await policy.send(http, request, on_retry=on_retry)
    if source.format is FeedFormat.CSV:
        return read_csv(response.content)
    return read_json(response.content)


def read_json(content: bytes) -> FeedDocument:
    try:
        data = json.loads(content)
    except ValueError as e:
        raise MalformedPage(f"the feed is not JSON ({e})") from e
    if not isinstance(data, dict) or not isinstance(data.get("units", []), list):
        raise MalformedPage("the feed must be an object with a list of units")
    doc = FeedDocument()
    registry = data.get("registry") or {}
    names = registry.get("name") if isinstance(registry, dict) else None
    for lang, text in (names or {}).items() if isinstance(names, dict) else ():
        if lang in SUPPORTED_LANGUAGES and isinstance(text, str) and text.strip():
            doc.names[lang] = text.strip()
        else:
            doc.issues.append(Issue(IssueKind.UNKNOWN_CODE, f"feed registry name language {lang}"))
    for index, raw in enumerate(data.get("units", []), start=1):
        _add(doc, f"units[{index}]", lambda raw=raw: _unit(raw))
    coverage = data.get("coverage", [])
    for index, raw in enumerate(coverage if isinstance(coverage, list) else [], start=1):
        _add(doc, f"coverage[{index}]", lambda raw=raw: _coverage(raw))
    for key in data:
        if key not in ("registry", "units", "coverage"):
            doc.issues.append(Issue(IssueKind.UNMAPPED_FIELD, f"feed.{key}"))
    return doc


def read_csv(content: bytes) -> FeedDocument:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise MalformedPage(f"the feed is not UTF-8 text ({e})") from e
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    if "record" not in header:
        raise MalformedPage(f"the CSV feed needs the columns {', '.join(_CSV_COLUMNS)}")
    doc = FeedDocument()
    for column in header:
        if column not in _CSV_COLUMNS:
            doc.issues.append(Issue(IssueKind.UNMAPPED_FIELD, f"feed column {column}"))
    for line, row in enumerate(reader, start=2):
        record = (row.get("record") or "").strip()
        where = f"line {line}"
        if record == "unit":
            years = [row["year"]] if (row.get("year") or "").strip() else []
            _add(doc, where, lambda row=row, years=years: _unit({**row, "years": years}))
        elif record == "coverage":
            _add(doc, where, lambda row=row: _coverage(row))
        else:
            doc.rejected.append(f"{where}: record must be unit or coverage, got {record!r}")
    return doc


def _add(doc: FeedDocument, where: str, read: Any) -> None:
    try:
        item = read()
    except MalformedRecord as e:
        doc.rejected.append(f"{where}: {e}")
        return
    if isinstance(item, Coverage):
        doc.coverage[item.year] = item
        return
    known = doc.units.get(item.key)
    if known is None:
        doc.units[item.key] = item
    else:
        known.years = sorted(set(known.years) | set(item.years))


def _unit(raw: Any) -> Unit:
    if not isinstance(raw, Mapping):
        raise MalformedRecord("a unit must be an object")
    country = str(raw.get("country") or "").strip().upper()
    if country not in COUNTRY_CODES:
        raise MalformedRecord(f"country {country!r} is not one of {', '.join(COUNTRY_CODES)}")
    system = str(raw.get("system") or "").strip()
    if system not in IDENTIFIER_PROPERTIES:
        raise MalformedRecord(f"system {system!r} is not one of {', '.join(IDENTIFIER_PROPERTIES)}")
    identifier = str(raw.get("identifier") or "").strip()
    name = str(raw.get("name") or "").strip()
    if not identifier or not name:
        raise MalformedRecord("a unit needs an identifier and a name")
    years = raw.get("years") or []
    if not isinstance(years, list):
        raise MalformedRecord("years must be a list")
    return Unit(country, system, identifier, name, sorted({_int(y, "year") for y in years}))


def _coverage(raw: Any) -> Coverage:
    if not isinstance(raw, Mapping):
        raise MalformedRecord("a coverage figure must be an object")
    year = _int(raw.get("year"), "year")
    percent = _number(raw.get("percent"), "percent")
    if percent is not None and not 0 <= percent <= 100:
        raise MalformedRecord(f"percent {percent} is not between 0 and 100")
    return Coverage(
        year=year,
        percent=percent,
        new_cases=_whole(raw.get("newCases"), "newCases"),
        total_registered=_whole(raw.get("totalRegistered"), "totalRegistered"),
    )


def _int(value: Any, name: str) -> int:
    result = _whole(value, name)
    if result is None:
        raise MalformedRecord(f"{name} is required")
    if name == "year" and not 1900 <= result <= 2100:
        raise MalformedRecord(f"year {result} is not plausible")
    return result


def _number(value: Any, name: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise MalformedRecord(f"{name} must be a number")
    try:
        return float(value)
    except (TypeError, ValueError) as e:
        raise MalformedRecord(f"{name} must be a number, got {value!r}") from e


def _whole(value: Any, name: str) -> int | None:
    number = _number(value, name)
    if number is None:
        return None
    if not number.is_integer():
        raise MalformedRecord(f"{name} must be a whole number, got {value!r}")
    return int(number)


# --- into the hub's terms --------------------------------------------------------------------


def unit_org_id(source: Source, unit: Unit) -> str:
    slug = unit.system.lower().replace("-", "") + "-" + unit.identifier
    return f"org:{source.name}:{slug}"


def map_feed(
    source: Source, doc: FeedDocument, known: Mapping[tuple[str, str], str]
) -> list[Mapped]:
    """Facts of one feed document; ``known`` maps units to organisations the hub already has."""
    registry = str(source.registry)
    slug = registry.split(":", 1)[1]
    out: list[Mapped] = []
    names = {f"name_{lang}": text for lang, text in doc.names.items()}
    out.append(
        Mapped(
            _node(
                source,
                registry,
                "QualityRegistry",
                {"scope": source.registry_scope, **names},
                "registry",
                f"{source.url}#registry",
            ),
            links=(
                [LinkFact("IN_COUNTRY", registry, f"country:{source.country}")]
                if source.registry_scope == "NATIONAL"
                else []
            ),
        )
    )
    for country in sorted({unit.country for unit in doc.units.values()}):
        out[0].links.append(LinkFact("PARTICIPATES_IN", f"country:{country}", registry))
    for year, figure in sorted(doc.coverage.items()):
        coverage_id = f"coverage:{slug}:{year}"
        props = {
            "year": year,
            "percent": figure.percent,
            "newCases": figure.new_cases,
            "totalRegistered": figure.total_registered,
        }
        out.append(
            Mapped(
                _node(
                    source,
                    coverage_id,
                    "RegistryCoverage",
                    props,
                    "coverage",
                    f"{source.url}#coverage={year}",
                ),
                links=[],
            )
        )
        out[0].links.append(LinkFact("HAS_COVERAGE", registry, coverage_id))
    for unit in doc.units.values():
        own = unit_org_id(source, unit)
        org = known.get(unit.key, own)
        where = f"{source.url}#unit={unit.system}:{unit.identifier}"
        if org == own:  # not known elsewhere: the feed states this organisation itself
            prop = IDENTIFIER_PROPERTIES[unit.system]
            out.append(
                Mapped(
                    _node(
                        source,
                        org,
                        "Organisation",
                        {
                            prop: unit.identifier,
                            f"name_{source.language}": unit.name,
                            "nameOriginal": source.language,
                        },
                        "unit",
                        where,
                    ),
                    links=[LinkFact("IN_COUNTRY", org, f"country:{unit.country}")],
                )
            )
        out[0].links.append(LinkFact("REPORTS_TO", org, registry, {"years": unit.years}))
    return out


def _node(
    source: Source, node_id: str, label: str, props: dict[str, Any], kind: str, where: str
) -> NodeFact:
    clean = {k: v for k, v in props.items() if v is not None}
    return NodeFact(
        id=node_id,
        label=label,
        props=clean,
        source=where,
        origin=node_id,
        kind=kind,
        checksum=checksum(clean),
    )
