"""The read path: a request's selection as one Cypher statement shaped like its response.

For a validated query whose root fields are listed in :data:`ROOTS` and whose every selected
field is declared in :mod:`schema.reads`, the selection is planned once per query text: one
statement (see :mod:`graph.queries.projection`) whose single row holds every object of the
response as a list of its field values, nested as the selection nests them, and a shaper that
zips those lists with the response keys. The statement's result is then serialized as it is:
no resolver runs and graphql-core does not walk it. Connections add their cursors and page info
in Python (a cursor is base64 of JSON, which Cypher cannot write).

Everything else runs through graphql-core and the resolvers, as do requests this path declines
at run time: arguments that fail their checks, a node that is missing or hidden, so that every
error is reported by the one path that reports errors. ``tests/schema/test_projection.py``
compares the two paths byte for byte on random selections.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Final

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLObjectType,
    InlineFragmentNode,
    NamedTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_argument_values,
    get_named_type,
    get_variable_values,
    validate,
)
from graphql.execution import VariableValues

from graph.queries import projection as cypher
from graph.queries.projection import Expression, Fields, Items, LogPage, Part
from graph.queries.services import SERVICES
from i18n.languages import SUPPORTED_LANGUAGES, fallback_chain
from resolvers.entities import ENTITY_TYPES
from schema.arguments import country_code, entity_id
from schema.cost import variables_shape
from schema.document_cache import DocumentStore
from schema.internals import graphql_schema
from schema.language import requested_language
from schema.reads import READS, Computed, Hop, LogEntries, Same, Text
from schema.relay import decode_cursor, encode_cursor, page_size

if TYPE_CHECKING:
    from strawberry.federation import Schema

    from schema.context import Context

logger = logging.getLogger(__name__)

ROOTS: Final = frozenset({"services", "service", "collaborationProject", "_entities"})
DEFAULT_SIZE: Final = 256

Shaper = Callable[[Any, "Run"], Any]


class Declined(Exception):
    """This query, or this request of it, runs through graphql-core instead."""


@dataclass(slots=True)
class Run:
    """What one request adds to a plan: its arguments' values and its language."""

    context: Context
    variables: VariableValues
    params: dict[str, Any] = field(default_factory=dict)

    def arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        return get_argument_values(definition, node, self.variables)

    def page_size(self, first: int | None) -> int:
        return page_size(SimpleNamespace(context=self.context), first)  # type: ignore[arg-type]


