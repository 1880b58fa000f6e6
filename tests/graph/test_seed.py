"""Seed data: read and checked without a database; loaded idempotently with provenance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.client import GraphClient
from graph.errors import SeedError
from graph.seed import DATA_DIR, load_seed, read_seed

COUNT_BY_LABEL = """
MATCH (n:Entity)
WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS label, count(*) AS nodes
RETURN {label: label, nodes: nodes} AS row
"""
COUNT_RELATIONSHIPS = "MATCH (:Entity)-[r]->(:Entity) RETURN {n: count(r)} AS row"


async def _counts(graph: GraphClient) -> tuple[dict[str, int], int]:
    labels = {r["label"]: r["nodes"] for r in await graph.read(COUNT_BY_LABEL)}
    relationships = (await graph.read(COUNT_RELATIONSHIPS))[0]["n"]
    return labels, relationships


def test_the_seed_reads_and_every_reference_resolves() -> None:
    seed = read_seed()
    labels = seed.labels()
    assert labels["Country"] == 8
    assert labels["Document"] >= 30
    assert labels["Service"] >= 40
    assert labels["Application"] >= 7
    assert all(node.props["source"] for node in seed.nodes.values())
    assert all(rel.props["source"] for rel in seed.relationships)


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "record", "problem"),
    [
        (
            "countries.toml",
            '[[country]]\nid = "country:XX"\ncode = "XX"\n',
            "every record needs a source",
        ),
        (
            "services.toml",
            '[[service]]\nid = "service:xx"\ncountry = "country:NO"\n'
            'kind = "NATIONAL_TREATMENT_SERVICE"\n'
            'status = "APPROVED"\nhostedBy = ["org:nowhere"]\nsource = "x"\n',
            "org:nowhere: no such id",
        ),
        (
            "services.toml",
            '[[service]]\nid = "service:xx"\ncountry = "country:NO"\nkind = "NOT_A_KIND"\n'
            'status = "APPROVED"\nsource = "x"\n',
            "is not one of",
        ),
        (
            "services.toml",
            '[[service]]\nid = "service:xx"\ncountry = "org:hod"\n'
            'kind = "NATIONAL_TREATMENT_SERVICE"\n'
            'status = "APPROVED"\nsource = "x"\n',
            "expected Country",
        ),
        (
            "countries.toml",
            '[[country]]\nid = "country:NO"\ncode = "NO"\nsource = "x"\n',
            "is used twice",
        ),
        (
            "documents.toml",
            '[[document]]\nid = "document:x"\nkind = "LETTER"\ndate = "2012-1"\nsource = "x"\n',
            "must be a date, 'YYYY-MM' or 'YYYY'",
        ),
    ],
)
def test_mistakes_in_seed_files_fail_loudly(
    tmp_path: Path, file: str, record: str, problem: str
) -> None:
    data = _copy(tmp_path)
    _append(data / file, record)
    with pytest.raises(SeedError, match=problem):
        read_seed(data)


async def test_loading_again_writes_nothing_new(graph: GraphClient) -> None:
    before = await _counts(graph)
    report = await load_seed(graph)
    assert not report.loaded
    forced = await load_seed(graph, force=True)
    assert forced.loaded
    assert await _counts(graph) == before


async def test_the_graph_holds_what_the_seed_holds(graph: GraphClient) -> None:
    seed = read_seed()
    labels, relationships = await _counts(graph)
    for label, count in seed.labels().items():
        assert labels.get(label, 0) >= count, label
    assert relationships >= len(seed.relationships)


async def test_every_seeded_node_and_relationship_carries_provenance(graph: GraphClient) -> None:
    rows = await graph.read(
        "MATCH (n:Entity) WHERE n.recordedBy = 'seed' "
        "AND (n.source IS NULL OR n.recordedAt IS NULL) RETURN {id: n.id} AS row"
    )
    assert rows == []
    rows = await graph.read(
        "MATCH (:Entity)-[r]->(:Entity) WHERE r.recordedBy = 'seed' "
        "AND (r.source IS NULL OR r.recordedAt IS NULL) RETURN {type: type(r)} AS row"
    )
    assert rows == []


async def test_keratoprosthesis_sites_are_flagged_illustrative(graph: GraphClient) -> None:
    rows = await graph.read(
        "MATCH (s:Service)-[:PERFORMS]->(:Procedure {id: 'procedure:keratoprosthesis'}) "
        "RETURN {id: s.id, illustrative: s.illustrative, status: s.status} AS row"
    )
    # Outside Norway no source names a centre: those services are illustrative, UNCONFIRMED.
    assert {r["id"] for r in rows if r["illustrative"]} == {
        "service:dk-keratoprotese",
        "service:se-keratoprotes",
        "service:fi-keratoproteesi",
    }
    assert all(r["status"] == "UNCONFIRMED" for r in rows if r["illustrative"])
    assert all(r["status"] != "APPROVED" for r in rows)
