import shutil
from pathlib import Path

import pytest

from graph.client import GraphClient
from graph.errors import MigrationError
from graph.migrate import (
    MIGRATIONS_DIR,
    applied_version,
    expected_versions,
    latest_version,
    migrate,
    split_statements,
)


def test_statements_split_on_semicolons_at_line_end() -> None:
    text = "// a comment\nCREATE INDEX a;\nCREATE INDEX b\nFOR (n) ON (n.x);\n\n"
    assert split_statements(text) == ("CREATE INDEX a", "CREATE INDEX b\nFOR (n) ON (n.x)")


async def test_applied_versions_are_recorded(graph: GraphClient) -> None:
    rows = await graph.read("MATCH (m:Migration) RETURN m {.version, .checksum} AS row")
    # Versions are numbered per issue and need not be contiguous on a branch.
    assert sorted(r["version"] for r in rows) == sorted(expected_versions())
    assert all(len(r["checksum"]) == 64 for r in rows)
    assert await applied_version(graph) == latest_version()


async def test_migrating_again_applies_nothing(graph: GraphClient) -> None:
    assert await migrate(graph) == []


async def test_unique_id_constraint_per_label(graph: GraphClient) -> None:
    rows = await graph.read(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
        "RETURN {label: labelsOrTypes[0], properties: properties, type: type} AS row"
    )
    unique_ids = {r["label"] for r in rows if r["properties"] == ["id"] and "UNIQUE" in r["type"]}
    assert unique_ids >= {
        "Entity", "Country", "Region", "Organisation", "Location", "Service", "Condition",
        "Procedure", "Code", "QualityRegistry", "CollaborationProject", "LogEntry",
        "Application", "ApplicationList", "Assessment", "Decision", "Document",
        "LegalProvision", "ServiceKind", "GovernanceRule",
    }  # fmt: skip


async def test_full_text_indexes_use_the_language_analyzers(graph: GraphClient) -> None:
    rows = await graph.read(
        "SHOW FULLTEXT INDEXES YIELD name, options, state "
        "RETURN {name: name, state: state, "
        "analyzer: options.indexConfig.`fulltext.analyzer`} AS row"
    )
    analyzers = {r["name"]: r["analyzer"] for r in rows}
    assert analyzers["search_norwegian"] == "norwegian"
    assert analyzers["search_swedish"] == "swedish"
    assert analyzers["search_danish"] == "danish"
    assert analyzers["search_finnish"] == "finnish"
    assert analyzers["search_english"] == "english"
    assert analyzers["search_folded"] == "standard-folding"
    assert {r["state"] for r in rows} == {"ONLINE"}


async def test_an_applied_migration_must_not_change(graph: GraphClient, tmp_path: Path) -> None:
    edited = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, edited)
    first = sorted(edited.glob("0001_*.cypher"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    with pytest.raises(MigrationError, match="changed after it was applied"):
        await migrate(graph, edited)


async def test_a_new_migration_is_applied_once(graph: GraphClient, tmp_path: Path) -> None:
    extended = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, extended)
    version = latest_version() + 1
    (extended / f"{version:04d}_test_index.cypher").write_text(
        "CREATE INDEX test_only_index IF NOT EXISTS FOR (n:TestOnly) ON (n.x);\n", encoding="utf-8"
    )
    try:
        assert await migrate(graph, extended) == [version]
        assert await migrate(graph, extended) == []
    finally:
        await graph.write("DROP INDEX test_only_index IF EXISTS")
        await graph.write("MATCH (m:Migration {version: $v}) DELETE m", {"v": version})
