"""Reading registry feeds: what cannot be read as a feed is refused whole, a row that cannot be
read is rejected with where and why, and Nordic spreadsheet habits are read as they are."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest

from connectors.errors import MalformedPage
from connectors.feed import ReadOptions, lost, read_csv, read_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "registry-feeds"
HEADER = "record;country;system;identifier;name;language;year;percent;newCases;totalRegistered"


def good() -> dict[str, object]:
    found: dict[str, object] = json.loads((FIXTURES / "registry_feed.json").read_text("utf-8"))
    return found


def as_json(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def test_a_good_feed_is_read_whole() -> None:
    doc = read_json(as_json(good()))
    assert doc.rejected == []
    assert doc.names == {
        "en": "Nordic Test Spinal Registry",
        "sv": "Nordiskt testregister för ryggmärgsskador",
    }
    assert doc.name_original == "en"
    assert [(u.key, u.language, u.years) for u in doc.units.values()] == [
        (("RESH", "107627"), "nb", [2023, 2024]),
        (("RESH", "105593"), "nb", [2024]),
        (("SOR", "8031000016007"), "da", [2023, 2024]),  # the unit's country's language
    ]
    assert set(doc.coverage) == {(None, 2023), (None, 2024), ("DK", 2024), ("NO", 2024)}
    assert doc.exported == "2025-02-01"
    assert {"units", "coverage", "registry", "units.years", "coverage.country"} <= doc.shape
    assert doc.read_as == "JSON, encoding utf-8"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"enheter": []}, "unknown top-level key 'enheter'"),
        ({"publishedBy": "x"}, "unknown top-level key 'publishedBy'"),
        ({"coverage": {"year": 2024, "percent": 90}}, "coverage must be a list, got an object"),
        ({"units": 7}, "units must be a list, got a number"),
        ({"registry": {"navn": {}}}, "unknown key in registry: 'navn' (did you mean 'name'?)"),
        ({"registry": {"name": {"de": "Test"}}}, "registry.name: 'de' is not one of"),
        ({"exported": "1.2.2025"}, "exported must be a date"),
    ],
)
def test_a_document_that_is_not_a_feed_is_refused_whole(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(MalformedPage, match=re.escape(message)):
        read_json(as_json({**good(), **change}))


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]", b'{"units": {}}'])
def test_what_is_not_json_or_no_object_is_refused(content: bytes) -> None:
    with pytest.raises(MalformedPage):
        read_json(content)


def _with_unit(**fields: object) -> bytes:
    document = good()
    unit = {"country": "SE", "system": "HSA-id", "identifier": "SE0000000000-T0001", "name": "A"}
    document["units"] = [{**unit, **fields}]
    return as_json(document)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"system": "HSA"},
            "units[1]: system 'HSA' is not one of RESH, HER, ORGNR, HSA-id, SOR, "
            "SHAK, CVR, Y-tunnus, SOTE-OID, kennitala (did you mean 'HSA-id'?)",
        ),
        (
            {"identifier": "SE0000000001-T0001"},
            "units[1]: HSA-id 'SE0000000001-T0001' is not valid",
        ),
        ({"country": "DK"}, "units[1]: HSA-id is SE's identifier; this unit is in DK"),
        ({"country": "XX"}, "units[1]: country 'XX' is not one of"),
        ({"id": "x"}, "units[1]: unknown key 'id' (did you mean 'identifier'?)"),
        ({"name": ""}, "units[1]: a unit needs an identifier and a name"),
        ({"years": [2024, "tjugo"]}, "units[1]: years must be a year between 1900 and 2100"),
        ({"language": "de"}, "units[1]: language 'de' is not one of"),
    ],
)
def test_a_unit_that_cannot_be_read_is_rejected(fields: dict[str, object], message: str) -> None:
    doc = read_json(_with_unit(**fields))
    assert doc.units == {}
    assert len(doc.rejected) == 1 and doc.rejected[0].startswith(message), doc.rejected


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ({"year": 2024, "percent": 140}, "coverage[1]: percent 140 is not between 0 and 100"),
        (
            {"year": 2024, "percent": "94,0"},
            "coverage[1]: percent must be a JSON number, got the text '94,0' (a decimal comma?",
        ),
        ({"year": 2024, "newCases": 1.5}, "coverage[1]: newCases must be a whole number"),
        ({"year": 2024}, "coverage[1]: a coverage row states percent, newCases or totalRegistered"),
        ({"year": "tjugo", "percent": 1}, "coverage[1]: year must be a year"),
        ({"year": 2024, "country": "SE", "pct": 1}, "coverage[1]: unknown key 'pct'"),
    ],
)
def test_a_coverage_figure_that_cannot_be_read_is_rejected(
    figure: dict[str, object], message: str
) -> None:
    doc = read_json(as_json({**good(), "coverage": [figure]}))
    assert doc.coverage == {}
    assert len(doc.rejected) == 1 and doc.rejected[0].startswith(message), doc.rejected


def test_one_figure_given_twice_is_rejected_the_second_time() -> None:
    twice = [
        {"year": 2024, "country": "SE", "percent": 1},
        {"year": 2024, "country": "SE", "percent": 2},
    ]
    doc = read_json(as_json({**good(), "coverage": twice}))
    assert doc.rejected == ["coverage[2]: coverage 2024 of SE is given twice"]


def test_a_csv_file_from_nordic_excel_is_read_as_it_is() -> None:
    text = (
        f"{HEADER}\r\n"
        "registry;;;;Nordiskt ryggmärgsskaderegister;sv;;;;\r\n"
        "unit;DK;SOR;8031000016007;Rigshospitalet;da;2023;;;\r\n"
        "unit;DK;SOR;8031000016007;Rigshospitalet;da;2024;;;\r\n"
        "coverage;DK;;;;;2024;94,0;1 234;\r\n"
        "coverage;;;;;;2024;86,5 %;;2001\r\n"
    )
    for encoding, declared, seen in (
        ("windows-1252", "windows-1252", "windows-1252"),
        ("iso-8859-1", "latin-1", "iso-8859-1"),
        ("utf-8-sig", None, "utf-8 with BOM"),
        ("utf-8", None, "utf-8"),
    ):
        doc = read_csv(text.encode(encoding), ReadOptions(encoding=declared))
        assert doc.rejected == [], encoding
        assert doc.read_as == f"CSV, delimiter ';', encoding {seen}"
        assert doc.names == {"sv": "Nordiskt ryggmärgsskaderegister"}
        assert doc.units[("SOR", "8031000016007")].years == [2023, 2024]
        assert doc.coverage[("DK", 2024)].percent == 94.0
        assert doc.coverage[("DK", 2024)].new_cases == 1234
        assert doc.coverage[(None, 2024)].percent == 86.5


def test_an_undeclared_latin_1_file_is_refused_with_the_byte_and_what_to_declare() -> None:
    content = f"{HEADER}\nregistry;;;;Nordiskt ryggmärgsskaderegister;sv;;;;\n".encode("latin-1")
    with pytest.raises(MalformedPage) as refused:
        read_csv(content)
    message = str(refused.value)
    assert "not UTF-8: byte 0xE4 on line 2 (“ä” in Windows-1252/Latin-1)" in message
    assert 'encoding = "windows-1252"' in message and "--encoding windows-1252" in message


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "record;country;system;id;name;year",
            "unknown column 'id' (did you mean 'identifier'?); missing column identifier "
            "(read with CSV, delimiter ';', encoding utf-8;",
        ),
        (
            "record,country,system,identifier,name",
            "missing column year (read with CSV, delimiter ','",
        ),
        ("record;country;system;identifier;name;year;YEAR", "names year twice"),
    ],
)
def test_a_csv_header_that_does_not_fit_is_refused_naming_what_was_seen(
    header: str, message: str
) -> None:
    with pytest.raises(MalformedPage) as refused:
        read_csv(f"{header}\n".encode())
    assert message in str(refused.value)


def test_csv_rows_are_rejected_one_by_one() -> None:
    doc = read_csv(
        b"record,country,system,identifier,name,year,percent,newCases,totalRegistered\n"
        b"coverage,,,,,2024,140,,\n"
        b"summary,,,,,,,,\n"
        b"unit,NO,RESH,107627,St. Olavs hospital HF,2024\n"
        b"unit,NO,RESH,107627,St. Olavs hospital HF,2024,,,\n"
    )
    assert doc.rejected == [
        "line 2: percent 140 is not between 0 and 100",
        "line 3: record must be one of registry, unit, coverage, got 'summary'",
        "line 4: 6 cells, the header has 9 (read with CSV, delimiter ',', encoding utf-8)",
    ]
    assert list(doc.units) == [("RESH", "107627")]


def test_a_delimiter_can_be_given_and_is_sniffed_otherwise() -> None:
    content = (
        b"record;country;system;identifier;name;year\n"
        b"unit;NO;RESH;107627;St. Olav, Trondheim;2024\n"
    )
    assert read_csv(content).units[("RESH", "107627")].name == "St. Olav, Trondheim"
    assert read_csv(content, ReadOptions(delimiter=";")).rejected == []
    with pytest.raises(MalformedPage, match="unknown column"):
        read_csv(content, ReadOptions(delimiter=","))


def test_what_a_file_lost_since_the_last_one_is_named() -> None:
    before = read_json(as_json(good())).shape
    document = good()
    del document["coverage"]
    for unit in document["units"]:  # type: ignore[attr-defined]
        del unit["years"]
    assert lost(before, read_json(as_json(document)).shape) == [
        "coverage",
        "coverage.country",
        "coverage.newCases",
        "coverage.percent",
        "coverage.totalRegistered",
        "coverage.year",
        "units.years",
    ]
    assert lost(before, before) == []


@pytest.mark.parametrize("name", ["nordicscir.json", "nordicscir-excel.csv", "nordicscir-dk.csv"])
def test_the_documented_examples_are_read_without_a_rejection(name: str) -> None:
    content = (EXAMPLES / name).read_bytes()
    if name.endswith(".json"):
        doc = read_json(content)
    else:
        declared = "windows-1252" if "excel" in name else None
        doc = read_csv(content, ReadOptions(encoding=declared))
    assert doc.rejected == [] and doc.units


def test_a_bom_is_not_a_column_name() -> None:
    content = codecs.BOM_UTF8 + b"record,country,system,identifier,name,year\n"
    assert read_csv(content).rejected == []
