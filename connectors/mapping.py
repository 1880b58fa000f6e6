"""FHIR R4 ``Organization``, ``Location`` and ``HealthcareService`` in the hub's terms.

Each resource becomes one node (its id is ``<prefix>:<source>:<FHIR id>``, so every source owns
its own records) with the relationships it states. Strings take the resource's ``language`` (or
the source's) and the core ``translation`` extension adds the other languages. National
identifiers go to their indexed properties. What the hub has no place for is reported as an
:class:`Issue`; a resource that cannot be read at all raises :class:`MalformedRecord`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from connectors.errors import MalformedRecord
from connectors.facts import CodedLink, Issue, IssueKind, LinkFact, Mapped, NodeFact, checksum
from connectors.fhir_hours import BadHours, available_time, opening_hours
from connectors.fhir_terms import (
    ALSO_HOSTED_BY,
    BCP47,
    CONDITION_SYSTEMS,
    COUNTRY,
    DESIGNATION_PERIOD,
    DESIGNATION_STATUS,
    HL7_ORGANISATION_TYPE,
    IDENTIFIER_SYSTEMS,
    NCSP_SYSTEM,
    ORGANISATION_KIND_SYSTEM,
    QUALITY_REGISTRY_SYSTEM,
    REPORTS_TO,
    SERVICE_KIND_SYSTEM,
    SOURCE_DATE,
    TRANSLATION,
)
from connectors.sources import Source
from graph.identifiers import BadIdentifier, checked
from graph.vocabulary import (
    COUNTRY_CODES,
    EMAIL,
    EMAIL_MAX,
    IDENTIFIER_PROPERTIES,
    PHONE,
    PHONE_MAX,
    URL_MAX,
    WEB_URL,
    OrganisationKind,
    ServiceKind,
    ServiceStatus,
)
from i18n.languages import ALIASES, SUPPORTED_LANGUAGES

_HL7_ORGANISATION_KINDS: dict[str, str] = {
    "prov": OrganisationKind.HOSPITAL.value,
    "govt": OrganisationKind.AGENCY.value,
    "ins": OrganisationKind.INSURER.value,
}

_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_REFERENCE = re.compile(
    r"^(?:.*/)?(Organization|Location|HealthcareService)/([A-Za-z0-9\-.]{1,64})"
    r"(?:/_history/[^/]+)?$"
)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")

# Elements every resource may carry that say nothing about the domain.
_ALWAYS_IGNORED = frozenset({"resourceType", "id", "meta", "text", "language", "implicitRules"})

PREFIXES: dict[str, str] = {
    "Organization": "org",
    "Location": "location",
    "HealthcareService": "service",
}
LABELS: dict[str, str] = {
    "Organization": "Organisation",
    "Location": "Location",
    "HealthcareService": "Service",
}


def hub_id(source: Source, resource_type: str, fhir_id: str) -> str:
    return f"{PREFIXES[resource_type]}:{source.name}:{fhir_id}"


def is_fhir_id(value: str) -> bool:
    return _FHIR_ID.match(value) is not None


def language_tag(raw: Any) -> str | None:
    """The hub's tag for a BCP 47 tag (``sv-SE`` → ``sv``, ``no`` → ``nb``), or None."""
    if not isinstance(raw, str) or not _LANGUAGE.match(raw):
        return None
    primary = raw.split("-")[0].lower()
    return ALIASES.get(primary, primary)


