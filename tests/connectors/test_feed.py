"""Reading registry feeds: rows that cannot be read are rejected one by one."""

import pytest

from connectors.errors import MalformedPage
from connectors.feed import read_csv, read_json


def test_json_units_merge_their_years_and_bad_rows_are_named() -> None:
    doc = read_json(
        b"""{"units": [
              {"country": "no", "system": "RESH", "identifier": "1", "name": "A", "years": [2024]},
              {"country": "NO", "system": "RESH", "identifier": "1", "name": "A", "years": [2023]},
              {"country": "NO", "system": "NPI", "identifier": "2", "name": "B"},
              "C"],
            "coverage": [{"year": 2024, "percent": 101}]}"""
    )
    assert [(u.key, u.years) for u in doc.units.values()] == [(("RESH", "1"), [2023, 2024])]
    assert doc.rejected == [
        "units[3]: system 'NPI' is not one of RESH, HER, ORGNR, HSA-id, SOR, SHAK",
        "units[4]: a unit must be an object",
        "coverage[1]: percent 101.0 is not between 0 and 100",
    ]


def test_csv_needs_its_record_column_and_reports_extra_columns() -> None:
    with pytest.raises(MalformedPage, match="columns"):
        read_csv(b"country,identifier\nNO,1\n")
    doc = read_csv(
        b"record,country,system,identifier,name,year,percent,newCases,totalRegistered,kommentar\n"
        b"coverage,,,,,2024,90,1.5,,\n"
    )
    assert doc.rejected == ["line 2: newCases must be a whole number, got '1.5'"]
    assert [str(i) for i in doc.issues] == ["unmapped field: feed column kommentar"]


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]", b'{"units": {}}'])
def test_a_feed_that_is_not_a_feed_is_rejected_whole(content: bytes) -> None:
    with pytest.raises(MalformedPage):
        read_json(content)
