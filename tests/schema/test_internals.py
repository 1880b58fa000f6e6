"""What schema/internals.py relies on in strawberry and graphql-core still holds.

Each check runs the real installed libraries on a small schema; a failure after an upgrade says
which private part changed, so the one module that uses it can be mended (or dropped).
"""

from __future__ import annotations

import importlib.metadata
from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import (
    FieldNode,
    GraphQLSchema,
    OperationDefinitionNode,
    get_argument_values,
    parse,
)
from strawberry.types.nodes import SelectedField

from schema import internals

VERSIONS = {
    name: importlib.metadata.version(name) for name in ("strawberry-graphql", "graphql-core")
}
UPGRADED = f"schema/internals.py relies on it ({VERSIONS}); mend that module after the upgrade"


@strawberry.enum
class Colour(Enum):
    RED = "red"


@strawberry.input
class Filter:
    colour: Colour
    limit: int = 3


@strawberry.type
class Item:
    name: str

    @strawberry.field
    def shouted(self, info: strawberry.Info, times: int = 1) -> str:
        return self.name.upper() * times


@strawberry.type
class Query:
    @strawberry.field
    async def items(self, info: strawberry.Info, filter: Filter) -> list[Item]:
        return [Item(name=filter.colour.value)]


SCHEMA = strawberry.Schema(query=Query)


def test_the_graphql_core_schema_behind_strawberrys() -> None:
    found = internals.graphql_schema(SCHEMA)
    assert isinstance(found, GraphQLSchema), f"Schema._schema is gone or changed: {UPGRADED}"
    assert found.query_type is not None and "items" in found.query_type.fields


def test_each_field_names_its_strawberry_definition_and_resolver() -> None:
    graphql = internals.graphql_schema(SCHEMA)
    assert graphql.query_type is not None
    items = internals.strawberry_field(graphql.query_type.fields["items"])
    assert items is not None, (
        f"no StrawberryField under extensions[{internals.STRAWBERRY_DEFINITION!r}]: {UPGRADED}"
    )
    shape = internals.resolver_shape(items)
    assert shape is not None, f"StrawberryField.base_resolver changed: {UPGRADED}"
    assert (shape.is_async, shape.takes_self, shape.info_argument) == (True, True, "info"), (
        f"StrawberryResolver's parameters changed: {UPGRADED}"
    )
    item = graphql.get_type("Item")
    name = internals.strawberry_field(item.fields["name"])  # type: ignore[union-attr]
    assert name is not None and internals.resolver_shape(name) is None
    assert name.python_name == "name", f"StrawberryField.python_name changed: {UPGRADED}"


def test_arguments_convert_as_strawberry_converts_them() -> None:
    graphql = internals.graphql_schema(SCHEMA)
    assert graphql.query_type is not None
    definition = graphql.query_type.fields["items"]
    items = internals.strawberry_field(definition)
    assert items is not None
    operation = parse("{ items(filter: {colour: RED}) { name } }").definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    node = operation.selection_set.selections[0]
    assert isinstance(node, FieldNode)
    raw = get_argument_values(definition, node)
    try:
        found = internals.convert_arguments(SCHEMA, items, raw, None)
    except (TypeError, AttributeError) as error:  # pragma: no cover - only after an upgrade
        pytest.fail(f"convert_arguments changed ({error}): {UPGRADED}")
    given = found["filter"]
    assert isinstance(given, Filter) and given.colour is Colour.RED and given.limit == 3, (
        f"convert_arguments no longer builds inputs and enums: {UPGRADED}"
    )


class _Info:
    """The stand-in the compiled path hands to ``selections`` (see schema.compiled._RawInfo)."""

    def __init__(self, field_nodes: list[FieldNode]) -> None:
        self.field_nodes = field_nodes
        self.fragments: dict[str, Any] = {}
        self.variable_values: dict[str, Any] = {"n": 2}


def test_selections_read_from_field_nodes() -> None:
    document = parse("{ items(filter: {colour: RED}) { name shouted(times: $n) } }")
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    nodes = [n for n in operation.selection_set.selections if isinstance(n, FieldNode)]
    try:
        found = internals.selections(_Info(nodes), nodes)  # type: ignore[arg-type]
    except (TypeError, AttributeError) as error:  # pragma: no cover - only after an upgrade
        pytest.fail(f"convert_selections changed ({error}): {UPGRADED}")
    assert [type(s) for s in found] == [SelectedField]
    children = found[0].selections
    assert [getattr(c, "name", None) for c in children] == ["name", "shouted"], UPGRADED
    assert getattr(children[1], "arguments", None) == {"times": 2}, UPGRADED
