"""Read the seed TOML files into node and relationship rows, checking them on the way.

Every record must name its ``source``; every reference must resolve to a record of the right
label; enum values must be members of :mod:`graph.vocabulary`. A mistake fails loudly with the
file and id, never half-loads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

from graph import cycle, identifiers
from graph import vocabulary as v
from graph.errors import SeedError
from i18n.languages import SUPPORTED_LANGUAGES

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = (
    "documents",
    "countries",
    "regions",
    "organisations",
    "identifiers",
    "locations",
    "legal",
    "conditions",
    "procedures",
    "registries",
    "services",
    "projects",
    "applications",
)
_ID = re.compile(r"^[a-z-]+:[A-Za-z0-9][A-Za-z0-9._:-]*$")
_PARTIAL = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>0[1-9]|1[0-2]))?$")

Raw = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class NodeRow:
    label: str
    id: str
    props: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RelRow:
    type: str
    start: str
    end: str
    props: dict[str, Any]


@dataclass(slots=True)
class SeedGraph:
    nodes: dict[str, NodeRow] = field(default_factory=dict)
    relationships: list[RelRow] = field(default_factory=list)
    checksum: str = ""

    def labels(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for node in self.nodes.values():
            counts[node.label] = counts.get(node.label, 0) + 1
        return counts


class _Builder:
    """Turns raw TOML records into rows; references are checked once everything is read."""

    def __init__(self) -> None:
        self.graph = SeedGraph()
        self._pending: list[tuple[str, RelRow, tuple[str, ...]]] = []
        self._checks: list[tuple[str, str, tuple[str, ...]]] = []
        self._where: str = ""
        self.identified: dict[tuple[str, str], str] = {}

    # --- nodes -------------------------------------------------------------------------------

    def node(self, label: str, raw: Raw, props: dict[str, Any]) -> str:
        node_id = self.required(raw, "id")
        if not _ID.match(node_id):
            self.fail(f"malformed id {node_id!r}")
        if node_id in self.graph.nodes:
            self.fail(f"id {node_id!r} is used twice")
        props = {"id": node_id, **self.provenance(raw), **_clean(props)}
        self.graph.nodes[node_id] = NodeRow(label, node_id, {**props, **self.origins(raw, props)})
        return node_id

    def origins(self, raw: Raw, props: Mapping[str, Any]) -> dict[str, Any]:
        """For each multilingual text of a record: the language its source wrote it in
        (``<prefix>Original``, from the record's ``original`` or ``originals``; the hub team's own
        notes and explanations are English), who translated the other languages (the hub team,
        ``nordhub``), and why a text exists in one language only (``untranslated``)."""
        original = raw.get("original")
        originals = raw.get("originals") or {}
        untranslated = raw.get("untranslated") or {}
        if not isinstance(originals, Mapping) or not isinstance(untranslated, Mapping):
            self.fail(f"{raw.get('id', '?')}: originals and untranslated must be tables")
        prefixes = {
            key.rsplit("_", 1)[0]
            for key, value in props.items()
            if isinstance(value, str) and key.rsplit("_", 1)[-1] in SUPPORTED_LANGUAGES
        }
        out: dict[str, Any] = {}
        for prefix in sorted(prefixes):
            source = originals.get(prefix) or (TEAM_ORIGINAL if _team_text(prefix) else original)
            if source is None:
                continue
            if source not in SUPPORTED_LANGUAGES or not props.get(f"{prefix}_{source}"):
                self.fail(f"{raw.get('id', '?')}: {prefix} has no text in its original {source!r}")
            out[f"{prefix}Original"] = source
            if any(k.startswith(f"{prefix}_") and k != f"{prefix}_{source}" for k in props):
                out[f"{prefix}TranslatedBy"] = TRANSLATED_BY
        for prefix, reason in untranslated.items():
            if not isinstance(reason, str) or not reason.strip():
                self.fail(f"{raw.get('id', '?')}: untranslated.{prefix} needs a reason")
            out[f"{prefix}Untranslated"] = reason.strip()
        return out

    def provenance(self, raw: Raw) -> dict[str, Any]:
        source = raw.get("source")
        if not isinstance(source, str) or not source:
            self.fail(f"{raw.get('id', raw.get('code', '?'))}: every record needs a source")
        props: dict[str, Any] = {
            "source": source,
            "sourceDate": self.date(raw, "sourceDate"),
            "recordedBy": "seed",
            "illustrative": bool(raw.get("illustrative", False)),
        }
        props.update(self.texts(raw, "note"))
        return props

    # --- relationships -----------------------------------------------------------------------

    def rel(
        self,
        rel_type: str,
        start: str,
        end: Any,
        raw: Raw,
        targets: tuple[str, ...],
        **props: Any,
    ) -> None:
        if end is None:
            return
        if not isinstance(end, str):
            self.fail(f"{start}: a {rel_type} reference must be an id string, got {end!r}")
        row = RelRow(rel_type, start, end, {**self.provenance(raw), **_clean(props)})
        self._pending.append((self._where, row, targets))

    def rels(
        self, rel_type: str, start: str, ends: Any, raw: Raw, targets: tuple[str, ...]
    ) -> None:
        for end in self.list(ends):
            self.rel(rel_type, start, end, raw, targets)

    def expect(self, node_id: str, labels: tuple[str, ...]) -> None:
        """Check that ``node_id`` is one of ``labels``: for relationships that start elsewhere
        and point at the record being read."""
        self._checks.append((self._where, node_id, labels))

    def resolve(self) -> None:
        for where, node_id, labels in self._checks:
            found = self.graph.nodes.get(node_id)
            if found is None or found.label not in labels:
                raise SeedError(f"{where}: {node_id} must be a {' or '.join(labels)}")
        for where, row, targets in self._pending:
            end = self.graph.nodes.get(row.end)
            if end is None:
                raise SeedError(f"{where}: {row.start} -[{row.type}]-> {row.end}: no such id")
            if targets and end.label not in targets:
                raise SeedError(
                    f"{where}: {row.start} -[{row.type}]-> {row.end} is a {end.label}, "
                    f"expected {' or '.join(targets)}"
                )
            self.graph.relationships.append(row)

    # --- values ------------------------------------------------------------------------------

    def fail(self, message: str) -> NoReturn:
        raise SeedError(f"{self._where}: {message}")

    def at(self, where: str) -> None:
        self._where = where

    def required(self, raw: Raw, key: str) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value:
            self.fail(f"{raw.get('id', '?')}: missing {key}")
        return str(value)

    def enum(self, raw: Raw, key: str, members: type[Enum], *, required: bool = True) -> str | None:
        value = raw.get(key)
        if value is None and not required:
            return None
        allowed = {m.value for m in members}
        if value not in allowed:
            self.fail(f"{raw.get('id', '?')}: {key} {value!r} is not one of {sorted(allowed)}")
        return str(value)

    def date(self, raw: Raw, key: str) -> dt.date | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(f"{raw.get('id', '?')}: {key} must be a TOML date, got {value!r}")
        return value

    def partial_date(self, raw: Raw, key: str) -> dict[str, Any]:
        """A date as exactly as the source gives it, as node properties (see
        :class:`graph.models.PartialDate`): a TOML date (a day), ``"2013-02"`` (a month),
        ``"2013"`` (a year), or a table ``{earliest, latest, value, derivedFrom}`` for bounds
        (either may be open; each a day, month or year) or for a value the hub derived, saying
        how."""
        value = raw.get(key)
        if value is None:
            return {}
        derived: dict[str, str] = {}
        if isinstance(value, Mapping):
            derived = {
                f"{key}DerivedFrom{name[len('derivedFrom') :]}": text
                for name, text in self.texts(value, "derivedFrom").items()
            }
            if "value" not in value:
                earliest = self._bound(raw, key, value.get("earliest"), first=True)
                latest = self._bound(raw, key, value.get("latest"), first=False)
                if earliest is None and latest is None:
                    self.fail(f"{raw.get('id', '?')}: {key} needs a bound")
                if earliest and latest and latest < earliest:
                    self.fail(f"{raw.get('id', '?')}: {key} ends before it starts")
                return {
                    f"{key}Earliest": earliest,
                    f"{key}Latest": latest,
                    f"{key}Precision": v.DatePrecision.RANGE.value,
                    **derived,
                }
            value = value["value"]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return {key: value, **derived}
        precision, earliest, latest = self._period(raw, key, value)
        return {
            f"{key}Earliest": earliest,
            f"{key}Latest": latest,
            f"{key}Precision": precision.value,
            **derived,
        }

    def _period(self, raw: Raw, key: str, value: Any) -> tuple[v.DatePrecision, dt.date, dt.date]:
        match = _PARTIAL.match(value) if isinstance(value, str) else None
        if match is None:
            self.fail(f"{raw.get('id', '?')}: {key} must be a date, 'YYYY-MM' or 'YYYY'")
        year, month = int(match["year"]), match["month"]
        if month is None:
            return v.DatePrecision.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31)
        first = dt.date(year, int(month), 1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return v.DatePrecision.MONTH, first, last

    def _bound(self, raw: Raw, key: str, value: Any, *, first: bool) -> dt.date | None:
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        _, earliest, latest = self._period(raw, key, value)
        return earliest if first else latest

    def texts(self, raw: Raw, key: str) -> dict[str, str]:
        value = raw.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(f"{raw.get('id', '?')}: {key} must be a table of languages")
        out: dict[str, str] = {}
        for language, text in value.items():
            if language not in SUPPORTED_LANGUAGES:
                self.fail(f"{raw.get('id', '?')}: {key} has unsupported language {language!r}")
            if not isinstance(text, str) or not text.strip():
                self.fail(f"{raw.get('id', '?')}: {key}.{language} must be non-empty text")
            out[f"{key}_{language}"] = text.strip()
        return out

    def text_lists(self, raw: Raw, key: str) -> dict[str, list[str]]:
        value = raw.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(f"{raw.get('id', '?')}: {key} must be a table of languages")
        out: dict[str, list[str]] = {}
        for language, items in value.items():
            if language not in SUPPORTED_LANGUAGES:
                self.fail(f"{raw.get('id', '?')}: {key} has unsupported language {language!r}")
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                self.fail(f"{raw.get('id', '?')}: {key}.{language} must be a list of strings")
            out[f"{key}_{language}"] = [i.strip() for i in items if i.strip()]
        return out

    def list(self, value: Any) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"expected a list, got {value!r}")
        return list(value)


# The hub team wrote the provenance notes and the explanations of derived values in English and
# translated them; the seed's other translations are the team's too.
TEAM_ORIGINAL = "en"
TRANSLATED_BY = "nordhub"


def _team_text(prefix: str) -> bool:
    return prefix in ("note", "statusReason") or prefix.endswith("DerivedFrom")


def _clean(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: val for k, val in props.items() if val is not None and val != [] and val != {}}


ORG = ("Organisation",)
COUNTRY = ("Country",)
DOC = ("Document",)


# --- one reader per file ---------------------------------------------------------------------


def _documents(b: _Builder, raw: Raw) -> None:
    node = b.node(
        "Document",
        raw,
        {
            "kind": b.enum(raw, "kind", v.DocumentKind),
            **b.partial_date(raw, "date"),
            "url": raw.get("url"),
            "language": raw.get("language"),
            "signedBy": raw.get("signedBy"),
            **b.texts(raw, "title"),
        },
    )
    b.rel("ISSUED_BY", node, raw.get("issuer"), raw, ORG)
    b.rels("ADDRESSED_TO", node, raw.get("recipients"), raw, ORG)
    b.rels("COPIED_TO", node, raw.get("copiedTo"), raw, ORG)


def _countries(b: _Builder, raw: Raw) -> None:
    code = b.required(raw, "code")
    node = b.node("Country", raw, {"code": code, "languages": raw.get("languages")})
    b.rel("PART_OF", node, raw.get("sovereign"), raw, COUNTRY)


def _regions(b: _Builder, raw: Raw) -> None:
    node = b.node(
        "Region", raw, {"kind": b.enum(raw, "kind", v.RegionKind), **b.texts(raw, "name")}
    )
    b.rel("IN_COUNTRY", node, raw.get("country"), raw, COUNTRY)
    authority = raw.get("authority")
    if authority:
        b.rel("GOVERNS", str(authority), node, raw, ("Region",))
        b.expect(str(authority), ORG)


def _organisations(b: _Builder, raw: Raw) -> None:
    if "identifiers" in raw:
        b.fail(f"{raw.get('id')}: identifiers go in identifiers.toml, each with its own source")
    node = b.node(
        "Organisation",
        raw,
        {
            "kind": b.enum(raw, "kind", v.OrganisationKind),
            "shortName": raw.get("shortName"),
            "url": raw.get("url"),
            **b.texts(raw, "name"),
        },
    )
    b.rel("IN_COUNTRY", node, raw.get("country"), raw, COUNTRY)
    b.rel("IN_REGION", node, raw.get("region"), raw, ("Region",))
    b.rel("PART_OF", node, raw.get("parent"), raw, ORG)
    for country in b.list(raw.get("memberCountries")):
        b.rel("MEMBER_OF", country, node, raw, ORG)
        b.expect(country, COUNTRY)


def _identifiers(b: _Builder, raw: Raw) -> None:
    """A national identifier of a seeded organisation, as the public ``source`` gives it: stored
    on the organisation (``resh``, ``hsaId`` ...) with that source beside it (``reshSource``)."""
    org = b.required(raw, "organisation")
    system = b.required(raw, "system")
    found = b.graph.nodes.get(org)
    if found is None or found.label != "Organisation":
        b.fail(f"{org} is not a seeded organisation")
    if system not in identifiers.BY_NAME:
        b.fail(f"{org}: unknown identifier system {system!r}")
    try:
        value = identifiers.checked(system, b.required(raw, "value"))
    except identifiers.BadIdentifier as e:
        b.fail(f"{org}: {e}")
    prop = identifiers.BY_NAME[system].property
    if prop in found.props:
        b.fail(f"{org} has a {system} already")
    holder = b.identified.setdefault((system, value), org)
    if holder != org:
        b.fail(f"{system} {value} is {holder}'s already")
    found.props[prop] = value
    found.props[f"{prop}Source"] = b.provenance(raw)["source"]


def _locations(b: _Builder, raw: Raw) -> None:
    node = b.node(
        "Location",
        raw,
        {
            "city": raw.get("city"),
            "address": raw.get("address"),
            "latitude": raw.get("latitude"),
            "longitude": raw.get("longitude"),
            **b.texts(raw, "name"),
        },
    )
    b.rel("OPERATED_BY", node, raw.get("organisation"), raw, ORG)
    b.rel("IN_COUNTRY", node, raw.get("country"), raw, COUNTRY)


def _legal(b: _Builder, data: Raw) -> None:
    for raw in b.list(data.get("legal_provision")):
        node = b.node(
            "LegalProvision",
            raw,
            {"url": raw.get("url"), **b.texts(raw, "citation"), **b.texts(raw, "title")},
        )
        b.rel("IN_COUNTRY", node, raw.get("country"), raw, COUNTRY)
    for raw in b.list(data.get("service_kind")):
        code = b.enum(raw, "code", v.ServiceKind)
        node = b.node(
            "ServiceKind",
            {**raw, "id": f"service-kind:{code}"},
            {
                "code": code,
                "maxSites": raw.get("maxSites"),
                **b.texts(raw, "name"),
                **b.texts(raw, "description"),
                **b.texts(raw, "formerName"),
            },
        )
        b.rel("IN_COUNTRY", node, raw.get("country"), raw, COUNTRY)
        b.rel("HAS_LEGAL_BASIS", node, raw.get("legalBasis"), raw, ("LegalProvision",))
    for raw in b.list(data.get("governance_system")):
        node = b.node(
            "GovernanceSystem",
            raw,
            {**b.texts(raw, "name"), **b.partial_date(raw, "established")},
        )
        b.rel("IN_COUNTRY", node, raw.get("country"), raw, COUNTRY)
        b.rel("HAS_LEGAL_BASIS", node, raw.get("legalBasis"), raw, ("LegalProvision",))
        for code in b.list(raw.get("kinds")):
            b.rel("GOVERNED_BY", f"service-kind:{code}", node, raw, ("GovernanceSystem",))
            b.expect(f"service-kind:{code}", ("ServiceKind",))
    for raw in b.list(data.get("rule")):
        node = b.node(
            "GovernanceRule",
            raw,
            {
                "kind": b.enum(raw, "kind", v.RuleKind),
                "intervalYears": raw.get("intervalYears"),
                "deadline": raw.get("deadline"),
                **b.texts(raw, "text"),
                **b.partial_date(raw, "inForceFrom"),
            },
        )
        b.rel("PART_OF", node, raw.get("system"), raw, ("GovernanceSystem",))
        if raw.get("kind") == v.RuleKind.APPLICATION_DEADLINE.value:
            _deadline_known_from(b, raw)
        for code in b.list(raw.get("appliesTo")):
            b.rel("APPLIES_TO", node, f"service-kind:{code}", raw, ("ServiceKind",))
        b.rel("RESPONSIBLE", node, raw.get("responsible"), raw, ORG)
        b.rel("HAS_LEGAL_BASIS", node, raw.get("legalBasis"), raw, ("LegalProvision",))


def _deadline_known_from(b: _Builder, raw: Raw) -> None:
    """The cycle judges lateness from the first round after the deadline is known to be in force;
    the rule's date and graph.cycle must say the same."""
    known = b.partial_date(raw, "inForceFrom").get("inForceFromEarliest")
    if not isinstance(known, dt.date) or known.year + 1 != cycle.DEADLINE_KNOWN_FROM_ROUND:
        b.fail(
            f"{raw.get('id')}: inForceFrom must start in "
            f"{cycle.DEADLINE_KNOWN_FROM_ROUND - 1} (graph.cycle.DEADLINE_KNOWN_FROM_ROUND)"
        )


