"""The closed vocabularies of the domain. The graph stores the member names; the GraphQL enums
in ``schema`` wrap these same classes, so the two can never drift apart."""

from __future__ import annotations

from enum import Enum

from graph.identifiers import SYSTEMS


class ServiceKind(Enum):
    # Norway (Forskrift 1706/2010 chapter 4)
    NATIONAL_TREATMENT_SERVICE = "NATIONAL_TREATMENT_SERVICE"
    MULTIREGIONAL_TREATMENT_SERVICE = "MULTIREGIONAL_TREATMENT_SERVICE"
    NATIONAL_COMPETENCE_SERVICE = "NATIONAL_COMPETENCE_SERVICE"
    NATIONAL_QUALITY_AND_COMPETENCE_NETWORK = "NATIONAL_QUALITY_AND_COMPETENCE_NETWORK"
    # Sweden
    NATIONAL_HIGHLY_SPECIALISED_CARE = "NATIONAL_HIGHLY_SPECIALISED_CARE"
    RIKSSJUKVARD = "RIKSSJUKVARD"
    # Denmark
    HIGHLY_SPECIALISED_FUNCTION = "HIGHLY_SPECIALISED_FUNCTION"
    REGIONAL_FUNCTION = "REGIONAL_FUNCTION"
    # Finland
    NATIONALLY_CENTRALISED_CARE = "NATIONALLY_CENTRALISED_CARE"
    REGIONALLY_CENTRALISED_CARE = "REGIONALLY_CENTRALISED_CARE"


class ServiceStatus(Enum):
    # No source confirms the service (an illustrative entry): no real-looking status, and no kind.
    UNCONFIRMED = "UNCONFIRMED"
    PROPOSED = "PROPOSED"
    UNDER_ASSESSMENT = "UNDER_ASSESSMENT"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    DISCONTINUED = "DISCONTINUED"


class OrganisationKind(Enum):
    MINISTRY = "MINISTRY"
    DIRECTORATE = "DIRECTORATE"
    AGENCY = "AGENCY"
    REGIONAL_HEALTH_AUTHORITY = "REGIONAL_HEALTH_AUTHORITY"
    HEALTH_TRUST = "HEALTH_TRUST"
    HOSPITAL = "HOSPITAL"
    REGION = "REGION"
    COUNCIL = "COUNCIL"
    COMMITTEE = "COMMITTEE"
    EXPERT_GROUP = "EXPERT_GROUP"
    BOARD = "BOARD"
    INSURER = "INSURER"
    REGISTRY_OPERATOR = "REGISTRY_OPERATOR"
    NETWORK = "NETWORK"


class RegionKind(Enum):
    REGIONAL_HEALTH_AUTHORITY = "REGIONAL_HEALTH_AUTHORITY"
    HEALTHCARE_REGION = "HEALTHCARE_REGION"
    SPECIAL_CATCHMENT_AREA = "SPECIAL_CATCHMENT_AREA"


class DocumentKind(Enum):
    LETTER = "LETTER"
    WEB_PAGE = "WEB_PAGE"
    APPLICATION = "APPLICATION"
    ASSESSMENT = "ASSESSMENT"
    DECISION = "DECISION"
    ASSIGNMENT = "ASSIGNMENT"
    REPORT = "REPORT"
    STATUS_REPORT = "STATUS_REPORT"
    EVALUATION = "EVALUATION"
    GUIDANCE = "GUIDANCE"
    REGULATION = "REGULATION"
    MEETING_MINUTES = "MEETING_MINUTES"


class RegistryScope(Enum):
    NORDIC = "NORDIC"
    NATIONAL = "NATIONAL"


class ProjectArea(Enum):
    PROGRAMME = "PROGRAMME"
    QUALITY_REGISTRY = "QUALITY_REGISTRY"
    COMPETENCE_DEVELOPMENT = "COMPETENCE_DEVELOPMENT"
    COMMON_CRITERIA = "COMMON_CRITERIA"
    NEEDS_ASSESSMENT = "NEEDS_ASSESSMENT"


