"""FHIR ids for hub ids and back: pure functions."""

from __future__ import annotations

import pytest

from nordhub.fhir.ids import fhir_id, hub_id


@pytest.mark.parametrize(
    ("resource_type", "hub", "fhir"),
    [
        ("Organization", "org:rigshospitalet", "rigshospitalet"),
        ("Location", "location:se-nhv:loc-akademiska", "se-nhv.loc-akademiska"),
        ("HealthcareService", "service:hub-one:se-nhv.hs.1", "hub-one.se-nhv.hs.1"),
    ],
)
def test_ids_go_both_ways(resource_type: str, hub: str, fhir: str) -> None:
    assert fhir_id(hub) == fhir
    assert hub_id(resource_type, fhir) == hub


def test_an_id_too_long_for_fhir_gets_a_stable_digest_that_reads_as_nothing() -> None:
    long = "org:" + "s" * 40 + ":" + "p" * 40
    digest = fhir_id(long)
    assert digest == fhir_id(long) and digest.startswith("h-") and len(digest) == 42
    assert hub_id("Organization", digest) is None


@pytest.mark.parametrize("value", ["", "a b", "../x", "x" * 65, "ø"])
def test_what_is_no_fhir_id_names_nothing(value: str) -> None:
    assert hub_id("Organization", value) is None
