"""Nodes by id, whatever their label, and the shape every node row takes."""

from typing import Final

# The type label of a node: every domain node carries Entity plus exactly one type label.
# Used inside RETURN maps as {label: <this>, props: properties(n)}.
TYPE_LABEL: Final = "[l IN labels({n}) WHERE l <> 'Entity'][0]"

BY_IDS: Final = (
    """
UNWIND $ids AS key
MATCH (n:Entity {id: key})
RETURN {label: """
    + TYPE_LABEL.replace("{n}", "n")
    + """, props: properties(n)} AS row
"""
)

COUNT_BY_LABEL: Final = """
MATCH (n:Entity)
WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS label, count(*) AS nodes
RETURN {label: label, nodes: nodes} AS row
ORDER BY label
"""