class ProjectStatus(Enum):
    PROPOSED = "PROPOSED"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    CLOSED = "CLOSED"
    # Derived, never stored or given: the project's period is over while its record still says
    # proposed or active, and no source says how it ended (see graph.status).
    ENDED = "ENDED"


class ParticipantRole(Enum):
    LEAD = "LEAD"
    PARTNER = "PARTNER"
    SECRETARIAT = "SECRETARIAT"


class LogEntryKind(Enum):
    MEETING = "MEETING"
    MILESTONE = "MILESTONE"
    DECISION = "DECISION"
    REPORT = "REPORT"
    NOTE = "NOTE"


class Recommendation(Enum):
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    FURTHER_ASSESSMENT = "FURTHER_ASSESSMENT"
    NORDIC_COOPERATION = "NORDIC_COOPERATION"
    SEPARATE_REVIEW = "SEPARATE_REVIEW"


class DecisionReason(Enum):
    """Why a decision went as it did, as the decision gives it (beside its text)."""

    PATIENT_VOLUME_TOO_SMALL = "PATIENT_VOLUME_TOO_SMALL"
    NORDIC_COOPERATION_RECOMMENDED = "NORDIC_COOPERATION_RECOMMENDED"
    NEEDS_FURTHER_ASSESSMENT = "NEEDS_FURTHER_ASSESSMENT"
    AWAITING_SEPARATE_REVIEW = "AWAITING_SEPARATE_REVIEW"
    CONDITIONS_NOT_MET = "CONDITIONS_NOT_MET"
    CONDITIONS_MET = "CONDITIONS_MET"


class DecisionOutcome(Enum):
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    FURTHER_ASSESSMENT = "FURTHER_ASSESSMENT"
    ENDORSED = "ENDORSED"
    ASSIGNED = "ASSIGNED"
    PRIORITISED = "PRIORITISED"


class RuleKind(Enum):
    ANNUAL_REPORT = "ANNUAL_REPORT"
    ANNUAL_EVALUATION = "ANNUAL_EVALUATION"
    FIVE_YEAR_REVIEW = "FIVE_YEAR_REVIEW"
    MEASURABLE_RESULT_TARGETS = "MEASURABLE_RESULT_TARGETS"
    COMPETENCE_DISSEMINATION_PLAN = "COMPETENCE_DISSEMINATION_PLAN"
    REFERENCE_GROUP = "REFERENCE_GROUP"
    APPLICATION_DEADLINE = "APPLICATION_DEADLINE"
    APPLICATION_ROUTE = "APPLICATION_ROUTE"
    OPERATE_UNDER_REGULATION = "OPERATE_UNDER_REGULATION"


class ApplicationStage(Enum):
    AWAITING_ASSESSMENT = "AWAITING_ASSESSMENT"
    AWAITING_DECISION = "AWAITING_DECISION"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class ReportStatus(Enum):
    SUBMITTED = "SUBMITTED"
    MISSING = "MISSING"
    DEFICIENT = "DEFICIENT"


class ReviewRecommendation(Enum):
    CONTINUE = "CONTINUE"
    CONTINUE_WITH_CHANGES = "CONTINUE_WITH_CHANGES"
    DECENTRALISE = "DECENTRALISE"
    DISCONTINUE = "DISCONTINUE"


class MemberKind(Enum):
    REGIONAL_HEALTH_AUTHORITY = "REGIONAL_HEALTH_AUTHORITY"
    USER_REPRESENTATIVE = "USER_REPRESENTATIVE"
    OTHER = "OTHER"


class DatePrecision(Enum):
    """How exactly a date is known: to the day, the month, the year, or only between bounds."""

    DAY = "DAY"
    MONTH = "MONTH"
    YEAR = "YEAR"
    RANGE = "RANGE"


