"""The FHIR vocabulary the hub reads and writes: code systems, identifier systems and the
extensions of ``docs/fhir.md``. The connector (:mod:`connectors.mapping`) reads what the
endpoint (:mod:`nordhub.fhir`) writes, so a hub can sync another hub without losing anything."""

from __future__ import annotations

from typing import Final

TRANSLATION: Final = "http://hl7.org/fhir/StructureDefinition/translation"
BCP47: Final = "urn:ietf:bcp:47"
SERVICE_KIND_SYSTEM: Final = "urn:nordhub:service-kind"
ORGANISATION_KIND_SYSTEM: Final = "urn:nordhub:organisation-kind"
HL7_ORGANISATION_TYPE: Final = "http://terminology.hl7.org/CodeSystem/organization-type"
NCSP_SYSTEM: Final = "urn:nordhub:ncsp"
QUALITY_REGISTRY_SYSTEM: Final = "urn:nordhub:quality-registry"

# Identifier.system → hub identifier system. HSA-id (Inera) and SOR (DK Core) are the systems of
# the national FHIR guides; the Norwegian OIDs are those of the no-basis guide. The others have
# no system URI a public guide states: the hub names them in its own namespace (docs/fhir.md).
# A source can add or override systems in its configuration (``identifier_systems``).
IDENTIFIER_SYSTEMS: Final[dict[str, str]] = {
    "urn:oid:1.2.752.29.4.19": "HSA-id",
    "urn:oid:1.2.208.176.1.1": "SOR",
    "urn:oid:2.16.578.1.12.4.1.4.102": "RESH",
    "urn:oid:2.16.578.1.12.4.1.4.101": "ORGNR",
    "urn:oid:2.16.578.1.12.4.1.2": "HER",
    "urn:nordhub:identifier:SHAK": "SHAK",
    "urn:nordhub:identifier:CVR": "CVR",
    "urn:nordhub:identifier:Y-tunnus": "Y-tunnus",
    "urn:nordhub:identifier:SOTE-OID": "SOTE-OID",
    "urn:nordhub:identifier:kennitala": "kennitala",
}
# The system URI the endpoint writes for each hub identifier system.
IDENTIFIER_URIS: Final[dict[str, str]] = {hub: uri for uri, hub in IDENTIFIER_SYSTEMS.items()}

CONDITION_SYSTEMS: Final[dict[str, str]] = {
    "http://hl7.org/fhir/sid/icd-10": "ICD-10",
    "http://www.orpha.net": "ORPHA",
    "https://www.orpha.net": "ORPHA",
}
CONDITION_URIS: Final[dict[str, str]] = {
    "ICD-10": "http://hl7.org/fhir/sid/icd-10",
    "ORPHA": "http://www.orpha.net",
}

# The hub's extensions (docs/fhir.md).
_EXTENSIONS: Final = "urn:nordhub:fhir:extension:"
DESIGNATION_STATUS: Final = _EXTENSIONS + "designation-status"
DESIGNATION_PERIOD: Final = _EXTENSIONS + "designation-period"
ALSO_HOSTED_BY: Final = _EXTENSIONS + "also-hosted-by"
REPORTS_TO: Final = _EXTENSIONS + "reports-to"
SOURCE_DATE: Final = _EXTENSIONS + "source-date"
COUNTRY: Final = _EXTENSIONS + "country"
