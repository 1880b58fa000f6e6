"""Errors of the connectors package. httpx and parsing errors are wrapped here, at the boundary."""

from __future__ import annotations


class ConnectorError(Exception):
    """Root of every error raised by the connectors package."""


class SourceConfigError(ConnectorError):
    """Raised when the sources file is malformed or a source's credentials are not set."""


class PartnerUnavailable(ConnectorError):
    """Raised when a partner does not answer, or keeps failing after every retry."""


class PartnerRejected(ConnectorError):
    """Raised when a partner refuses a request for good (4xx other than 429)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class PagingLinkGone(PartnerRejected):
    """Raised when a page link of a search answers 404 or 410: the partner no longer knows the
    search (it restarted, or the search expired), so only a fresh search can go on."""


class MalformedPage(ConnectorError):
    """Raised when a page (a FHIR Bundle or a feed document) cannot be read as one."""


class MalformedRecord(ConnectorError):
    """Raised when one resource or row cannot be mapped; the rest of its page goes on."""