class _Reader:
    """Reads one resource, collecting issues on the way."""

    def __init__(self, source: Source, resource: Any, resource_type: str, url: str) -> None:
        if not isinstance(resource, dict):
            raise MalformedRecord(f"{resource_type} entry without a resource object")
        if resource.get("resourceType") != resource_type:
            raise MalformedRecord(
                f"expected a {resource_type}, got {resource.get('resourceType')!r}"
            )
        fhir_id = resource.get("id")
        if not isinstance(fhir_id, str) or not _FHIR_ID.match(fhir_id):
            raise MalformedRecord(f"{resource_type} with a missing or malformed id {fhir_id!r}")
        self.source = source
        self.resource: dict[str, Any] = resource
        self.type = resource_type
        self.fhir_id = fhir_id
        self.origin = f"{resource_type}/{fhir_id}"
        self.url = url
        self.issues: list[Issue] = []
        self.read_extensions: set[str] = set()
        self.language = language_tag(resource.get("language")) or source.language
        self.id = hub_id(source, resource_type, fhir_id)

    def fail(self, message: str) -> MalformedRecord:
        return MalformedRecord(f"{self.origin}: {message}")

    def issue(self, kind: IssueKind, detail: str) -> None:
        self.issues.append(Issue(kind, f"{self.type}.{detail}"))

    def unmapped(self, mapped: frozenset[str]) -> None:
        for key in self.resource:
            if key in _ALWAYS_IGNORED or key in mapped:
                continue
            if key in ("extension", "modifierExtension"):
                for ext in self.items(key):
                    url = ext.get("url") if isinstance(ext, dict) else None
                    if key == "extension" and url in self.read_extensions:
                        continue
                    self.issue(IssueKind.UNMAPPED_FIELD, f"{key}[{url}]")
            else:
                self.issue(IssueKind.UNMAPPED_FIELD, key.lstrip("_"))

    def extension(self, url: str) -> list[dict[str, Any]]:
        """The resource's own extensions with ``url`` (the hub's, see docs/fhir.md), read."""
        self.read_extensions.add(url)
        return [e for e in self.items("extension") if isinstance(e, dict) and e.get("url") == url]

    def country(self, stated: Any) -> str | None:
        """The country the resource states (an ISO code the hub knows), else its source's
        (unless the source speaks for several countries)."""
        for ext in self.extension(COUNTRY):
            stated = stated or ext.get("valueCode")
        if isinstance(stated, str) and stated.upper() in COUNTRY_CODES:
            return stated.upper()
        return self.source.country if self.source.country_default else None

    def items(self, key: str, container: Mapping[str, Any] | None = None) -> list[Any]:
        value = (self.resource if container is None else container).get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{key} must be a list")
        return value

    def texts(self, key: str, prefix: str, *, required: bool = False) -> dict[str, str]:
        """``{prefix_<lang>: text}`` from a string element and its translation extensions."""
        out: dict[str, str] = {}
        value = self.resource.get(key)
        if value is not None:
            if not isinstance(value, str):
                raise self.fail(f"{key} must be a string")
            if value.strip():
                # The element is in the resource's language, its source's own text; the
                # translation extensions below are translations of it.
                out[f"{prefix}_{self.language}"] = value.strip()
                out[f"{prefix}Original"] = self.language
        if required and not out:
            # Valid R4 may leave it out (a HealthcareService's name is 0..1): the node keeps no
            # text, the reads fall back to its id, and the run says what was missing.
            self.issue(IssueKind.NOT_STATED, key)
        element = self.resource.get(f"_{key}")
        if isinstance(element, dict):
            for ext in self.items("extension", element):
                if not isinstance(ext, dict) or ext.get("url") != TRANSLATION:
                    url = ext.get("url") if isinstance(ext, dict) else None
                    self.issue(IssueKind.UNMAPPED_FIELD, f"_{key}.extension[{url}]")
                    continue
                parts = {
                    part.get("url"): part
                    for part in self.items("extension", ext)
                    if isinstance(part, dict)
                }
                lang = parts.get("lang", {}).get("valueCode")
                content = parts.get("content", {}).get("valueString") or parts.get(
                    "content", {}
                ).get("valueMarkdown")
                tag = language_tag(lang)
                if not isinstance(content, str) or not content.strip() or tag is None:
                    raise self.fail(f"_{key}: a translation needs lang and content")
                if tag not in SUPPORTED_LANGUAGES:
                    self.issue(IssueKind.UNKNOWN_CODE, f"{key} translation language {lang}")
                    continue
                out[f"{prefix}_{tag}"] = content.strip()
        return out

    def identifiers(self) -> dict[str, str]:
        systems = {**IDENTIFIER_SYSTEMS, **self.source.identifier_systems}
        found: dict[str, str] = {}
        for ident in self.items("identifier"):
            if not isinstance(ident, dict):
                raise self.fail("identifier must hold Identifiers")
            value = ident.get("value")
            if value is None:
                # R4 allows an identifier without a value (a system, a type, a period): nothing
                # to match on, reported as unmapped.
                self.issue(IssueKind.UNMAPPED_FIELD, "identifier without a value")
                continue
            if not isinstance(value, str):
                raise self.fail("identifier.value must be a string")
            system = systems.get(str(ident.get("system")))
            if system is None:
                self.issue(IssueKind.UNKNOWN_CODE, f"identifier system {ident.get('system')}")
                continue
            try:
                found[IDENTIFIER_PROPERTIES[system]] = checked(system, value)
            except BadIdentifier:
                # Kept out of the indexed property: a typo must not reconcile two bodies.
                self.issue(IssueKind.UNKNOWN_CODE, f"identifier {system} {value!r} fails its check")
        return found

    def codings(self, key: str) -> list[tuple[str, str]]:
        """``(system, code)`` of every coding in a CodeableConcept list element."""
        pairs: list[tuple[str, str]] = []
        for concept in self.items(key):
            if not isinstance(concept, dict):
                raise self.fail(f"{key} must hold CodeableConcepts")
            for coding in self.items("coding", concept):
                if not isinstance(coding, dict) or not isinstance(coding.get("code"), str):
                    raise self.fail(f"{key}: a coding needs a code")
                pairs.append((str(coding.get("system")), coding["code"]))
        return pairs

    def reference(self, value: Any, expected: str, key: str) -> str | None:
        """The hub id a reference points to, when it points to a resource of this source."""
        if value is None:
            return None
        ref = value.get("reference") if isinstance(value, dict) else None
        match = _REFERENCE.match(ref) if isinstance(ref, str) else None
        if match is None or match.group(1) != expected:
            self.issue(IssueKind.UNRESOLVED_REFERENCE, f"{key} {ref!r}")
            return None
        return hub_id(self.source, expected, match.group(2))

    def node(self, props: dict[str, Any], *, withdrawn: bool = False) -> NodeFact:
        meta = self.resource.get("meta")
        updated = meta.get("lastUpdated") if isinstance(meta, dict) else None
        for ext in self.extension(SOURCE_DATE):
            stated = ext.get("valueDate")
            updated = stated if isinstance(stated, str) and len(stated) == 10 else updated
        content = {k: v for k, v in self.resource.items() if k != "meta"}
        return NodeFact(
            id=self.id,
            label=LABELS[self.type],
            props={k: v for k, v in props.items() if v is not None and v != [] and v != {}},
            source=self.url,
            origin=self.origin,
            kind=self.type,
            checksum=checksum(content),
            source_date=updated[:10] if isinstance(updated, str) and len(updated) >= 10 else None,
            withdrawn=withdrawn,
        )

    def done(self, mapped: Mapped) -> Mapped:
        """``mapped`` with this reader's issues, which the node also keeps (``syncUnmapped``):
        what the hub could not map stays visible on the record, not only in the run's report."""
        mapped.issues = self.issues
        unmapped = sorted({str(issue) for issue in self.issues})
        if unmapped:
            node = mapped.node
            mapped.node = replace(node, props={**node.props, "syncUnmapped": unmapped})
        return mapped

    def country_links(self, stated: Any = None) -> list[LinkFact]:
        country = self.country(stated)
        return [LinkFact("IN_COUNTRY", self.id, f"country:{country}")] if country else []


