"""The graph: driver lifecycle, Cypher query modules, migrations, repositories, seed data and the
local Neo4j launcher."""
