"""Cypher that records which schema migrations have been applied."""

from typing import Final

APPLIED: Final = """
MATCH (m:Migration)
RETURN m {.version, .name, .checksum} AS row
ORDER BY m.version
"""

RECORD: Final = """
MERGE (m:Migration {version: $version})
SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()
RETURN m {.version} AS row
"""

AWAIT_INDEXES: Final = "CALL db.awaitIndexes($seconds)"

LATEST_VERSION: Final = """
OPTIONAL MATCH (m:Migration)
RETURN {version: max(m.version)} AS row
"""
