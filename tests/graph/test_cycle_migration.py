"""Migration 0007 gives lists loaded before it the due date, lateness and key the API gives."""

import uuid

from graph.client import GraphClient
from graph.migrate import load_migrations


async def test_older_lists_get_due_date_lateness_and_key(graph: GraphClient) -> None:
    migration = next(m for m in load_migrations() if m.version == 7)
    backfill_lists, backfill_applications = (s for s in migration.statements if "SET" in s)
    tag = uuid.uuid4().hex[:12]
    await graph.write(
        "MATCH (o:Organisation {id: 'org:helse-nord-rhf'}) "
        "CREATE (l:Entity:ApplicationList {id: $list, roundYear: 1899, "
        "submittedOn: date('1899-02-01')})-[:SUBMITTED_BY]->(o) "
        "CREATE (:Entity:Application {id: $app})-[:LISTED_IN]->(l)",
        {"list": f"applist:test-{tag}", "app": f"application:test-{tag}"},
    )
    try:
        await graph.write(backfill_lists)
        await graph.write(backfill_applications)
        rows = await graph.read(
            "MATCH (a:Application {id: $app})-[:LISTED_IN]->(l:ApplicationList) "
            "RETURN {due: toString(l.dueOn), late: l.late, key: l.roundKey, app: a.late} AS row",
            {"app": f"application:test-{tag}"},
        )
        assert rows == [
            {"due": "1899-01-15", "late": True, "key": "org:helse-nord-rhf|1899", "app": True}
        ]
    finally:
        await graph.write(
            "MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n",
            {"ids": [f"applist:test-{tag}", f"application:test-{tag}"]},
        )
