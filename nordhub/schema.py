"""The root schema: assembles the query type from the resolvers of each domain."""

from __future__ import annotations

import logging
from typing import Any, Final

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import MaxTokensLimiter
from strawberry.federation import Schema
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from graph.errors import GraphUnavailable
from nordhub.settings import Settings
from resolvers import applications as applications_resolvers
from resolvers import countries as countries_resolvers
from resolvers import cycle as cycle_resolvers
from resolvers import cycle_mutations as cycle_mutations_resolvers
from resolvers import documents as documents_resolvers
from resolvers import entities as entities_resolvers
from resolvers import feed_validation as feed_validation_resolvers
from resolvers import language as language_resolvers
from resolvers import legal as legal_resolvers
from resolvers import lookup as lookup_resolvers
from resolvers import nodes as nodes_resolvers
from resolvers import organisations as organisations_resolvers
from resolvers import partner_mutations as partner_mutations_resolvers
from resolvers import project_mutations as project_mutations_resolvers
from resolvers import projects as projects_resolvers
from resolvers import referrals as referrals_resolvers
from resolvers import registries as registries_resolvers
from resolvers import reviews as reviews_resolvers
from resolvers import services as services_resolvers
from resolvers import sync as sync_resolvers
from resolvers import terminology as terminology_resolvers
from resolvers import viewer as viewer_resolvers
from resolvers.projection import ProjectedReads
from schema.applications import Application, ApplicationList, Assessment, Decision
from schema.context import Info
from schema.cost import limits_rule
from schema.countries import Country, Region
from schema.cycle import (
    AnnualReport,
    DisseminationPlan,
    Evaluation,
    FiveYearReview,
    HistoryEvent,
    ReferenceGroup,
    ReferenceGroupGap,
    ReferenceGroupMember,
    ResultTarget,
    ReviewDue,
    RoundState,
)
from schema.cycle_mutations import (
    AnnualReportPayload,
    ApplicationListPayload,
    AssessmentPayload,
    DecisionPayload,
    DisseminationPlanPayload,
    EvaluationPayload,
    FiveYearReviewPayload,
    ReferenceGroupPayload,
)
from schema.document_cache import DocumentCache, DocumentStore
from schema.documents import Document
from schema.errors import ApiError, is_request_error
from schema.feed_validation import RegistryFeedDiff
from schema.guards import ExecutionSlices, RequestLimits
from schema.identity import Viewer
from schema.language import ServedLanguage
from schema.legal import GovernanceRule, GovernanceSystem, LegalProvision, ServiceKindInfo
from schema.limits import Limits
from schema.lookup import OfferingConnection, ReferralOptions
from schema.node import Node
from schema.organisations import Location, Organisation
from schema.partner_mutations import DesignationPayload, RegistryParticipationPayload
from schema.project_mutations import LogEntryPayload, ProjectPayload
from schema.projects import CollaborationProject, LogEntry
from schema.referrals import ReferralRoute
from schema.registries import QualityRegistry, RegistryCoverage
from schema.relay import Connection
from schema.reviews import IdentifierReview
from schema.services import Service
from schema.sync import SyncRun
from schema.terminology import Code, Condition, Procedure


