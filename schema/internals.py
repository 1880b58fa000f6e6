"""Every use of strawberry's and graphql-core's private parts, in one module.

The hub keeps to the libraries' public hooks (schema extensions, validation rules, starlette's
body limit). Two places still reach further, and do it only through the functions here: the
document cache and the projection read path validate against graphql-core's schema, which
strawberry keeps as ``Schema._schema`` with no public accessor; and the projection read path
reads a field's declaration (``schema.reads``) from the strawberry field behind a graphql-core
field, which strawberry links under its ``DEFINITION_BACKREF`` extension key.

``tests/schema/test_internals.py`` checks it against the installed versions and fails, naming
this module, when an upgrade changes it.
"""

from __future__ import annotations

from graphql import GraphQLField, GraphQLSchema
from strawberry.schema.base import BaseSchema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField


def graphql_schema(schema: BaseSchema) -> GraphQLSchema:
    """graphql-core's schema behind a strawberry schema."""
    found: GraphQLSchema = schema._schema  # type: ignore[attr-defined]
    return found


def strawberry_field(definition: GraphQLField) -> StrawberryField | None:
    """The strawberry field a graphql-core field was built from."""
    found = (definition.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    return found if isinstance(found, StrawberryField) else None