def _coded(b: _Builder, label: str, raw: Raw, allowed: set[str]) -> None:
    codes = b.list(raw.get("codes"))
    primary = codes[0] if codes else None
    node = b.node(
        label,
        raw,
        {
            "codeSystem": primary.get("system") if primary else None,
            "code": primary.get("code") if primary else None,
            **b.texts(raw, "name"),
            **b.text_lists(raw, "synonyms"),
        },
    )
    for index, code in enumerate(codes):
        system, value = code.get("system"), code.get("code")
        if system not in allowed or not isinstance(value, str) or not value:
            b.fail(f"{node}: code {code!r} must have a system in {sorted(allowed)} and a code")
        code_id = f"code:{system}:{value}"
        if code_id not in b.graph.nodes:
            b.graph.nodes[code_id] = NodeRow(
                "Code",
                code_id,
                {"id": code_id, "system": system, "code": value, **b.provenance(raw)},
            )
        b.rel("CODED_AS", node, code_id, raw, ("Code",), primary=index == 0)


def _conditions(b: _Builder, raw: Raw) -> None:
    _coded(b, "Condition", raw, {v.CodeSystem.ICD10.value, v.CodeSystem.ORPHA.value})


def _procedures(b: _Builder, raw: Raw) -> None:
    _coded(b, "Procedure", raw, {v.CodeSystem.NCSP.value})


