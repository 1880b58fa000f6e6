"""Partner sources, configured in a TOML file: where each one is, what it speaks, which country
it speaks for, and which environment variable holds its credentials.

    [[source]]
    name = "se-nhv"                      # lower-case, digits and dashes; part of synced ids
    kind = "fhir"                        # or "registry-feed"
    url = "https://fhir.example.se/R4"   # FHIR base URL, or the feed document's URL
    country = "SE"
    token_env = "NORDHUB_SE_NHV_TOKEN"   # optional: sent as a bearer token

A registry feed (``kind = "registry-feed"``, see ``docs/registry-feeds.md``) also names its
``registry``, and may set ``format`` (json, csv), ``encoding`` (utf-8, windows-1252, iso-8859-1,
iso-8859-15), ``delimiter`` ("," or ";"; else sniffed), ``countries`` (whose participation and
coverage it states: by default its own country for a national registry, every country and the
registry's total for a Nordic one), ``unknown_units`` ("review", or "create" to bring units the
hub does not know in as organisations), ``accept_withdrawals`` (withdraw even when rows were
rejected, the file lost a section or the guard holds) and ``max_withdrawal_percent`` (the guard:
at most this share of the source's facts withdrawn in one run, default 20).

The file is found through ``NORDHUB_SOURCES`` (default ``sources.toml`` in the working
directory). Credentials never live in the file, only the name of the variable that holds them.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any, TypeVar

from connectors.errors import SourceConfigError
from graph.vocabulary import COUNTRY_CODES, IDENTIFIER_PROPERTIES, RegistryScope, ServiceKind
from i18n.languages import SUPPORTED_LANGUAGES

E = TypeVar("E", bound=Enum)
N = TypeVar("N", int, float)

DEFAULT_SOURCES_FILE = "sources.toml"
# The encodings a feed may be declared in: what Nordic spreadsheets save besides UTF-8.
FEED_ENCODINGS: tuple[str, ...] = ("utf-8", "windows-1252", "iso-8859-1", "iso-8859-15")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

# The language a country's directory writes untranslated strings in, unless the source says.
COUNTRY_LANGUAGES: dict[str, str] = {
    "NO": "nb",
    "SE": "sv",
    "DK": "da",
    "FI": "fi",
    "IS": "is",
    "FO": "fo",
    "GL": "kl",
    "AX": "sv",
}


class SourceKind(StrEnum):
    FHIR = "fhir"
    REGISTRY_FEED = "registry-feed"


class FeedFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


class UnknownUnits(StrEnum):
    """What a feed run does with a unit named by an identifier no organisation carries."""

    REVIEW = "review"  # list it for review; it reports nowhere until someone decides
    CREATE = "create"  # bring it in as an organisation of the source (and list it too)


DEFAULT_MAX_WITHDRAWAL_PERCENT = 20.0


@dataclass(frozen=True, slots=True)
class RetryConfig:
    """How often and how patiently a source is asked again after 429, 5xx or a timeout."""

    attempts: int = 4
    backoff_s: float = 0.5
    max_backoff_s: float = 30.0


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    kind: SourceKind
    url: str
    country: str
    token_env: str | None = None
    language: str = "en"
    timeout_s: float = 10.0
    page_size: int = 100
    retry: RetryConfig = field(default_factory=RetryConfig)
    # FHIR: Identifier.system URIs beyond the built-in ones, mapped to a hub system (RESH ...).
    identifier_systems: Mapping[str, str] = field(default_factory=dict)
    # FHIR: the designation kind of a HealthcareService that does not code one itself.
    service_kind: str | None = None
    # Registry feed: which registry it describes, its scope, and the document's format.
    registry: str | None = None
    registry_scope: str = RegistryScope.NATIONAL.value
    format: FeedFormat = FeedFormat.JSON
    encoding: str | None = None
    delimiter: str | None = None
    # The countries whose participation and coverage the source states; None: the whole
    # registry (every country, and the registry's total coverage).
    countries: tuple[str, ...] | None = None
    unknown_units: UnknownUnits = UnknownUnits.REVIEW
    accept_withdrawals: bool = False
    max_withdrawal_percent: float = DEFAULT_MAX_WITHDRAWAL_PERCENT

    def speaks_for(self, country: str | None) -> bool:
        """Whether the source states ``country``'s facts (None: the registry's total)."""
        if self.countries is None:
            return True
        return country is not None and country in self.countries

    def token(self, environ: Mapping[str, str] | None = None) -> str | None:
        """The bearer token from the source's environment variable; None when it has none."""
        if self.token_env is None:
            return None
        env = os.environ if environ is None else environ
        value = env.get(self.token_env)
        if not value:
            raise SourceConfigError(
                f"source {self.name}: the environment variable {self.token_env} is not set"
            )
        return value

    def headers(self, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        token = self.token(environ)
        return {"Authorization": f"Bearer {token}"} if token else {}


def sources_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get("NORDHUB_SOURCES") or DEFAULT_SOURCES_FILE)


