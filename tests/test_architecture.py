"""The packages depend one way, read from every module's syntax tree.

    nordhub (app shell, CLI, the root schema)
      -> resolvers (query and mutation resolvers)
        -> schema (types, and the request plumbing: context, errors, paging, loaders, policy)
          -> connectors (partner integrations: FHIR directories, registry feeds, sync runs)
            -> graph (Neo4j: queries, repositories, the domain rules)
              -> i18n

A layer may skip the ones between (``nordhub`` -> ``graph``); ``connectors`` is used by the CLI
(``nordhub sync``), by the API's dry run of a registry feed, and by the feed format it names.

Every import counts: at module level, inside functions, and under ``if TYPE_CHECKING:`` (a
type-only import is still a dependency a reader must follow, and the type checker does), and so
do modules named in strings (``strawberry.lazy("schema.cycle")``, ``importlib`` tables), which
import at run time all the same. The library-internals check keeps every use of strawberry's
and graphql-core's private parts in :mod:`schema.internals`.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("nordhub", "resolvers", "schema", "graph", "connectors", "i18n")

# What each package may import besides itself; anything else is a forbidden edge.
ALLOWED: dict[str, frozenset[str]] = {
    "nordhub": frozenset({"resolvers", "schema", "graph", "connectors", "i18n"}),
    "resolvers": frozenset({"schema", "connectors", "graph", "i18n"}),
    "schema": frozenset({"connectors", "graph", "i18n"}),
    "connectors": frozenset({"graph", "i18n"}),
    "graph": frozenset({"i18n"}),
    "i18n": frozenset(),
}

# Private parts of the libraries the hub may touch only in schema/internals.py.
INTERNALS_MODULE = "schema.internals"
PRIVATE_ATTRIBUTES = frozenset({"_schema", "_create_execution_context"})
PRIVATE_MODULES = frozenset(
    {"graphql.execution.values", "strawberry.types.arguments", "strawberry.schema.execute"}
)
PRIVATE_NAMES = frozenset({"convert_arguments", "convert_selections"})


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "schema.relay"
    target: str  # the imported module, e.g. "resolvers.context"
    line: int
    how: str  # "import", "function-local import", "TYPE_CHECKING import", "string"

    def __str__(self) -> str:
        path = self.module.replace(".", "/")
        return f"{path}.py:{self.line}: {self.module} -> {self.target} ({self.how})"


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool, known: frozenset[str]) -> None:
        self.module, self.is_package, self.known = module, is_package, known
        self.found: list[Import] = []
        self.attributes: list[tuple[str, int]] = []
        self._depth = 0  # inside a function
        self._type_checking = 0

    def _how(self) -> str:
        if self._type_checking:
            return "TYPE_CHECKING import"
        return "function-local import" if self._depth else "import"

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._function(node)

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        guarded = (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        )
        if guarded:
            self._type_checking += 1
            for child in node.body:
                self.visit(child)
            self._type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append(Import(self.module, alias.name, node.lineno, self._how()))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        target = _absolute(self.module, self.is_package, node)
        for alias in node.names:
            # ``from schema import tokens`` imports the module schema.tokens.
            sub = f"{target}.{alias.name}"
            named = sub if sub in self.known else target
            self.found.append(Import(self.module, named, node.lineno, self._how()))
            if alias.name in PRIVATE_NAMES and target.split(".")[0] in ("strawberry", "graphql"):
                self.attributes.append((alias.name, node.lineno))

    def visit_Constant(self, node: ast.Constant) -> None:
        # A dotted module name (a bare "schema" is a word, not an import).
        if isinstance(node.value, str) and "." in node.value and node.value in self.known:
            self.found.append(Import(self.module, node.value, node.lineno, "string"))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in PRIVATE_ATTRIBUTES:
            self.attributes.append((node.attr, node.lineno))
        self.generic_visit(node)


@dataclass
class Tree:
    imports: list[Import]
    private: list[str]


def read_tree() -> Tree:
    found = modules()
    known = frozenset(found)
    imports: list[Import] = []
    private: list[str] = []
    for module, path in found.items():
        collector = _Collector(module, path.name == "__init__.py", known)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        imports.extend(collector.found)
        if module != INTERNALS_MODULE:
            where = path.relative_to(ROOT)
            private += [f"{where}:{line}: {name}" for name, line in collector.attributes]
            private += [
                f"{where}:{i.line}: imports {i.target}"
                for i in collector.found
                if i.target in PRIVATE_MODULES
            ]
    return Tree(imports, private)


def package_edges(imports: list[Import]) -> dict[tuple[str, str], list[Import]]:
    edges: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for found in imports:
        source, target = found.module.split(".")[0], found.target.split(".")[0]
        if target in PACKAGES and target != source:
            edges[(source, target)].append(found)
    return edges


def cycles(edges: dict[tuple[str, str], list[Import]]) -> list[list[str]]:
    """Every elementary cycle among the packages (there are six: a simple search will do)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    found: set[tuple[str, ...]] = set()

    def walk(start: str, node: str, path: list[str]) -> None:
        for nxt in graph[node]:
            if nxt == start:
                i = path.index(min(path))
                found.add(tuple(path[i:] + path[:i]))
            elif nxt not in path and nxt > start:
                walk(start, nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, start, [start])
    return [list(c) for c in sorted(found)]


TREE = read_tree()
EDGES = package_edges(TREE.imports)


def test_every_kind_of_import_is_read() -> None:
    # The reader sees function-local and TYPE_CHECKING imports and lazy module names, or the
    # checks below would pass for the wrong reason.
    hows = {i.how for i in TREE.imports}
    assert {"import", "function-local import", "TYPE_CHECKING import", "string"} <= hows


def test_no_cycle_among_the_packages() -> None:
    found = cycles(EDGES)
    lines = []
    for cycle in found:
        lines.append(" -> ".join([*cycle, cycle[0]]))
        for source, target in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
            lines += [f"    {i}" for i in EDGES[(source, target)]]
    assert not found, "package cycles:\n" + "\n".join(lines)


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_only_what_lies_below_it(package: str) -> None:
    forbidden = [
        str(i)
        for (source, target), found in sorted(EDGES.items())
        if source == package and target not in ALLOWED[package]
        for i in found
    ]
    assert not forbidden, (
        f"{package} may import only {sorted(ALLOWED[package]) or 'nothing of ours'}:\n"
        + "\n".join(forbidden)
    )


def test_library_internals_only_in_one_module() -> None:
    assert not TREE.private, (
        f"private strawberry/graphql-core parts belong in {INTERNALS_MODULE} only:\n"
        + "\n".join(TREE.private)
    )


def test_the_checks_catch_a_cycle_and_a_forbidden_edge() -> None:
    sample = [
        Import("schema.relay", "resolvers.context", 3, "function-local import"),
        Import("resolvers.context", "schema.errors", 4, "import"),
    ]
    edges = package_edges(sample)
    assert cycles(edges) == [["resolvers", "schema"]]
    assert "resolvers" not in ALLOWED["schema"]