def _registries(b: _Builder, raw: Raw) -> None:
    node = b.node(
        "QualityRegistry",
        raw,
        {
            "scope": b.enum(raw, "scope", v.RegistryScope),
            "established": raw.get("established"),
            "url": raw.get("url"),
            **b.texts(raw, "name"),
            **b.texts(raw, "description"),
        },
    )
    b.rel("IN_COUNTRY", node, raw.get("country"), raw, COUNTRY)
    b.rel("HELD_BY", node, raw.get("holder"), raw, ORG)
    for country in b.list(raw.get("participatingCountries")):
        b.rel("PARTICIPATES_IN", country, node, raw, ("QualityRegistry",))
        b.expect(country, COUNTRY)
    for org in b.list(raw.get("reportingOrganisations")):
        b.rel("REPORTS_TO", org, node, raw, ("QualityRegistry",))
        b.expect(org, ORG)
    b.rels("COVERS", node, raw.get("covers"), raw, ("Condition", "Procedure"))
    for figure in b.list(raw.get("coverage")):
        year = figure.get("year")
        if not isinstance(year, int):
            b.fail(f"{node}: coverage needs a year")
        coverage_id = f"coverage:{node.split(':', 1)[1]}:{year}"
        b.graph.nodes[coverage_id] = NodeRow(
            "RegistryCoverage",
            coverage_id,
            _clean(
                {
                    "id": coverage_id,
                    "year": year,
                    "percent": figure.get("percent"),
                    "newCases": figure.get("newCases"),
                    "totalRegistered": figure.get("totalRegistered"),
                    **b.provenance(raw),
                }
            ),
        )
        b.rel("HAS_COVERAGE", node, coverage_id, raw, ("RegistryCoverage",))


