"""Graph rows (see :mod:`graph.queries.fhir_directory`) as FHIR R4 resources.

Names: ``name`` in the record's own language (``language`` says which), every other language
as the core ``translation`` extension. Designations, their periods, further hosts and quality
registries go to the hub's extensions (docs/fhir.md); conditions a service treats to
``eligibility`` (ICD-10, ORPHA); its procedures (NCSP) to ``type``. Provenance: ``meta.source``
is the fact's source (a document id or a public URL), ``meta.lastUpdated`` when the hub recorded
it, and the source's own date a ``source-date`` extension.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from connectors.fhir_hours import stored_available_time
from connectors.fhir_terms import (
    ALSO_HOSTED_BY,
    BCP47,
    CONDITION_URIS,
    COUNTRY,
    DESIGNATION_PERIOD,
    DESIGNATION_STATUS,
    IDENTIFIER_URIS,
    NCSP_SYSTEM,
    ORGANISATION_KIND_SYSTEM,
    QUALITY_REGISTRY_SYSTEM,
    REPORTS_TO,
    SERVICE_KIND_SYSTEM,
    SOURCE_DATE,
    TRANSLATION,
)
from connectors.sources import COUNTRY_LANGUAGES
from graph.models import native
from graph.vocabulary import IDENTIFIER_PROPERTIES
from i18n.languages import SUPPORTED_LANGUAGES
from nordhub.fhir.ids import fhir_id, reference

Row = Mapping[str, Any]


def _instant(value: Any) -> str | None:
    found = native(value)
    if not isinstance(found, dt.datetime):
        return None
    if found.tzinfo is None:
        found = found.replace(tzinfo=dt.UTC)
    text: str = found.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def _date(value: Any) -> str | None:
    value = native(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else None


def _texts(props: Row, prefix: str) -> dict[str, str]:
    start = f"{prefix}_"
    return {
        key[len(start) :]: str(value).strip()
        for key, value in sorted(props.items())
        if key.startswith(start)
        and key[len(start) :] in SUPPORTED_LANGUAGES
        and isinstance(value, str)
        and value.strip()
    }


def _own_language(props: Row, texts: Mapping[str, str], country: str | None) -> str | None:
    for candidate in (
        props.get("nameOriginal"),
        COUNTRY_LANGUAGES.get(country or ""),
        "en",
    ):
        if isinstance(candidate, str) and candidate in texts:
            return candidate
    return next(iter(texts), None)


def _translated(
    resource: dict[str, Any], element: str, texts: Mapping[str, str], language: str
) -> None:
    """``element`` in ``language``, the others as translations."""
    resource[element] = texts[language]
    others = _translations(texts, language)
    if others:
        resource[f"_{element}"] = {"extension": others}


def _translations(texts: Mapping[str, str], skip: str | None) -> list[dict[str, Any]]:
    return [
        {
            "url": TRANSLATION,
            "extension": [
                {"url": "lang", "valueCode": tag},
                {"url": "content", "valueString": text},
            ],
        }
        for tag, text in texts.items()
        if tag != skip
    ]


def _base(resource_type: str, row: Row) -> dict[str, Any]:
    props = row["p"]
    resource: dict[str, Any] = {"resourceType": resource_type, "id": fhir_id(props["id"])}
    meta: dict[str, Any] = {}
    updated = _instant(props.get("recordedAt"))
    if updated:
        meta["lastUpdated"] = updated
    if isinstance(props.get("source"), str) and props["source"].strip():
        meta["source"] = props["source"].strip()
    if meta:
        resource["meta"] = meta
    names = _texts(props, "name")
    language = _own_language(props, names, row.get("country"))
    if language is not None:
        resource["language"] = language
        _translated(resource, "name", names, language)
    extensions = []
    source_date = _date(props.get("sourceDate"))
    if source_date:
        extensions.append({"url": SOURCE_DATE, "valueDate": source_date})
    if extensions:
        resource["extension"] = extensions
    return resource


def _identifiers(props: Row) -> list[dict[str, str]]:
    return [
        {"system": IDENTIFIER_URIS[system], "value": str(props[prop])}
        for system, prop in IDENTIFIER_PROPERTIES.items()
        if isinstance(props.get(prop), str) and props[prop]
    ]


def _add(resource: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != [] and value != {}:
        resource[key] = value


def organization(row: Row) -> dict[str, Any]:
    props = row["p"]
    resource = _base("Organization", row)
    _add(resource, "identifier", _identifiers(props))
    resource["active"] = True
    if props.get("kind"):
        resource["type"] = [
            {"coding": [{"system": ORGANISATION_KIND_SYSTEM, "code": str(props["kind"])}]}
        ]
    resource = _ordered(resource, ("resourceType", "id", "meta", "language", "extension"))
    _add(resource, "alias", [props["shortName"]] if props.get("shortName") else None)
    if isinstance(props.get("url"), str) and props["url"]:
        resource["telecom"] = [{"system": "url", "value": props["url"]}]
    if row.get("country"):
        resource["address"] = [{"country": row["country"]}]
    if row.get("partOf"):
        _add(resource, "partOf", reference("Organization", row["partOf"]))
    return resource


def location(row: Row) -> dict[str, Any]:
    props = row["p"]
    resource = _base("Location", row)
    _add(resource, "identifier", _identifiers(props))
    resource["status"] = "active"
    resource = _ordered(resource, ("resourceType", "id", "meta", "language", "extension"))
    address: dict[str, Any] = {}
    _add(address, "text", props.get("address"))
    _add(address, "city", props.get("city"))
    if row.get("country"):
        address["country"] = row["country"]
    _add(resource, "address", address)
    latitude, longitude = props.get("latitude"), props.get("longitude")
    if isinstance(latitude, (int, float)) and isinstance(longitude, (int, float)):
        resource["position"] = {"longitude": float(longitude), "latitude": float(latitude)}
    if row.get("operator"):
        _add(resource, "managingOrganization", reference("Organization", row["operator"]))
    return resource


def healthcare_service(row: Row) -> dict[str, Any]:
    props = row["p"]
    resource = _base("HealthcareService", row)
    extensions: list[dict[str, Any]] = list(resource.pop("extension", []))
    status = props.get("status")
    if status:
        extensions.append({"url": DESIGNATION_STATUS, "valueCode": str(status)})
    period: dict[str, str] = {}
    _add(period, "start", _date(props.get("validFrom")))
    _add(period, "end", _date(props.get("validTo")))
    if period:
        extensions.append({"url": DESIGNATION_PERIOD, "valuePeriod": period})
    hosts = [h for h in row.get("hosts") or [] if reference("Organization", h)]
    for host in hosts[1:]:
        extensions.append(
            {"url": ALSO_HOSTED_BY, "valueReference": reference("Organization", host)}
        )
    for registry in row.get("registries") or []:
        extensions.append(
            {
                "url": REPORTS_TO,
                "valueIdentifier": {"system": QUALITY_REGISTRY_SYSTEM, "value": registry},
            }
        )
    if row.get("country"):
        extensions.append({"url": COUNTRY, "valueCode": row["country"]})
    names = {k: v for k, v in resource.items() if k in ("name", "_name")}
    for key in names:
        resource.pop(key)
    _add(resource, "extension", extensions)
    resource["active"] = status == "APPROVED"
    if hosts:
        resource["providedBy"] = reference("Organization", hosts[0])
    if props.get("kind"):
        resource["category"] = [
            {"coding": [{"system": SERVICE_KIND_SYSTEM, "code": str(props["kind"])}]}
        ]
    procedures = row.get("procedures") or []
    if procedures:
        resource["type"] = [
            {"coding": [{"system": NCSP_SYSTEM, "code": code}]} for code in procedures
        ]
    sites = [reference("Location", site) for site in row.get("sites") or []]
    _add(resource, "location", [site for site in sites if site is not None])
    resource.update(names)
    descriptions = _texts(props, "description")
    if descriptions:
        language = resource.get("language")
        if language in descriptions:
            _translated(resource, "comment", descriptions, str(language))
        else:
            # No text in the resource's language: every one a translation, no element value.
            resource["_comment"] = {"extension": _translations(descriptions, None)}
    contact = row.get("contact") or {}
    _add(
        resource,
        "telecom",
        [
            {"system": system, "value": contact[system]}
            for system in ("phone", "email", "url")
            if isinstance(contact.get(system), str) and contact[system]
        ],
    )
    codes = row.get("codes") or []
    if codes:
        resource["eligibility"] = [
            {
                "code": {
                    "coding": [
                        {"system": CONDITION_URIS[c["system"]], "code": c["code"]}
                        for c in codes
                        if c["system"] in CONDITION_URIS
                    ]
                }
            }
        ]
    languages = [tag for tag in props.get("languages") or [] if isinstance(tag, str)]
    _add(
        resource,
        "communication",
        [{"coding": [{"system": BCP47, "code": tag}]} for tag in languages],
    )
    # Opening hours as FHIR structures them: only those a partner's directory stated so (the
    # hub's own are free text, which ``availableTime`` cannot carry).
    _add(resource, "availableTime", stored_available_time(contact.get("availableTime")))
    return resource


def _ordered(resource: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    """The elements in FHIR's order for the ones given first (readers compare JSON too)."""
    return {
        **{k: resource[k] for k in first if k in resource},
        **{k: v for k, v in resource.items() if k not in first},
    }


RESOURCES: dict[str, Callable[[Row], dict[str, Any]]] = {
    "Organization": organization,
    "Location": location,
    "HealthcareService": healthcare_service,
}
