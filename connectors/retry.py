"""Asking a partner again: on 429, 5xx and transport failures, with stamina's exponential backoff
and jitter, honouring the partner's ``Retry-After`` (seconds or an HTTP date), within a bounded
number of attempts."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import stamina

from connectors.errors import PartnerRejected, PartnerUnavailable
from connectors.sources import RetryConfig

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

OnRetry = Callable[[int, str], None]
"""Told before each try after the first: its number, and why the previous one failed."""


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait according to the response's ``Retry-After``; None when absent or bad."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class Unanswered(Exception):
    """A try that got no usable answer (429, 5xx, a timeout, a transport failure): ask again."""

    def __init__(self, reason: str, response: httpx.Response | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.response = response


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most ``attempts`` tries; between them stamina's exponential backoff from ``backoff_s``
    (doubling, at most ``max_backoff_s``) plus a random jitter of up to ``backoff_s``, so that
    many clients of one partner do not ask again in step; or what the partner's ``Retry-After``
    asks, up to ``max_backoff_s``."""

    attempts: int = 4
    backoff_s: float = 0.5
    max_backoff_s: float = 30.0

    @classmethod
    def of(cls, config: RetryConfig) -> RetryPolicy:
        return cls(config.attempts, config.backoff_s, config.max_backoff_s)

    def backoff(self, error: Exception) -> bool | float:
        """stamina's hook: whether to ask again after ``error``, and how long to wait when the
        partner said (True: the policy's backoff with jitter)."""
        if not isinstance(error, Unanswered):
            return False
        asked = retry_after(error.response) if error.response is not None else None
        return True if asked is None else min(asked, self.max_backoff_s)

    async def send(
        self,
        client: httpx.AsyncClient,
        request: httpx.Request,
        *,
        on_retry: OnRetry | None = None,
    ) -> httpx.Response:
        """The first answer that is neither 429 nor 5xx, or :class:`PartnerUnavailable`."""
        reason = ""
        try:
            async for attempt in stamina.retry_context(
                on=self.backoff,
                attempts=self.attempts,
                timeout=None,
                wait_initial=self.backoff_s,
                wait_max=self.max_backoff_s,
                wait_jitter=self.backoff_s,
            ):
                with attempt:
                    if attempt.num > 1 and on_retry is not None:
                        on_retry(attempt.num, reason)
                    return await self._try(client, request)
        except Unanswered as e:
            reason = e.reason
        raise PartnerUnavailable(
            f"{request.method} {request.url} {reason}, {self.attempts} attempts in all"
        )

    @staticmethod
    async def _try(client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        try:
            response = await client.send(request)
        except httpx.TimeoutException as e:
            raise Unanswered(f"timed out ({type(e).__name__})") from e
        except httpx.TransportError as e:
            raise Unanswered(f"did not answer ({type(e).__name__}: {e})") from e
        if response.status_code in RETRY_STATUSES:
            await response.aclose()
            raise Unanswered(f"answered {response.status_code}", response)
        if response.is_error:
            raise PartnerRejected(
                f"{request.method} {request.url} answered {response.status_code}",
                status=response.status_code,
            )
        return response
