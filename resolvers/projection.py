"""The read path: a request's selection as one Cypher statement shaped like its response.

A validated query whose root fields are in :data:`ROOTS` and whose every selected field is
declared in :mod:`schema.reads` is planned once per text: one statement per root field (see
:mod:`graph.queries.projection`) whose row holds each object of the response as the list of its
field values, nested as the selection nests them, and a shaper that zips those lists with the
response keys. No resolver runs and graphql-core does not walk the answer; connections get
their cursors here (base64 of JSON, which Cypher cannot write). Everything else runs through
graphql-core, and so does a request declined at run time (arguments that fail their checks, a
node missing or hidden), so that every error is reported by the one path that reports errors.
``tests/resolvers/test_projection.py`` compares both paths byte for byte on random selections.
"""

from __future__ import annotations

import logging
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
from graph.repositories.lookup import LookupFilters, search_params
from i18n.languages import SUPPORTED_LANGUAGES, fallback_chain
from resolvers.entities import ENTITY_TYPES
from resolvers.lookup import lookup_countries, offset, search_terms
from schema.arguments import country_code, entity_id
from schema.cost import variables_shape
from schema.document_cache import DocumentStore
from schema.internals import graphql_schema
from schema.language import requested_language
from schema.reads import Computed, Hop, LogEntries, Same, Text, Within, declared
from schema.relay import decode_cursor, encode_cursor, page_size

if TYPE_CHECKING:
    from strawberry.federation import Schema

    from schema.context import Context

logger = logging.getLogger(__name__)

ROOTS: Final = frozenset(
    {"services", "service", "collaborationProject", "_entities", "whereOffered"}
)

Shaper = Callable[[Any, "Run"], Any]


class Declined(Exception):
    """This query, or this request of it, runs through graphql-core instead."""


@dataclass(slots=True)
class Run:
    """One request of a plan: its variables, its context, the statement's parameters."""

    context: Context
    variables: VariableValues
    params: dict[str, Any] = field(default_factory=dict)

    def arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        return get_argument_values(definition, node, self.variables)

    def page_size(self, first: int | None) -> int:
        return page_size(SimpleNamespace(context=self.context), first)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Root:
    key: str
    node: FieldNode
    definition: GraphQLField
    statement: str
    params: Callable[[Run, dict[str, Any]], dict[str, Any]]
    """The statement's parameters from the field's arguments (raises when they fail)."""
    shape: Callable[[Any, Run, dict[str, Any]], Any]


ConnectionShaper = Callable[..., dict[str, Any]]


