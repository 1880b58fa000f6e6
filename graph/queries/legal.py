"""Legal provisions, service kinds and the governance rules that apply to them."""

from typing import Final

SERVICE_KINDS: Final = """
MATCH (n:ServiceKind)
WHERE $country IS NULL OR EXISTS { (n)-[:IN_COUNTRY]->(:Country {code: $country}) }
RETURN {label: 'ServiceKind', props: properties(n)} AS row
ORDER BY n.id
"""

RULES: Final = """
MATCH (n:GovernanceRule)
RETURN {label: 'GovernanceRule', props: properties(n)} AS row
ORDER BY n.id
"""

LEGAL_PROVISIONS: Final = """
MATCH (n:LegalProvision)
RETURN {label: 'LegalProvision', props: properties(n)} AS row
ORDER BY n.id
"""

RULES_FOR_KIND: Final = """
UNWIND $ids AS key
MATCH (:ServiceKind {id: key})<-[r:APPLIES_TO]-(n:GovernanceRule)
RETURN {key: key, label: 'GovernanceRule', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

KINDS_OF_RULE: Final = """
UNWIND $ids AS key
MATCH (:GovernanceRule {id: key})-[r:APPLIES_TO]->(n:ServiceKind)
RETURN {key: key, label: 'ServiceKind', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

RESPONSIBLE: Final = """
UNWIND $ids AS key
MATCH (:GovernanceRule {id: key})-[r:RESPONSIBLE]->(n:Organisation)
RETURN {key: key, label: 'Organisation', props: properties(n), rel: properties(r)} AS row
"""

GOVERNANCE_SYSTEMS: Final = """
MATCH (n:GovernanceSystem)
WHERE $country IS NULL OR EXISTS { (n)-[:IN_COUNTRY]->(:Country {code: $country}) }
RETURN {label: 'GovernanceSystem', props: properties(n)} AS row
ORDER BY n.id
"""

SYSTEM_OF_RULE: Final = """
UNWIND $ids AS key
MATCH (:GovernanceRule {id: key})-[r:PART_OF]->(n:GovernanceSystem)
RETURN {key: key, label: 'GovernanceSystem', props: properties(n), rel: properties(r)} AS row
"""

SYSTEM_OF_KIND: Final = """
UNWIND $ids AS key
MATCH (:ServiceKind {id: key})-[r:GOVERNED_BY]->(n:GovernanceSystem)
RETURN {key: key, label: 'GovernanceSystem', props: properties(n), rel: properties(r)} AS row
"""

RULES_OF_SYSTEM: Final = """
UNWIND $ids AS key
MATCH (:GovernanceSystem {id: key})<-[r:PART_OF]-(n:GovernanceRule)
RETURN {key: key, label: 'GovernanceRule', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""

KINDS_OF_SYSTEM: Final = """
UNWIND $ids AS key
MATCH (:GovernanceSystem {id: key})<-[r:GOVERNED_BY]-(n:ServiceKind)
RETURN {key: key, label: 'ServiceKind', props: properties(n), rel: properties(r)} AS row
ORDER BY n.id
"""