def last_updated(resource: Any) -> str | None:
    meta = resource.get("meta") if isinstance(resource, dict) else None
    value = meta.get("lastUpdated") if isinstance(meta, dict) else None
    return value if isinstance(value, str) else None


# --- one mapper per resource type -----------------------------------------------------------


_ORGANIZATION_FIELDS = frozenset(
    {"identifier", "active", "type", "name", "_name", "alias", "address"}
)


def map_organization(source: Source, resource: Any, url: str) -> Mapped:
    r = _Reader(source, resource, "Organization", url)
    kinds: list[str] = []
    for system, code in r.codings("type"):
        kind = _HL7_ORGANISATION_KINDS.get(code) if system == HL7_ORGANISATION_TYPE else None
        if system == ORGANISATION_KIND_SYSTEM and code in OrganisationKind.__members__:
            kind = code
        if kind is None:
            r.issue(IssueKind.UNKNOWN_CODE, f"type {system}|{code}")
        else:
            kinds.append(kind)
    aliases = [a for a in r.items("alias") if isinstance(a, str) and a.strip()]
    web = None
    for telecom in r.items("telecom"):
        if isinstance(telecom, dict) and telecom.get("system") == "url" and web is None:
            web = telecom.get("value")
        else:
            kind_of = telecom.get("system") if isinstance(telecom, dict) else None
            r.issue(IssueKind.UNMAPPED_FIELD, f"telecom({kind_of})")
    mapped = Mapped(
        r.node(
            {
                "kind": kinds[0] if kinds else None,
                "shortName": aliases[0].strip() if aliases else None,
                "url": web,
                **r.identifiers(),
                **r.texts("name", "name", required=True),
            },
            withdrawn=resource.get("active") is False,
        )
    )
    addresses = [a for a in r.items("address") if isinstance(a, dict)]
    if any(set(a) - {"country"} for a in addresses):
        r.issue(IssueKind.UNMAPPED_FIELD, "address")  # only its country is the hub's
    mapped.links += r.country_links(next((a.get("country") for a in addresses), None))
    parent = r.reference(resource.get("partOf"), "Organization", "partOf")
    if parent is not None:
        mapped.links.append(LinkFact("PART_OF", r.id, parent))
    r.unmapped(_ORGANIZATION_FIELDS | {"telecom", "partOf"})
    return r.done(mapped)


