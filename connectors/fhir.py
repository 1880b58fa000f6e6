"""Reading a partner's FHIR R4 directory: searchset Bundles, page by page, following the
server's own ``next`` links (opaque to us), optionally only what changed since a moment."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from connectors.errors import MalformedPage, PagingLinkGone, PartnerRejected
from connectors.retry import OnRetry, RetryPolicy

# The order matters: services refer to locations and organisations, locations to organisations.
RESOURCE_TYPES: tuple[str, ...] = ("Organization", "Location", "HealthcareService")
FHIR_JSON = "application/fhir+json"
# What a server answers for a page of a search it no longer holds (HAPI FHIR: 410 Gone).
GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class BundlePage:
    """One page of a search: its entries' resources as the server sent them (each may still be
    malformed on its own), the next page's URL, and the total when the server gives one."""

    resource_type: str
    url: str
    resources: tuple[Any, ...]
    next_url: str | None
    total: int | None


class FhirDirectory:
    """A partner's FHIR server, read with one shared ``httpx.AsyncClient``."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        policy: RetryPolicy,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 10.0,
        on_retry: OnRetry | None = None,
    ) -> None:
        self._http = http
        self._base = httpx.URL(base_url.rstrip("/") + "/")
        self._policy = policy
        self._headers = {"Accept": FHIR_JSON, **(headers or {})}
        self._timeout = httpx.Timeout(timeout_s)
        self._on_retry = on_retry

    def search_url(self, resource_type: str, *, since: str | None, count: int) -> str:
        """The first page of ``resource_type``; ``since`` limits it to ``_lastUpdated=gt``."""
        params: dict[str, str | int] = {"_count": count}
        if since is not None:
            params["_lastUpdated"] = f"gt{since}"
        return str(self._base.join(resource_type).copy_merge_params(params))

    def resource_url(self, resource_type: str, resource_id: str) -> str:
        return str(self._base.join(f"{resource_type}/{resource_id}"))

    async def page(self, url: str, resource_type: str, *, first: bool = True) -> BundlePage:
        """One page; for a later page of a search (``first`` False), 404 or 410 raise
        :class:`PagingLinkGone`."""
        request = self._http.build_request("GET", url, headers=self._headers, timeout=self._timeout)
        try:
            response = await self._policy.send(self._http, request, on_retry=self._on_retry)
        except PartnerRejected as e:
            if not first and e.status in GONE_STATUSES:
                raise PagingLinkGone(str(e), status=e.status) from e
            raise
        return self._read(response, url, resource_type)

    def _read(self, response: httpx.Response, url: str, resource_type: str) -> BundlePage:
        try:
            bundle = json.loads(response.content)
        except ValueError as e:
            raise MalformedPage(f"{url}: not JSON ({e})") from e
        if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
            kind = bundle.get("resourceType") if isinstance(bundle, dict) else type(bundle)
            raise MalformedPage(f"{url}: expected a Bundle, got {kind}")
        entries = bundle.get("entry", [])
        if not isinstance(entries, list):
            raise MalformedPage(f"{url}: Bundle.entry is not a list")
        links = bundle.get("link", [])
        if not isinstance(links, list):
            raise MalformedPage(f"{url}: Bundle.link is not a list")
        next_url = next(
            (
                link.get("url")
                for link in links
                if isinstance(link, dict) and link.get("relation") == "next"
            ),
            None,
        )
        if next_url is not None:
            next_url = self._same_server(str(next_url), url)
        total = bundle.get("total")
        return BundlePage(
            resource_type=resource_type,
            url=url,
            resources=tuple(
                entry.get("resource") if isinstance(entry, dict) else entry for entry in entries
            ),
            next_url=next_url,
            total=total if isinstance(total, int) else None,
        )

    def _same_server(self, next_url: str, url: str) -> str:
        # Credentials go with every request: never follow a link to another server.
        target = httpx.URL(url).join(next_url)
        if (target.scheme, target.host, target.port) != (
            self._base.scheme,
            self._base.host,
            self._base.port,
        ):
            raise MalformedPage(f"{url}: the next link leads to another server ({target.host})")
        return str(target)