@strawberry.type(description="Read the Nordic picture of highly specialised care.")
class Query:
    language: ServedLanguage = strawberry.field(
        resolver=language_resolvers.language, description="The language this response is served in."
    )
    node: Node | None = strawberry.field(
        resolver=nodes_resolvers.node,
        description="Any node by its id; an illustrative one only with `includeIllustrative`.",
    )
    nodes: list[Node | None] = strawberry.field(
        resolver=nodes_resolvers.nodes,
        description="Nodes by id, in order; null where none has the id, and for illustrative "
        "ones unless `includeIllustrative`.",
    )

    countries: list[Country] = strawberry.field(
        resolver=countries_resolvers.countries, description="The Nordic countries and territories."
    )
    country: Country | None = strawberry.field(
        resolver=countries_resolvers.country, description="A country by ISO code."
    )
    regions: list[Region] | None = strawberry.field(
        resolver=countries_resolvers.regions, description="Regional health authorities and regions."
    )

    organisations: Connection[Organisation] | None = strawberry.field(
        resolver=organisations_resolvers.organisations
    )
    organisation: Organisation | None = strawberry.field(
        resolver=organisations_resolvers.organisation
    )
    locations: Connection[Location] | None = strawberry.field(
        resolver=organisations_resolvers.locations
    )
    location: Location | None = strawberry.field(resolver=organisations_resolvers.location)

    services: Connection[Service] | None = strawberry.field(
        resolver=services_resolvers.services,
        description="Designated services; illustrative ones only with `includeIllustrative`.",
    )
    service: Service | None = strawberry.field(
        resolver=services_resolvers.service,
        description="A service by id; an illustrative one only with `includeIllustrative`.",
    )

    conditions: Connection[Condition] | None = strawberry.field(
        resolver=terminology_resolvers.conditions
    )
    condition: Condition | None = strawberry.field(resolver=terminology_resolvers.condition)
    procedures: Connection[Procedure] | None = strawberry.field(
        resolver=terminology_resolvers.procedures
    )
    procedure: Procedure | None = strawberry.field(resolver=terminology_resolvers.procedure)

    quality_registries: Connection[QualityRegistry] | None = strawberry.field(
        resolver=registries_resolvers.quality_registries
    )
    quality_registry: QualityRegistry | None = strawberry.field(
        resolver=registries_resolvers.quality_registry
    )

    collaboration_projects: Connection[CollaborationProject] | None = strawberry.field(
        resolver=projects_resolvers.collaboration_projects
    )
    collaboration_project: CollaborationProject | None = strawberry.field(
        resolver=projects_resolvers.collaboration_project
    )

    applications: Connection[Application] | None = strawberry.field(
        resolver=applications_resolvers.applications,
        description="Applications for new national services, with their decisions.",
    )
    application: Application | None = strawberry.field(resolver=applications_resolvers.application)
    application_lists: list[ApplicationList] | None = strawberry.field(
        resolver=applications_resolvers.application_lists
    )
    decisions: Connection[Decision] | None = strawberry.field(
        resolver=applications_resolvers.decisions
    )
    decision: Decision | None = strawberry.field(resolver=applications_resolvers.decision)

    round_state: RoundState = strawberry.field(
        resolver=cycle_resolvers.round_state,
        description="The state of one year's application round: lists (late ones marked), "
        "authorities that sent none, applications per stage.",
    )
    pending_applications: list[Application] = strawberry.field(
        resolver=cycle_resolvers.pending_applications,
        description="Applications awaiting assessment or decision (both unless `stages` says).",
    )
    services_not_reported: list[Service] = strawberry.field(
        resolver=cycle_resolvers.services_not_reported,
        description="Approved national services with no annual report for `year`.",
    )
    services_due_for_review: list[ReviewDue] = strawberry.field(
        resolver=cycle_resolvers.services_due_for_review,
        description="Approved national services due for the five-yearly review in `year`.",
    )
    reference_group_gaps: list[ReferenceGroupGap] = strawberry.field(
        resolver=cycle_resolvers.reference_group_gaps,
        description="Approved national services whose reference group lacks a regional health "
        "authority or user representation (or is unknown).",
    )
    service_history: list[HistoryEvent] = strawberry.field(
        resolver=cycle_resolvers.service_history,
        description="One service from application to today, oldest first.",
    )

    documents: Connection[Document] | None = strawberry.field(
        resolver=documents_resolvers.documents
    )
    document: Document | None = strawberry.field(resolver=documents_resolvers.document)

    service_kinds: list[ServiceKindInfo] | None = strawberry.field(
        resolver=legal_resolvers.service_kinds
    )
    governance_rules: list[GovernanceRule] = strawberry.field(
        resolver=legal_resolvers.governance_rules
    )
    governance_systems: list[GovernanceSystem] = strawberry.field(
        resolver=legal_resolvers.governance_systems,
        description="National governance systems for highly specialised care, with when each "
        "was established.",
    )
    legal_provisions: list[LegalProvision] = strawberry.field(
        resolver=legal_resolvers.legal_provisions
    )

    where_offered: OfferingConnection = strawberry.field(
        resolver=lookup_resolvers.where_offered,
        description="Where in the Nordics a treatment is offered: by `treatment` (free text in "
        "any supported language) or by `code` (ICD-10, ORPHA, NCSP), ranked by relevance. "
        "Illustrative offerings only with `includeIllustrative`.",
    )
    referral_options: ReferralOptions = strawberry.field(
        resolver=lookup_resolvers.referral_options,
        description="What a clinician in `fromCountry` can refer to: approved designations valid "
        "today, own country first, and the Nordic-cooperation route where the sources name it.",
    )
    referral_routes: list[ReferralRoute] = strawberry.field(
        resolver=referrals_resolvers.referral_routes,
        description="The legal and agreement routes to planned treatment in another country: "
        "those open from `fromCountry`, to `toCountry`, or both (all when neither is given).",
    )

    sync_runs: list[SyncRun] = strawberry.field(
        resolver=sync_resolvers.sync_runs,
        description="Partner sync runs, newest first; of one source if `source` is given.",
    )
    sync_run: SyncRun | None = strawberry.field(resolver=sync_resolvers.sync_run)
    identifier_reviews: list[IdentifierReview] = strawberry.field(
        resolver=reviews_resolvers.identifier_reviews,
        description="Units registry feeds name by identifiers no organisation carries, waiting "
        "for review (`status: null` for every review).",
    )

    viewer: Viewer = strawberry.field(
        resolver=viewer_resolvers.viewer,
        description="Who the bearer token of this request says you are (anonymous without one).",
    )


