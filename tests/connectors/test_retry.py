"""The retry policy against the real partner server: what is retried, how long it waits."""

from __future__ import annotations

import datetime as dt
import email.utils

import httpx
import pytest

from connectors.errors import PartnerRejected, PartnerUnavailable
from connectors.retry import RetryPolicy, retry_after
from tests.connectors.conftest import Fault, PartnerServer


class Waits:
    """Records the waits instead of sleeping them: the policy's decisions, not the clock."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


async def fetch(url: str, policy: RetryPolicy, waits: Waits) -> httpx.Response:
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.3)) as http:
        return await policy.send(http, http.build_request("GET", url), sleep=waits)


async def test_429_and_5xx_are_retried_with_growing_backoff(partner: PartnerServer) -> None:
    partner.fault(Fault("/fhir/Organization", status=429, times=1))
    partner.fault(Fault("/fhir/Organization", status=502, times=1))
    partner.fault(Fault("/fhir/Organization", status=503, times=1))
    waits = Waits()

    response = await fetch(f"{partner.base}/fhir/Organization", RetryPolicy(4, 0.5, 30), waits)

    assert response.status_code == 200
    assert waits.seconds == [0.5, 1.0, 2.0]
    assert len(partner.searches("Organization")) == 4


async def test_retry_after_in_seconds_or_as_a_date_is_honoured_up_to_the_cap(
    partner: PartnerServer,
) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20)
    partner.fault(Fault("/fhir/Location", status=503, retry_after="7"))
    partner.fault(
        Fault("/fhir/Location", status=429, retry_after=email.utils.format_datetime(later))
    )
    partner.fault(Fault("/fhir/Location", status=429, retry_after="3600"))
    waits = Waits()

    response = await fetch(f"{partner.base}/fhir/Location", RetryPolicy(4, 0.1, 60), waits)

    assert response.status_code == 200
    assert waits.seconds[0] == 7
    assert 15 < waits.seconds[1] <= 20
    assert waits.seconds[2] == 60  # a partner asking for an hour gets the policy's maximum


async def test_timeouts_are_retried_then_given_up(partner: PartnerServer) -> None:
    partner.fault(Fault("/fhir/HealthcareService", delay_s=0.6, times=3))
    waits = Waits()

    with pytest.raises(PartnerUnavailable, match=r"timed out .*3 attempts in all"):
        await fetch(f"{partner.base}/fhir/HealthcareService", RetryPolicy(3, 0.01, 1), waits)

    assert len(waits.seconds) == 2


async def test_other_client_errors_are_not_retried(partner: PartnerServer) -> None:
    waits = Waits()
    with pytest.raises(PartnerRejected, match="answered 404"):
        await fetch(f"{partner.base}/nowhere", RetryPolicy(), waits)
    assert waits.seconds == []


def test_a_malformed_retry_after_falls_back_to_backoff() -> None:
    response = httpx.Response(503, headers={"Retry-After": "soon"})
    assert retry_after(response) is None
    assert RetryPolicy(3, 0.25, 10).delay(2, response) == 0.5
