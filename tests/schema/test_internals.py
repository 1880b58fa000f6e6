"""What schema/internals.py relies on in strawberry and graphql-core still holds.

Each check runs the real installed libraries on a small schema; a failure after an upgrade says
which private part changed, so the one module that uses it can be mended (or dropped).
"""

from __future__ import annotations

import importlib.metadata
from enum import Enum

import strawberry
from graphql import GraphQLSchema

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


def test_the_strawberry_field_behind_a_graphql_core_field() -> None:
    query_type = internals.graphql_schema(SCHEMA).query_type
    assert query_type is not None
    found = internals.strawberry_field(query_type.fields["items"])
    assert found is not None and found.python_name == "items", (
        f"GraphQLField.extensions no longer links the strawberry field: {UPGRADED}"
    )