@dataclass(slots=True)
class Planner:
    types: dict[str, GraphQLObjectType]
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
            elif condition.name.value not in self.types:
                raise Declined("a fragment on an interface or union")
        return found

    def object(
        self, parent: GraphQLObjectType, selection_set: SelectionSetNode, on_map: bool = False
    ) -> tuple[tuple[Part, ...], Shaper]:
        """The projection of a selection on ``parent`` (a node, or a property map when
        ``on_map``), and the shaper of its values."""
        reads = declared(parent)
        parts: list[Part] = []
        keys: list[str] = []
        shaped: list[tuple[str, int, Shaper]] = []  # the fields whose values Python shapes
        for node in self.fields(parent.name, selection_set):
            name = node.name.value
            keys.append((node.alias or node.name).value)
            read, definition = reads.get(name), parent.fields.get(name)
            part: Part
            shaper: Shaper | None
            if name == "__typename":
                part, shaper = Expression(f"'{parent.name}'"), None
            elif read is None or definition is None:
                raise Declined(f"field {parent.name}.{name}")
            elif node.arguments and not isinstance(read, (Text, LogEntries)):
                raise Declined(f"arguments of {parent.name}.{name}")
            else:
                part, shaper = self.field(read, node, definition, on_map)
            if shaper is not None:
                shaped.append((keys[-1], len(parts), shaper))
            parts.append(part)
        names = tuple(keys)

        def shape(value: Any, run: Run) -> Any:
            out = dict(zip(names, value, strict=True))  # in the selection's order
            for k, i, s in shaped:
                out[k] = s(value[i], run)
            return out

        return tuple(parts), shape

    def field(
        self, read: Any, node: FieldNode, definition: GraphQLField, on_map: bool
    ) -> tuple[Part, Shaper | None]:
        if isinstance(read, Expression):
            return read, None
        if isinstance(read, Text):
            self.texts.append((read, node, definition))
            return read.expression(len(self.texts) - 1), None
        if isinstance(read, Computed):
            compute = read.compute
            return Expression(read.cypher), lambda v, run: compute(v, run.context.language)
        target = get_named_type(definition.type)
        assert isinstance(target, GraphQLObjectType) and node.selection_set is not None
        if isinstance(read, Within):
            parts, shaper = self.object(target, node.selection_set, on_map=True)
            return Fields(
                parts, key=read.key
            ), lambda value, run: None if value is None else shaper(value, run)
        if on_map and (isinstance(read, (Hop, LogEntries)) or read.relationship):
            raise Declined("a relation of a node read as a map")
        if isinstance(read, LogEntries):
            self.logs.append((node, definition))
            index = len(self.logs) - 1
            parts, shape = self.connection(node.selection_set, self.types["LogEntry"])

            def page(value: Any, run: Run) -> Any:
                log = run.params[f"log{index}"]
                return shape(value[1], value[0], log["limit"] - 1, log["after"], run)

            return LogPage(index, parts), page
        parts, shaper = self.object(target, node.selection_set, on_map)
        if isinstance(read, Same):
            return Fields(parts, read.relationship), shaper
        assert isinstance(read, Hop)
        if read.one:
            return Items(
                read.traversal, parts, one=True
            ), lambda value, run: None if value is None else shaper(value, run)
        return Items(read.traversal, parts), lambda value, run: [shaper(v, run) for v in value]

    def connection(
        self,
        selection_set: SelectionSetNode,
        node_type: GraphQLObjectType,
        extras: tuple[str, ...] = (),
    ) -> tuple[tuple[Part, ...], ConnectionShaper]:
        """A connection (``edges { cursor node }``, ``nodes``, ``pageInfo``, ``totalCount``)
        from the items ``[cursor key, ...node fields]`` of a page read with one more item than
        asked for. Each selection of the node reads its own slice of an item's fields;
        ``extras`` name more fields of the connection, their values given to the shaper."""
        parts: list[Part] = []

        def node_shaper(inner: SelectionSetNode) -> Callable[[list[Any], Run], Any]:
            found, shaper = self.object(node_type, inner)
            start, end = len(parts) + 1, len(parts) + 1 + len(found)
            parts.extend(found)
            return lambda item, run: shaper(item[start:end], run)

        type_name = node_type.name
        plan: list[tuple[str, str, Any]] = []
        cursors = False  # whether the selection shows any cursor (encoding each costs)
        for f in self.fields(f"{type_name}Connection", selection_set):
            name, key = f.name.value, (f.alias or f.name).value
            if name in ("edges", "pageInfo") and f.selection_set is not None:
                on = f"{type_name}Edge" if name == "edges" else "PageInfo"
                sub = [
                    (
                        (g.alias or g.name).value,
                        g.name.value,
                        None if g.selection_set is None else node_shaper(g.selection_set),
                    )
                    for g in self.fields(on, f.selection_set)
                ]
                plan.append((key, name, sub))
                cursors |= any(n in ("cursor", "startCursor", "endCursor") for _, n, _ in sub)
            elif name == "nodes" and f.selection_set is not None:
                plan.append((key, name, node_shaper(f.selection_set)))
            elif name in ("totalCount", "__typename"):
                plan.append((key, name, None))
            elif name in extras:
                plan.append((key, "extra", extras.index(name)))
            else:
                raise Declined(f"connection field {name}")

        def shape(
            items: list[Any],
            total: int | None,
            first: int,
            after: str | None,
            run: Run,
            values: Sequence[Any] = (),
        ) -> dict[str, Any]:
            has_next, items = len(items) > first, items[:first]
            shown = [encode_cursor(i[0]) if cursors else None for i in items]
            out: dict[str, Any] = {}
            for key, name, sub in plan:
                if name == "edges":
                    out[key] = [
                        {
                            k: cursor
                            if n == "cursor"
                            else f"{type_name}Edge"
                            if s is None
                            else s(i, run)
                            for k, n, s in sub
                        }
                        for cursor, i in zip(shown, items, strict=True)
                    ]
                elif name == "nodes":
                    out[key] = [sub(item, run) for item in items]
                elif name == "pageInfo":
                    page = {
                        "hasNextPage": has_next,
                        "hasPreviousPage": after is not None,
                        "startCursor": shown[0] if shown else None,
                        "endCursor": shown[-1] if shown else None,
                        "__typename": "PageInfo",
                    }
                    out[key] = {k: page[n] for k, n, _ in sub}
                elif name == "totalCount":
                    out[key] = total if total is not None else len(items)
                elif name == "extra":
                    out[key] = values[sub]
                else:
                    out[key] = f"{type_name}Connection"
            return out

        return tuple(parts), shape

    def root(self, node: FieldNode, definition: GraphQLField) -> Root:
        name, key = node.name.value, (node.alias or node.name).value
        assert node.selection_set is not None
        if name == "services":
            return self._services(key, node, definition, node.selection_set)
        if name == "_entities":
            return self._entities(key, node, definition, node.selection_set)
        if name == "whereOffered":
            return self._where_offered(key, node, definition, node.selection_set)
        label = "Service" if name == "service" else "CollaborationProject"
        parts, shaper = self.object(self.types[label], node.selection_set)

        def shaped(rows: Any, run: Run, arguments: dict[str, Any]) -> Any:
            ((value,),) = rows[0]  # the _entities statement over one id
            if value is None:  # missing, or illustrative (shown only when asked for)
                raise Declined("the resolver reports it")
            return shaper(value, run)

        def params(run: Run, arguments: dict[str, Any]) -> dict[str, Any]:
            return {"ids": [entity_id(arguments.get("id"))], "labels": [label]}

        return Root(key, node, definition, cypher.by_ids(((label, parts),)), params, shaped)

    def _services(
        self, key: str, node: FieldNode, definition: GraphQLField, selection: SelectionSetNode
    ) -> Root:
        parts, shape = self.connection(selection, self.types["Service"])
        total = any(
            f.name.value == "totalCount" for f in self.fields("ServiceConnection", selection)
        )
        statement = (
            cypher.page_with_total(SERVICES.body, SERVICES.match, SERVICES.var, parts)
            if total
            else cypher.page_of(SERVICES.match, SERVICES.var, parts)
        )

        def params(run: Run, arguments: dict[str, Any]) -> dict[str, Any]:
            return {
                "country": country_code(arguments.get("country")),
                "kinds": _values(arguments.get("kinds")),
                "statuses": _values(arguments.get("statuses")),
                "includeIllustrative": bool(arguments.get("includeIllustrative")),
                "validOn": arguments.get("validOn"),
                "after": decode_cursor(arguments.get("after")),
                "limit": run.page_size(arguments.get("first")) + 1,
            }

        def shaped(rows: Any, run: Run, arguments: dict[str, Any]) -> Any:
            after, size = (
                decode_cursor(arguments.get("after")),
                run.page_size(arguments.get("first")),
            )
            return shape(rows[0][1], rows[0][0], size, after, run)

        return Root(key, node, definition, statement, params, shaped)

    def _where_offered(
        self, key: str, node: FieldNode, definition: GraphQLField, selection: SelectionSetNode
    ) -> Root:
        extras = ("illustrativeLeftOut", "illustrativeServicesLeftOut")
        parts, shape = self.connection(selection, self.types["Offering"], extras)

        def params(run: Run, arguments: dict[str, Any]) -> dict[str, Any]:
            info = SimpleNamespace(context=run.context)
            search = search_terms(info, arguments.get("treatment"), arguments.get("code"))  # type: ignore[arg-type]
            filters = LookupFilters(
                countries=lookup_countries(arguments.get("countries")),
                kinds=_values(arguments.get("serviceKinds")),
                statuses=_values(arguments.get("statuses")),
                include_illustrative=bool(arguments.get("includeIllustrative")),
            )
            size, start = run.page_size(arguments.get("first")), offset(arguments.get("after"))
            return {"p": search_params(search, filters, skip=start, limit=size)}

        def shaped(rows: Any, run: Run, arguments: dict[str, Any]) -> Any:
            total, items, *values = rows[0]
            size = run.page_size(arguments.get("first"))
            return shape(items, total, size, arguments.get("after"), run, values)

        return Root(key, node, definition, cypher.offerings(parts), params, shaped)

    def _entities(
        self, key: str, node: FieldNode, definition: GraphQLField, selection: SelectionSetNode
    ) -> Root:
        branches: list[tuple[str, tuple[Part, ...]]] = []
        shapers: dict[str, Shaper] = {}
        for typename, entity in ENTITY_TYPES.items():
            try:
                parts, shapers[typename] = self.object(self.types[typename], selection)
            except Declined:
                continue  # a representation of this type declines at run time
            branches.append((entity.label, parts))

        def params(run: Run, arguments: dict[str, Any]) -> dict[str, Any]:
            ids, labels = [], []
            for representation in arguments["representations"]:
                typename = representation.get("__typename")
                if set(representation) != {"__typename", "id"} or typename not in shapers:
                    raise Declined("a representation this path does not read")
                ids.append(entity_id(str(representation["id"])))
                labels.append(ENTITY_TYPES[typename].label)
            return {"ids": ids, "labels": labels}

        def shaped(rows: Any, run: Run, arguments: dict[str, Any]) -> Any:
            return [
                None if value is None else shapers[representation["__typename"]](value, run)
                for representation, (value,) in zip(
                    arguments["representations"], rows[0], strict=True
                )
            ]

        return Root(key, node, definition, cypher.by_ids(tuple(branches)), params, shaped)


