"""Every use of strawberry's and graphql-core's private parts, in one module.

The hub keeps to the libraries' public hooks (schema extensions, validation rules, starlette's
body limit). Two places still reach further, and do it only through the functions here:

- the document cache and the compiled read path validate against graphql-core's schema, which
  strawberry keeps as ``Schema._schema`` with no public accessor;
- the compiled read path (:mod:`schema.compiled`, to be replaced by a Cypher-projection read
  path) runs strawberry's resolvers itself: it finds each field's strawberry definition in the
  graphql-core field's extensions, reads the resolver's parameters, and converts arguments and
  selections the way strawberry's executor does.

``tests/schema/test_internals.py`` checks each of these against the installed versions and fails,
naming this module, when an upgrade changes any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final

from graphql import FieldNode, GraphQLField, GraphQLResolveInfo, GraphQLSchema
from strawberry.schema.base import BaseSchema
from strawberry.types.arguments import convert_arguments as _convert_arguments
from strawberry.types.field import StrawberryField
from strawberry.types.nodes import Selection
from strawberry.types.nodes import convert_selections as _convert_selections

STRAWBERRY_DEFINITION: Final = "strawberry-definition"
"""The key under which strawberry keeps its field in a graphql-core field's ``extensions``."""


def graphql_schema(schema: BaseSchema) -> GraphQLSchema:
    """graphql-core's schema behind a strawberry schema."""
    found: GraphQLSchema = schema._schema  # type: ignore[attr-defined]
    return found


def strawberry_field(definition: GraphQLField) -> StrawberryField | None:
    """The strawberry field a graphql-core field was made from (None for one it did not make)."""
    found = (definition.extensions or {}).get(STRAWBERRY_DEFINITION)
    return found if isinstance(found, StrawberryField) else None


@dataclass(frozen=True, slots=True)
class ResolverShape:
    """How to call a field's resolver without strawberry's executor."""

    function: Callable[..., Any]
    is_async: bool
    takes_self: bool
    source_argument: str | None
    info_argument: str | None


def resolver_shape(field: StrawberryField) -> ResolverShape | None:
    """The shape of the field's own resolver; None for a field read as an attribute."""
    resolver = field.base_resolver
    if resolver is None or not callable(resolver.wrapped_func):
        return None
    source = resolver.root_parameter or resolver.parent_parameter
    info = resolver.info_parameter
    return ResolverShape(
        function=resolver.wrapped_func,
        is_async=resolver.is_async,
        takes_self=resolver.self_parameter is not None,
        source_argument=source.name if source is not None else None,
        info_argument=info.name if info is not None else None,
    )


def convert_arguments(
    schema: BaseSchema, field: StrawberryField, raw: Mapping[str, Any], info: Any
) -> dict[str, Any]:
    """graphql-core's argument values as the resolver takes them (inputs, enums, scalars)."""
    converter = schema.schema_converter
    return _convert_arguments(
        dict(raw),
        field.arguments,
        scalar_registry=converter.scalar_registry,
        config=schema.config,
        info=info,
    )


def selections(
    info: GraphQLResolveInfo[Any], field_nodes: Collection[FieldNode]
) -> list[Selection]:
    """What ``info.selected_fields`` gives, from graphql-core's info (or a stand-in with
    ``field_nodes``, ``fragments`` and ``variable_values``)."""
    return _convert_selections(info, field_nodes)
