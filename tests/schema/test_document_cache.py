"""The document cache: a repeated query text skips parsing and validation, nothing else changes."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import ValidationRule
from strawberry.extensions import AddValidationRules, QueryDepthLimiter

from schema.document_cache import DocumentCache, DocumentStore


@strawberry.type
class Item:
    name: str

    @strawberry.field
    def child(self) -> Item:
        return Item(name=self.name + "+")


@strawberry.type
class Query:
    @strawberry.field
    def item(self, name: str) -> Item:
        return Item(name=name)


class Visits:
    count = 0


class CountingRule(ValidationRule):
    """Counts how often validation walks a document."""

    def enter_document(self, *_: Any) -> None:
        Visits.count += 1


def _schema(store: DocumentStore) -> strawberry.Schema:
    return strawberry.Schema(
        Query,
        extensions=[
            lambda: DocumentCache(store),
            lambda: QueryDepthLimiter(max_depth=3),
            lambda: AddValidationRules([CountingRule]),
        ],
    )


QUERY = "query Q($n: String!) { item(name: $n) { name child { name } } }"
TOO_DEEP = '{ item(name: "a") { child { child { child { child { name } } } } } }'


async def test_a_repeated_text_is_validated_once_and_answers_with_its_variables() -> None:
    store = DocumentStore()
    schema = _schema(store)
    Visits.count = 0
    first = await schema.execute(QUERY, variable_values={"n": "a"})
    second = await schema.execute(QUERY, variable_values={"n": "b"})
    assert first.errors is None and second.errors is None
    assert first.data == {"item": {"name": "a", "child": {"name": "a+"}}}
    assert second.data == {"item": {"name": "b", "child": {"name": "b+"}}}
    assert Visits.count == 1
    assert (store.hits, store.misses, len(store)) == (1, 1, 1)


async def test_an_invalid_text_is_never_cached_and_fails_every_time() -> None:
    store = DocumentStore()
    schema = _schema(store)
    for _ in range(3):
        result = await schema.execute(TOO_DEEP)
        assert result.errors is not None
        assert "exceeds maximum operation depth" in result.errors[0].message
    broken = await schema.execute("{ item(name: ")
    assert broken.errors is not None
    assert len(store) == 0 and store.hits == 0


async def test_the_store_keeps_only_the_most_recent_texts() -> None:
    store = DocumentStore(size=2)
    schema = _schema(store)
    texts = [f'{{ item(name: "{n}") {{ name }} }}' for n in "abc"]
    for text in texts:
        assert (await schema.execute(text)).errors is None
    assert len(store) == 2
    assert store.get(texts[0]) is None
    assert store.get(texts[2]) is not None


async def test_what_is_derived_from_a_text_is_made_once_per_key_and_leaves_with_it() -> None:
    store = DocumentStore(size=1)
    schema = _schema(store)
    first, second = '{ item(name: "a") { name } }', '{ item(name: "b") { name } }'
    made: list[str] = []

    def make(key: str) -> Any:
        def derive(document: Any) -> tuple[str, Any]:
            made.append(key)
            return key, document

        return derive

    assert store.derive(first, "plan", make("plan")) is None, "a text not kept derives nothing"
    assert (await schema.execute(first)).errors is None
    plan = store.derive(first, "plan", make("plan"))
    assert plan is not None and plan[1] is store.get(first)
    assert store.derive(first, "plan", make("plan")) == plan
    assert store.derive(first, ("limits", 1), make("limits")) == ("limits", plan[1])
    assert made == ["plan", "limits"]
    assert (await schema.execute(second)).errors is None  # evicts the first text
    assert store.derive(first, "plan", make("plan")) is None
    assert made == ["plan", "limits"]


async def test_the_hub_answers_a_repeated_query_the_same(gql: Any) -> None:
    query = "{ countries { code name } }"
    first = await gql(query, language="sv")
    second = await gql(query, language="fi")
    third = await gql(query, language="sv")
    assert first.ok() and second.ok() and third.ok()
    assert first.data == third.data
    assert first.data != second.data