_LOCATION_FIELDS = frozenset(
    {"identifier", "status", "name", "_name", "address", "position", "managingOrganization"}
)


def map_location(source: Source, resource: Any, url: str) -> Mapped:
    r = _Reader(source, resource, "Location", url)
    address = resource.get("address")
    street: str | None = None
    city: str | None = None
    if address is not None:
        if not isinstance(address, dict):
            raise r.fail("address must be an Address")
        lines = [line for line in r.items("line", address) if isinstance(line, str)]
        postal = address.get("postalCode")
        city = address.get("city") if isinstance(address.get("city"), str) else None
        tail = " ".join(p for p in (postal, city) if isinstance(p, str) and p)
        # A city alone is no street address: it has its own property.
        street = ", ".join([*lines, tail] if tail else lines) if lines or postal else None
        text = address.get("text")
        if isinstance(text, str) and text.strip():
            street = text.strip()  # the address as one text, as the hub itself keeps it
    latitude, longitude = _position(r, resource.get("position"))
    status = resource.get("status")
    if status not in (None, "active", "suspended", "inactive"):
        raise r.fail(f"status {status!r} is not a Location status")
    mapped = Mapped(
        r.node(
            {
                "address": street,
                "city": city,
                "latitude": latitude,
                "longitude": longitude,
                **r.identifiers(),
                **r.texts("name", "name", required=True),
            },
            withdrawn=status == "inactive",
        )
    )
    country = address.get("country") if isinstance(address, dict) else None
    mapped.links += r.country_links(country)
    operator = r.reference(
        resource.get("managingOrganization"), "Organization", "managingOrganization"
    )
    if operator is not None:
        mapped.links.append(LinkFact("OPERATED_BY", r.id, operator))
    r.unmapped(_LOCATION_FIELDS)
    return r.done(mapped)


def _position(r: _Reader, position: Any) -> tuple[float | None, float | None]:
    if position is None:
        return None, None
    if not isinstance(position, dict):
        raise r.fail("position must be an object")
    found: list[float] = []
    for name, limit in (("latitude", 90), ("longitude", 180)):
        value = position.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise r.fail(f"position.{name} must be a number")
        if not math.isfinite(value) or abs(value) > limit:
            raise r.fail(f"position.{name} {value} is out of range")
        found.append(float(value))
    if "altitude" in position:
        r.issue(IssueKind.UNMAPPED_FIELD, "position.altitude")
    return found[0], found[1]


_SERVICE_FIELDS = frozenset(
    {
        "active",
        "specialty",
        "providedBy",
        "category",
        "type",
        "name",
        "_name",
        "comment",
        "_comment",
        "location",
        "communication",
        "eligibility",
        "telecom",
        "availableTime",
    }
)


