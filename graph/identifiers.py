"""National identifiers of health organisations: which systems the hub knows, which country
issues each, the node property it is stored in, and the format check every value must pass.

A registry feed names its units by one of these; the hub finds the organisation that carries the
identifier (``graph.queries.sync.ORGANISATIONS_BY_IDENTIFIER``), and the seed gives its bodies
the identifiers a public source states (``graph/seed/data/identifiers.toml``). The checks are
the published rules of each register (check digits where the register has them), so a typo is
refused where it is made instead of leaving a unit unmatched. ``docs/registry-feeds.md``
documents each system and its source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IdentifierSystem:
    name: str
    """How feeds and the API name the system, e.g. ``HSA-id``."""
    property: str
    """The Organisation property holding it (indexed: see migrations 0008 and 0024)."""
    country: str
    """The country whose register issues it (ISO 3166-1 alpha-2)."""
    register: str
    """The register, in its own language."""
    rule: str
    """The format, in a few English words (for messages and the docs)."""
    check: Callable[[str], bool]


def _weighted_mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    """The check digit of ``digits`` with the usual modulus 11 rule; None when there is none."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def _orgnr(value: str) -> bool:
    """Enhetsregisteret's organisation number: 9 digits, modulus 11 (weights 3 2 7 6 5 4 3 2)."""
    if not re.fullmatch(r"[89]\d{8}", value):
        return False
    return _weighted_mod11(value[:8], (3, 2, 7, 6, 5, 4, 3, 2)) == int(value[8])


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _hsa_id(value: str) -> bool:
    """``SE`` + the care provider's 10-digit organisation number (Luhn) + ``-`` + a suffix of
    letters and digits, at most 31 characters in all (Inera, Katalogtjänst HSA)."""
    found = re.fullmatch(r"SE(\d{10})-[A-Za-z0-9]+", value)
    return found is not None and len(value) <= 31 and _luhn(found.group(1))


_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def _verhoeff(digits: str) -> bool:
    check = 0
    for i, c in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[i % 8][int(c)]]
    return check == 0


def _sor(value: str) -> bool:
    """SOR-ids are SNOMED CT-style ids in SOR's namespace ``1000016``: an item number, the
    namespace, a two-digit partition and a Verhoeff check digit, 11 digits at least."""
    return (
        re.fullmatch(r"\d{11,18}", value) is not None
        and value[-10:-3] == "1000016"
        and _verhoeff(value)
    )