def _services(b: _Builder, raw: Raw) -> None:
    # An illustrative service carries no real-looking status or kind: UNCONFIRMED, no kind, and
    # the reason; a confirmed service is never UNCONFIRMED.
    illustrative = bool(raw.get("illustrative", False))
    kind = b.enum(raw, "kind", v.ServiceKind, required=not illustrative)
    status = b.enum(raw, "status", v.ServiceStatus)
    unconfirmed = status == v.ServiceStatus.UNCONFIRMED.value
    if illustrative and (kind is not None or not unconfirmed or not raw.get("statusReason")):
        b.fail(f"{raw.get('id')}: an illustrative service is UNCONFIRMED, has no kind and says why")
    if unconfirmed and not illustrative:
        b.fail(f"{raw.get('id')}: only an illustrative service is UNCONFIRMED")
    node = b.node(
        "Service",
        raw,
        {
            "kind": kind,
            "status": status,
            **b.texts(raw, "statusReason"),
            "validFrom": b.date(raw, "validFrom"),
            "validTo": b.date(raw, "validTo"),
            "decisionRef": raw.get("decisionRef"),
            "reportId": raw.get("reportId"),
            **b.texts(raw, "name"),
            **b.texts(raw, "description"),
            "annualVolume": raw.get("annualVolume"),
            **b.text_lists(raw, "synonyms"),
        },
    )
    b.rel("IN_COUNTRY", node, raw.get("country"), raw, COUNTRY)
    if kind is not None:
        b.rel("OF_KIND", node, f"service-kind:{kind}", raw, ("ServiceKind",))
    b.rels("HOSTED_BY", node, raw.get("hostedBy"), raw, ORG)
    for site in b.list(raw.get("offeredAt")):
        if isinstance(site, str):
            b.rel("OFFERED_AT", node, site, raw, ("Location",))
        else:
            b.rel(
                "OFFERED_AT",
                node,
                site.get("location"),
                raw,
                ("Location",),
                validFrom=b.date(site, "validFrom"),
                validTo=b.date(site, "validTo"),
                decisionRef=site.get("decisionRef"),
            )
    b.rels("TREATS", node, raw.get("treats"), raw, ("Condition",))
    b.rels("PERFORMS", node, raw.get("performs"), raw, ("Procedure",))
    b.rels("REPORTS_TO", node, raw.get("reportsTo"), raw, ("QualityRegistry",))
    b.rel("HAS_LEGAL_BASIS", node, raw.get("legalBasis"), raw, ("LegalProvision",))