def map_healthcare_service(source: Source, resource: Any, url: str) -> Mapped:
    r = _Reader(source, resource, "HealthcareService", url)
    coded: list[str] = []
    procedures: list[str] = []
    for key in ("category", "type", "specialty"):
        for system, code in r.codings(key):
            if key == "type" and system == NCSP_SYSTEM:
                procedures.append(code)
                continue
            found = service_kind(source, system, code)
            if found is None:
                r.issue(IssueKind.UNKNOWN_CODE, f"{key} {system}|{code}")
            elif found not in coded:
                coded.append(found)
    if len(coded) > 1:
        r.issue(IssueKind.UNKNOWN_CODE, f"kind: codes for {', '.join(coded)}, the first is kept")
    kind = coded[0] if coded else source.service_kind
    languages: list[str] = []
    for system, code in r.codings("communication"):
        tag = language_tag(code) if system == BCP47 else None
        if tag is None:
            r.issue(IssueKind.UNKNOWN_CODE, f"communication {system}|{code}")
        elif tag not in languages:
            languages.append(tag)
    active = resource.get("active")
    if active is not None and not isinstance(active, bool):
        raise r.fail("active must be true or false")
    status = None
    if active is not None:
        status = ServiceStatus.APPROVED.value if active else ServiceStatus.DISCONTINUED.value
    # A partner that says which designation status a service has (another hub does) keeps it:
    # ``active: false`` then means "not approved", not "no longer offered".
    withdrawn = active is False
    for ext in r.extension(DESIGNATION_STATUS):
        stated = ext.get("valueCode")
        if stated not in ServiceStatus.__members__ or stated == ServiceStatus.UNCONFIRMED.value:
            raise r.fail(f"designation-status {stated!r} is not a status")
        status, withdrawn = str(stated), False
    valid: dict[str, dt.date] = {}
    for ext in r.extension(DESIGNATION_PERIOD):
        period = ext.get("valuePeriod")
        for key, prop in (("start", "validFrom"), ("end", "validTo")):
            value = period.get(key) if isinstance(period, dict) else None
            if isinstance(value, str) and len(value) >= 10:
                try:
                    valid[prop] = dt.date.fromisoformat(value[:10])
                except ValueError as e:
                    raise r.fail(f"designation-period.{key} {value!r} is not a date") from e
    if resource.get("identifier"):
        r.issue(IssueKind.UNMAPPED_FIELD, "identifier")
    mapped = Mapped(
        r.node(
            {
                "kind": kind,
                "status": status,
                "languages": languages,
                **r.texts("name", "name", required=True),
                **r.texts("comment", "description"),
                **valid,
            },
            # No longer offered, as the partner says: gone from current answers like a deletion.
            withdrawn=withdrawn,
        )
    )
    mapped.links += r.country_links()
    if kind is not None:
        mapped.links.append(LinkFact("OF_KIND", r.id, f"service-kind:{kind}"))
    host = r.reference(resource.get("providedBy"), "Organization", "providedBy")
    if host is not None:
        mapped.links.append(LinkFact("HOSTED_BY", r.id, host))
    mapped.coded += [CodedLink("PERFORMS", r.id, "NCSP", code) for code in procedures]
    for ext in r.extension(ALSO_HOSTED_BY):
        also = r.reference(ext.get("valueReference"), "Organization", "also-hosted-by")
        if also is not None:
            mapped.links.append(LinkFact("HOSTED_BY", r.id, also))
    for ext in r.extension(REPORTS_TO):
        registry = ext.get("valueIdentifier")
        if isinstance(registry, dict) and registry.get("system") == QUALITY_REGISTRY_SYSTEM:
            mapped.links.append(LinkFact("REPORTS_TO", r.id, str(registry.get("value"))))
        else:
            r.issue(IssueKind.UNKNOWN_CODE, f"reports-to {registry!r}")
    for ref in r.items("location"):
        site = r.reference(ref, "Location", "location")
        if site is not None:
            mapped.links.append(LinkFact("OFFERED_AT", r.id, site))
    for eligibility in r.items("eligibility"):
        if not isinstance(eligibility, dict):
            raise r.fail("eligibility must be an object")
        for system, code in _concept(r, eligibility.get("code")):
            hub_system = CONDITION_SYSTEMS.get(system)
            if hub_system is None:
                r.issue(IssueKind.UNKNOWN_CODE, f"eligibility.code {system}|{code}")
            else:
                mapped.coded.append(CodedLink("TREATS", r.id, hub_system, code))
        if "comment" in eligibility:
            r.issue(IssueKind.UNMAPPED_FIELD, "eligibility.comment")
    contact = _contact(r, mapped.node, withdrawn=withdrawn)
    if contact is not None:
        mapped.dependents.append(contact)
        mapped.links.append(LinkFact("HAS_CONTACT", r.id, contact.id))
    r.unmapped(_SERVICE_FIELDS | {"identifier"})
    return r.done(mapped)


