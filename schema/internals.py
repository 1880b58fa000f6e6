"""Every use of strawberry's and graphql-core's private parts, in one module.

The hub keeps to the libraries' public hooks (schema extensions, validation rules, starlette's
body limit). One place still reaches further, and does it only through the function here: the
document cache and the projection read path validate against graphql-core's schema, which
strawberry keeps as ``Schema._schema`` with no public accessor.

``tests/schema/test_internals.py`` checks it against the installed versions and fails, naming
this module, when an upgrade changes it.
"""

from __future__ import annotations

from graphql import GraphQLSchema
from strawberry.schema.base import BaseSchema


def graphql_schema(schema: BaseSchema) -> GraphQLSchema:
    """graphql-core's schema behind a strawberry schema."""
    found: GraphQLSchema = schema._schema  # type: ignore[attr-defined]
    return found
