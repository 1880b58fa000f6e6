"""The CapabilityStatement at ``/fhir/metadata``: what the endpoint reads and searches, from the
same tables the search parser checks against (so the two cannot drift)."""

from __future__ import annotations

from typing import Any, Final

from nordhub.fhir.search import INCLUDES, PARAMETERS, REVINCLUDES

_TYPES: Final[dict[str, str]] = {
    "_id": "token",
    "_lastUpdated": "date",
    "name": "string",
    "identifier": "token",
    "active": "token",
    "partof": "reference",
    "organization": "reference",
    "location": "reference",
    "service-category": "token",
}
_DOCS: Final[dict[str, str]] = {
    "_id": "The resource's id (comma: any of them).",
    "_lastUpdated": "When the hub recorded it (eq, gt, ge, lt, le; date or instant).",
    "name": "Any of its names in any language: starts with (:contains, :exact).",
    "identifier": "A national identifier: system|value or value (RESH, HER, ORGNR, HSA-id, "
    "SOR, SHAK, CVR, Y-tunnus, SOTE-OID, kennitala).",
    "active": "HealthcareService: approved designations (true) or not (false).",
    "partof": "The parent organisation.",
    "organization": "The organisation that hosts the service or operates the site.",
    "location": "A site the service is offered at.",
    "service-category": "The designation kind, urn:nordhub:service-kind|<ServiceKind>.",
}


def capability_statement(base: str, date: str) -> dict[str, Any]:
    resources = []
    for resource_type, names in PARAMETERS.items():
        params = [
            {"name": name, "type": _TYPES[name], "documentation": _DOCS[name]}
            for name in ("_id", "_lastUpdated", *sorted(names))
        ]
        resources.append(
            {
                "type": resource_type,
                "interaction": [{"code": "read"}, {"code": "search-type"}],
                "versioning": "no-version",
                "readHistory": False,
                "updateCreate": False,
                "searchInclude": sorted(i for (t, i) in INCLUDES if t == resource_type),
                "searchRevInclude": sorted(i for (t, i) in REVINCLUDES if t == resource_type),
                "searchParam": params,
            }
        )
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": date,
        "publisher": "nordhub",
        "kind": "instance",
        "software": {"name": "nordhub"},
        "implementation": {
            "description": "nordhub: Nordic highly specialised care, a read-only FHIR R4 "
            "directory over the hub's graph (docs/fhir.md)",
            "url": base,
        },
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Read and search only. Pages: _count (at most 500) and the "
                "next link (_cursor). Illustrative and withdrawn facts are never served; a read "
                "of a withdrawn one answers 410.",
                "resource": resources,
            }
        ],
    }