def _projects(b: _Builder, raw: Raw) -> None:
    node = b.node(
        "CollaborationProject",
        raw,
        {
            "area": b.enum(raw, "area", v.ProjectArea),
            "status": b.enum(raw, "status", v.ProjectStatus),
            **b.partial_date(raw, "periodStart"),
            **b.partial_date(raw, "periodEnd"),
            "version": 1,
            **b.texts(raw, "title"),
            **b.texts(raw, "summary"),
        },
    )
    b.rel("PART_OF", node, raw.get("partOf"), raw, ("CollaborationProject",))
    for participant in b.list(raw.get("participants")):
        role = b.enum(participant, "role", v.ParticipantRole)
        b.rel(
            "INVOLVES", node, participant.get("party"), raw, ("Country", "Organisation"), role=role
        )
    b.rels(
        "CONCERNS",
        node,
        raw.get("concerns"),
        raw,
        ("Condition", "Procedure", "QualityRegistry", "Service"),
    )
    for index, entry in enumerate(b.list(raw.get("log")), start=1):
        entry_id = f"log:{node.split(':', 1)[1]}:{index}"
        b.node(
            "LogEntry",
            {**entry, "id": entry_id},
            {
                "kind": b.enum(entry, "kind", v.LogEntryKind),
                **b.partial_date(entry, "date"),
                "language": entry.get("language"),
                **b.texts(entry, "text"),
            },
        )
        b.rel("HAS_LOG_ENTRY", node, entry_id, entry, ("LogEntry",))
        b.rel("DOCUMENTED_IN", entry_id, entry.get("document"), entry, DOC)