class CodeSystem(Enum):
    ICD10 = "ICD-10"
    ORPHA = "ORPHA"
    NCSP = "NCSP"


# Texts that are proper names: a body's or a place's own name does not fall back along the
# reader's language chain to a translation (Swedish readers see "Helse Vest RHF", not "Western
# Norway Regional Health Authority"): it falls back to the name in its own language (the text's
# ``<prefix>Original``), then English. Everything else is descriptive and follows the chains.
PROPER_NAMES: frozenset[tuple[str, str]] = frozenset(
    {
        ("Organisation", "name"),
        ("Location", "name"),
        ("Region", "name"),
        ("QualityRegistry", "name"),
    }
)

# Texts whose every language is that language's own term, none a translation of another
# (diagnoses and procedures are named natively in each language): they have no original.
NATIVE_TERMS: frozenset[tuple[str, str]] = frozenset({("Condition", "name"), ("Procedure", "name")})


# National identifier systems and the node property each is stored in (indexed for lookups);
# the country issuing each and its format check are in ``graph.identifiers``.
IDENTIFIER_PROPERTIES: dict[str, str] = {system.name: system.property for system in SYSTEMS}


# The Nordic countries and autonomous territories the hub covers (ISO 3166-1 alpha-2).
COUNTRY_CODES: tuple[str, ...] = ("NO", "SE", "DK", "FI", "IS", "FO", "GL", "AX")


class AccessRole(Enum):
    """What a bearer token lets its organisation do; the rules live in ``schema.policy``.

    A role fits only organisations of its kind (``schema.policy.HOLDERS``) and acts only
    within their jurisdiction; a role without grants may do nothing beyond reading public data.
    """

    COORDINATOR = "COORDINATOR"
    PARTNER = "PARTNER"
    READER = "READER"
    REGIONAL_HEALTH_AUTHORITY = "REGIONAL_HEALTH_AUTHORITY"
    DIRECTORATE = "DIRECTORATE"
    MINISTRY = "MINISTRY"


class Action(Enum):
    """Every mutation the API offers (each a write, but for the dry run that checks a registry
    feed); each has exactly one rule in ``schema.policy.POLICY``."""

    CREATE_PROJECT = "CREATE_PROJECT"
    UPDATE_PROJECT = "UPDATE_PROJECT"
    ADD_LOG_ENTRY = "ADD_LOG_ENTRY"
    ADD_PARTICIPANT = "ADD_PARTICIPANT"
    REMOVE_PARTICIPANT = "REMOVE_PARTICIPANT"
    CLOSE_PROJECT = "CLOSE_PROJECT"
    REOPEN_PROJECT = "REOPEN_PROJECT"
    # The yearly cycle of national services (issue 5)
    SUBMIT_APPLICATION_LIST = "SUBMIT_APPLICATION_LIST"
    ASSESS_APPLICATIONS = "ASSESS_APPLICATIONS"
    DECIDE_APPLICATIONS = "DECIDE_APPLICATIONS"
    SUBMIT_ANNUAL_REPORT = "SUBMIT_ANNUAL_REPORT"
    EVALUATE_ANNUAL_REPORTS = "EVALUATE_ANNUAL_REPORTS"
    RECORD_FIVE_YEAR_REVIEW = "RECORD_FIVE_YEAR_REVIEW"
    SET_REFERENCE_GROUP = "SET_REFERENCE_GROUP"
    ADOPT_DISSEMINATION_PLAN = "ADOPT_DISSEMINATION_PLAN"
    # Partner registry integration (issue 7)
    UPSERT_DESIGNATION = "UPSERT_DESIGNATION"
    UPSERT_REGISTRY_PARTICIPATION = "UPSERT_REGISTRY_PARTICIPATION"
    # A registry feed checked against the graph, nothing written (issue 24)
    VALIDATE_REGISTRY_FEED = "VALIDATE_REGISTRY_FEED"
