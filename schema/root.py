"""The root schema: assembles the query type from the resolvers of each domain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.federation import Schema
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from resolvers import applications as applications_resolvers
from resolvers import countries as countries_resolvers
from resolvers import documents as documents_resolvers
from resolvers import entities as entities_resolvers
from resolvers import language as language_resolvers
from resolvers import legal as legal_resolvers
from resolvers import lookup as lookup_resolvers
from resolvers import nodes as nodes_resolvers
from resolvers import organisations as organisations_resolvers
from resolvers import project_mutations as project_mutations_resolvers
from resolvers import projects as projects_resolvers
from resolvers import registries as registries_resolvers
from resolvers import services as services_resolvers
from resolvers import terminology as terminology_resolvers
from resolvers import viewer as viewer_resolvers
from resolvers.context import Info
from resolvers.errors import ApiError
from schema.applications import Application, ApplicationList, Assessment, Decision
from schema.countries import Country, Region
from schema.document_cache import DocumentCache, DocumentStore
from schema.documents import Document
from schema.identity import Viewer
from schema.language import ServedLanguage
from schema.legal import GovernanceRule, LegalProvision, ServiceKindInfo
from schema.lookup import OfferingConnection, ReferralOptions
from schema.node import Node
from schema.organisations import Location, Organisation
from schema.project_mutations import LogEntryPayload, ProjectPayload
from schema.projects import CollaborationProject, LogEntry
from schema.registries import QualityRegistry, RegistryCoverage
from schema.relay import Connection
from schema.services import Service
from schema.terminology import Code, Condition, Procedure

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000


@strawberry.type(description="Read the Nordic picture of highly specialised care.")
class Query:
    language: ServedLanguage = strawberry.field(
        resolver=language_resolvers.language, description="The language this response is served in."
    )
    node: Node | None = strawberry.field(
        resolver=nodes_resolvers.node, description="Any node by its id."
    )
    nodes: list[Node | None] = strawberry.field(
        resolver=nodes_resolvers.nodes,
        description="Nodes by id, in order; null where none has the id.",
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
    service: Service | None = strawberry.field(resolver=services_resolvers.service)

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
        description="Close a project with its outcome.",
    )


# Types reachable only through the Node interface or unions still belong in the schema.
EXTRA_TYPES = [Assessment, Code, LogEntry, RegistryCoverage]


FEDERATION_VERSION: Final = "2.11"
"""The newest Federation spec strawberry 0.341 prints; @apollo/composition 2.14 composes it."""


class HubSchema(Schema):
    """Logs only unexpected errors: an :class:`ApiError` is the caller's, not a fault of ours.

    ``_entities`` resolves representations in batches (see :mod:`resolvers.entities`) instead of
    strawberry's one call per representation, and answers a bad entry with its own error.
    """

    async def entities_resolver(  # type: ignore[override]
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        return await entities_resolvers.entities(info, list(representations))

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = [e for e in errors if not isinstance(e.original_error, ApiError)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema(*, introspection: bool = True) -> Schema:
    """The hub's schema; ``introspection=False`` for production (``_service`` stays open)."""
    store = DocumentStore()
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        # First: a repeated query text skips parsing and every validation rule below.
        lambda: DocumentCache(store),
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return HubSchema(
        query=Query,
        mutation=Mutation,
        types=EXTRA_TYPES,
        config=StrawberryConfig(auto_camel_case=True),
        extensions=extensions,
        federation_version=FEDERATION_VERSION,
    )


schema = build_schema()
