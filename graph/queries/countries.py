"""Countries and regions."""

from typing import Final

from graph.queries.traversal import Traversal

ALL: Final = """
MATCH (n:Country)
RETURN {label: 'Country', props: properties(n)} AS row
ORDER BY n.code
"""

BY_CODES: Final = """
UNWIND $codes AS code
MATCH (n:Country {code: code})
RETURN {label: 'Country', props: properties(n)} AS row
"""

REGIONS: Final = """
MATCH (n:Region)
WHERE $country IS NULL OR EXISTS { (n)-[:IN_COUNTRY]->(:Country {code: $country}) }
RETURN {label: 'Region', props: properties(n)} AS row
ORDER BY n.id
"""

# Relations, keyed by the id of the node the field belongs to.
COUNTRY_REGIONS: Final = """
UNWIND $ids AS key
MATCH (:Country {id: key})<-[r:IN_COUNTRY]-(n:Region)
RETURN {key: key, label: 'Region', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

COUNTRY_SOVEREIGN: Final = """
UNWIND $ids AS key
MATCH (:Country {id: key})-[r:PART_OF]->(n:Country)
RETURN {key: key, label: 'Country', props: properties(n), rel: properties(r)} AS row
"""

IN_COUNTRY_HOP: Final = Traversal("Entity", "-[{r}:IN_COUNTRY]->", "Country", None)
IN_COUNTRY: Final = IN_COUNTRY_HOP.batched

REGION_AUTHORITY: Final = """
UNWIND $ids AS key
MATCH (:Region {id: key})<-[r:GOVERNS]-(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

REGION_ORGANISATIONS: Final = """
UNWIND $ids AS key
MATCH (:Region {id: key})<-[r:IN_REGION]-(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""
