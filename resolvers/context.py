"""The typed request context: who asks, in which language, and the graph access for this
request (a tracked client, its repositories and DataLoaders)."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from graph.client import GraphClient
from graph.repositories import Repositories
from nordhub.settings import Settings
from resolvers.errors import ApiError
from resolvers.identity import ANONYMOUS, Credentials, Viewer
from resolvers.loaders import Loaders


@dataclass(slots=True)
class Context:
    request: Request
    response: Response
    settings: Settings
    language: str
    graph: GraphClient
    repos: Repositories
    loaders: Loaders
    credentials: Credentials
    # The operationName of the request, if it gave one.
    operation_name: str | None = None

    @classmethod
    def for_request(
        cls,
        request: Request,
        response: Response,
        *,
        settings: Settings,
        graph: GraphClient,
        language: str,
        operation_name: str | None = None,
    ) -> Context:
        tracked = graph.tracked()
        repos = Repositories.over(tracked)
        return cls(
            request=request,
            response=response,
            settings=settings,
            language=language,
            graph=tracked,
            repos=repos,
            loaders=Loaders(repos),
            credentials=Credentials(request.headers.get("authorization")),
            operation_name=operation_name,
        )

    async def viewer(self) -> Viewer:
        """Who is asking (resolved from the bearer token once per request)."""
        return await self.credentials.viewer(self.repos.tokens)

    async def reader(self) -> Viewer:
        """Who is asking, for reads that show more to some callers: a token that is not valid
        (malformed, unknown, revoked) reads as anonymous, since reads stay public."""
        try:
            return await self.viewer()
        except ApiError:
            return ANONYMOUS


Info = strawberry.Info[Context, None]
