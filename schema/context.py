"""The typed request context: who asks, in which language, and the graph access for this
request (a tracked client, its repositories and DataLoaders)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from graph.client import GraphClient
from graph.repositories import Repositories
from schema.credentials import ANONYMOUS, Credentials, Viewer
from schema.errors import ApiError, ErrorCode
from schema.limits import Limits
from schema.loaders import Loaders


class Settings(Protocol):
    """What a request reads of the app's settings (``nordhub.settings.Settings`` has it all)."""

    @property
    def default_page_size(self) -> int: ...
    @property
    def max_page_size(self) -> int: ...
    @property
    def idempotency_ttl_s(self) -> float: ...
    @property
    def limits(self) -> Limits: ...
    @property
    def referral_stale_after_days(self) -> int: ...


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
    # The request's timeout (set by the GraphQL view); a write under way holds it off.
    deadline: asyncio.Timeout | None = None

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

    def hold_deadline(self, seconds: float | None) -> None:
        """Let the request run at least ``seconds`` more: a write once begun is awaited to its
        outcome rather than cut off by the request timeout (None: no limit at all)."""
        deadline = self.deadline
        if deadline is None or deadline.when() is None:
            return
        if deadline.expired():
            # Past the timeout already (its cancellation is on its way): begin nothing.
            seconds_given = self.settings.limits.timeout_s
            raise ApiError(ErrorCode.REQUEST_TIMEOUT, seconds=f"{seconds_given:g}")
        if seconds is None:
            deadline.reschedule(None)
            return
        until = asyncio.get_running_loop().time() + seconds
        if until > (deadline.when() or 0.0):
            deadline.reschedule(until)

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