@dataclass(slots=True)
class Planner:
    fragments: dict[str, FragmentDefinitionNode]
    texts: list[tuple[Text, FieldNode, GraphQLField]] = field(default_factory=list)
    logs: list[tuple[FieldNode, GraphQLField]] = field(default_factory=list)

    def fields(self, parent: str, selection_set: SelectionSetNode) -> list[FieldNode]:
        """The field nodes of a selection set, fragments on ``parent`` flattened and fields of
        one response key merged, in the order graphql-core collects them."""
        merged: dict[str, FieldNode] = {}
        for node in self._collect(parent, selection_set):
            key = (node.alias or node.name).value
            prior = merged.get(key)
            if prior is None:
                merged[key] = node
            elif prior.selection_set is not None and node.selection_set is not None:
                inner = (*prior.selection_set.selections, *node.selection_set.selections)
                merged[key] = FieldNode(
                    alias=prior.alias,
                    name=prior.name,
                    arguments=prior.arguments,
                    directives=prior.directives,
                    selection_set=SelectionSetNode(selections=inner),
                )
        return list(merged.values())

    def _collect(self, parent: str, selection_set: SelectionSetNode) -> list[FieldNode]:
        found: list[FieldNode] = []
        for selection in selection_set.selections:
            if selection.directives:
                raise Declined("directives")
            if isinstance(selection, FieldNode):
                found.append(selection)
                continue
            condition: NamedTypeNode | None
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                if fragment.directives:
                    raise Declined("directives")
                condition, inner = fragment.type_condition, fragment.selection_set
            else:
                assert isinstance(selection, InlineFragmentNode)
                condition, inner = selection.type_condition, selection.selection_set
            if condition is None or condition.name.value == parent:
                found.extend(self._collect(parent, inner))
            elif condition.name.value not in planner_types:
                raise Declined("a fragment on an interface or union")
        return found

    def object(
        self, parent: GraphQLObjectType, selection_set: SelectionSetNode
    ) -> tuple[tuple[Part, ...], Shaper]:
        """The projection of a selection on ``parent`` and the shaper of its values."""
        reads = READS.get(parent.name)
        if reads is None:
            raise Declined(f"type {parent.name}")
        parts: list[Part] = []
        keys: list[str] = []
        shapers: list[Shaper | None] = []
        for node in self.fields(parent.name, selection_set):
            name = node.name.value
            keys.append((node.alias or node.name).value)
            if name == "__typename":
                parts.append(Expression(f"'{parent.name}'"))
                shapers.append(None)
                continue
            read = reads.get(name)
            definition = parent.fields.get(name)
            if read is None or definition is None:
                raise Declined(f"field {parent.name}.{name}")
            if node.arguments and not isinstance(read, (Text, LogEntries)):
                raise Declined(f"arguments of {parent.name}.{name}")
            part, shaper = self.field(read, node, definition)
            parts.append(part)
            shapers.append(shaper)
        return tuple(parts), _zipper(tuple(keys), tuple(shapers))

    def field(
        self, read: Any, node: FieldNode, definition: GraphQLField
    ) -> tuple[Part, Shaper | None]:
        if isinstance(read, Expression):
            return read, None
        if isinstance(read, Text):
            self.texts.append((read, node, definition))
            return read.expression(len(self.texts) - 1), None
        if isinstance(read, Computed):
            compute = read.compute
            return Expression("properties({n})"), lambda v, run: compute(v, run.context.language)
        target = get_named_type(definition.type)
        assert isinstance(target, GraphQLObjectType) and node.selection_set is not None
        if isinstance(read, LogEntries):
            self.logs.append((node, definition))
            index = len(self.logs) - 1
            return self.log_page(index, node, planner_types["LogEntry"])
        parts, shaper = self.object(target, node.selection_set)
        if isinstance(read, Same):
            return Fields(parts, read.relationship), shaper
        assert isinstance(read, Hop)
        if read.one:
            return Items(read.traversal, parts, one=True), _optional(shaper)
        return Items(read.traversal, parts), _listed(shaper)

    def log_page(
        self, index: int, node: FieldNode, entry: GraphQLObjectType
    ) -> tuple[Part, Shaper]:
        """``logEntries``: ``[total, [[sort key, ...fields]]]`` into a connection."""
        assert node.selection_set is not None
        parts, shape = self.connection(node.selection_set, entry)

        def shaped(value: Any, run: Run) -> Any:
            total, items = value
            arguments = run.params[f"log{index}"]
            return shape(items, total, arguments["first"], arguments["after"], run)

        return LogPage(index, parts), shaped

    def connection(
        self, selection_set: SelectionSetNode, node_type: GraphQLObjectType
    ) -> tuple[tuple[Part, ...], ConnectionShaper]:
        """A connection (``edges { cursor node }``, ``nodes``, ``pageInfo``, ``totalCount``)
        from the items ``[cursor key, ...node fields]`` of a page read with one more item than
        asked for. Each selection of the node reads its own slice of an item's fields."""
        parts: list[Part] = []

        def node_shaper(inner: SelectionSetNode) -> Callable[[list[Any], Run], Any]:
            found, shaper = self.object(node_type, inner)
            start = len(parts) + 1
            end = start + len(found)
            parts.extend(found)
            return lambda item, run: shaper(item[start:end], run)

        type_name = node_type.name
        plan: list[tuple[str, str, Any]] = []
        for f in self.fields(f"{type_name}Connection", selection_set):
            name, key = f.name.value, (f.alias or f.name).value
            if name in ("edges", "pageInfo"):
                assert f.selection_set is not None
                inner = self.fields(
                    f"{type_name}Edge" if name == "edges" else "PageInfo", f.selection_set
                )
                sub = [
                    (
                        (g.alias or g.name).value,
                        g.name.value,
                        node_shaper(g.selection_set) if g.selection_set is not None else None,
                    )
                    for g in inner
                ]
                plan.append((key, name, sub))
            elif name == "nodes":
                assert f.selection_set is not None
                plan.append((key, name, node_shaper(f.selection_set)))
            elif name in ("totalCount", "__typename"):
                plan.append((key, name, None))
            else:
                raise Declined(f"connection field {name}")

        def shape(
            items: list[Any], total: int | None, first: int, after: str | None, run: Run
        ) -> dict[str, Any]:
            has_next = len(items) > first
            items = items[:first]
            cursors = [encode_cursor(item[0]) for item in items]
            out: dict[str, Any] = {}
            for key, name, sub in plan:
                if name == "edges":
                    out[key] = [
                        {
                            k: cursor
                            if n == "cursor"
                            else f"{type_name}Edge"
                            if s is None
                            else s(item, run)
                            for k, n, s in sub
                        }
                        for cursor, item in zip(cursors, items, strict=True)
                    ]
                elif name == "nodes":
                    out[key] = [sub(item, run) for item in items]
                elif name == "pageInfo":
                    values = {
                        "hasNextPage": has_next,
                        "hasPreviousPage": after is not None,
                        "startCursor": cursors[0] if cursors else None,
                        "endCursor": cursors[-1] if cursors else None,
                        "__typename": "PageInfo",
                    }
                    out[key] = {k: values[n] for k, n, _ in sub}
                elif name == "totalCount":
                    out[key] = total if total is not None else len(items)
                else:
                    out[key] = f"{type_name}Connection"
            return out

        return tuple(parts), shape