def _round_facts(b: _Builder, raw: Raw) -> dict[str, Any]:
    """Due date, lateness and the one-list-per-authority-and-round key, as the API computes them."""
    year, submitted = raw.get("roundYear"), b.date(raw, "submittedOn")
    if not isinstance(year, int) or submitted is None:
        b.fail(f"{raw.get('id', '?')}: a list needs roundYear and submittedOn")
    return {
        "dueOn": cycle.list_due_date(year),
        "late": cycle.is_late(year, submitted),
        "roundKey": f"{raw.get('submittedBy')}|{year}",
    }


def _known_stage(b: _Builder, raw: Raw) -> dict[str, Any]:
    """An outcome no decision in the sources records, derived from another source and saying how:
    ``stage = {value = "APPROVED", derivedFrom = {nb = ..., en = ...}}``."""
    given = raw.get("stage")
    if given is None:
        return {}
    final = {v.ApplicationStage.APPROVED.value, v.ApplicationStage.REJECTED.value}
    if not isinstance(given, Mapping) or given.get("value") not in final:
        b.fail(f"{raw.get('id', '?')}: stage must be {{value = APPROVED|REJECTED, derivedFrom}}")
    derived = b.texts(given, "derivedFrom")
    if not derived:
        b.fail(f"{raw.get('id', '?')}: a stage no decision gives must say how it was derived")
    return {
        "stage": given["value"],
        **{f"stage{key[0].upper()}{key[1:]}": text for key, text in derived.items()},
    }