def _values(members: list[Any] | None) -> list[str] | None:
    return [m.value if isinstance(m, Enum) else str(m) for m in members] if members else None


def _text_keys(prefix: str, language: str) -> list[str]:
    chain = dict.fromkeys((language, *fallback_chain(language), *SUPPORTED_LANGUAGES))
    return [f"{prefix}_{tag}" for tag in chain]


@dataclass(frozen=True, slots=True)
class Plan:
    operation: OperationDefinitionNode
    roots: tuple[Root, ...]
    texts: tuple[tuple[Text, FieldNode, GraphQLField], ...]
    logs: tuple[tuple[FieldNode, GraphQLField], ...]

    async def run(self, context: Context, variables: VariableValues) -> dict[str, Any]:
        run = Run(context, variables)
        reader = SimpleNamespace(context=context)
        for i, (read, node, definition) in enumerate(self.texts):
            asked = run.arguments(definition, node).get("language")
            language = requested_language(reader, asked)  # type: ignore[arg-type]
            run.params[f"text{i}"] = _text_keys(read.prefix, language)
        for i, (node, definition) in enumerate(self.logs):
            arguments = run.arguments(definition, node)
            after = decode_cursor(arguments.get("after"))
            run.params[f"log{i}"] = {
                "after": after,
                "limit": run.page_size(arguments.get("first")) + 1,
            }
        data: dict[str, Any] = {}
        for root in self.roots:
            arguments = run.arguments(root.definition, root.node)
            params = {**run.params, **root.params(run, arguments)}
            rows = await context.graph.read(root.statement, params)
            data[root.key] = root.shape(rows, run, arguments)
        return data


