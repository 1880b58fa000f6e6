"""The retry policy against the real partner server: what is retried, how long it waits.

The waits are stamina's, recorded through its instrumentation hooks (the sleeps are real, so the
backoffs here are small); what a partner's ``Retry-After`` asks is read by the policy's hook,
checked directly without waiting it out."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Iterator

import httpx
import pytest
import stamina

from connectors.errors import PartnerRejected, PartnerUnavailable
from connectors.retry import RetryPolicy, Unanswered, retry_after
from tests.connectors.conftest import Fault, PartnerServer


class Waits:
    """Records each wait stamina schedules (its ``on_retry`` instrumentation hook)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, details: stamina.instrumentation.RetryDetails) -> None:
        self.seconds.append(details.wait_for)


@pytest.fixture
def waits() -> Iterator[Waits]:
    recorded = Waits()
    before = stamina.instrumentation.get_on_retry_hooks()
    stamina.instrumentation.set_on_retry_hooks([recorded])
    try:
        yield recorded
    finally:
        stamina.instrumentation.set_on_retry_hooks(before)


async def fetch(url: str, policy: RetryPolicy, timeout_s: float = 10.0) -> httpx.Response:
    # Generous unless a test is about timeouts: on a busy machine a short one adds retries.
    async with httpx.AsyncClient(timeout=httpx.Timeout(timeout_s)) as http:
        return await policy.send(http, http.build_request("GET", url))


async def test_429_and_5xx_are_retried_with_growing_backoff_and_jitter(
    partner: PartnerServer, waits: Waits
) -> None:
    partner.fault(Fault("/fhir/Organization", status=429, times=1))
    partner.fault(Fault("/fhir/Organization", status=502, times=1))
    partner.fault(Fault("/fhir/Organization", status=503, times=1))

    response = await fetch(f"{partner.base}/fhir/Organization", RetryPolicy(4, 0.02, 30))

    assert response.status_code == 200
    assert len(partner.searches("Organization")) == 4
    # 0.02 doubling, plus a jitter of up to 0.02 each time.
    assert len(waits.seconds) == 3
    for wait, base in zip(waits.seconds, (0.02, 0.04, 0.08), strict=True):
        assert base <= wait <= base + 0.02


async def test_the_backoff_stops_at_its_maximum(partner: PartnerServer, waits: Waits) -> None:
    partner.fault(Fault("/fhir/Organization", status=503, times=2))
    await fetch(f"{partner.base}/fhir/Organization", RetryPolicy(3, 0.05, 0.03))
    assert waits.seconds == [0.03, 0.03]


async def test_retry_after_is_waited_for(partner: PartnerServer, waits: Waits) -> None:
    partner.fault(Fault("/fhir/Location", status=503, retry_after="1", times=1))
    response = await fetch(f"{partner.base}/fhir/Location", RetryPolicy(3, 0.01, 60))
    assert response.status_code == 200
    assert waits.seconds == [1.0]


def test_retry_after_in_seconds_or_as_a_date_is_honoured_up_to_the_cap() -> None:
    policy = RetryPolicy(4, 0.1, 60)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20)

    def asked(value: str) -> bool | float:
        response = httpx.Response(503, headers={"Retry-After": value})
        return policy.backoff(Unanswered("answered 503", response))

    assert asked("7") == 7
    assert 15 < asked(email.utils.format_datetime(later)) <= 20
    assert asked("3600") == 60  # a partner asking for an hour gets the policy's maximum


async def test_timeouts_are_retried_then_given_up(partner: PartnerServer, waits: Waits) -> None:
    partner.fault(Fault("/fhir/HealthcareService", delay_s=0.6, times=3))

    with pytest.raises(PartnerUnavailable, match=r"timed out .*3 attempts in all"):
        await fetch(f"{partner.base}/fhir/HealthcareService", RetryPolicy(3, 0.01, 1), 0.3)

    assert len(waits.seconds) == 2


async def test_other_client_errors_are_not_retried(partner: PartnerServer, waits: Waits) -> None:
    with pytest.raises(PartnerRejected, match="answered 404"):
        await fetch(f"{partner.base}/nowhere", RetryPolicy())
    assert waits.seconds == []


def test_a_malformed_retry_after_falls_back_to_backoff() -> None:
    response = httpx.Response(503, headers={"Retry-After": "soon"})
    assert retry_after(response) is None
    assert RetryPolicy(3, 0.25, 10).backoff(Unanswered("answered 503", response)) is True
    assert RetryPolicy().backoff(ValueError("a bug of ours")) is False
