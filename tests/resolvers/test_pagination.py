"""Relay connections: cursors walk the whole list once, in order, agreeing with totalCount."""

QUERY = """
query Page($after: String) {
  documents(first: 7, after: $after) {
    totalCount
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def test_cursors_walk_every_item_once(gql) -> None:
    seen: list[str] = []
    after = None
    total = None
    for _ in range(100):
        page = (await gql(QUERY, {"after": after})).ok()["documents"]
        total = page["totalCount"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if page["edges"]:
            assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert total is not None and total > 7
    assert len(seen) == total == len(set(seen))
    assert seen == sorted(seen)


async def test_first_zero_counts_without_items(gql) -> None:
    page = (
        await gql(
            "{ documents(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }"
        )
    ).ok()
    assert page["documents"]["edges"] == []
    assert page["documents"]["totalCount"] > 0
    assert page["documents"]["pageInfo"]["hasNextPage"] is True


async def test_total_count_is_only_computed_when_asked(gql) -> None:
    without = await gql("{ documents(first: 3) { edges { node { id } } } }")
    with_total = await gql("{ documents(first: 3) { totalCount edges { node { id } } } }")
    assert without.round_trips == with_total.round_trips == 1
    assert without.ok()["documents"]["edges"] == with_total.ok()["documents"]["edges"]
