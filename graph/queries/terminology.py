"""Conditions, procedures and their codes (ICD-10, ORPHA, NCSP)."""

from typing import Final

from graph.queries.paging import paged
from graph.queries.traversal import Traversal

CONDITIONS = paged(
    """
    MATCH (c:Condition)
    WHERE ($codeSystem IS NULL OR EXISTS { (c)-[:CODED_AS]->(:Code {system: $codeSystem}) })
    """,
    "c",
    "Condition",
)

PROCEDURES = paged(
    """
    MATCH (c:Procedure)
    WHERE ($codeSystem IS NULL OR EXISTS { (c)-[:CODED_AS]->(:Code {system: $codeSystem}) })
    """,
    "c",
    "Procedure",
)

CODES_HOP: Final = Traversal(
    "Entity", "-[{r}:CODED_AS]->", "Code", "{r}.primary DESC, {n}.system, {n}.code"
)
CODES: Final = CODES_HOP.batched

TREATED_BY: Final = """
UNWIND $ids AS key
MATCH (:Condition {id: key})<-[r:TREATS]-(n:Service)
RETURN {key: key, label: 'Service', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

PERFORMED_BY: Final = """
UNWIND $ids AS key
MATCH (:Procedure {id: key})<-[r:PERFORMS]-(n:Service)
RETURN {key: key, label: 'Service', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

COVERED_BY: Final = """
UNWIND $ids AS key
MATCH (:Entity {id: key})<-[r:COVERS]-(n:QualityRegistry)
RETURN {key: key, label: 'QualityRegistry', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

CONDITION_BY_CODE: Final = """
MATCH (n:Condition {codeSystem: $system, code: $code})
RETURN {label: 'Condition', props: properties(n)} AS row
"""

CONDITIONS_BY_CODE: Final = """
UNWIND $keys AS key
MATCH (n:Condition {codeSystem: key.system, code: key.code})
RETURN {label: 'Condition', props: properties(n)} AS row
"""
