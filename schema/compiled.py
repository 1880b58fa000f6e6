"""Read queries compiled once per query text and run without graphql-core's executor.

graphql-core resolves a response one field at a time: for each of the ~1 000 fields of a page of
services it builds an ``info``, checks for awaitables, schedules tasks for async resolvers and
walks the type to complete the value; the relation fields wait on DataLoaders, one round trip per
level of the query. For the queries clients send over and over, all of that can be decided once:

* **Compile** (once per query text, after graphql-core has validated it): walk the operation's
  selection against the schema into an :class:`ObjectPlan` per selection set. Each field keeps
  the strawberry field it runs and a completer for its GraphQL type, built once. Relation fields
  listed in :mod:`schema.prefetch` become hops of one Cypher statement (see
  :mod:`graph.queries.projection`), nested below the node they hang from.
* **Run** (per request): call the root field's own resolver, then render the selection from the
  objects it returns, calling each field's own synchronous resolver directly. The related nodes
  of all objects of a kind are read in one round trip after the root's own statement, however
  many items and levels; a root that loads one node by id (:data:`ROOT_KEYS`) gets the node and
  its relations in a single statement, primed into its DataLoader.

The answer is the one graphql-core gives: the same resolvers build the same values, and the same
GraphQL types serialize them. What the compiler cannot prove it can run that way, it leaves to
graphql-core: mutations, subscriptions, directives, abstract types, async fields not listed in
:mod:`schema.prefetch`, field extensions, root fields not listed in :data:`ROOTS`. At run time
anything unexpected (an :class:`~schema.errors.ApiError` from bad arguments, a missing node,
a null where the schema promises a value, an outage) also hands the request back, so every error
is reported by the one path that reports errors.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, LiteralString, cast

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_argument_values,
    get_variable_values,
    validate,
)
from graphql.execution import VariableValues
from graphql.pyutils import Path
from strawberry.types.field import StrawberryField

from graph.models import Link, Record, record
from graph.queries.projection import Hop, LogPageHop, Nested, related
from graph.repositories.projects import LogPage
from schema.arguments import entity_id
from schema.cost import variables_shape
from schema.document_cache import DocumentStore
from schema.errors import ApiError
from schema.internals import (
    convert_arguments,
    graphql_schema,
    resolver_shape,
    selections,
    strawberry_field,
)
from schema.prefetch import PREFETCHED, Prefetch
from schema.projects import log_connection
from schema.relay import decode_cursor, page_size

if TYPE_CHECKING:
    from strawberry.federation import Schema

    from schema.context import Context

logger = logging.getLogger(__name__)

ROOTS: Final = frozenset(
    {
        "services",
        "service",
        "collaborationProject",
        "collaborationProjects",
        "whereOffered",
    }
)
"""Root fields whose resolvers use nothing of ``info`` but its context and selected fields."""

ROOT_KEYS: Final = {"service": "id", "collaborationProject": "id"}
"""Root fields that load one node by the id in this argument (through ``loaders.nodes()``)."""

DEFAULT_SIZE: Final = 256


class NotCompiled(Exception):
    """This query, or this request of it, runs through graphql-core instead."""


Completer = Callable[[Any, "Run"], Any]


@dataclass(eq=False, slots=True)
class FieldPlan:
    key: str
    """The response key (the alias, else the field name)."""
    node: FieldNode
    definition: GraphQLField | None
    """None for ``__typename``."""
    strawberry: StrawberryField | None
    parent: str = ""
    """The type the field belongs to."""
    complete: Completer = field(default=lambda value, run: value)
    prefetch: Prefetch | None = None
    hop: int = -1
    """For a prefetched field: its hop's index in the relations statement."""
    hops: list[FieldPlan] = field(default_factory=list)
    """For a prefetched field: the prefetched fields of its related nodes (nested hops)."""
    child: ObjectPlan | None = None
    """The selection on the field's object type, if it has one."""
    function: Callable[..., Any] | None = None
    """The resolver's own function (None: the attribute of the same name)."""
    self_argument: bool = False
    source_argument: str | None = None
    info_argument: str | None = None

    @property
    def is_log_page(self) -> bool:
        return self.prefetch is not None and self.prefetch.traversal is None

    def nested(self) -> Nested:
        """This prefetched field as a hop of the relations statement, with its nested hops."""
        assert self.prefetch is not None
        children = tuple(h.nested() for h in self.hops)
        if self.prefetch.traversal is None:
            return LogPageHop(self.hop, children)
        return Hop(self.hop, self.prefetch.traversal, children, self.prefetch.link_properties)


