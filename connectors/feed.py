"""A registry's participation feed, read: which units report to it (and in which years), its
coverage per country and year (and in total), and its name. The format is specified for
partners in ``docs/registry-feeds.md``, with a JSON Schema (``docs/registry-feed.schema.json``).

JSON::

    {"registry": {"name": {"sv": "...", "en": "..."}, "nameOriginal": "sv"},
     "units": [{"country": "SE", "system": "HSA-id", "identifier": "SE2321000032-0101",
                "name": "Akademiska sjukhuset", "language": "sv", "years": [2023, 2024]}],
     "coverage": [{"year": 2024, "country": "SE", "percent": 86.5, "newCases": 301}]}

CSV (one header row; ``record`` says what a row is; comma or semicolon, sniffed from the
header; decimal commas; UTF-8 with or without BOM, or a declared Windows-1252/Latin-1)::

    record;country;system;identifier;name;language;year;percent;newCases;totalRegistered
    registry;;;;Nordiskt ryggmärgsskaderegister;sv;;;;
    unit;SE;HSA-id;SE2321000032-0101;Akademiska sjukhuset;sv;2024;;;
    coverage;SE;;;;;2024;86,5;301;1954

What cannot be read as a feed at all (not JSON, an unknown top-level key or column, a section of
the wrong type, an undeclared encoding) raises :class:`MalformedPage`: nothing of it is taken. A
row that cannot be read is rejected with where and why; the others are read.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx

from connectors.errors import MalformedPage, MalformedRecord
from connectors.retry import OnRetry, RetryPolicy
from connectors.sources import COUNTRY_LANGUAGES, FEED_ENCODINGS, FeedFormat, Source
from graph import identifiers
from graph.vocabulary import COUNTRY_CODES
from i18n.languages import SUPPORTED_LANGUAGES

TOP_LEVEL = ("$schema", "exported", "registry", "units", "coverage")
REGISTRY_KEYS = ("name", "nameOriginal")
UNIT_KEYS = ("country", "system", "identifier", "name", "language", "years")
COVERAGE_KEYS = ("year", "country", "percent", "newCases", "totalRegistered")
CSV_COLUMNS = (
    "record",
    "country",
    "system",
    "identifier",
    "name",
    "language",
    "year",
    "percent",
    "newCases",
    "totalRegistered",
)
CSV_REQUIRED = ("record", "country", "system", "identifier", "name", "year")
RECORDS = ("registry", "unit", "coverage")
DELIMITERS = (",", ";")


@dataclass(slots=True)
class Unit:
    country: str
    system: str
    identifier: str
    name: str
    language: str
    years: list[int] = field(default_factory=list)
    where: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.system, self.identifier


@dataclass(frozen=True, slots=True)
class Coverage:
    year: int
    country: str | None  # None: the registry's own total
    percent: float | None
    new_cases: int | None
    total_registered: int | None
    where: str = ""

    @property
    def key(self) -> tuple[str | None, int]:
        return self.country, self.year


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read the bytes: a declared encoding (else UTF-8, with or without BOM) and, for
    CSV, a delimiter (else sniffed from the header)."""

    encoding: str | None = None
    delimiter: str | None = None


@dataclass(slots=True)
class FeedDocument:
    names: dict[str, str] = field(default_factory=dict)  # the original first
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)
    coverage: dict[tuple[str | None, int], Coverage] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)
    shape: set[str] = field(default_factory=set)
    """The sections, keys, columns and record kinds the file has (see ``lost``)."""
    read_as: str = ""
    """How it was read, e.g. ``CSV, delimiter ';', encoding windows-1252``."""
    exported: str | None = None

    @property
    def name_original(self) -> str | None:
        return next(iter(self.names), None)


def lost(before: Iterable[str], now: Iterable[str]) -> list[str]:
    """What a previous file of the same source had and this one has not, e.g. ``coverage``."""
    return sorted(set(before) - set(now))


@dataclass(frozen=True, slots=True)
class Fetched:
    content: bytes
    charset: str | None  # from the Content-Type header