def _applications(b: _Builder, data: Raw) -> None:
    lateness: dict[str, bool | None] = {}
    for raw in b.list(data.get("application_list")):
        node = b.node(
            "ApplicationList",
            raw,
            {
                "roundYear": raw.get("roundYear"),
                "submittedOn": b.date(raw, "submittedOn"),
                **_round_facts(b, raw),
            },
        )
        lateness[node] = b.graph.nodes[node].props.get("late")
        b.rel("SUBMITTED_BY", node, raw.get("submittedBy"), raw, ORG)
        b.rel("FOR_REGION", node, raw.get("region"), raw, ("Region",))
        b.rel("DOCUMENTED_IN", node, raw.get("document"), raw, DOC)
    for raw in b.list(data.get("application")):
        node = b.node(
            "Application",
            raw,
            {
                "roundYear": raw.get("roundYear"),
                "proposedKind": b.enum(raw, "proposedKind", v.ServiceKind),
                "late": lateness.get(str(raw.get("list"))),
                **_known_stage(b, raw),
                **b.texts(raw, "title"),
            },
        )
        if raw.get("list"):
            b.rel(
                "LISTED_IN",
                node,
                raw.get("list"),
                raw,
                ("ApplicationList",),
                priority=raw.get("priority"),
            )
        b.rel("SUBMITTED_BY", node, raw.get("submittedBy"), raw, ORG)
        b.rel("APPLICANT", node, raw.get("applicant"), raw, ORG)
        b.rel("PROPOSES", node, raw.get("proposedService"), raw, ("Service",))
    for raw in b.list(data.get("assessment")):
        node = b.node(
            "Assessment",
            raw,
            {
                "date": b.date(raw, "date"),
                "recommendation": b.enum(raw, "recommendation", v.Recommendation),
                **b.texts(raw, "summary"),
            },
        )
        b.rels("ASSESSES", node, raw.get("applications"), raw, ("Application",))
        b.rel("ASSESSED_BY", node, raw.get("by"), raw, ORG)
        b.rel("DOCUMENTED_IN", node, raw.get("document"), raw, DOC)
    for raw in b.list(data.get("decision")):
        node = b.node(
            "Decision",
            raw,
            {
                "outcome": b.enum(raw, "outcome", v.DecisionOutcome),
                "reasons": [
                    b.enum({**raw, "reason": code}, "reason", v.DecisionReason)
                    for code in b.list(raw.get("reasons"))
                ],
                **b.partial_date(raw, "date"),
                "deadline": b.date(raw, "deadline"),
                **b.texts(raw, "reason"),
            },
        )
        b.rels("DECIDES", node, raw.get("subject"), raw, ())
        b.rel("DECIDED_BY", node, raw.get("decidedBy"), raw, ORG)
        b.rel("CITES", node, raw.get("legalBasis"), raw, ("LegalProvision",))
        b.rel("DEADLINE_FOR", node, raw.get("deadlineFor"), raw, ORG)
        b.rels("ASSIGNS", node, raw.get("assignedTo"), raw, ORG)
        b.rels("RECOMMENDS", node, raw.get("recommends"), raw, ("CollaborationProject",))
        b.rel("DOCUMENTED_IN", node, raw.get("document"), raw, DOC)


