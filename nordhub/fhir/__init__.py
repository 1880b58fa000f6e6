"""A read-only FHIR R4 directory at ``/fhir`` (docs/fhir.md): Organization, Location and
HealthcareService mapped from the hub's graph, with the CapabilityStatement at ``/fhir/metadata``.
"""

from nordhub.fhir.endpoint import routes

__all__ = ["routes"]
