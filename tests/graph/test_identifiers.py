"""National identifiers: each register's format and check digit, and the seed's identifiers."""

from __future__ import annotations

import pytest

from graph import identifiers
from graph.seed.reader import read_seed
from graph.vocabulary import IDENTIFIER_PROPERTIES

VALID = [
    ("RESH", "107627"),
    ("HER", "12345"),
    ("ORGNR", "983974724"),
    ("HSA-id", "SE2321000131-P000000123457"),  # HL7 Sweden's example
    ("SOR", "8031000016007"),  # Rigshospitalet (RKKP)
    ("SOR", "926731000016006"),  # a department of Rigshospitalet (RKKP)
    ("SHAK", "1301"),
    ("SHAK", "130122B"),
    ("CVR", "29190623"),
    ("Y-tunnus", "1567535-0"),
    ("Y-tunnus", "0204819-8"),  # JHS 159's example (Turku)
    ("SOTE-OID", "1.2.246.10.2048198.10.0"),  # JHS 159: Turku, leading zero dropped
    ("SOTE-OID", "1.2.246.10.15675350.10.12"),
    ("kennitala", "500300-2130"),
    ("kennitala", "5003002130"),
]

INVALID = [
    ("RESH", "T-4001031"),
    ("RESH", "0123"),
    ("HER", "1234567890"),
    ("ORGNR", "983974725"),  # check digit
    ("ORGNR", "183974724"),  # begins with 1
    ("HSA-id", "SE2321000132-P1"),  # Luhn
    ("HSA-id", "SE2321000131"),  # no suffix
    ("HSA-id", "SE2321000131-" + "A" * 20),  # longer than 31
    ("SOR", "265161000016006"),  # Verhoeff
    ("SOR", "8031000026007"),  # not SOR's namespace
    ("SOR", "1234567"),
    ("SHAK", "13012"),
    ("SHAK", "1301-1"),
    ("CVR", "29190624"),
    ("Y-tunnus", "1567535-1"),
    ("Y-tunnus", "15675350"),
    ("SOTE-OID", "1.2.246.10.15675351.10.0"),  # the business id's check digit
    ("SOTE-OID", "1.2.246.537.10.15675350.10.0"),
    ("SOTE-OID", "1.2.246.10.15675350.11.0"),
    ("kennitala", "500300-2131"),  # check digit
    ("kennitala", "500300-2135"),  # century digit
    ("kennitala", "321300-2130"),  # day 32
]


@pytest.mark.parametrize(("system", "value"), VALID)
def test_valid_identifiers_pass(system: str, value: str) -> None:
    assert identifiers.checked(system, value) == identifiers.normalise(system, value)


@pytest.mark.parametrize(("system", "value"), INVALID)
def test_mistyped_identifiers_are_refused_with_the_rule(system: str, value: str) -> None:
    with pytest.raises(identifiers.BadIdentifier, match=f"{system} '.*' is not valid: "):
        identifiers.checked(system, value)


def test_every_system_has_a_property_a_country_and_a_register() -> None:
    assert list(IDENTIFIER_PROPERTIES) == [s.name for s in identifiers.SYSTEMS]
    assert {s.country for s in identifiers.SYSTEMS} == {"NO", "SE", "DK", "FI", "IS"}
    assert identifiers.issued_for(identifiers.BY_NAME["SOR"]) == ("DK", "FO", "GL")
    assert identifiers.normalise("kennitala", "500300-2130") == "5003002130"


def test_the_seed_gives_identifiers_only_with_a_source() -> None:
    seed = read_seed()
    found = {
        (node.id, system): (node.props[prop], node.props.get(f"{prop}Source"))
        for node in seed.nodes.values()
        for system, prop in IDENTIFIER_PROPERTIES.items()
        if prop in node.props
    }
    assert found[("org:rigshospitalet", "SOR")][0] == "8031000016007"
    assert found[("org:st-olavs-hospital", "RESH")][0] == "107627"
    assert all(source and source.startswith("https://") for _, source in found.values())
    for (_, system), (value, _) in found.items():
        identifiers.checked(system, value)
