"""Who is asking: the bearer token of a request resolved to a :class:`Viewer`.

Reads are public and never look at the token. A write (or the ``viewer`` query) resolves it once
per request: no header means anonymous; a malformed, unknown or wrong-secret token is
``TOKEN_INVALID``; a revoked one ``TOKEN_REVOKED``. What a viewer may do is decided only in
:mod:`schema.policy`.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.repositories.tokens import TokenRepository
from graph.vocabulary import AccessRole
from schema import tokens
from schema.errors import ApiError, ErrorCode


@dataclass(frozen=True, slots=True)
class Viewer:
    """The caller: an organisation (its kind, its country, whether it is the secretariat of a
    Nordic programme) acting with one role, or nobody. Whether the role fits the organisation
    is for :mod:`schema.policy` to say."""

    role: AccessRole | None = None
    organisation: str | None = None
    country: str | None = None
    token_id: str | None = None
    kind: str | None = None
    secretariat: bool = False

    @property
    def authenticated(self) -> bool:
        return self.role is not None and self.organisation is not None

    @property
    def name(self) -> str:
        """How audit entries and provenance name the caller."""
        return self.organisation or "anonymous"


ANONYMOUS = Viewer()


class Credentials:
    """The ``Authorization`` header of one request, checked against the graph at most once."""

    __slots__ = ("_header", "_viewer")

    def __init__(self, header: str | None) -> None:
        self._header = header
        self._viewer: Viewer | None = None

    async def viewer(self, repository: TokenRepository) -> Viewer:
        if self._viewer is None:
            self._viewer = await _resolve(self._header, repository)
        return self._viewer


async def _resolve(header: str | None, repository: TokenRepository) -> Viewer:
    try:
        value = tokens.bearer(header)
        if value is None:
            return ANONYMOUS
        presented = tokens.parse(value)
    except tokens.InvalidToken:
        raise ApiError(ErrorCode.TOKEN_INVALID) from None
    stored = await repository.by_id(presented.id)
    if stored is None or not tokens.matches(presented.secret, stored.hash):
        raise ApiError(ErrorCode.TOKEN_INVALID)
    if stored.revoked:
        raise ApiError(ErrorCode.TOKEN_REVOKED, token=stored.id)
    try:
        role = AccessRole(stored.role)
    except ValueError:
        raise ApiError(ErrorCode.TOKEN_INVALID) from None
    return Viewer(
        role=role,
        organisation=stored.organisation,
        country=stored.country,
        token_id=stored.id,
        kind=stored.kind,
        secretariat=stored.secretariat,
    )
