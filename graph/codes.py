"""Parsing the codes a caller may search by: ICD-10 (WHO), ORPHAcodes and NCSP procedure codes.

A parsed code says which system it is in, its canonical form as stored in the graph, and whether
it stands for a whole category: ICD-10 ``H17`` matches ``H17`` and every subcode ``H17.x``; an NCSP
group such as ``JCE`` matches ``JCE30`` and ``JCE50``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.vocabulary import CodeSystem

_ICD10 = re.compile(r"^([A-Z][0-9]{2})(?:\.?([0-9A-Z]{1,2}))?$")
_ORPHA = re.compile(r"^(?:ORPHA(?:CODE)?[: ]?)([0-9]{1,7})$")
_NCSP = re.compile(r"^([A-Z]{3})([0-9]{2}[A-Z]?)?$")


class CodeFormatError(ValueError):
    """Raised when a string is not an ICD-10, ORPHA or NCSP code."""


@dataclass(frozen=True, slots=True)
class ParsedCode:
    system: CodeSystem
    code: str
    # Stored codes starting with this (besides ``code`` itself) match too; None: exact only.
    prefix: str | None

    @property
    def display(self) -> str:
        return f"ORPHA:{self.code}" if self.system is CodeSystem.ORPHA else self.code


def parse_code(raw: str) -> ParsedCode:
    """The code in ``raw``; raises :class:`CodeFormatError` when it fits no system."""
    text = re.sub(r"\s+", "", raw).upper()
    if match := _ORPHA.match(text):
        return ParsedCode(CodeSystem.ORPHA, str(int(match.group(1))), None)
    if match := _ICD10.match(text):
        category, sub = match.group(1), match.group(2)
        if sub is None:
            return ParsedCode(CodeSystem.ICD10, category, category + ".")
        code = f"{category}.{sub}"
        return ParsedCode(CodeSystem.ICD10, code, code)
    if match := _NCSP.match(text):
        group, rest = match.group(1), match.group(2)
        return ParsedCode(CodeSystem.NCSP, group + (rest or ""), None if rest else group)
    raise CodeFormatError(raw)
