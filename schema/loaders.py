"""DataLoaders, built per request so nothing is cached across callers.

There is one loader per traversal *and field path* (``services.edges.node.hostedBy.country``):
every item of a list reaches the same path in the same tick, so each path costs exactly one
Cypher statement, whatever the length of the lists above it. Keying by path also makes the count
of round trips a property of the query alone, not of the order in which I/O happens to finish.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from functools import partial
from typing import Any

from strawberry.dataloader import DataLoader

from graph.models import Link, Record
from graph.relations import Relation
from graph.repositories import Repositories

FieldPath = tuple[str, ...]


class Loaders:
    __slots__ = (
        "_conditions_by_code",
        "_countries_by_code",
        "_keyed",
        "_nodes",
        "_related",
        "_repos",
    )

    def __init__(self, repos: Repositories) -> None:
        self._repos = repos
        self._nodes: dict[FieldPath, DataLoader[str, Record | None]] = {}
        self._related: dict[tuple[Relation, FieldPath], DataLoader[str, list[Link]]] = {}
        self._conditions_by_code: DataLoader[tuple[str, str], Record | None] | None = None
        self._countries_by_code: DataLoader[str, Record | None] | None = None
        self._keyed: dict[Hashable, DataLoader[Any, Any]] = {}

    async def _load_nodes(self, ids: Sequence[str]) -> Sequence[Record | None]:
        return await self._repos.nodes.by_ids(ids)

    def nodes(self, path: FieldPath = ()) -> DataLoader[str, Record | None]:
        """Nodes by id, whatever their label."""
        loader = self._nodes.get(path)
        if loader is None:
            loader = DataLoader(load_fn=self._load_nodes)
            self._nodes[path] = loader
        return loader

    def related(self, relation: Relation, path: FieldPath = ()) -> DataLoader[str, list[Link]]:
        """The nodes ``relation`` leads to, for many keys at once."""
        loader = self._related.get((relation, path))
        if loader is None:
            loader = DataLoader(load_fn=partial(self._repos.nodes.related, relation))
            self._related[(relation, path)] = loader
        return loader

    def conditions_by_code(self) -> DataLoader[tuple[str, str], Record | None]:
        """Conditions by their primary (code system, code), e.g. ``("ICD-10", "Q13.1")``."""
        if self._conditions_by_code is None:
            self._conditions_by_code = DataLoader(
                load_fn=self._repos.terminology.conditions_by_code
            )
        return self._conditions_by_code

    def countries_by_code(self) -> DataLoader[str, Record | None]:
        """Countries by ISO 3166-1 alpha-2 code."""
        if self._countries_by_code is None:
            self._countries_by_code = DataLoader(load_fn=self._repos.countries.by_codes)
        return self._countries_by_code

    def keyed(
        self,
        key: Hashable,
        load: Callable[[Repositories, Sequence[Any]], Awaitable[Sequence[Any]]],
    ) -> DataLoader[Any, Any]:
        """A loader of its own for ``key`` (e.g. a field path plus its arguments), for lists
        that take arguments such as a page of each parent's children."""
        loader = self._keyed.get(key)
        if loader is None:
            loader = DataLoader(load_fn=partial(load, self._repos))
            self._keyed[key] = loader
        return loader