@dataclass(eq=False, slots=True)
class Group:
    """Objects rendered from resolvers' values that have prefetched fields: their ids are
    collected while rendering, and their relations read together afterwards."""

    index: int
    hops: list[FieldPlan] = field(default_factory=list)
    root: FieldPlan | None = None
    """The root field (of :data:`ROOT_KEYS`) whose id argument names this group's one node
    before its resolver runs: the node and its relations are then read in one statement, and
    the resolver finds the node in its DataLoader."""


@dataclass(eq=False, slots=True)
class ObjectPlan:
    type_name: str
    fields: list[FieldPlan] = field(default_factory=list)
    group: Group | None = None


@dataclass(eq=False, slots=True)
class CompiledOperation:
    operation: OperationDefinitionNode
    roots: list[FieldPlan]
    fragments: dict[str, FragmentDefinitionNode]
    groups: list[Group]
    log_pages: list[FieldPlan]
    statement: LiteralString | None
    """The relations statement (see :func:`graph.queries.projection.related`), if any."""
    provenance: bool
    """Whether any provenance is selected; if not, the relations statement leaves its dates out."""

    async def run(self, context: Context, variables: VariableValues, schema: Schema) -> Any:
        run = Run(self, context, variables, schema)
        for group in self.groups:
            key = run.root_key(group)
            if key is not None:
                run.keys[group.index] = [key]
        if run.keys:
            await run.fetch()
        data: dict[str, Any] = {}
        for root in self.roots:
            assert root.strawberry is not None and root.strawberry.base_resolver is not None
            value = await root.strawberry.base_resolver(**run.kwargs(root, root=True))
            data[root.key] = root.complete(value, run)
        while run.pending:
            await run.fetch()
        return data


class _RawInfo:
    """What strawberry's ``selected_fields`` reads from graphql-core's info."""

    __slots__ = ("field_nodes", "fragments", "variable_values")

    def __init__(
        self,
        field_nodes: list[FieldNode],
        fragments: dict[str, FragmentDefinitionNode],
        variables: VariableValues,
    ) -> None:
        self.field_nodes = field_nodes
        self.fragments = fragments
        self.variable_values = variables


class CompiledInfo:
    """The ``info`` compiled resolvers get: the request's context and, for a root field, its
    selection and path (all that the resolvers in :data:`ROOTS` and the synchronous field
    resolvers read)."""

    __slots__ = ("_raw", "context", "path")

    def __init__(self, context: Context, raw: _RawInfo | None = None, path: Path | None = None):
        self.context = context
        self._raw = raw
        self.path = path

    @property
    def selected_fields(self) -> Any:
        if self._raw is None:
            raise NotCompiled("selected_fields outside a root field")
        return selections(self._raw, self._raw.field_nodes)  # type: ignore[arg-type]


