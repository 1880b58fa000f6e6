"""Organisations and locations."""

from typing import Final

from graph.queries.paging import paged
from graph.queries.traversal import Traversal

ORGANISATIONS = paged(
    """
    MATCH (o:Organisation)
    WHERE ($kinds IS NULL OR o.kind IN $kinds) AND o.withdrawnAt IS NULL
      AND ($country IS NULL OR EXISTS { (o)-[:IN_COUNTRY]->(:Country {code: $country}) })
      AND ($region IS NULL OR EXISTS { (o)-[:IN_REGION]->(:Region {id: $region}) })
    """,
    "o",
    "Organisation",
)

LOCATIONS = paged(
    """
    MATCH (l:Location)
    WHERE l.withdrawnAt IS NULL
      AND ($country IS NULL OR EXISTS { (l)-[:IN_COUNTRY]->(:Country {code: $country}) })
      AND ($organisation IS NULL
           OR EXISTS { (l)-[:OPERATED_BY]->(:Organisation {id: $organisation}) })
    """,
    "l",
    "Location",
)

ORGANISATION_REGION_HOP: Final = Traversal("Organisation", "-[{r}:IN_REGION]->", "Region", None)
ORGANISATION_REGION: Final = ORGANISATION_REGION_HOP.batched

ORGANISATION_PARENT: Final = """
UNWIND $ids AS key
MATCH (:Organisation {id: key})-[r:PART_OF]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

ORGANISATION_UNITS: Final = """
UNWIND $ids AS key
MATCH (:Organisation {id: key})<-[r:PART_OF]-(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

ORGANISATION_LOCATIONS_HOP: Final = Traversal(
    "Organisation", "<-[{r}:OPERATED_BY]-", "Location", "{n}.id"
)
ORGANISATION_LOCATIONS: Final = ORGANISATION_LOCATIONS_HOP.batched

ORGANISATION_MEMBER_COUNTRIES: Final = """
UNWIND $ids AS key
MATCH (:Organisation {id: key})<-[r:MEMBER_OF]-(n:Country)
RETURN {key: key, label: 'Country', props: properties(n), rel: properties(r)} AS row
ORDER BY n.code
"""

ORGANISATION_GOVERNS: Final = """
UNWIND $ids AS key
MATCH (:Organisation {id: key})-[r:GOVERNS]->(n:Region)
RETURN {key: key, label: 'Region', props: properties(n), rel: properties(r)} AS row
"""

ORGANISATION_HOSTED_SERVICES: Final = """
UNWIND $ids AS key
MATCH (:Organisation {id: key})<-[r:HOSTED_BY]-(n:Service)
RETURN {key: key, label: 'Service', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

LOCATION_ORGANISATION_HOP: Final = Traversal(
    "Location", "-[{r}:OPERATED_BY]->", "Organisation", None
)
LOCATION_ORGANISATION: Final = LOCATION_ORGANISATION_HOP.batched

LOCATION_SERVICES: Final = """
UNWIND $ids AS key
MATCH (:Location {id: key})<-[r:OFFERED_AT]-(n:Service)
RETURN {key: key, label: 'Service', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""
