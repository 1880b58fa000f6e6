"""Query cost analysis, depth and alias limits in one walk over each operation.

Strawberry ships a depth limiter and an alias limiter as separate extensions, each its own pass,
and no cost analysis. :func:`limits_rule` builds a single graphql-core validation rule that runs
with the standard rules in the same ``validate`` call and, per operation, walks the selections
once (fragments expanded) to measure:

- **depth**: the deepest chain of fields, introspection included;
- **aliases**: every aliased field, counted each time its fragment is used;
- **cost**: an estimate of the objects the query can resolve. A field that returns objects costs
  the number of times it runs (its *multiplier*); a connection multiplies what is under it by its
  page size (``first``, from the literal or the request's variables, else the default page size,
  never more than the maximum); any other list of objects by ``LIST_ESTIMATE`` or by the length
  of a literal list argument (``nodes(ids: [...])``). Scalars cost nothing; the ``edges``,
  ``nodes`` and ``node`` of a connection are part of the page already counted.

Introspection (``__schema``, ``__type``) is costed like data: its lists count with the sizes of
this schema (:class:`IntrospectionSizes`: every type for ``types``, the mean number of fields of a
type for ``fields``, and so on). A type reference (``type``, ``ofType``) points into the schema
and adds neither cost nor depth, so the usual introspection query (about 4 000) fits the default
limit once or twice, and 300 aliased copies of it are refused before anything runs.

The federation batch fields (``_entities``, ``nodes``) are costed against their own budget,
``Limits.max_batch_cost``: a gateway asks for thousands of entities in one request, each a cheap
lookup, and the hub answers them in one round trip per type.

Each refusal is an :class:`~schema.errors.ApiError` with its own code, so it is localized
like every other error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from graphql.language import VisitorAction
from graphql.language.visitor import SKIP
from graphql.type.introspection import introspection_types

from schema.errors import ApiError, ErrorCode
from schema.limits import Limits

LIST_ESTIMATE = 5
_CONNECTION_SUFFIX = "Connection"
_EDGE_SUFFIX = "Edge"
_META_FIELDS: dict[str, GraphQLField] = {
    "__schema": SchemaMetaFieldDef,
    "__type": TypeMetaFieldDef,
    "__typename": TypeNameMetaFieldDef,
}
_INTROSPECTION_TYPES = frozenset(introspection_types)
BATCH_FIELDS = frozenset({"_entities", "nodes"})
"""Root fields that load a list of entities by key, in one round trip per type."""


def _mean(counts: list[int]) -> int:
    return max(1, -(-sum(counts) // len(counts))) if counts else 1


class IntrospectionSizes:
    """How long the lists of an introspection answer are in one schema (means, rounded up)."""

    def __init__(self, schema: GraphQLSchema) -> None:
        types = list(schema.type_map.values())
        composite = [t for t in types if isinstance(t, (GraphQLObjectType, GraphQLInterfaceType))]
        fields = [f for t in composite for f in t.fields.values()]
        abstract = [t for t in types if isinstance(t, GraphQLInterfaceType) or t.name == "_Entity"]
        self.sizes: dict[tuple[str, str], int] = {
            ("__Schema", "types"): len(types),
            ("__Schema", "directives"): len(schema.directives),
            ("__Type", "fields"): _mean([len(t.fields) for t in composite]),
            ("__Type", "interfaces"): _mean([len(t.interfaces) for t in composite]),
            ("__Type", "possibleTypes"): _mean(
                [len(schema.get_possible_types(t)) for t in abstract]  # type: ignore[arg-type]
            ),
            ("__Type", "enumValues"): _mean(
                [len(t.values) for t in types if isinstance(t, GraphQLEnumType)]
            ),
            ("__Type", "inputFields"): _mean(
                [len(t.fields) for t in types if isinstance(t, GraphQLInputObjectType)]
            ),
            ("__Field", "args"): _mean([len(f.args) for f in fields]),
            ("__Directive", "args"): _mean([len(d.args) for d in schema.directives]),
        }

    def of(self, parent: str, field: str) -> int:
        return self.sizes.get((parent, field), LIST_ESTIMATE)


_SIZES: dict[int, IntrospectionSizes] = {}


def introspection_sizes(schema: GraphQLSchema) -> IntrospectionSizes:
    """The sizes of ``schema``, worked out once per schema."""
    found = _SIZES.get(id(schema))
    if found is None:
        found = _SIZES[id(schema)] = IntrospectionSizes(schema)
    return found


@dataclass(slots=True)
class Measure:
    """What one operation asks for."""

    depth: int = 0
    aliases: int = 0
    cost: int = 0
    # The part of ``cost`` under the batch fields (``_entities``, ``nodes``).
    batch_cost: int = 0
    introspection: bool = False


def measure(
    context: ValidationContext,
    operation: OperationDefinitionNode,
    *,
    variables: Mapping[str, Any],
    default_page_size: int,
    max_page_size: int,
) -> Measure:
    """Depth, aliases and cost of ``operation`` in one walk."""
    root = context.schema.get_root_type(operation.operation)
    result = Measure()
    if root is None:
        return result
    fragments = {
        d.name.value: d
        for d in context.document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    walker = _Walker(fragments, variables, default_page_size, max_page_size, context, result)
    for selection in operation.selection_set.selections:
        before = result.cost
        walker.selections(
            SelectionSetNode(selections=(selection,)), root, depth=0, multiplier=1, visiting=()
        )
        if isinstance(selection, FieldNode) and selection.name.value in BATCH_FIELDS:
            result.batch_cost += result.cost - before
    return result


class _Walker:
    __slots__ = (
        "context",
        "default_page",
        "fragments",
        "max_page",
        "result",
        "sizes",
        "variables",
    )

    def __init__(
        self,
        fragments: dict[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        default_page: int,
        max_page: int,
        context: ValidationContext,
        result: Measure,
    ) -> None:
        self.fragments = fragments
        self.variables = variables
        self.default_page = default_page
        self.max_page = max_page
        self.context = context
        self.result = result
        self.sizes = introspection_sizes(context.schema)

    def selections(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType,
        *,
        depth: int,
        multiplier: int,
        visiting: tuple[str, ...],
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self.field(selection, parent, depth=depth, multiplier=multiplier, visiting=visiting)
            elif isinstance(selection, InlineFragmentNode):
                condition = parent
                if selection.type_condition is not None:
                    named = self.context.schema.get_type(selection.type_condition.name.value)
                    condition = named if named is not None else parent
                self.selections(
                    selection.selection_set,
                    condition,
                    depth=depth,
                    multiplier=multiplier,
                    visiting=visiting,
                )
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visiting:
                    continue  # unknown or cyclic: the standard rules report it
                named = self.context.schema.get_type(fragment.type_condition.name.value)
                self.selections(
                    fragment.selection_set,
                    named if named is not None else parent,
                    depth=depth,
                    multiplier=multiplier,
                    visiting=(*visiting, name),
                )

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType,
        *,
        depth: int,
        multiplier: int,
        visiting: tuple[str, ...],
    ) -> None:
        name = node.name.value
        self.result.introspection |= name in ("__schema", "__type")
        if node.alias is not None:
            self.result.aliases += 1
        definition = _META_FIELDS.get(name) or _field_definition(parent, name)
        if parent.name in _INTROSPECTION_TYPES and not (
            definition is not None and _is_list(definition.type)
        ):
            # A type reference (type, ofType, queryType ...) points into the finite schema.
            if definition is not None and node.selection_set is not None:
                named = get_named_type(definition.type)
                self.selections(
                    node.selection_set, named, depth=depth, multiplier=multiplier, visiting=visiting
                )
            return
        depth += 1
        self.result.depth = max(self.result.depth, depth)
        if definition is None or node.selection_set is None:
            return  # unknown field (reported by the standard rules) or a scalar
        named = get_named_type(definition.type)
        inner = multiplier
        if parent.name.endswith((_CONNECTION_SUFFIX, _EDGE_SUFFIX)):
            pass  # edges, nodes, node, pageInfo: the page was counted at the connection
        elif named.name.endswith(_CONNECTION_SUFFIX):
            self.result.cost += multiplier
            inner = multiplier * self._page_size(node)
        else:
            self.result.cost += multiplier
            if _is_list(definition.type):
                size = (
                    self.sizes.of(parent.name, name)
                    if parent.name in _INTROSPECTION_TYPES
                    else self._list_size(node)
                )
                inner = multiplier * size
        self.selections(node.selection_set, named, depth=depth, multiplier=inner, visiting=visiting)

    def _page_size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = self._int(argument.value)
            if value is not None:
                return max(0, min(value, self.max_page))
        return self.default_page

    def _list_size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            value = argument.value
            if isinstance(value, ListValueNode):
                return len(value.values)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, list):
                    return len(given)
        return LIST_ESTIMATE

    def _int(self, value: object) -> int | None:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            if isinstance(given, int) and not isinstance(given, bool):
                return given
            return self.max_page if given is not None else None
        return None


def _field_definition(parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
        field: GraphQLField | None = parent.fields.get(name)
        return field
    return None  # a union: only __typename is asked on it; members come through fragments


def _is_list(type_: GraphQLOutputType) -> bool:
    return isinstance(get_nullable_type(type_), GraphQLList)


def variables_shape(variables: Mapping[str, Any] | None) -> tuple[tuple[str, object], ...]:
    """What :func:`measure` reads of the variables: ints, list lengths, and which are set.

    Two requests of one document with the same shape get the same measure, so a caller may
    keep the outcome per shape.
    """
    shape: list[tuple[str, object]] = []
    for name, value in sorted((variables or {}).items()):
        if isinstance(value, int) and not isinstance(value, bool):
            shape.append((name, value))
        elif isinstance(value, list):
            shape.append((name, ("list", len(value))))
        else:
            shape.append((name, value is not None))
    return tuple(shape)


def limits_rule(
    limits: Limits,
    *,
    introspection: bool,
    variables: Mapping[str, Any] | None,
    default_page_size: int,
    max_page_size: int,
    named_operation: bool = False,
) -> type[ValidationRule]:
    """A validation rule enforcing ``limits`` for one request (its variables size the pages);
    with ``introspection`` False it also refuses ``__schema`` and ``__type``. Without
    ``named_operation`` (no ``operationName`` in the request) a document of several operations
    is refused, as the GraphQL spec says (strawberry would run the first)."""
    given: Mapping[str, Any] = variables or {}

    class RequestLimitsRule(ValidationRule):
        # Depends on the request's variables, so it runs even when the document cache
        # (schema.document_cache) has the query text's other validation on record.
        per_request: ClassVar[bool] = True

        def enter_document(self, node: DocumentNode, *_args: object) -> None:
            operations = [d for d in node.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) > 1 and not named_operation:
                refusal = ApiError(ErrorCode.OPERATION_RESOLUTION_FAILURE)
                self.report_error(GraphQLError(str(refusal), original_error=refusal))

        def enter_operation_definition(
            self, node: OperationDefinitionNode, *_args: object
        ) -> VisitorAction:
            found = measure(
                self.context,
                node,
                variables=given,
                default_page_size=default_page_size,
                max_page_size=max_page_size,
            )
            refusal: ApiError | None = None
            if found.introspection and not introspection:
                refusal = ApiError(ErrorCode.INTROSPECTION_DISABLED)
            elif found.depth > limits.max_depth:
                refusal = ApiError(
                    ErrorCode.QUERY_TOO_DEEP, depth=found.depth, maximum=limits.max_depth
                )
            elif found.aliases > limits.max_aliases:
                refusal = ApiError(
                    ErrorCode.TOO_MANY_ALIASES, count=found.aliases, maximum=limits.max_aliases
                )
            elif found.cost - found.batch_cost > limits.max_cost:
                refusal = ApiError(
                    ErrorCode.QUERY_TOO_COSTLY,
                    cost=found.cost - found.batch_cost,
                    maximum=limits.max_cost,
                )
            elif found.batch_cost > limits.max_batch_cost:
                refusal = ApiError(
                    ErrorCode.QUERY_TOO_COSTLY,
                    cost=found.batch_cost,
                    maximum=limits.max_batch_cost,
                )
            if refusal is not None:
                self.report_error(GraphQLError(str(refusal), node, original_error=refusal))
            return SKIP  # the walk above saw everything this rule needs

    return RequestLimitsRule
