"""FHIR R4 resources in the hub's terms: no server needed, the mapping is pure."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.errors import MalformedRecord, SourceConfigError
from connectors.facts import IssueKind
from connectors.fhir_terms import TRANSLATION
from connectors.mapping import (
    language_tag,
    map_healthcare_service,
    map_location,
    map_organization,
)
from connectors.sources import Source, parse_source

URL = "https://fhir.example.dk/R4/x"


@pytest.fixture
def source() -> Source:
    return parse_source(
        {
            "name": "dk-sst",
            "kind": "fhir",
            "url": "https://fhir.example.dk/R4",
            "country": "DK",
            "identifier_systems": {"urn:oid:1.2.208.176.1.2": "SHAK"},
        }
    )


def translation(lang: str, content: str) -> dict[str, Any]:
    return {
        "url": TRANSLATION,
        "extension": [
            {"url": "lang", "valueCode": lang},
            {"url": "content", "valueString": content},
        ],
    }


def test_names_take_the_source_language_and_translations_the_others(source: Source) -> None:
    mapped = map_organization(
        source,
        {
            "resourceType": "Organization",
            "id": "rh",
            "name": "Rigshospitalet",
            "_name": {
                "extension": [
                    translation("en-GB", "Copenhagen University Hospital, Rigshospitalet"),
                    translation("kl", "Rigshospitalet (kl)"),
                    translation("de", "Reichshospital"),
                ]
            },
            "identifier": [
                {"system": "urn:oid:1.2.208.176.1.1", "value": "8031000016007"},
                {"system": "urn:oid:1.2.208.176.1.2", "value": "1301"},
            ],
            "meta": {"lastUpdated": "2026-02-01T12:00:00Z"},
        },
        URL,
    )
    assert mapped.node.id == "org:dk-sst:rh"
    assert mapped.node.props == {
        "name_da": "Rigshospitalet",
        "nameOriginal": "da",  # the resource's own language; the extensions translate it
        "name_en": "Copenhagen University Hospital, Rigshospitalet",
        "name_kl": "Rigshospitalet (kl)",
        "sor": "8031000016007",
        "shak": "1301",
        # What could not be mapped stays on the node too.
        "syncUnmapped": ["unknown code: Organization.name translation language de"],
    }
    assert mapped.node.source_date == "2026-02-01"
    assert [str(i) for i in mapped.issues] == [
        "unknown code: Organization.name translation language de"
    ]


def test_the_resource_language_wins_over_the_source_language(source: Source) -> None:
    mapped = map_location(
        source,
        {"resourceType": "Location", "id": "fo-1", "language": "fo-FO", "name": "Landssjúkrahúsið"},
        URL,
    )
    assert mapped.node.props["name_fo"] == "Landssjúkrahúsið"


def test_the_checksum_ignores_meta_only(source: Source) -> None:
    resource = {"resourceType": "Location", "id": "a", "name": "A", "meta": {"versionId": "1"}}
    first = map_location(source, resource, URL).node.checksum
    assert (
        map_location(source, {**resource, "meta": {"versionId": "2"}}, URL).node.checksum == first
    )
    assert map_location(source, {**resource, "name": "B"}, URL).node.checksum != first


def test_inactive_records_arrive_withdrawn_and_services_discontinued(source: Source) -> None:
    org = map_organization(
        source, {"resourceType": "Organization", "id": "o", "name": "O", "active": False}, URL
    )
    site = map_location(
        source, {"resourceType": "Location", "id": "l", "name": "L", "status": "inactive"}, URL
    )
    service = map_healthcare_service(
        source, {"resourceType": "HealthcareService", "id": "s", "name": "S", "active": False}, URL
    )
    assert org.node.withdrawn and site.node.withdrawn and service.node.withdrawn
    assert service.node.props["status"] == "DISCONTINUED"
    active = map_healthcare_service(
        source, {"resourceType": "HealthcareService", "id": "s", "active": True}, URL
    )
    assert not active.node.withdrawn and active.node.props["status"] == "APPROVED"


def test_unmapped_fields_and_extensions_are_reported(source: Source) -> None:
    mapped = map_healthcare_service(
        source,
        {
            "resourceType": "HealthcareService",
            "id": "s",
            "name": "S",
            "photo": {"url": "x"},
            "extension": [{"url": "http://example.org/x", "valueString": "y"}],
            "communication": [{"coding": [{"system": "urn:ietf:bcp:47", "code": "!!"}]}],
        },
        URL,
    )
    assert {(i.kind, i.detail) for i in mapped.issues} == {
        (IssueKind.UNMAPPED_FIELD, "HealthcareService.photo"),
        (IssueKind.UNMAPPED_FIELD, "HealthcareService.extension[http://example.org/x]"),
        (IssueKind.UNKNOWN_CODE, "HealthcareService.communication urn:ietf:bcp:47|!!"),
    }
    assert "kind" not in mapped.node.props  # neither coded nor configured: not guessed


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        ({"resourceType": "Patient", "id": "p"}, "expected a Location"),
        ({"resourceType": "Location", "id": "a b", "name": "x"}, "malformed id"),
        ({"resourceType": "Location", "id": "a", "name": 7}, "name must be a string"),
        (
            {"resourceType": "Location", "id": "a", "name": "x", "position": {"latitude": 91}},
            "latitude 91 is out of range",
        ),
        ({"resourceType": "Location", "id": "a", "name": "x", "status": "open"}, "status"),
        (
            {"resourceType": "Location", "id": "a", "identifier": [{"value": 7}]},
            "identifier.value must be a string",
        ),
    ],
)
def test_unreadable_resources_are_rejected(
    source: Source, resource: dict[str, Any], message: str
) -> None:
    with pytest.raises(MalformedRecord, match=message):
        map_location(source, resource, URL)


def test_references_to_other_kinds_or_contained_resources_are_reported(source: Source) -> None:
    mapped = map_location(
        source,
        {
            "resourceType": "Location",
            "id": "a",
            "name": "x",
            "managingOrganization": {"reference": "#contained-1"},
        },
        URL,
    )
    assert [link.type for link in mapped.links] == ["IN_COUNTRY"]
    assert [str(i) for i in mapped.issues] == [
        "unresolved reference: Location.managingOrganization '#contained-1'"
    ]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("sv-SE", "sv"), ("no", "nb"), ("NN", "nn"), ("se-NO", "se"), ("x", None), (7, None)],
)
def test_language_tags(tag: object, expected: str | None) -> None:
    assert language_tag(tag) == expected


def test_valid_but_sparse_resources_are_taken_and_say_what_is_missing(source: Source) -> None:
    # R4 allows a HealthcareService without a name and an identifier without a value.
    service = map_healthcare_service(
        source, {"resourceType": "HealthcareService", "id": "s", "active": True}, URL
    )
    org = map_organization(
        source,
        {
            "resourceType": "Organization",
            "id": "o",
            "name": "O",
            "identifier": [
                {"system": "urn:oid:1.2.208.176.1.1"},
                {"system": "urn:oid:1.2.208.176.1.1", "value": "123"},
            ],
        },
        URL,
    )
    assert not any(key.startswith("name_") for key in service.node.props)
    assert service.node.props["syncUnmapped"] == ["not stated: HealthcareService.name"]
    assert "sor" not in org.node.props  # neither the empty one nor the one failing SOR's check
    assert org.node.props["syncUnmapped"] == [
        "unknown code: Organization.identifier SOR '123' fails its check",
        "unmapped field: Organization.identifier without a value",
    ]


def test_a_sources_code_map_gives_partner_codes_their_kinds() -> None:
    plan = "https://partner.example.dk/CodeSystem/specialeplan-niveau"
    source = parse_source(
        {
            "name": "dk-regions",
            "kind": "fhir",
            "url": "https://fhir.example.dk/R4",
            "country": "DK",
            "service_kind": "HIGHLY_SPECIALISED_FUNCTION",
            "service_kinds": {
                plan: {"HSF": "HIGHLY_SPECIALISED_FUNCTION", "RF": "REGIONAL_FUNCTION"}
            },
        }
    )

    def kind(code: str, key: str = "category") -> Any:
        resource = {
            "resourceType": "HealthcareService",
            "id": code.lower(),
            "name": code,
            key: [{"coding": [{"system": plan, "code": code}]}],
        }
        return map_healthcare_service(source, resource, URL)

    assert kind("RF").node.props["kind"] == "REGIONAL_FUNCTION"
    assert kind("HSF", "specialty").node.props["kind"] == "HIGHLY_SPECIALISED_FUNCTION"
    unknown = kind("XX")
    # An unknown code keeps the source's default kind, and says so.
    assert unknown.node.props["kind"] == "HIGHLY_SPECIALISED_FUNCTION"
    assert [str(i) for i in unknown.issues] == [
        f"unknown code: HealthcareService.category {plan}|XX"
    ]


@pytest.mark.parametrize(
    "service_kinds",
    [{"urn:x": {"HSF": "NOT_A_KIND"}}, {"urn:x": "HSF"}, ["urn:x"], {"urn:x": {}}],
)
def test_a_code_map_with_unknown_kinds_is_refused(service_kinds: Any) -> None:
    with pytest.raises(SourceConfigError, match="service_kinds"):
        parse_source(
            {
                "name": "dk",
                "kind": "fhir",
                "url": "https://fhir.example.dk/R4",
                "country": "DK",
                "service_kinds": service_kinds,
            }
        )


def test_telecom_and_available_time_are_the_services_contact(source: Source) -> None:
    mapped = map_healthcare_service(
        source,
        {
            "resourceType": "HealthcareService",
            "id": "s",
            "meta": {"lastUpdated": "2026-11-02T10:00:00Z"},
            "language": "da",
            "name": "S",
            "active": False,
            "telecom": [
                {"system": "phone", "value": "tel:+45 3545 3545"},
                {"system": "email", "value": "no e-mail"},
                {"system": "pager", "value": "123"},
            ],
            "availableTime": [
                {"daysOfWeek": ["mon", "tue", "thu"], "availableStartTime": "09:00:00"},
                {"daysOfWeek": ["sat", "sun"], "allDay": True},
            ],
            "availabilityExceptions": "Lukket i juli",
        },
        URL,
    )
    [contact] = mapped.dependents
    assert (contact.id, contact.label, contact.kind) == (
        "contact:dk-sst:s",
        "Contact",
        "HealthcareService",
    )
    assert contact.withdrawn  # an inactive service takes its contact along
    assert "HAS_CONTACT" in {link.type for link in mapped.links}
    props = contact.props
    assert (props["phone"], "email" in props) == ("+45 3545 3545", False)
    assert (props["openingHours_da"], props["openingHours_en"]) == (
        "man, tir, tor 09:00–; lør, søn hele døgnet",
        "Mon, Tue, Thu 09:00–; Sat, Sun all day",
    )
    assert (props["openingHoursOriginal"], props["confirmedBy"]) == ("da", "dk-sst")
    assert str(props["confirmedOn"]) == "2026-11-02"
    assert {(i.kind, i.detail) for i in mapped.issues} == {
        (IssueKind.UNKNOWN_CODE, "HealthcareService.telecom email 'no e-mail'"),
        (IssueKind.UNMAPPED_FIELD, "HealthcareService.telecom(pager)"),
        (IssueKind.UNMAPPED_FIELD, "HealthcareService.availabilityExceptions"),
    }


def test_a_service_without_telecom_or_hours_has_no_contact(source: Source) -> None:
    resource = {"resourceType": "HealthcareService", "id": "s", "name": "S", "telecom": []}
    mapped = map_healthcare_service(source, resource, URL)
    assert mapped.dependents == [] and "HAS_CONTACT" not in {x.type for x in mapped.links}
    with pytest.raises(MalformedRecord, match="not days of the week"):
        map_healthcare_service(
            source, {**resource, "availableTime": [{"daysOfWeek": ["someday"]}]}, URL
        )
