"""Repositories, one per aggregate, bundled per request around one tracked client."""

from __future__ import annotations

from dataclasses import dataclass

from graph.client import GraphClient
from graph.repositories.applications import ApplicationRepository
from graph.repositories.countries import CountryRepository
from graph.repositories.cycle import CycleRepository
from graph.repositories.documents import DocumentRepository
from graph.repositories.legal import LegalRepository
from graph.repositories.lookup import LookupRepository
from graph.repositories.nodes import NodeRepository
from graph.repositories.organisations import OrganisationRepository
from graph.repositories.projects import ProjectRepository
from graph.repositories.referrals import ReferralRepository
from graph.repositories.registries import RegistryRepository
from graph.repositories.services import ServiceRepository
from graph.repositories.terminology import TerminologyRepository
from graph.repositories.tokens import TokenRepository


@dataclass(frozen=True, slots=True)
class Repositories:
    nodes: NodeRepository
    countries: CountryRepository
    organisations: OrganisationRepository
    services: ServiceRepository
    terminology: TerminologyRepository
    registries: RegistryRepository
    projects: ProjectRepository
    applications: ApplicationRepository
    documents: DocumentRepository
    legal: LegalRepository
    tokens: TokenRepository
    cycle: CycleRepository
    lookup: LookupRepository
    referrals: ReferralRepository

    @classmethod
    def over(cls, client: GraphClient) -> Repositories:
        return cls(
            nodes=NodeRepository(client),
            countries=CountryRepository(client),
            organisations=OrganisationRepository(client),
            services=ServiceRepository(client),
            terminology=TerminologyRepository(client),
            registries=RegistryRepository(client),
            projects=ProjectRepository(client),
            applications=ApplicationRepository(client),
            documents=DocumentRepository(client),
            legal=LegalRepository(client),
            tokens=TokenRepository(client),
            cycle=CycleRepository(client),
            lookup=LookupRepository(client),
            referrals=ReferralRepository(client),
        )


__all__ = ["Repositories"]
