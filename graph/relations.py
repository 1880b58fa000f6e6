"""Named traversals from a node to its related nodes, each one Cypher statement over many keys.

The API asks for ``Relation.SERVICE_HOSTED_BY`` of a service; the per-request DataLoader collects
every key asked for in one tick and the repository answers them all in one round trip.
"""

from __future__ import annotations

from enum import Enum
from typing import LiteralString

from graph.queries import (
    applications,
    audit,
    countries,
    cycle,
    documents,
    legal,
    organisations,
    projects,
    registries,
    services,
    terminology,
)


class Relation(Enum):
    # The value is the statement; names say "<from>_<field>".
    COUNTRY_REGIONS = countries.COUNTRY_REGIONS
    COUNTRY_SOVEREIGN = countries.COUNTRY_SOVEREIGN
    IN_COUNTRY = countries.IN_COUNTRY
    REGION_AUTHORITY = countries.REGION_AUTHORITY
    REGION_ORGANISATIONS = countries.REGION_ORGANISATIONS

    ORGANISATION_REGION = organisations.ORGANISATION_REGION
    ORGANISATION_PARENT = organisations.ORGANISATION_PARENT
    ORGANISATION_UNITS = organisations.ORGANISATION_UNITS
    ORGANISATION_LOCATIONS = organisations.ORGANISATION_LOCATIONS
    ORGANISATION_MEMBER_COUNTRIES = organisations.ORGANISATION_MEMBER_COUNTRIES
    ORGANISATION_GOVERNS = organisations.ORGANISATION_GOVERNS
    ORGANISATION_HOSTED_SERVICES = organisations.ORGANISATION_HOSTED_SERVICES
    LOCATION_ORGANISATION = organisations.LOCATION_ORGANISATION
    LOCATION_SERVICES = organisations.LOCATION_SERVICES

    SERVICE_HOSTED_BY = services.HOSTED_BY
    SERVICE_OFFERED_AT = services.OFFERED_AT
    SERVICE_TREATS = services.TREATS
    SERVICE_PERFORMS = services.PERFORMS
    REPORTS_TO = services.REPORTS_TO
    SERVICE_KIND = services.KIND
    LEGAL_BASIS = services.LEGAL_BASIS
    SERVICE_PROPOSED_IN = services.PROPOSED_IN
    DECISIONS_ABOUT = services.DECISIONS_ABOUT

    CODES = terminology.CODES
    CONDITION_TREATED_BY = terminology.TREATED_BY
    PROCEDURE_PERFORMED_BY = terminology.PERFORMED_BY
    COVERED_BY = terminology.COVERED_BY

    REGISTRY_HOLDER = registries.HOLDER
    REGISTRY_PARTICIPANTS = registries.PARTICIPANTS
    REGISTRY_REPORTING_ORGANISATIONS = registries.REPORTING_ORGANISATIONS
    REGISTRY_REPORTING_SERVICES = registries.REPORTING_SERVICES
    REGISTRY_COVERS = registries.COVERS
    REGISTRY_COVERAGE = registries.COVERAGE
    REGISTRY_AUDIT_TRAIL = audit.REGISTRY_TRAIL

    PROJECT_PARTICIPANTS = projects.PARTICIPANTS
    PROJECT_CONCERNS = projects.CONCERNS
    PROJECT_PARENT = projects.PARENT
    PROJECT_SUBPROJECTS = projects.SUBPROJECTS
    PROJECT_LOG = projects.LOG
    PROJECT_AUDIT_TRAIL = audit.TRAIL
    PROJECT_COORDINATORS = projects.COORDINATORS
    PROJECTS_CONCERNING = projects.PROJECTS_CONCERNING
    PROJECTS_INVOLVING = projects.PROJECTS_INVOLVING
    PROJECT_RECOMMENDED_BY = projects.RECOMMENDED_BY

    SUBMITTED_BY = applications.SUBMITTED_BY
    APPLICATION_APPLICANT = applications.APPLICANT
    APPLICATION_PROPOSES = applications.PROPOSES
    APPLICATION_LISTED_IN = applications.LISTED_IN
    APPLICATION_ASSESSMENTS = applications.ASSESSMENTS
    LIST_APPLICATIONS = applications.LIST_APPLICATIONS
    LIST_REGION = applications.LIST_REGION
    ASSESSMENT_APPLICATIONS = applications.ASSESSED
    ASSESSMENT_BY = applications.ASSESSED_BY
    DECISION_SUBJECTS = applications.DECISION_SUBJECTS
    DECISION_DECIDED_BY = applications.DECIDED_BY
    DECISION_CITES = applications.CITES
    DECISION_DEADLINE_FOR = applications.DEADLINE_FOR
    DECISION_ASSIGNS = applications.ASSIGNS
    DECISION_RECOMMENDS = applications.RECOMMENDS
    DOCUMENTED_IN = applications.DOCUMENTED_IN

    DOCUMENT_ISSUED_BY = documents.ISSUED_BY
    DOCUMENT_ADDRESSED_TO = documents.ADDRESSED_TO
    DOCUMENT_COPIED_TO = documents.COPIED_TO

    SERVICE_ANNUAL_REPORTS = cycle.SERVICE_ANNUAL_REPORTS
    SERVICE_TARGETS = cycle.SERVICE_TARGETS
    SERVICE_REFERENCE_GROUP = cycle.SERVICE_REFERENCE_GROUP
    SERVICE_DISSEMINATION_PLAN = cycle.SERVICE_DISSEMINATION_PLAN
    SERVICE_REVIEWS = cycle.SERVICE_REVIEWS
    OF_SERVICE = cycle.REPORT_SERVICE
    REPORT_RESULTS = cycle.REPORT_RESULTS
    REPORT_EVALUATIONS = cycle.REPORT_EVALUATIONS
    EVALUATION_REPORTS = cycle.EVALUATION_REPORTS
    REVIEW_SERVICES = cycle.REVIEW_SERVICES
    CARRIED_OUT_BY = cycle.CARRIED_OUT_BY
    GROUP_MEMBERS = cycle.GROUP_MEMBERS
    MEMBER_ORGANISATION = cycle.MEMBER_ORGANISATION
    ASSESSMENT_AGAINST = cycle.ASSESSED_AGAINST

    KIND_RULES = legal.RULES_FOR_KIND
    RULE_KINDS = legal.KINDS_OF_RULE
    RULE_RESPONSIBLE = legal.RESPONSIBLE
    RULE_SYSTEM = legal.SYSTEM_OF_RULE
    KIND_SYSTEM = legal.SYSTEM_OF_KIND
    SYSTEM_RULES = legal.RULES_OF_SYSTEM
    SYSTEM_KINDS = legal.KINDS_OF_SYSTEM

    @property
    def query(self) -> LiteralString:
        value: LiteralString = self.value
        return value