def plan_operation(schema: Schema, document: DocumentNode, operation_name: str | None) -> Plan:
    """The operation's plan; :class:`Declined` when graphql-core must run it."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        raise Declined("not one query")
    core = graphql_schema(schema)
    planner = Planner(
        {n: t for n, t in core.type_map.items() if isinstance(t, GraphQLObjectType)},
        {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
    )
    query_type = core.query_type
    assert query_type is not None
    roots = []
    for node in planner.fields(query_type.name, operations[0].selection_set):
        if node.name.value not in ROOTS:
            raise Declined(f"root field {node.name.value}")
        roots.append(planner.root(node, query_type.fields[node.name.value]))
    return Plan(operations[0], tuple(roots), tuple(planner.texts), tuple(planner.logs))


class ProjectedReads:
    """Running a request through the plan of its text, kept with the text's valid document.

    :meth:`run` answers None when the request goes to graphql-core: a text not yet validated
    (graphql-core validates it first and :class:`~schema.document_cache.DocumentCache` keeps
    it), an operation this path declines, variables or limits that fail, or any error while
    running (graphql-core then runs it again and reports the error its way).
    """

    def __init__(self, schema: Schema, documents: DocumentStore):
        self.schema = schema
        self.documents = documents
        self.projected = 0
        self.declined = 0

    def _plan(self, document: DocumentNode, operation_name: str | None) -> Plan | None:
        try:
            return plan_operation(self.schema, document, operation_name)
        except Declined as reason:
            logger.debug("graphql-core runs it: %s", reason)
            return None

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
        plan = self.documents.derive(
            query, ("plan", operation_name), lambda d: self._plan(d, operation_name)
        )
        if plan is None:
            return None
        core = graphql_schema(self.schema)
        coerced = get_variable_values(
            core, plan.operation.variable_definitions or (), variables or {}
        )
        # The request limits' verdict depends on the text and the shape of its variables only.
        within = self.documents.derive(
            query,
            ("limits", variables_shape(variables)),
            lambda d: not validate(core, d, rules(variables)),
        )
        if isinstance(coerced, list) or not within:
            return None
        try:
            data = await plan.run(context, coerced)
        except Exception as error:  # graphql-core runs it again and reports the error its way
            logger.debug("declined by the projection path: %r", error)
            self.declined += 1
            return None
        self.projected += 1
        return data
