"""Query cost analysis, depth and alias limits in one walk over each operation.

Strawberry ships a depth limiter and an alias limiter as separate extensions, each its own pass,
and no cost analysis. :func:`limits_rule` builds a single graphql-core validation rule that runs
with the standard rules in the same ``validate`` call and, per operation, walks the selections
once (fragments expanded) to measure:

- **depth**: the deepest chain of fields (introspection fields ``__*`` are not counted);
- **aliases**: every aliased field, counted each time its fragment is used;
- **cost**: an estimate of the objects the query can resolve. A field that returns objects costs
  the number of times it runs (its *multiplier*); a connection multiplies what is under it by its
  page size (``first``, from the literal or the request's variables, else the default page size,
  never more than the maximum); any other list of objects by ``LIST_ESTIMATE`` or by the length
  of a literal list argument (``nodes(ids: [...])``). Scalars cost nothing; the ``edges``,
  ``nodes`` and ``node`` of a connection are part of the page already counted.

Each refusal is an :class:`~resolvers.errors.ApiError` with its own code, so it is localized
like every other error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLOutputType,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from graphql.language import VisitorAction
from graphql.language.visitor import SKIP

from nordhub.limits import Limits
from resolvers.errors import ApiError, ErrorCode

LIST_ESTIMATE = 5
_CONNECTION_SUFFIX = "Connection"
_EDGE_SUFFIX = "Edge"
_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


@dataclass(slots=True)
class Measure:
    """What one operation asks for."""

    depth: int = 0
    aliases: int = 0
    cost: int = 0
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
    walker.selections(operation.selection_set, root, depth=0, multiplier=1, visiting=())
    return result


class _Walker:
    __slots__ = ("context", "default_page", "fragments", "max_page", "result", "variables")

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
        if name.startswith("__"):
            # Introspection and __typename are bounded by the schema, not by data.
            self.result.introspection |= name in _INTROSPECTION_FIELDS
            return
        if node.alias is not None:
            self.result.aliases += 1
        depth += 1
        self.result.depth = max(self.result.depth, depth)
        definition = _field_definition(parent, name)
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
                inner = multiplier * self._list_size(node)
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
) -> type[ValidationRule]:
    """A validation rule enforcing ``limits`` for one request (its variables size the pages);
    with ``introspection`` False it also refuses ``__schema`` and ``__type``."""
    given: Mapping[str, Any] = variables or {}

    class RequestLimitsRule(ValidationRule):
        # Depends on the request's variables, so it runs even when the document cache
        # (schema.document_cache) has the query text's other validation on record.
        per_request: ClassVar[bool] = True

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
            elif found.cost > limits.max_cost:
                refusal = ApiError(
                    ErrorCode.QUERY_TOO_COSTLY, cost=found.cost, maximum=limits.max_cost
                )
            if refusal is not None:
                self.report_error(GraphQLError(str(refusal), node, original_error=refusal))
            return SKIP  # the walk above saw everything this rule needs

    return RequestLimitsRule