ConnectionShaper = Callable[[list[Any], "int | None", int, "str | None", Run], dict[str, Any]]


def _zipper(keys: tuple[str, ...], shapers: tuple[Shaper | None, ...]) -> Shaper:
    if all(s is None for s in shapers):
        return lambda value, run: dict(zip(keys, value, strict=True))
    pairs = tuple(zip(keys, shapers, strict=True))
    return lambda value, run: {
        k: (v if s is None else s(v, run)) for (k, s), v in zip(pairs, value, strict=True)
    }


def _optional(shaper: Shaper) -> Shaper:
    return lambda value, run: None if value is None else shaper(value, run)


def _listed(shaper: Shaper) -> Shaper:
    return lambda value, run: [shaper(v, run) for v in value]


@dataclass(frozen=True, slots=True)
class Root:
    key: str
    node: FieldNode
    definition: GraphQLField
    statement: str
    prepare: Callable[[Run, dict[str, Any]], dict[str, Any]]
    """The statement's parameters from the field's arguments (Declined when they fail)."""
    shape: Callable[[Any, Run, dict[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class Plan:
    operation: OperationDefinitionNode
    roots: tuple[Root, ...]
    texts: tuple[tuple[Text, FieldNode, GraphQLField], ...]
    logs: tuple[tuple[FieldNode, GraphQLField], ...]

    async def run(self, context: Context, variables: VariableValues) -> dict[str, Any]:
        run = Run(context, variables)
        for i, (read, node, definition) in enumerate(self.texts):
            language = requested_language(
                SimpleNamespace(context=context),  # type: ignore[arg-type]
                run.arguments(definition, node).get("language"),
            )
            run.params[f"text{i}"] = _text_keys(read.prefix, language)
        for i, (node, definition) in enumerate(self.logs):
            arguments = run.arguments(definition, node)
            size = run.page_size(arguments.get("first"))
            after = decode_cursor(arguments.get("after"))
            run.params[f"log{i}"] = {"after": after, "limit": size + 1, "first": size}
        data: dict[str, Any] = {}
        for root in self.roots:
            arguments = run.arguments(root.definition, root.node)
            params = {**run.params, **root.prepare(run, arguments)}
            rows = await context.graph.read(root.statement, params)
            data[root.key] = root.shape(rows, run, arguments)
        return data


def _text_keys(prefix: str, language: str) -> list[str]:
    chain = dict.fromkeys((language, *fallback_chain(language), *SUPPORTED_LANGUAGES))
    return [f"{prefix}_{tag}" for tag in chain]


def _enum_values(members: Sequence[Any] | None) -> list[str] | None:
    return [m.value if isinstance(m, Enum) else str(m) for m in members] if members else None


def _services(planner: Planner, node: FieldNode, root_type: GraphQLObjectType) -> Root:
    definition = root_type.fields["services"]
    assert node.selection_set is not None
    parts, shape = planner.connection(node.selection_set, planner_types["Service"])
    with_total = any(
        f.name.value == "totalCount"
        for f in planner.fields("ServiceConnection", node.selection_set)
    )
    statement = (
        cypher.page_with_total(SERVICES.body, SERVICES.match, SERVICES.var, parts)
        if with_total
        else cypher.page_of(SERVICES.match, SERVICES.var, parts)
    )

    def prepare(run: Run, arguments: dict[str, Any]) -> dict[str, Any]:
        return {
            "country": country_code(arguments.get("country")),
            "kinds": _enum_values(arguments.get("kinds")),
            "statuses": _enum_values(arguments.get("statuses")),
            "includeIllustrative": bool(arguments.get("includeIllustrative")),
            "validOn": arguments.get("validOn"),
            "after": decode_cursor(arguments.get("after")),
            "limit": run.page_size(arguments.get("first")) + 1,
        }

    def shaped(rows: Any, run: Run, arguments: dict[str, Any]) -> Any:
        total, items = rows[0]
        after = decode_cursor(arguments.get("after"))
        return shape(items, total, run.page_size(arguments.get("first")), after, run)

    return Root((node.alias or node.name).value, node, definition, statement, prepare, shaped)


def _one(planner: Planner, node: FieldNode, root_type: GraphQLObjectType, label: str) -> Root:
    name = node.name.value
    definition = root_type.fields[name]
    assert node.selection_set is not None
    parts, shaper = planner.object(planner_types[label], node.selection_set)

    def prepare(run: Run, arguments: dict[str, Any]) -> dict[str, Any]:
        return {"id": entity_id(arguments.get("id"))}

    def shaped(rows: Any, run: Run, arguments: dict[str, Any]) -> Any:
        if not rows or (rows[0][0] and not arguments.get("includeIllustrative")):
            raise Declined("missing or hidden: the resolver reports it")
        return shaper(rows[0][1:], run)

    return Root(
        (node.alias or node.name).value,
        node,
        definition,
        cypher.by_id(label, parts),
        prepare,
        shaped,
    )


def _entities(planner: Planner, node: FieldNode, root_type: GraphQLObjectType) -> Root:
    definition = root_type.fields["_entities"]
    assert node.selection_set is not None
    branches: list[tuple[str, tuple[Part, ...]]] = []
    shapers: dict[str, Shaper] = {}
    for label in ENTITY_TYPES:
        try:
            parts, shaper = planner.object(planner_types[label], node.selection_set)
        except Declined:
            continue  # a representation of this type declines at run time
        branches.append((label, parts))
        shapers[label] = shaper
    if not branches:
        raise Declined("no entity type declared for this selection")
    statement = cypher.by_ids(tuple(branches))

    def prepare(run: Run, arguments: dict[str, Any]) -> dict[str, Any]:
        ids, labels = [], []
        for representation in arguments["representations"]:
            if not isinstance(representation, dict) or set(representation) != {"__typename", "id"}:
                raise Declined("representations other than by id")
            typename = representation["__typename"]
            if typename not in shapers or not isinstance(representation["id"], str):
                raise Declined("a representation the resolver reports")
            checked = entity_id(representation["id"])
            ids.append(checked)
            labels.append(ENTITY_TYPES[typename].label)
        return {"ids": ids, "labels": labels}

    def shaped(rows: Any, run: Run, arguments: dict[str, Any]) -> Any:
        found = []
        for representation, (value,) in zip(arguments["representations"], rows[0], strict=True):
            found.append(
                None if value is None else shapers[representation["__typename"]](value, run)
            )
        return found

    return Root((node.alias or node.name).value, node, definition, statement, prepare, shaped)


planner_types: dict[str, GraphQLObjectType] = {}


def plan_operation(schema: Schema, document: DocumentNode, operation_name: str | None) -> Plan:
    """The operation's plan; :class:`Declined` when graphql-core must run it."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        raise Declined("not one query")
    core = graphql_schema(schema)
    if not planner_types:
        planner_types.update(
            {n: t for n, t in core.type_map.items() if isinstance(t, GraphQLObjectType)}
        )
    query_type = core.query_type
    assert query_type is not None
    planner = Planner(
        {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    )
    roots: list[Root] = []
    for node in planner.fields(query_type.name, operations[0].selection_set):
        name = node.name.value
        if name not in ROOTS:
            raise Declined(f"root field {name}")
        if name == "services":
            roots.append(_services(planner, node, query_type))
        elif name == "_entities":
            roots.append(_entities(planner, node, query_type))
        else:
            label = "Service" if name == "service" else "CollaborationProject"
            roots.append(_one(planner, node, query_type, label))
    return Plan(operations[0], tuple(roots), tuple(planner.texts), tuple(planner.logs))


class ProjectedReads:
    """The plans of the query texts seen, and running a request through one.

    :meth:`run` answers None when the request goes to graphql-core: a text not yet validated
    (graphql-core validates it first and :class:`~schema.document_cache.DocumentCache` keeps
    it), an operation this path declines, variables or limits that fail, or any error while
    running (graphql-core then runs it again and reports the error its way).
    """

    def __init__(self, schema: Schema, documents: DocumentStore, size: int = DEFAULT_SIZE):
        self.schema = schema
        self.documents = documents
        self.size = size
        self._plans: OrderedDict[tuple[str, str | None], Plan | None] = OrderedDict()
        self._verdicts: OrderedDict[tuple[str, tuple[tuple[str, object], ...]], bool] = (
            OrderedDict()
        )
        self._lock = threading.Lock()
        self.projected = 0
        self.declined = 0

    def plan(
        self, query: str, operation_name: str | None
    ) -> tuple[DocumentNode, Plan | None] | None:
        document = self.documents.peek(query)
        if document is None:
            return None
        key = (query, operation_name)
        with self._lock:
            if key in self._plans:
                self._plans.move_to_end(key)
                return document, self._plans[key]
        plan: Plan | None
        try:
            plan = plan_operation(self.schema, document, operation_name)
        except Declined:
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
        """The request limits' verdict, kept per query text and shape of the variables."""
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
            data = await plan.run(context, coerced)
        except Exception as error:  # graphql-core runs it again and reports the error its way
            logger.debug("declined by the projection path: %r", error)
            self.declined += 1
            return None
        self.projected += 1
        return data
