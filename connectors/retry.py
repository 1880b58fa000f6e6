"""Asking a partner again: exponential backoff on 429, 5xx and transport failures, honouring the
partner's ``Retry-After`` (seconds or an HTTP date), within a bounded number of attempts."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from connectors.errors import PartnerRejected, PartnerUnavailable
from connectors.sources import RetryConfig

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

Sleep = Callable[[float], Awaitable[None]]
OnRetry = Callable[[int, float, str], None]


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


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    backoff_s: float = 0.5
    max_backoff_s: float = 30.0

    @classmethod
    def of(cls, config: RetryConfig) -> RetryPolicy:
        return cls(config.attempts, config.backoff_s, config.max_backoff_s)

    def delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        """How long to wait before attempt ``attempt + 1`` (attempts count from 1)."""
        asked = retry_after(response) if response is not None else None
        if asked is not None:
            return min(asked, self.max_backoff_s)
        return float(min(self.backoff_s * 2 ** (attempt - 1), self.max_backoff_s))

    async def send(
        self,
        client: httpx.AsyncClient,
        request: httpx.Request,
        *,
        sleep: Sleep = asyncio.sleep,
        on_retry: OnRetry | None = None,
    ) -> httpx.Response:
        """The first answer that is neither 429 nor 5xx, or :class:`PartnerUnavailable`."""
        reason = ""
        for attempt in range(1, self.attempts + 1):
            response: httpx.Response | None = None
            try:
                response = await client.send(request)
            except httpx.TimeoutException as e:
                reason = f"timed out ({type(e).__name__})"
            except httpx.TransportError as e:
                reason = f"did not answer ({type(e).__name__}: {e})"
            else:
                if response.status_code not in RETRY_STATUSES:
                    if response.is_error:
                        raise PartnerRejected(
                            f"{request.method} {request.url} answered {response.status_code}",
                            status=response.status_code,
                        )
                    return response
                reason = f"answered {response.status_code}"
                await response.aclose()
            if attempt == self.attempts:
                break
            wait = self.delay(attempt, response)
            if on_retry is not None:
                on_retry(attempt, wait, reason)
            await sleep(wait)
        raise PartnerUnavailable(
            f"{request.method} {request.url} {reason}, {self.attempts} attempts in all"
        )