@strawberry.type(description="Change the Nordic picture: partners with a bearer token only.")
class Mutation:
    create_project: ProjectPayload = strawberry.field(
        resolver=project_mutations_resolvers.create_project,
        description="Create a collaboration project (coordinators). Repeating a call with the "
        "same `idempotencyKey` returns the first result and writes nothing.",
    )
    update_project: ProjectPayload = strawberry.field(
        resolver=project_mutations_resolvers.update_project,
        description="Change a project; `version` must be the one your change is based on.",
    )
    add_log_entry: LogEntryPayload = strawberry.field(
        resolver=project_mutations_resolvers.add_log_entry,
        description="Add an entry to a project's log (idempotent with `idempotencyKey`).",
    )
    add_participant: ProjectPayload = strawberry.field(
        resolver=project_mutations_resolvers.add_participant,
        description="Add a country or organisation to a project.",
    )
    remove_participant: ProjectPayload = strawberry.field(
        resolver=project_mutations_resolvers.remove_participant,
        description="Remove a country or organisation from a project.",
    )
    close_project: ProjectPayload = strawberry.field(
        resolver=project_mutations_resolvers.close_project,
        description="Close a project with its outcome (its lead or its coordinator).",
    )
    reopen_project: ProjectPayload = strawberry.field(
        resolver=project_mutations_resolvers.reopen_project,
        description="Reopen a closed project (its lead or its coordinator); the outcome and "
        "closing time go, the audit trail keeps them.",
    )

    # The yearly cycle of national services: each step taken by the body the rules give it to.
    submit_application_list: ApplicationListPayload = strawberry.field(
        resolver=cycle_mutations_resolvers.submit_application_list,
        description="A regional health authority's combined, prioritised list for a round (due "
        "15 January; a later list is accepted and marked late).",
    )
    assess_applications: AssessmentPayload = strawberry.field(
        resolver=cycle_mutations_resolvers.assess_applications,
        description="The Directorate of Health assesses applications against Forskrift "
        "1706/2010 (§ 4-3 treatment, § 4-5 competence service) and recommends.",
    )
    decide_applications: DecisionPayload = strawberry.field(
        resolver=cycle_mutations_resolvers.decide_applications,
        description="The ministry approves, rejects (reason and legal basis) or sends assessed "
        "applications for further assessment (with a deadline).",
    )
    submit_annual_report: AnnualReportPayload = strawberry.field(
        resolver=cycle_mutations_resolvers.submit_annual_report,
        description="A regional health authority reports for one of its approved services, with "
        "measurable result targets and measured values.",
    )
    evaluate_annual_reports: EvaluationPayload = strawberry.field(
        resolver=cycle_mutations_resolvers.evaluate_annual_reports,
        description="The Directorate's yearly evaluation: records missing reports and flags "
        "deficient ones.",
    )
    record_five_year_review: FiveYearReviewPayload = strawberry.field(
        resolver=cycle_mutations_resolvers.record_five_year_review,
        description="The Directorate's review of national services, made every fifth year.",
    )
    set_reference_group: ReferenceGroupPayload = strawberry.field(
        resolver=cycle_mutations_resolvers.set_reference_group,
        description="A regional health authority sets the reference group of one of its services.",
    )
    adopt_dissemination_plan: DisseminationPlanPayload = strawberry.field(
        resolver=cycle_mutations_resolvers.adopt_dissemination_plan,
        description="A regional health authority records a competence service's plan for "
        "spreading competence.",
    )
    upsert_designation: DesignationPayload = strawberry.field(
        resolver=partner_mutations_resolvers.upsert_designation,
        description="State a designated service of your country (partners). Sites, hosts and "
        "conditions are the complete lists: what you stated before and leave out is withdrawn.",
    )
    upsert_registry_participation: RegistryParticipationPayload = strawberry.field(
        resolver=partner_mutations_resolvers.upsert_registry_participation,
        description="State your country's participation in a registry and the complete list of "
        "its reporting organisations (partners).",
    )
    validate_registry_feed: RegistryFeedDiff = strawberry.field(
        resolver=feed_validation_resolvers.validate_registry_feed,
        description="Check a registry feed document before it is synced: what a sync would "
        "create, update, withdraw and reject, and which units would wait for review. Nothing is "
        "written. Allowed to whoever may push that registry participation.",
    )


