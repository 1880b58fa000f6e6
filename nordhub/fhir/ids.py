"""FHIR ids for hub ids, and back. A hub id is ``<prefix>:<rest>`` (``org:rigshospitalet``, or
``org:<source>:<partner id>`` for a synced record); FHIR allows ``[A-Za-z0-9-.]{1,64}``, so the
resource type stands for the prefix and the colons of the rest become dots. Source names have no
dots, so the first dot is always the source's colon, and a partner's own dots stay as they are.
"""

from __future__ import annotations

import hashlib
import re
from typing import Final

PREFIXES: Final[dict[str, str]] = {
    "Organization": "org",
    "Location": "location",
    "HealthcareService": "service",
}
_FHIR_ID: Final = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_DIGEST: Final = re.compile(r"^h-[0-9a-f]{40}$")


def fhir_id(hub_id: str) -> str:
    """The FHIR id of a hub id. One that cannot be written as one (a source's name and its
    partner's id together longer than 64 characters) gets a digest id, ``h-`` and 40 hex
    digits: served in searches and references, but not readable by id."""
    _, _, rest = hub_id.partition(":")
    source, colon, record = rest.partition(":")
    candidate = f"{source}.{record}" if colon else source
    if _FHIR_ID.match(candidate):
        return candidate
    return "h-" + hashlib.sha256(hub_id.encode("utf-8")).hexdigest()[:40]


def hub_id(resource_type: str, value: str) -> str | None:
    """The hub id a FHIR id of ``resource_type`` stands for; None when it is not a FHIR id."""
    if not _FHIR_ID.match(value) or _DIGEST.match(value):
        return None
    source, dot, record = value.partition(".")
    return (
        f"{PREFIXES[resource_type]}:{source}:{record}"
        if dot
        else f"{PREFIXES[resource_type]}:{value}"
    )


def reference(resource_type: str, hub: str) -> dict[str, str]:
    return {"reference": f"{resource_type}/{fhir_id(hub)}"}