async def fetch_feed(
    http: httpx.AsyncClient,
    source: Source,
    *,
    policy: RetryPolicy,
    headers: Mapping[str, str] | None = None,
    on_retry: OnRetry | None = None,
) -> Fetched:
    accept = "text/csv" if source.format is FeedFormat.CSV else "application/json"
    request = http.build_request(
        "GET",
        source.url,
        headers={"Accept": accept, **(headers or {})},
        timeout=httpx.Timeout(source.timeout_s),
    )
    response = await policy.send(http, request, on_retry=on_retry)
    return Fetched(response.content, response.charset_encoding)


def read_feed(content: bytes, feed_format: FeedFormat, options: ReadOptions) -> FeedDocument:
    if feed_format is FeedFormat.CSV:
        return read_csv(content, options)
    return read_json(content, options)


# --- text --------------------------------------------------------------------------------------


def encoding_name(declared: str) -> str:
    """The canonical name of a declared encoding; :class:`MalformedPage` for others."""
    try:
        name = codecs.lookup(declared).name
    except LookupError as e:
        raise MalformedPage(
            f"unknown encoding {declared!r}; use one of {', '.join(FEED_ENCODINGS)}"
        ) from e
    canonical = {"cp1252": "windows-1252", "iso8859-1": "iso-8859-1", "iso8859-15": "iso-8859-15"}
    name = canonical.get(name, name)
    if name not in FEED_ENCODINGS:
        raise MalformedPage(
            f"encoding {declared!r} is not supported; use one of {', '.join(FEED_ENCODINGS)}"
        )
    return name


def decode(content: bytes, declared: str | None) -> tuple[str, str]:
    """The text and the encoding it was read in (a BOM is taken off either way)."""
    if declared is not None:
        name = encoding_name(declared)
        try:
            text = content.decode("utf-8-sig" if name == "utf-8" else name)
        except UnicodeDecodeError as e:
            raise MalformedPage(
                f"the feed is not {name} text, as declared ({e.reason} at byte {e.start})"
            ) from e
        return text, name
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = content[: e.start].count(b"\n") + 1
        seen = content[e.start : e.start + 1].decode("windows-1252", "replace")
        raise MalformedPage(
            f"the feed is not UTF-8: byte 0x{content[e.start]:02X} on line {line} "
            f"(“{seen}” in Windows-1252/Latin-1). If the file is saved as Windows-1252 or "
            "Latin-1 (as Excel's “CSV (semicolon)” does), declare it: encoding = "
            '"windows-1252" in the sources file, or --encoding windows-1252'
        ) from e
    bom = " with BOM" if content.startswith(codecs.BOM_UTF8) else ""
    return text, f"utf-8{bom}"


# --- JSON --------------------------------------------------------------------------------------


