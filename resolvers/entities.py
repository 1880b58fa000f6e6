"""Federation's ``_entities``: representations from a gateway, resolved in batches.

Each representation is checked on its own: a bad one gets an error in its place and the rest of
the batch is still answered. The valid ones are all handed to the request's DataLoaders before
any is awaited, so every loader sends one statement for the whole batch, whatever its length:
N representations of a type cost one graph round trip. Entities that do not exist (or exist as
another type), and illustrative ones (no source confirms them), come back as null, in order.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.models import Record
from graph.vocabulary import CodeSystem
from schema.arguments import entity_id
from schema.context import Info
from schema.convert import of_label
from schema.errors import ApiError, ErrorCode
from schema.loaders import Loaders

# Every Node loaded through `_entities` shares one loader, whatever the type.
ENTITIES_PATH = ("_entities",)

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_MAX_CODE_LENGTH = 50


@dataclass(frozen=True, slots=True)
class EntityType:
    """A type partners may extend: its graph label and its ``@key`` field sets, tried in order."""

    label: str
    keys: tuple[tuple[str, ...], ...] = (("id",),)

    def described_keys(self) -> str:
        return " | ".join(" ".join(fields) for fields in self.keys)


ENTITY_TYPES: Mapping[str, EntityType] = {
    "Service": EntityType("Service"),
    "Condition": EntityType("Condition", (("id",), ("codeSystem", "code"))),
    "Procedure": EntityType("Procedure"),
    "Country": EntityType("Country", (("id",), ("code",))),
    "Location": EntityType("Location"),
    "Organisation": EntityType("Organisation"),
    "QualityRegistry": EntityType("QualityRegistry"),
    "CollaborationProject": EntityType("CollaborationProject"),
}


async def entities(info: Info, representations: list[Any]) -> list[Any]:
    """Entities in the order of ``representations``: an object, None, or the entry's error."""
    loaders = info.context.loaders
    results: list[Any] = [None] * len(representations)
    pending: list[tuple[int, str, Awaitable[Record | None]]] = []
    for index, representation in enumerate(representations):
        try:
            label, loading = _load(loaders, index, representation)
        except ApiError as error:
            results[index] = error
            continue
        pending.append((index, label, loading))
    for index, label, loading in pending:
        found = await loading
        # An illustrative entity is hidden from a gateway as from every other path: a plan cannot
        # ask for illustrative entries, so none is resolved.
        results[index] = (
            None if found is not None and found.illustrative else of_label(found, label)
        )
    return results


def _load(
    loaders: Loaders, index: int, representation: Any
) -> tuple[str, Awaitable[Record | None]]:
    """Start loading one representation's entity; ApiError when the representation is bad."""
    if not isinstance(representation, dict) or not isinstance(
        representation.get("__typename"), str
    ):
        raise ApiError(ErrorCode.BAD_REPRESENTATION, index=index)
    typename: str = representation["__typename"]
    entity = ENTITY_TYPES.get(typename)
    if entity is None:
        raise ApiError(
            ErrorCode.UNKNOWN_ENTITY_TYPE, typename=typename, known=", ".join(sorted(ENTITY_TYPES))
        )
    fields = next(
        (key for key in entity.keys if all(representation.get(f) is not None for f in key)), None
    )
    if fields is None:
        raise ApiError(ErrorCode.MISSING_KEY_FIELD, typename=typename, keys=entity.described_keys())
    if fields == ("id",):
        return entity.label, loaders.nodes(ENTITIES_PATH).load(
            _key(typename, "id", representation, _valid_id)
        )
    if fields == ("code",):
        return entity.label, loaders.countries_by_code().load(
            _key(typename, "code", representation, _valid_country_code)
        )
    system = _key(typename, "codeSystem", representation, _valid_code_system)
    code = _key(typename, "code", representation, _valid_code)
    return entity.label, loaders.conditions_by_code().load((system, code))


def _key(
    typename: str, field: str, representation: dict[str, Any], check: Callable[[str], str | None]
) -> str:
    value = representation[field]
    checked: str | None = check(value) if isinstance(value, str) else None
    if checked is None:
        raise ApiError(ErrorCode.BAD_KEY, typename=typename, field=field, value=str(value)[:100])
    return checked


def _valid_id(value: str) -> str | None:
    try:
        return entity_id(value)
    except ApiError:
        return None


def _valid_country_code(value: str) -> str | None:
    return value if _COUNTRY_CODE.match(value) else None


def _valid_code_system(value: str) -> str | None:
    """The stored system (``ICD-10``) for the GraphQL enum name a gateway sends (``ICD10``)."""
    member = CodeSystem.__members__.get(value)
    return member.value if member is not None else None


def _valid_code(value: str) -> str | None:
    code = value.strip().upper()
    return code if 0 < len(code) <= _MAX_CODE_LENGTH else None
