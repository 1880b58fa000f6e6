"""Codes a caller may search by: ICD-10 categories match their subcodes; malformed codes fail."""

from __future__ import annotations

import pytest

from graph.codes import CodeFormatError, parse_code
from graph.vocabulary import CodeSystem


@pytest.mark.parametrize(
    ("raw", "system", "code", "prefix"),
    [
        ("H17", CodeSystem.ICD10, "H17", "H17."),
        (" h17.0 ", CodeSystem.ICD10, "H17.0", "H17.0"),
        ("Q391", CodeSystem.ICD10, "Q39.1", "Q39.1"),
        ("ORPHA:1199", CodeSystem.ORPHA, "1199", None),
        ("orpha 0077", CodeSystem.ORPHA, "77", None),
        ("JCE30", CodeSystem.NCSP, "JCE30", None),
        ("jce", CodeSystem.NCSP, "JCE", "JCE"),
    ],
)
def test_parses_each_system(raw: str, system: CodeSystem, code: str, prefix: str | None) -> None:
    parsed = parse_code(raw)
    assert (parsed.system, parsed.code, parsed.prefix) == (system, code, prefix)


@pytest.mark.parametrize("raw", ["", "H1", "H17.", "17", "ORPHA:", "ORPHA:x1", "JC30", "H17.000"])
def test_malformed_codes_fail(raw: str) -> None:
    with pytest.raises(CodeFormatError):
        parse_code(raw)