def read_json(content: bytes, options: ReadOptions = ReadOptions()) -> FeedDocument:
    text, encoding = decode(content, options.encoding)
    try:
        data = json.loads(text)
    except ValueError as e:
        raise MalformedPage(f"the feed is not JSON ({e})") from e
    if not isinstance(data, dict):
        raise MalformedPage(
            "the feed must be a JSON object with the sections registry, units, coverage"
        )
    unknown = [key for key in data if key not in TOP_LEVEL]
    if unknown:
        raise MalformedPage(
            f"unknown top-level {_plural(unknown, 'key')} {_listed(unknown, TOP_LEVEL)}; "
            f"a feed has only {', '.join(TOP_LEVEL)}"
        )
    doc = FeedDocument(read_as=f"JSON, encoding {encoding}")
    for section, kind in (("units", list), ("coverage", list), ("registry", dict)):
        if section in data:
            if not isinstance(data[section], kind):
                wanted = "a list" if kind is list else "an object"
                raise MalformedPage(f"{section} must be {wanted}, got {_json_type(data[section])}")
            doc.shape.add(section)
    exported = data.get("exported")
    if exported is not None:
        if not isinstance(exported, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", exported[:10]):
            raise MalformedPage(f"exported must be a date (YYYY-MM-DD), got {exported!r}")
        doc.exported = exported[:10]
    registry = data.get("registry") or {}
    unknown = [key for key in registry if key not in REGISTRY_KEYS]
    if unknown:
        raise MalformedPage(
            f"unknown {_plural(unknown, 'key')} in registry: {_listed(unknown, REGISTRY_KEYS)}"
        )
    _registry_names(doc, registry)
    for index, raw in enumerate(data.get("units", []), start=1):
        _add(doc, f"units[{index}]", partial(_json_unit, doc, raw))
    for index, raw in enumerate(data.get("coverage", []), start=1):
        _add(doc, f"coverage[{index}]", partial(_json_coverage, doc, raw))
    return doc


def _registry_names(doc: FeedDocument, registry: Mapping[str, Any]) -> None:
    names = registry.get("name")
    if names is None:
        return
    if not isinstance(names, dict):
        raise MalformedPage(
            f"registry.name must be an object of languages, got {_json_type(names)}"
        )
    doc.shape.add("registry.name")
    found: dict[str, str] = {}
    for lang, text in names.items():
        if lang not in SUPPORTED_LANGUAGES:
            raise MalformedPage(
                f"registry.name: {lang!r} is not one of {', '.join(SUPPORTED_LANGUAGES)}"
            )
        if not isinstance(text, str) or not text.strip():
            raise MalformedPage(f"registry.name.{lang} must be a text")
        found[lang] = text.strip()
    original = registry.get("nameOriginal")
    if original is not None:
        if original not in found:
            raise MalformedPage(
                f"registry.nameOriginal {original!r} is not a language of registry.name"
            )
        found = {original: found[original], **found}
    doc.names = found


def _json_unit(doc: FeedDocument, raw: Any) -> Unit:
    if not isinstance(raw, dict):
        raise MalformedRecord(f"a unit must be an object, got {_json_type(raw)}")
    _strict(raw, UNIT_KEYS, doc, "units")
    years = raw.get("years")
    if years is not None and not isinstance(years, list):
        raise MalformedRecord(f"years must be a list of years, got {_json_type(years)}")
    for key in ("country", "system", "identifier", "name", "language"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise MalformedRecord(f"{key} must be a text, got {_json_type(raw[key])}")
    return unit(raw, [_year(y, "years") for y in years or []])


def _json_coverage(doc: FeedDocument, raw: Any) -> Coverage:
    if not isinstance(raw, dict):
        raise MalformedRecord(f"a coverage figure must be an object, got {_json_type(raw)}")
    _strict(raw, COVERAGE_KEYS, doc, "coverage")
    for key in ("percent", "newCases", "totalRegistered"):
        value = raw.get(key)
        if isinstance(value, str):
            hint = " (a decimal comma? JSON numbers use a point)" if "," in value else ""
            raise MalformedRecord(f"{key} must be a JSON number, got the text {value!r}{hint}")
    if raw.get("country") is not None and not isinstance(raw["country"], str):
        raise MalformedRecord(f"country must be a text, got {_json_type(raw['country'])}")
    return coverage(raw, _number)


def _strict(
    raw: Mapping[str, Any], allowed: tuple[str, ...], doc: FeedDocument, section: str
) -> None:
    unknown = [key for key in raw if key not in allowed]
    if unknown:
        raise MalformedRecord(f"unknown {_plural(unknown, 'key')} {_listed(unknown, allowed)}")
    doc.shape.update(f"{section}.{key}" for key in raw)


# --- CSV ---------------------------------------------------------------------------------------


def read_csv(content: bytes, options: ReadOptions = ReadOptions()) -> FeedDocument:
    text, encoding = decode(content, options.encoding)
    first = text.split("\n", 1)[0]
    delimiter = options.delimiter or sniff_delimiter(first)
    if delimiter not in DELIMITERS:
        raise MalformedPage(f"the delimiter must be ',' or ';', got {delimiter!r}")
    read_as = f"CSV, delimiter '{delimiter}', encoding {encoding}"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [cell.strip() for cell in next(reader, [])]
    columns = _columns(header, read_as)
    doc = FeedDocument(read_as=read_as)
    doc.shape.update(f"column:{c}" for c in columns if c is not None)
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        where = f"line {line}"
        if len(cells) != len(header):
            doc.rejected.append(
                f"{where}: {len(cells)} cells, the header has {len(header)} (read with {read_as})"
            )
            continue
        row = {c: cells[i].strip() for i, c in enumerate(columns) if c is not None}
        record = row["record"].lower()
        if record not in RECORDS:
            doc.rejected.append(
                f"{where}: record must be one of {', '.join(RECORDS)}, got {row['record']!r}"
            )
            continue
        doc.shape.add(f"record:{record}")
        if record == "registry":
            _add(doc, where, partial(_csv_registry, doc, row))
        elif record == "unit":
            _add(doc, where, partial(_csv_unit, row))
        else:
            _add(doc, where, partial(_csv_coverage, row, columns))
    return doc


def sniff_delimiter(header: str) -> str:
    """``;`` when the header has more semicolons than commas (Nordic Excel), else ``,``."""
    return ";" if header.count(";") > header.count(",") else ","


def _columns(header: list[str], read_as: str) -> list[str | None]:
    """The canonical column of each header cell (letter case is not significant)."""
    known = {c.lower(): c for c in CSV_COLUMNS}
    found = [known.get(cell.lower()) for cell in header]
    unknown = [cell for cell, c in zip(header, found, strict=True) if c is None]
    missing = [c for c in CSV_REQUIRED if c not in found]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(f"unknown {_plural(unknown, 'column')} {_listed(unknown, CSV_COLUMNS)}")
        if missing:
            parts.append(f"missing {_plural(missing, 'column')} {', '.join(missing)}")
        raise MalformedPage(
            f"the CSV header does not fit: {'; '.join(parts)} (read with {read_as}; the columns "
            f"are {', '.join(CSV_COLUMNS)})"
        )
    duplicated = sorted({c for c in found if c is not None and found.count(c) > 1})
    if duplicated:
        raise MalformedPage(f"the CSV header names {', '.join(duplicated)} twice")
    return found


def _csv_registry(doc: FeedDocument, row: Mapping[str, str]) -> None:
    language, name = row.get("language", ""), row["name"]
    if language not in SUPPORTED_LANGUAGES:
        raise MalformedRecord(
            f"a registry row needs a language, one of {', '.join(SUPPORTED_LANGUAGES)}"
        )
    if not name:
        raise MalformedRecord("a registry row needs the registry's name")
    if language in doc.names:
        raise MalformedRecord(f"the registry's name in {language} is given twice")
    doc.names[language] = name


def _csv_unit(row: Mapping[str, str]) -> Unit:
    years = [_year(row["year"], "year")] if row["year"] else []
    return unit(row, years)


def _csv_coverage(row: Mapping[str, str], columns: list[str | None]) -> Coverage:
    missing = [c for c in ("percent", "newCases", "totalRegistered") if c not in columns]
    if len(missing) == 3:
        raise MalformedRecord("coverage rows need the columns percent, newCases or totalRegistered")
    return coverage(row, _csv_number)


# --- rows --------------------------------------------------------------------------------------


def unit(raw: Mapping[str, Any], years: list[int]) -> Unit:
    country = str(raw.get("country") or "").strip().upper()
    if country not in COUNTRY_CODES:
        raise MalformedRecord(f"country {country!r} is not one of {', '.join(COUNTRY_CODES)}")
    system = str(raw.get("system") or "").strip()
    found = identifiers.BY_NAME.get(system)
    if found is None:
        near = difflib.get_close_matches(system, identifiers.BY_NAME, n=1, cutoff=0.5)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise MalformedRecord(
            f"system {system!r} is not one of {', '.join(identifiers.BY_NAME)}{hint}"
        )
    value = str(raw.get("identifier") or "").strip()
    name = str(raw.get("name") or "").strip()
    if not value or not name:
        raise MalformedRecord("a unit needs an identifier and a name")
    try:
        value = identifiers.checked(system, value)
    except identifiers.BadIdentifier as e:
        raise MalformedRecord(str(e)) from e
    if country not in identifiers.issued_for(found):
        raise MalformedRecord(
            f"{system} is {found.country}'s identifier; this unit is in {country}"
        )
    language = str(raw.get("language") or "").strip() or COUNTRY_LANGUAGES[country]
    if language not in SUPPORTED_LANGUAGES:
        raise MalformedRecord(
            f"language {language!r} is not one of {', '.join(SUPPORTED_LANGUAGES)}"
        )
    return Unit(country, system, value, name, language, sorted(set(years)))


def coverage(raw: Mapping[str, Any], number: Callable[[Any, str], float | None]) -> Coverage:
    year = _year(raw.get("year"), "year")
    country = str(raw.get("country") or "").strip().upper() or None
    if country is not None and country not in COUNTRY_CODES:
        raise MalformedRecord(f"country {country!r} is not one of {', '.join(COUNTRY_CODES)}")
    percent = number(raw.get("percent"), "percent")
    if percent is not None and not 0 <= percent <= 100:
        raise MalformedRecord(f"percent {_shown(percent)} is not between 0 and 100")
    figures = [_whole(number(raw.get(k), k), k) for k in ("newCases", "totalRegistered")]
    if percent is None and figures == [None, None]:
        raise MalformedRecord("a coverage row states percent, newCases or totalRegistered")
    return Coverage(year, country, percent, figures[0], figures[1])


def _add(doc: FeedDocument, where: str, read: Callable[[], Any]) -> None:
    try:
        item = read()
    except MalformedRecord as e:
        doc.rejected.append(f"{where}: {e}")
        return
    if item is None:
        return
    if isinstance(item, Coverage):
        if item.key in doc.coverage:
            whose = item.country or "the registry's total"
            doc.rejected.append(f"{where}: coverage {item.year} of {whose} is given twice")
            return
        doc.coverage[item.key] = Coverage(
            item.year, item.country, item.percent, item.new_cases, item.total_registered, where
        )
        return
    known = doc.units.get(item.key)
    if known is None:
        item.where = where
        doc.units[item.key] = item
    else:
        known.years = sorted(set(known.years) | set(item.years))


def _number(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MalformedRecord(f"{name} must be a number, got {value!r}")
    return float(value)


_DECIMAL = re.compile(r"-?\d+(?:[.,]\d+)?")


def _csv_number(value: Any, name: str) -> float | None:
    """A spreadsheet's number: a decimal point or comma, spaces between thousands, an optional
    percent sign (``86,5 %``)."""
    text = str(value or "").replace("\u00a0", " ").strip()
    if name == "percent":
        text = text.removesuffix("%").strip()
    if not text:
        return None
    compact = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)
    if not _DECIMAL.fullmatch(compact):
        raise MalformedRecord(f"{name} must be a number, got {value!r}")
    return float(compact.replace(",", "."))


def _whole(value: float | None, name: str) -> int | None:
    if value is None:
        return None
    if not value.is_integer() or value < 0:
        raise MalformedRecord(f"{name} must be a whole number of at least 0, got {_shown(value)}")
    return int(value)


def _year(value: Any, name: str) -> int:
    if value is None or value == "":
        raise MalformedRecord(f"{name} is required")
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise MalformedRecord(f"{name} must be a year, got {value!r}")
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text) or not 1900 <= int(text) <= 2100:
        raise MalformedRecord(f"{name} must be a year between 1900 and 2100, got {value!r}")
    return int(text)


def _shown(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    names = {dict: "an object", list: "a list", str: "a text", type(None): "null"}
    return names.get(type(value), "a number")


def _plural(items: list[str], word: str) -> str:
    return word if len(items) == 1 else word + "s"


def _listed(unknown: list[str], allowed: Iterable[str]) -> str:
    """The unknown names, each with the nearest allowed one as a hint."""
    choices = list(allowed)
    parts = []
    for name in unknown:
        near = [c for c in choices if c.lower().startswith(name.lower())]
        near = near or difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
        parts.append(f"{name!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
    return ", ".join(parts)