class Run:
    """One request of a compiled operation: arguments, fetched relations, fields waiting."""

    __slots__ = (
        "_kwargs",
        "context",
        "fetched",
        "info",
        "keys",
        "operation",
        "pending",
        "schema",
        "variables",
    )

    def __init__(
        self,
        operation: CompiledOperation,
        context: Context,
        variables: VariableValues,
        schema: Schema,
    ) -> None:
        self.operation = operation
        self.context = context
        self.variables = variables
        self.schema = schema
        self.info = CompiledInfo(context)
        self._kwargs: dict[FieldPlan, dict[str, Any]] = {}
        self.fetched: dict[tuple[int, str], Any] = {}
        self.keys: dict[int, list[str]] = {}
        self.pending: list[tuple[dict[str, Any], FieldPlan, Any]] = []

    def kwargs(self, plan: FieldPlan, *, root: bool = False) -> dict[str, Any]:
        """The field's converted arguments, with ``info`` (computed once per request)."""
        found = self._kwargs.get(plan)
        if found is None:
            assert plan.definition is not None and plan.strawberry is not None
            raw = get_argument_values(plan.definition, plan.node, self.variables)
            info = self.info
            if root:
                info = CompiledInfo(
                    self.context,
                    _RawInfo([plan.node], self.operation.fragments, self.variables),
                    Path(None, plan.key, "Query"),
                )
            found = convert_arguments(self.schema, plan.strawberry, raw, info)
            if plan.info_argument is not None:
                found[plan.info_argument] = info
            self._kwargs[plan] = found
        return found

    def resolve(self, plan: FieldPlan, source: Any) -> Any:
        function = plan.function
        if function is None:
            assert plan.strawberry is not None
            return getattr(source, plan.strawberry.python_name)
        kwargs = self.kwargs(plan)
        if plan.self_argument:
            return function(source, **kwargs)
        if plan.source_argument is not None:
            return function(**kwargs, **{plan.source_argument: source})
        return function(**kwargs)

    def render(self, plan: ObjectPlan, source: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field_plan in plan.fields:
            if field_plan.strawberry is None:
                out[field_plan.key] = plan.type_name
            elif field_plan.prefetch is not None:
                fetched = self.fetched.get((field_plan.hop, source.record.id))
                if fetched is None:
                    out[field_plan.key] = None
                    self.pending.append((out, field_plan, source))
                else:
                    out[field_plan.key] = field_plan.complete(self.built(field_plan, fetched), self)
            else:
                out[field_plan.key] = field_plan.complete(self.resolve(field_plan, source), self)
        if plan.group is not None:
            self.keys.setdefault(plan.group.index, []).append(source.record.id)
        return out

    def built(self, plan: FieldPlan, fetched: Any) -> Any:
        """The prefetched field's value, as its resolver would have built it."""
        assert plan.prefetch is not None
        if plan.is_log_page:
            return log_connection(fetched, after=self.log_after(plan))
        return plan.prefetch.build(fetched)

    def log_after(self, plan: FieldPlan) -> str | None:
        return decode_cursor(self.kwargs(plan).get("after"))

    def log_size(self, plan: FieldPlan) -> int:
        return page_size(self.info, self.kwargs(plan).get("first"))  # type: ignore[arg-type]

    def root_key(self, group: Group) -> str | None:
        """The id a root field of :data:`ROOT_KEYS` asks for, when it is a well-formed id."""
        if group.root is None:
            return None
        value = self.kwargs(group.root, root=True).get(ROOT_KEYS[group.root.node.name.value])
        try:
            return entity_id(value)
        except ApiError:
            return None  # the resolver reports it

    async def fetch(self) -> None:
        """Read the relations of every object collected so far, then render what waited."""
        operation = self.operation
        assert operation.statement is not None
        params: dict[str, Any] = {
            f"keys{group.index}": list(dict.fromkeys(self.keys.get(group.index, ())))
            for group in operation.groups
        }
        for plan in operation.log_pages:
            params[f"after{plan.hop}"] = self.log_after(plan)
            params[f"limit{plan.hop}"] = self.log_size(plan) + 1
        self.keys = {}
        (found,) = await self.context.graph.read(operation.statement, params)
        for row in cast(list[dict[str, Any]], found):
            for i, hop in enumerate(operation.groups[row["g"]].hops):
                self._store(hop, row["key"], row["row"][f"c{i}"])
            if "node" in row:
                self.context.loaders.nodes().prime(row["key"], record(row["node"]))
        pending, self.pending = self.pending, []
        for out, plan, source in pending:
            fetched = self.fetched.get((plan.hop, source.record.id))
            if fetched is None:
                raise NotCompiled("a node vanished between the statements")
            out[plan.key] = plan.complete(self.built(plan, fetched), self)

    def _store(self, plan: FieldPlan, key: str, value: Any) -> None:
        found: Any
        if plan.is_log_page:
            items = [(item["k"], self._node(plan, item, "LogEntry")) for item in value["items"]]
            found = LogPage.of(items, first=self.log_size(plan), total=value["total"])
        else:
            assert plan.prefetch is not None and plan.prefetch.traversal is not None
            label = plan.prefetch.traversal.label
            found = [
                Link(node=self._node(plan, item, label), props=item.get("r") or {})
                for item in value
            ]
        self.fetched[(plan.hop, key)] = found

    def _node(self, plan: FieldPlan, item: Mapping[str, Any], label: str) -> Record:
        props = item["p"]
        node = Record(id=str(props["id"]), label=label, props=props)
        for i, nested in enumerate(plan.hops):
            self._store(nested, node.id, item[f"c{i}"])
        return node


# Compiling ------------------------------------------------------------------------------------


class _Compiler:
    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.groups: list[Group] = []
        self.log_pages: list[FieldPlan] = []
        self.hop_count = 0
        self.provenance = False
        """Whether any provenance is selected (which alone reads the nodes' timestamps)."""

    def fields(self, parent: GraphQLObjectType, selection_set: SelectionSetNode) -> list[FieldNode]:
        """The field nodes of a selection set, fragments on the same type flattened."""
        found: list[FieldNode] = []
        for selection in selection_set.selections:
            if selection.directives:
                raise NotCompiled("directives")
            if isinstance(selection, FieldNode):
                found.append(selection)
                continue
            condition: NamedTypeNode | None
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None or fragment.directives:
                    raise NotCompiled("fragment")
                condition, inner = fragment.type_condition, fragment.selection_set
            elif isinstance(selection, InlineFragmentNode):
                condition, inner = selection.type_condition, selection.selection_set
            else:
                raise NotCompiled("selection")
            if condition is not None and condition.name.value != parent.name:
                raise NotCompiled("fragment on another type")
            found.extend(self.fields(parent, inner))
        keys = [(f.alias or f.name).value for f in found]
        if len(set(keys)) != len(keys):
            raise NotCompiled("fields merged under one key")
        return found

    def object(
        self,
        parent: GraphQLObjectType,
        selection_set: SelectionSetNode,
        anchor: list[FieldPlan] | None,
        through: str | None,
    ) -> ObjectPlan:
        """``anchor``: where the prefetched fields of these objects' node go, when they were
        reached by a hop (None when resolvers built them: they then form a group). ``through``:
        the attribute holding that node, when the objects are built around it (a service's
        ``ServiceSite`` holds its ``location``)."""
        plan = ObjectPlan(parent.name)
        for node in self.fields(parent, selection_set):
            plan.fields.append(self.field(parent, node, plan, anchor, through))
        return plan

    def field(
        self,
        parent: GraphQLObjectType,
        node: FieldNode,
        owner: ObjectPlan,
        anchor: list[FieldPlan] | None,
        through: str | None,
        *,
        root: bool = False,
    ) -> FieldPlan:
        """``root``: a field of :data:`ROOTS`, whose (async) resolver runs as it is."""
        name, key = node.name.value, (node.alias or node.name).value
        if name == "__typename":
            return FieldPlan(key=key, node=node, definition=None, strawberry=None)
        if name.startswith("__"):
            raise NotCompiled("introspection")
        definition = parent.fields[name]
        self.provenance = self.provenance or name == "provenance"
        found_field = strawberry_field(definition)
        if found_field is None or found_field.extensions:
            raise NotCompiled("field extensions")
        plan = FieldPlan(
            key=key,
            node=node,
            definition=definition,
            strawberry=found_field,
            parent=parent.name,
        )
        prefetch = PREFETCHED.get((parent.name, name))
        child_anchor: list[FieldPlan] | None = None
        child_through: str | None = None
        if prefetch is not None:
            if through is not None:
                raise NotCompiled("a hop from an object built around a node")
            if prefetch.traversal is not None and node.arguments:
                # The prefetched value is built without arguments (``includeWithdrawn`` ...).
                raise NotCompiled("arguments on a prefetched field")
            if anchor is None:
                if owner.group is None:
                    owner.group = Group(len(self.groups))
                    self.groups.append(owner.group)
                anchor = owner.group.hops
            plan.prefetch, plan.hop = prefetch, self.hop_count
            self.hop_count += 1
            if plan.is_log_page:
                self.log_pages.append(plan)
            anchor.append(plan)
            child_anchor, child_through = plan.hops, prefetch.through
        else:
            shape = resolver_shape(found_field)
            if found_field.base_resolver is not None:
                if shape is None:
                    raise NotCompiled("uncallable resolver")
                if shape.is_async and not root:
                    raise NotCompiled(f"async field {parent.name}.{name}")
                plan.function = shape.function
                plan.self_argument = shape.takes_self
                plan.source_argument = shape.source_argument
                plan.info_argument = shape.info_argument
            elif found_field.python_name == through:
                child_anchor = anchor
        plan.complete = self.completer(definition.type, node, child_anchor, child_through, plan)
        return plan

    def completer(
        self,
        output: GraphQLOutputType,
        node: FieldNode,
        anchor: list[FieldPlan] | None,
        through: str | None,
        owner: FieldPlan,
    ) -> Completer:
        if isinstance(output, GraphQLNonNull):
            inner = self.completer(output.of_type, node, anchor, through, owner)

            def non_null(value: Any, run: Run) -> Any:
                if value is None:
                    raise NotCompiled("null for a non-null field")
                return inner(value, run)

            return non_null
        if isinstance(output, GraphQLList):
            item = self.completer(output.of_type, node, anchor, through, owner)

            def listed(value: Any, run: Run) -> Any:
                return None if value is None else [item(v, run) for v in value]

            return listed
        if isinstance(output, (GraphQLScalarType, GraphQLEnumType)):
            serialize = output.serialize

            def leaf(value: Any, run: Run) -> Any:
                return None if value is None else serialize(value)

            return leaf
        if not isinstance(output, GraphQLObjectType) or node.selection_set is None:
            raise NotCompiled("abstract type")
        child = owner.child = self.object(output, node.selection_set, anchor, through)

        def rendered(value: Any, run: Run) -> Any:
            return None if value is None else run.render(child, value)

        return rendered


def compile_operation(
    schema: Schema, document: DocumentNode, operation_name: str | None
) -> CompiledOperation:
    """The operation's plan; :class:`NotCompiled` when graphql-core must run it."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        raise NotCompiled("not one query")
    query_type = graphql_schema(schema).query_type
    assert query_type is not None
    compiler = _Compiler(document)
    roots: list[FieldPlan] = []
    for node in compiler.fields(query_type, operations[0].selection_set):
        if node.name.value not in ROOTS:
            raise NotCompiled("root field")
        root = compiler.field(query_type, node, ObjectPlan(query_type.name), None, None, root=True)
        if root.strawberry is None or root.strawberry.base_resolver is None:
            raise NotCompiled("root field without resolver")
        if node.name.value in ROOT_KEYS and root.child is not None and root.child.group:
            root.child.group.root = root
        roots.append(root)
    groups = compiler.groups
    statement = (
        related(
            [tuple(h.nested() for h in g.hops) for g in groups],
            with_node=frozenset(g.index for g in groups if g.root is not None),
            provenance_dates=compiler.provenance,
        )
        if groups
        else None
    )
    return CompiledOperation(
        operations[0],
        roots,
        compiler.fragments,
        groups,
        compiler.log_pages,
        statement,
        compiler.provenance,
    )


class CompiledOperations:
    """The compiled plans of the query texts seen, and running a request through one.

    :meth:`run` answers None when the request goes to graphql-core: a text not yet validated
    (graphql-core validates it first and :class:`~schema.document_cache.DocumentCache` keeps
    it), an operation the compiler leaves alone, variables or limits that fail, or any error
    while running (graphql-core then runs it again and reports the error its way).
    """

    def __init__(self, schema: Schema, documents: DocumentStore, size: int = DEFAULT_SIZE):
        self.schema = schema
        self.documents = documents
        self.size = size
        self._plans: OrderedDict[tuple[str, str | None], CompiledOperation | None] = OrderedDict()
        self._verdicts: OrderedDict[tuple[str, tuple[tuple[str, object], ...]], bool] = (
            OrderedDict()
        )
        self._lock = threading.Lock()
        self.compiled = 0
        self.handed_back = 0

    def plan(
        self, query: str, operation_name: str | None
    ) -> tuple[DocumentNode, CompiledOperation | None] | None:
        """The valid document of ``query`` and its plan (None: graphql-core runs it); None
        when graphql-core has not validated the text yet."""
        document = self.documents.peek(query)
        if document is None:
            return None
        key = (query, operation_name)
        with self._lock:
            if key in self._plans:
                self._plans.move_to_end(key)
                return document, self._plans[key]
        try:
            plan: CompiledOperation | None = compile_operation(
                self.schema, document, operation_name
            )
        except NotCompiled as reason:
            logger.debug("graphql-core runs %.60r: %s", query, reason)
            plan = None
        with self._lock:
            self._plans[key] = plan
            while len(self._plans) > self.size:
                self._plans.popitem(last=False)
        return document, plan

    def _within_limits(
        self,
        query: str,
        document: DocumentNode,
        variables: dict[str, Any] | None,
        rules: Callable[[dict[str, Any] | None], tuple[Any, ...]],
    ) -> bool:
        """The request limits' verdict, kept per query text and shape of the variables (all
        that the verdict depends on, see :func:`schema.cost.variables_shape`)."""
        key = (query, variables_shape(variables))
        with self._lock:
            verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = not validate(graphql_schema(self.schema), document, rules(variables))
            with self._lock:
                self._verdicts[key] = verdict
                while len(self._verdicts) > self.size * 4:
                    self._verdicts.popitem(last=False)
        return verdict

    async def run(
        self,
        query: str | None,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        context: Context,
        rules: Callable[[dict[str, Any] | None], tuple[Any, ...]],
    ) -> dict[str, Any] | None:
        if not query:
            return None
        found = self.plan(query, operation_name)
        if found is None:
            return None
        document, plan = found
        if plan is None:
            return None
        coerced = get_variable_values(
            graphql_schema(self.schema), plan.operation.variable_definitions or (), variables or {}
        )
        if isinstance(coerced, list) or not self._within_limits(query, document, variables, rules):
            return None
        try:
            data: dict[str, Any] = await plan.run(context, coerced, self.schema)
        except Exception as error:  # graphql-core runs it again and reports the error its way
            logger.debug("handed back to graphql-core: %r", error)
            self.handed_back += 1
            return None
        self.compiled += 1
        return data