_PER_RECORD: dict[str, tuple[str, Callable[[_Builder, Raw], None]]] = {
    "documents": ("document", _documents),
    "countries": ("country", _countries),
    "regions": ("region", _regions),
    "organisations": ("organisation", _organisations),
    "identifiers": ("identifier", _identifiers),
    "locations": ("location", _locations),
    "conditions": ("condition", _conditions),
    "procedures": ("procedure", _procedures),
    "registries": ("registry", _registries),
    "services": ("service", _services),
    "projects": ("project", _projects),
}
_PER_FILE: dict[str, Callable[[_Builder, Raw], None]] = {
    "legal": _legal,
    "applications": _applications,
}


def read_seed(directory: Path = DATA_DIR) -> SeedGraph:
    """Read and check every seed file; raise :class:`SeedError` on the first problem."""
    builder = _Builder()
    digest = hashlib.sha256()
    for name in FILES:
        path = directory / f"{name}.toml"
        builder.at(path.name)
        if not path.exists():
            raise SeedError(f"missing seed file {path}")
        content = path.read_bytes()
        digest.update(name.encode() + b"\0" + content)
        try:
            data = tomllib.loads(content.decode("utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise SeedError(f"{path.name}: {e}") from e
        if name in _PER_FILE:
            _PER_FILE[name](builder, data)
        else:
            table, read_one = _PER_RECORD[name]
            for raw in builder.list(data.get(table)):
                builder.at(f"{path.name} [{raw.get('id', raw.get('code', '?'))}]")
                read_one(builder, raw)
    builder.at("references")
    builder.resolve()
    graph = builder.graph
    graph.checksum = digest.hexdigest()
    return graph