# ContactPoint systems the hub keeps on a contact: its property, pattern and longest value.
_TELECOM: dict[str, tuple[str, re.Pattern[str], int]] = {
    "phone": ("phone", PHONE, PHONE_MAX),
    "email": ("email", EMAIL, EMAIL_MAX),
    "url": ("url", WEB_URL, URL_MAX),
}


def _rank(point: dict[str, Any]) -> int:
    rank = point.get("rank")
    return rank if isinstance(rank, int) else 1 << 30


def _contact(r: _Reader, service: NodeFact, *, withdrawn: bool) -> NodeFact | None:
    """The service's ``telecom`` and ``availableTime`` as its contact (``contact:<source>:<FHIR
    id>``), a dependent of the service: the first phone, e-mail and web address by ``rank``,
    and the hours as text. Confirmed on the resource's date (else the run's) by the source."""
    props: dict[str, Any] = {}
    points = [p for p in r.items("telecom") if isinstance(p, dict)]
    points.sort(key=_rank)
    for point in points:
        system = point.get("system")
        value = point.get("value")
        kept = _TELECOM.get(system) if isinstance(system, str) else None
        if kept is None or not isinstance(value, str):
            r.issue(IssueKind.UNMAPPED_FIELD, f"telecom({system})")
            continue
        prop, pattern, maximum = kept
        value = value.strip().removeprefix("mailto:").removeprefix("tel:")
        if len(value) > maximum or not pattern.match(value):
            r.issue(IssueKind.UNKNOWN_CODE, f"telecom {system} {value[:maximum]!r}")
        elif prop not in props:
            props[prop] = value
    try:
        hours = opening_hours(r.items("availableTime"))
    except BadHours as e:
        raise r.fail(str(e)) from e
    if hours:
        # The resource's language is the original; the others render the same structure.
        original = r.language if r.language in hours else "en"
        props.update({f"openingHours_{lang}": text for lang, text in hours.items()})
        props["openingHoursOriginal"] = original
        # The structure itself too, for the hub's own FHIR directory to serve it on.
        props["availableTime"] = available_time(r.items("availableTime"))
    if not props:
        return None
    confirmed = service.source_date or dt.datetime.now(dt.UTC).date().isoformat()
    props |= {
        "confirmedOn": dt.date.fromisoformat(confirmed),
        "confirmedBy": r.source.name,
    }
    return NodeFact(
        id=f"contact:{r.source.name}:{r.fhir_id}",
        label="Contact",
        props=props,
        source=r.url,
        origin=r.origin,
        kind=r.type,  # withdrawn with its service when a full run no longer finds it
        # Rewritten whenever its service is: a changed record is confirmed again.
        checksum=checksum([service.checksum, service.source_date]),
        source_date=service.source_date,
        withdrawn=withdrawn,
    )


def service_kind(source: Source, system: str, code: str) -> str | None:
    """The hub's kind for a coding: the hub's own code system, or the source's code map."""
    if system == SERVICE_KIND_SYSTEM:
        return code if code in ServiceKind.__members__ else None
    return source.service_kinds.get(system, {}).get(code)


def _concept(r: _Reader, concept: Any) -> list[tuple[str, str]]:
    if concept is None:
        return []
    if not isinstance(concept, dict):
        raise r.fail("a CodeableConcept must be an object")
    return [
        (str(coding.get("system")), str(coding.get("code")))
        for coding in r.items("coding", concept)
        if isinstance(coding, dict) and coding.get("code")
    ]


MAPPERS: dict[str, Callable[[Source, Any, str], Mapped]] = {
    "Organization": map_organization,
    "Location": map_location,
    "HealthcareService": map_healthcare_service,
}