# Types reachable only through the Node interface or unions still belong in the schema.
logger = logging.getLogger("nordhub")

EXTRA_TYPES = [
    Assessment,
    Code,
    LogEntry,
    RegistryCoverage,
    AnnualReport,
    DisseminationPlan,
    Evaluation,
    FiveYearReview,
    ReferenceGroup,
    ReferenceGroupMember,
    ResultTarget,
]


FEDERATION_VERSION: Final = "2.11"
"""The newest Federation spec strawberry 0.341 prints; @apollo/composition 2.14 composes it."""


class HubSchema(Schema):
    """Logs only unexpected errors: an :class:`ApiError` is the caller's, not a fault of ours.

    ``_entities`` resolves representations in batches (see :mod:`resolvers.entities`) instead of
    strawberry's one call per representation, and answers a bad entry with its own error.

    Request limits are schema extensions (see :func:`build_schema`): strawberry's
    ``MaxTokensLimiter`` for the parser, and depth, aliases, cost and introspection as one rule
    in the standard ``validate`` pass (:class:`~schema.guards.RequestLimits`).
    """

    limits: Limits = Limits()
    projected: ProjectedReads | None = None
    introspection: bool = True
    default_page_size: int = 20
    max_page_size: int = 100

    async def entities_resolver(  # type: ignore[override]
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        return await entities_resolvers.entities(info, list(representations))

    def request_rules(
        self, variables: dict[str, Any] | None, operation_name: str | None = None
    ) -> tuple[type[ASTValidationRule]]:
        """The rules each request runs, cached document or not: the limits, sized by its
        variables."""
        return (
            limits_rule(
                self.limits,
                introspection=self.introspection,
                variables=variables,
                default_page_size=self.default_page_size,
                max_page_size=self.max_page_size,
                named_operation=operation_name is not None,
            ),
        )

    @staticmethod
    def remove_field_suggestion(error: GraphQLError) -> None:
        """Without suggestions, no "Did you mean" of any kind (fields, arguments, types)."""
        if " Did you mean" in error.message:
            error.message = error.message.split(" Did you mean")[0].strip()

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = [
            e
            for e in errors
            if not isinstance(e.original_error, (ApiError, GraphUnavailable))
            and not is_request_error(e)
        ]
        if any(isinstance(e.original_error, GraphUnavailable) for e in errors):
            # An outage is not a bug: one line per request, no stack trace.
            logger.warning("graph unavailable: %s", errors[0].message)
        refused = [e for e in errors if is_request_error(e)]
        if refused:
            # The caller's mistake (parse, validation, variables, limits): no stack trace.
            logger.info("request refused: %s", refused[0].message[:300])
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema(*, introspection: bool = True, settings: Settings | None = None) -> HubSchema:
    """The hub's schema; ``introspection=False`` for production (``_service`` stays open).

    ``settings`` gives the request limits and page sizes; in production mode field suggestions
    are left out of error messages.
    """
    settings = settings or Settings()
    store = DocumentStore()
    hub = HubSchema(
        query=Query,
        mutation=Mutation,
        types=EXTRA_TYPES,
        config=StrawberryConfig(
            auto_camel_case=True, disable_field_suggestions=settings.production
        ),
        federation_version=FEDERATION_VERSION,
        # A repeated query text skips parsing and graphql-core's rules; the request limits still
        # run on every request, since the variables size its pages.
        extensions=[
            lambda: MaxTokensLimiter(settings.limits.max_tokens),
            lambda: RequestLimits(hub.request_rules),
            lambda: DocumentCache(store),
            ExecutionSlices,
        ],
    )
    # Query texts seen before whose every field is declared (schema.reads) read as one statement.
    hub.projected = ProjectedReads(hub, store) if settings.compile_queries else None
    hub.limits = settings.limits
    hub.introspection = introspection and settings.introspection
    hub.default_page_size = settings.default_page_size
    hub.max_page_size = settings.max_page_size
    return hub


schema = build_schema()
