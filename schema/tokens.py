"""Bearer tokens for partners: ``nh_<id>_<secret>``, shown once, stored only as a hash.

The id names the token (so it can be listed and revoked, and found with one indexed lookup); the
secret is 32 random bytes. The graph keeps only ``sha256(secret)`` on an ``(:AccessToken)`` node
linked to the organisation it speaks for. A random 256-bit secret needs no slow password hash: a
leaked hash cannot be reversed by guessing. Comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX = "nh"
_TOKEN = re.compile(r"^nh_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")


class InvalidToken(ValueError):
    """Raised when a presented bearer token is not of the form ``nh_<id>_<secret>``."""


class RoleDoesNotFit(ValueError):
    """Raised when a token would give an organisation a role its kind cannot hold."""

    def __init__(self, organisation: str, kind: str | None, role: str) -> None:
        super().__init__(f"{organisation} ({kind}) cannot hold the role {role}")
        self.organisation, self.kind, self.role = organisation, kind, role


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A freshly made token: ``value`` goes to the partner once, ``hash`` to the graph."""

    id: str
    secret: str = ""

    @property
    def value(self) -> str:
        return f"{PREFIX}_{self.id}_{self.secret}"

    @property
    def hash(self) -> str:
        return hash_secret(self.secret)


def generate() -> IssuedToken:
    return IssuedToken(id=secrets.token_hex(8), secret=secrets.token_urlsafe(32))


def parse(value: str) -> IssuedToken:
    """The id and secret of a presented token; :class:`InvalidToken` if it is malformed."""
    match = _TOKEN.match(value.strip())
    if match is None:
        raise InvalidToken("not a nordhub token")
    return IssuedToken(id=match.group(1), secret=match.group(2))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def bearer(authorization: str | None) -> str | None:
    """The token in an ``Authorization: Bearer <token>`` header, or None when there is none."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise InvalidToken("not a bearer credential")
    return value.strip()
