import pytest

from graph.client import CountingTransaction, GraphClient, create_driver
from graph.errors import GraphConflict, GraphUnavailable
from graph.local import free_port


class Boom(Exception):
    pass


async def test_a_write_transaction_is_all_or_nothing(graph: GraphClient) -> None:
    async def work(tx: CountingTransaction) -> None:
        await tx.run("CREATE (:TxProbe {id: 'tx-probe-1'})")
        await tx.run("CREATE (:TxProbe {id: 'tx-probe-2'})")
        raise Boom

    with pytest.raises(Boom):
        await graph.write_tx(work)
    rows = await graph.read("MATCH (n:TxProbe) RETURN {n: count(n)} AS row")
    assert rows[0]["n"] == 0


async def test_round_trips_are_counted_per_client(graph: GraphClient) -> None:
    tracked = graph.tracked()
    await tracked.read("RETURN {one: 1} AS row")

    async def two(tx: CountingTransaction) -> None:
        await tx.rows("RETURN {one: 1} AS row")
        await tx.rows("RETURN {two: 2} AS row")

    await tracked.read_tx(two)
    assert tracked.stats.round_trips == 3
    assert graph.tracked().stats.round_trips == 0


async def test_constraint_violations_become_conflicts(graph: GraphClient) -> None:
    with pytest.raises(GraphConflict):
        await graph.write("CREATE (:Entity:Country {id: 'country:NO'})")


async def test_a_server_that_is_down_is_reported_as_unavailable() -> None:
    client = GraphClient(
        create_driver(f"bolt://127.0.0.1:{free_port()}", "neo4j", "x", connection_timeout_s=2),
        "neo4j",
    )
    try:
        with pytest.raises(GraphUnavailable):
            await client.verify()
        with pytest.raises(GraphUnavailable):
            await client.read("RETURN {one: 1} AS row")
    finally:
        await client.close()
