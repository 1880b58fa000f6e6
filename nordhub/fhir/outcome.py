"""Errors of the FHIR endpoint, each answered as an OperationOutcome in the caller's language
(gettext), with the HTTP status FHIR's RESTful API gives it. Nothing a client sends reaches a
500: every parameter is checked before a query runs."""

from __future__ import annotations

from typing import Any

from i18n.messages import N_, gettext

UNKNOWN_TYPE = N_("This server serves Organization, Location and HealthcareService, not {name}.")
UNKNOWN_PARAMETER = N_("{name} is not a search parameter of {type} on this server.")
BAD_COUNT = N_("_count must be a whole number from 0 to {max}.")
BAD_DATE = N_("{value} is not a date or instant with an optional prefix (eq, gt, ge, lt, le).")
BAD_TOKEN = N_("{value} is not a valid value for {name}.")
BAD_INCLUDE = N_("{value} is not an _include or _revinclude this server supports for {type}.")
BAD_CURSOR = N_("This page link is not valid (any more): start the search again.")
NOT_FOUND = N_("{type}/{id} is not known.")
GONE = N_("{type}/{id} is no longer stated by its source.")
NOT_JSON = N_("Only JSON is served (application/fhir+json).")
READ_ONLY = N_("The FHIR endpoint is read-only.")


class FhirError(Exception):
    """Raised when a FHIR request cannot be answered; carries its status and issue code."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def outcome(self) -> dict[str, Any]:
        return operation_outcome(self.code, gettext(self.message, **self.params))


class InvalidRequest(FhirError):
    """Raised when a parameter or its value is not one the server understands."""


class UnknownType(FhirError):
    """Raised when a resource type is not served."""

    status = 404
    code = "not-supported"


class NotFound(FhirError):
    """Raised when no current resource has the id asked for."""

    status = 404
    code = "not-found"


class Gone(FhirError):
    """Raised when the resource's source no longer states it (withdrawn)."""

    status = 410
    code = "deleted"


class NotAcceptable(FhirError):
    """Raised when the client asks for a format other than JSON."""

    status = 406
    code = "not-supported"


class ReadOnly(FhirError):
    """Raised for every write: the endpoint only reads."""

    status = 405
    code = "not-supported"


def operation_outcome(code: str, diagnostics: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": diagnostics}],
    }
