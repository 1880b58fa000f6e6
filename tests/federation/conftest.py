"""Real subgraphs for the gateway tests, started once per module: the hub served by uvicorn on
a free port (introspection off, as in production), the Swedish test partner, and an Apollo
gateway composing both from their live ``_service { sdl }``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from graph.client import GraphClient
from nordhub import gateway
from nordhub.app import create_app
from nordhub.settings import Settings
from tests.hubserver import served


@pytest.fixture(scope="module")
def hub_url(settings: Settings, graph: GraphClient) -> Iterator[str]:
    """The hub on 127.0.0.1 with its own driver to the session's Neo4j (``graph`` seeds it)."""
    app = create_app(dataclasses.replace(settings, introspection=False, graphiql=False))
    with served(app) as base:
        yield f"{base}/graphql"


@pytest.fixture(scope="module")
def partner_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("partner") / "partner.log"
    with gateway.partner(log=log) as partner:
        yield partner.url


@pytest.fixture(scope="module")
def gateway_url(
    hub_url: str, partner_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    subgraphs = [gateway.Subgraph("nordhub", hub_url), gateway.Subgraph("sweden", partner_url)]
    log = tmp_path_factory.mktemp("gateway") / "gateway.log"
    with gateway.gateway(subgraphs, log=log) as served:
        yield served.url