def _cvr(value: str) -> bool:
    """The Danish CVR number: 8 digits whose weighted sum (2 7 6 5 4 3 2 1) is divisible by 11."""
    if not re.fullmatch(r"[1-9]\d{7}", value):
        return False
    return sum(int(d) * w for d, w in zip(value, (2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11 == 0


def _y_tunnus(value: str) -> bool:
    """The Finnish business id: 7 digits, ``-``, a modulus 11 check digit (7 9 10 5 8 4 2)."""
    if not re.fullmatch(r"\d{7}-\d", value):
        return False
    return _weighted_mod11(value[:7], (7, 9, 10, 5, 8, 4, 2)) == int(value[8])


def _sote_oid(value: str) -> bool:
    """An organisation in THL's SOTE register: ``1.2.246.10.<business id>.10.<unit>`` (JHS 159:
    the business id's digits without the dash, a leading zero dropped), the id's check digit
    holding."""
    found = re.fullmatch(r"1\.2\.246\.10\.([1-9]\d{6,7})\.10\.(0|[1-9]\d*)", value)
    if found is None:
        return False
    digits = found.group(1).rjust(8, "0")
    return _y_tunnus(f"{digits[:7]}-{digits[7]}")


def _kennitala(value: str) -> bool:
    """The Icelandic id (of a person or, with 40 added to the day, an organisation): DDMMYY, two
    digits, a modulus 11 check digit (3 2 7 6 5 4 3 2) and the century (9, 0 or 8); the dash
    after the date is optional."""
    digits = value.replace("-", "", 1) if len(value) == 11 and value[6] == "-" else value
    if not re.fullmatch(r"\d{10}", digits) or digits[9] not in "908":
        return False
    day, month = int(digits[:2]), int(digits[2:4])
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12:
        return False
    return _weighted_mod11(digits[:8], (3, 2, 7, 6, 5, 4, 3, 2)) == int(digits[8])


def _digits(low: int, high: int) -> Callable[[str], bool]:
    pattern = re.compile(rf"[1-9]\d{{{low - 1},{high - 1}}}")
    return lambda value: pattern.fullmatch(value) is not None


def _shak(value: str) -> bool:
    """A hospital (4 characters), department (6) or section (7) code of the Danish hospital
    department classification; a department's code begins with its hospital's."""
    return re.fullmatch(r"[0-9A-Z]{4}(?:[0-9A-Z]{2}[0-9A-Z]?)?", value) is not None


SYSTEMS: tuple[IdentifierSystem, ...] = (
    IdentifierSystem(
        "RESH",
        "resh",
        "NO",
        "Register for enheter i spesialisthelsetjenesten (Norsk helsenett)",
        "a running number of up to 9 digits",
        _digits(1, 9),
    ),
    IdentifierSystem(
        "HER",
        "herId",
        "NO",
        "Adresseregisteret (Norsk helsenett)",
        "a number of up to 9 digits",
        _digits(1, 9),
    ),
    IdentifierSystem(
        "ORGNR",
        "orgnr",
        "NO",
        "Enhetsregisteret (Brønnøysundregistrene)",
        "9 digits beginning with 8 or 9, modulus 11 check digit",
        _orgnr,
    ),
    IdentifierSystem(
        "HSA-id",
        "hsaId",
        "SE",
        "Katalogtjänst HSA (Inera)",
        "SE, a 10-digit organisation number (Luhn), a dash and a suffix; at most 31 characters",
        _hsa_id,
    ),
    IdentifierSystem(
        "SOR",
        "sor",
        "DK",
        "Sundhedsvæsenets Organisationsregister (Sundhedsdatastyrelsen)",
        "11 to 18 digits ending in the namespace 1000016, a partition and a Verhoeff check digit",
        _sor,
    ),
    IdentifierSystem(
        "SHAK",
        "shak",
        "DK",
        "Sygehus-afdelingsklassifikationen (Sundhedsdatastyrelsen)",
        "4 (hospital), 6 (department) or 7 (section) digits or capital letters",
        _shak,
    ),
    IdentifierSystem(
        "CVR",
        "cvr",
        "DK",
        "Det Centrale Virksomhedsregister (Erhvervsstyrelsen)",
        "8 digits, modulus 11",
        _cvr,
    ),
    IdentifierSystem(
        "Y-tunnus",
        "ytunnus",
        "FI",
        "Yritys- ja yhteisötietojärjestelmä YTJ (PRH ja Verohallinto)",
        "7 digits, a dash and a modulus 11 check digit",
        _y_tunnus,
    ),
    IdentifierSystem(
        "SOTE-OID",
        "soteOid",
        "FI",
        "SOTE-organisaatiorekisteri (THL)",
        "1.2.246.10.<business id digits>.10.<unit>, the business id's check digit holding",
        _sote_oid,
    ),
    IdentifierSystem(
        "kennitala",
        "kennitala",
        "IS",
        "Fyrirtækjaskrá (Skatturinn)",
        "10 digits DDMMYY-NNCC (an organisation's day plus 40), modulus 11 check digit",
        _kennitala,
    ),
)

BY_NAME: dict[str, IdentifierSystem] = {s.name: s for s in SYSTEMS}

# Territories whose bodies are in their sovereign's registers (SOR covers the Faroe Islands and
# Greenland; Åland's bodies have Finnish business ids).
_TERRITORIES: dict[str, tuple[str, ...]] = {"DK": ("FO", "GL"), "FI": ("AX",)}


def issued_for(system: IdentifierSystem) -> tuple[str, ...]:
    """The countries and territories whose bodies ``system`` identifies."""
    return (system.country, *_TERRITORIES.get(system.country, ()))


class BadIdentifier(ValueError):
    """Raised when a value does not have the format of its identifier system."""


def normalise(system: str, value: str) -> str:
    """The stored form: kennitala without its optional dash; other values as given."""
    value = value.strip()
    if system == "kennitala" and len(value) == 11 and value[6] == "-":
        return value[:6] + value[7:]
    return value


def checked(system: str, value: str) -> str:
    """``value`` in its stored form; :class:`BadIdentifier` when it breaks the system's rule
    (``KeyError`` for an unknown system: the caller checks the name first)."""
    found = BY_NAME[system]
    stored = normalise(system, value)
    if not found.check(stored):
        raise BadIdentifier(f"{system} {value!r} is not valid: {found.rule}")
    return stored
