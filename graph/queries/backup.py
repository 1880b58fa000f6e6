"""Cypher for backup and restore: the whole graph out, and back into an empty database.

``Migration`` nodes are left out: they describe the schema, which ``migrate`` rebuilds (with its
constraints and indexes) before an import.
"""

from typing import Final

NODES: Final = """
MATCH (n) WHERE NOT n:Migration
RETURN {ref: elementId(n), labels: labels(n), props: properties(n)} AS row
"""

RELATIONSHIPS: Final = """
MATCH (a)-[r]->(b) WHERE NOT a:Migration AND NOT b:Migration
RETURN {start: elementId(a), end: elementId(b), type: type(r), props: properties(r)} AS row
"""

DATA_NODES: Final = """
MATCH (n) WHERE NOT n:Migration
RETURN {count: count(n)} AS row
"""

CREATE_NODES: Final = """
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props
RETURN {key: row.key, ref: elementId(n)} AS row
"""

CREATE_RELATIONSHIPS: Final = """
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.start
MATCH (b) WHERE elementId(b) = row.end
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN {created: count(r)} AS row
"""