def load_sources(path: Path) -> dict[str, Source]:
    """Every source in ``path`` by name; :class:`SourceConfigError` on the first mistake."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise SourceConfigError(f"no sources file at {path}") from e
    except tomllib.TOMLDecodeError as e:
        raise SourceConfigError(f"{path}: {e}") from e
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list):
        raise SourceConfigError(f"{path}: [[source]] must be an array of tables")
    sources: dict[str, Source] = {}
    for raw in raw_sources:
        source = parse_source(raw)
        if source.name in sources:
            raise SourceConfigError(f"{path}: source {source.name!r} is configured twice")
        sources[source.name] = source
    return sources


def parse_source(raw: Mapping[str, Any]) -> Source:
    name = _text(raw, "name", "?")
    if not _NAME.match(name):
        raise SourceConfigError(f"source name {name!r}: use lower-case letters, digits, dashes")
    kind = _member(SourceKind, raw.get("kind"), name, "kind")
    url = _text(raw, "url", name)
    if not url.startswith(("http://", "https://")):
        raise SourceConfigError(f"source {name}: url must be http(s), got {url!r}")
    country = _text(raw, "country", name).upper()
    if country not in COUNTRY_CODES:
        raise SourceConfigError(f"source {name}: country {country!r} is not one of the hub's")
    language = str(raw.get("language") or COUNTRY_LANGUAGES[country])
    if language not in SUPPORTED_LANGUAGES:
        raise SourceConfigError(f"source {name}: language {language!r} is not supported")
    systems = raw.get("identifier_systems") or {}
    if not isinstance(systems, Mapping) or not all(
        isinstance(v, str) and v in IDENTIFIER_PROPERTIES for v in systems.values()
    ):
        raise SourceConfigError(
            f"source {name}: identifier_systems maps URIs to one of {sorted(IDENTIFIER_PROPERTIES)}"
        )
    service_kind = raw.get("service_kind")
    if service_kind is not None:
        service_kind = _member(ServiceKind, service_kind, name, "service_kind").value
    registry = raw.get("registry")
    if kind is SourceKind.REGISTRY_FEED and (
        not isinstance(registry, str) or not registry.startswith("registry:")
    ):
        raise SourceConfigError(f"source {name}: a registry feed names its registry:<id>")
    scope = _member(RegistryScope, raw.get("registry_scope", "NATIONAL"), name, "registry_scope")
    default_format = "csv" if url.lower().endswith(".csv") else "json"
    feed_format = _member(FeedFormat, raw.get("format", default_format), name, "format")
    retry = RetryConfig(
        attempts=_number(raw, "retries", 4, name, int),
        backoff_s=_number(raw, "backoff_s", 0.5, name, float),
        max_backoff_s=_number(raw, "max_backoff_s", 30.0, name, float),
    )
    token_env = raw.get("token_env")
    if token_env is not None and not isinstance(token_env, str):
        raise SourceConfigError(f"source {name}: token_env must name an environment variable")
    encoding = raw.get("encoding")
    if encoding is not None and encoding not in FEED_ENCODINGS:
        raise SourceConfigError(
            f"source {name}: encoding {encoding!r} is not one of {', '.join(FEED_ENCODINGS)}"
        )
    delimiter = raw.get("delimiter")
    if delimiter is not None and delimiter not in (",", ";"):
        raise SourceConfigError(f'source {name}: delimiter must be "," or ";"')
    countries = _countries(raw, name, country, scope)
    accept = raw.get("accept_withdrawals", False)
    if not isinstance(accept, bool):
        raise SourceConfigError(f"source {name}: accept_withdrawals must be true or false")
    guard = raw.get("max_withdrawal_percent", DEFAULT_MAX_WITHDRAWAL_PERCENT)
    if isinstance(guard, bool) or not isinstance(guard, (int, float)) or not 0 <= guard <= 100:
        raise SourceConfigError(f"source {name}: max_withdrawal_percent must be 0 to 100")
    return Source(
        name=name,
        kind=kind,
        url=url.rstrip("/") if kind is SourceKind.FHIR else url,
        country=country,
        token_env=token_env,
        language=language,
        timeout_s=_number(raw, "timeout_s", 10.0, name, float),
        page_size=_number(raw, "page_size", 100, name, int),
        retry=retry,
        identifier_systems=dict(systems),
        service_kind=service_kind,
        registry=registry if isinstance(registry, str) else None,
        registry_scope=scope.value,
        format=feed_format,
        encoding=encoding,
        delimiter=delimiter,
        countries=countries,
        unknown_units=_member(
            UnknownUnits, raw.get("unknown_units", "review"), name, "unknown_units"
        ),
        accept_withdrawals=accept,
        max_withdrawal_percent=float(guard),
    )


def _countries(
    raw: Mapping[str, Any], name: str, country: str, scope: RegistryScope
) -> tuple[str, ...] | None:
    given = raw.get("countries")
    if given is None:
        return (country,) if scope is RegistryScope.NATIONAL else None
    if given == "*":
        return None
    if (
        not isinstance(given, list)
        or not given
        or not all(isinstance(c, str) and c.upper() in COUNTRY_CODES for c in given)
    ):
        raise SourceConfigError(
            f'source {name}: countries is "*" or a list of {", ".join(COUNTRY_CODES)}'
        )
    return tuple(sorted({c.upper() for c in given}))


def _text(raw: Mapping[str, Any], key: str, name: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SourceConfigError(f"source {name}: {key} is required")
    return value.strip()


def _member(members: type[E], value: Any, name: str, key: str) -> E:
    try:
        return members(value)
    except ValueError as e:
        allowed = ", ".join(m.value for m in members)
        raise SourceConfigError(f"source {name}: {key} {value!r} is not one of {allowed}") from e


def _number(raw: Mapping[str, Any], key: str, default: N, name: str, kind: type[N]) -> N:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise SourceConfigError(f"source {name}: {key} must be a positive number")
    return kind(value)
