"""The HTTP side of ``/fhir``: metadata, read, and search with keyset paging, includes and
OperationOutcome errors. Reads go through :class:`FhirDirectoryRepository` on the app's graph
client (``app.state.graph``)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.parse
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from graph.errors import GraphUnavailable
from graph.repositories.fhir import DirectorySearch, FhirDirectoryRepository, NodeState
from i18n.messages import N_, gettext
from nordhub.fhir import outcome
from nordhub.fhir.capability import capability_statement
from nordhub.fhir.ids import fhir_id, hub_id
from nordhub.fhir.outcome import (
    FhirError,
    Gone,
    NotAcceptable,
    NotFound,
    ReadOnly,
    UnknownType,
    operation_outcome,
)
from nordhub.fhir.resources import RESOURCES
from nordhub.fhir.search import SearchRequest, encode_cursor, parse

logger = logging.getLogger("nordhub.fhir")

FHIR_JSON: Final = "application/fhir+json"
UNAVAILABLE = N_("The directory cannot be read right now; try again shortly.")
# What each include and revinclude follows, in the rows of graph.queries.fhir_directory.
_FOLLOW: Final[dict[str, str]] = {
    "HealthcareService:organization": "hosts",
    "HealthcareService:location": "sites",
    "Location:organization": "operator",
    "Organization:partof": "partOf",
}
_REVERSE: Final[dict[str, str]] = {
    "HealthcareService:organization": "links",
    "HealthcareService:location": "sites",
    "Location:organization": "links",
    "Organization:partof": "links",
}


def fhir_response(body: dict[str, Any], status: int = 200) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status_code=status,
        media_type=FHIR_JSON,
    )


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/fhir"


def _accepts_json(request: Request) -> None:
    accept = request.headers.get("accept", "")
    if not accept:
        return
    kinds = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if not any(k in ("*/*", "application/*", "application/json", FHIR_JSON) for k in kinds):
        raise NotAcceptable(outcome.NOT_JSON)


def _resource_type(request: Request) -> str:
    name = str(request.path_params["type"])
    if name not in RESOURCES:
        raise UnknownType(outcome.UNKNOWN_TYPE, name=name[:64])
    return name


async def _answer(request: Request, work: Any) -> Response:
    try:
        if request.method not in ("GET", "HEAD"):
            raise ReadOnly(outcome.READ_ONLY)
        _accepts_json(request)
        body = await work()
    except FhirError as e:
        return fhir_response(e.outcome(), e.status)
    except GraphUnavailable as e:
        logger.warning("fhir: %s", e)
        return fhir_response(operation_outcome("transient", gettext(UNAVAILABLE)), 503)
    return fhir_response(body)


async def metadata(request: Request) -> Response:
    async def work() -> dict[str, Any]:
        today = dt.datetime.now(dt.UTC).date().isoformat()
        return capability_statement(_base(request), today)

    return await _answer(request, work)


async def read(request: Request) -> Response:
    async def work() -> dict[str, Any]:
        resource_type = _resource_type(request)
        raw = str(request.path_params["id"])
        node_id = hub_id(resource_type, raw)
        shown = raw[:64]
        if node_id is None:
            raise NotFound(outcome.NOT_FOUND, type=resource_type, id=shown)
        repo = FhirDirectoryRepository(request.app.state.graph)
        rows = await repo.by_ids(resource_type, [node_id])
        if rows:
            return RESOURCES[resource_type](rows[0])
        if await repo.state(resource_type, node_id) is NodeState.WITHDRAWN:
            raise Gone(outcome.GONE, type=resource_type, id=shown)
        raise NotFound(outcome.NOT_FOUND, type=resource_type, id=shown)

    return await _answer(request, work)


async def search(request: Request) -> Response:
    async def work() -> dict[str, Any]:
        resource_type = _resource_type(request)
        asked = parse(resource_type, list(request.query_params.multi_items()))
        return await _bundle(request, asked)

    return await _answer(request, work)


async def _bundle(request: Request, asked: SearchRequest) -> dict[str, Any]:
    repo = FhirDirectoryRepository(request.app.state.graph)
    kind = asked.resource_type
    rows, more = await repo.page(kind, asked.search, after=asked.after, size=asked.count)
    total = await repo.total(kind, asked.search)
    base = _base(request)
    entries = [_entry(base, kind, row, "match") for row in rows]
    seen = {(kind, row["p"]["id"]) for row in rows}
    for include, target in asked.includes:
        wanted = [
            related
            for row in rows
            for related in _as_list(row.get(_FOLLOW[include]))
            if (target, related) not in seen
        ]
        for row in await repo.by_ids(target, wanted):
            seen.add((target, row["p"]["id"]))
            entries.append(_entry(base, target, row, "include"))
    page_ids = [row["p"]["id"] for row in rows]
    for include, source_type in asked.revincludes:
        if not page_ids:
            continue
        by_link = DirectorySearch()
        if _REVERSE[include] == "sites":
            by_link.sites = page_ids
        else:
            by_link.links = page_ids
        related, _ = await repo.page(source_type, by_link, after=None, size=1000)
        for row in related:
            if (source_type, row["p"]["id"]) not in seen:
                seen.add((source_type, row["p"]["id"]))
                entries.append(_entry(base, source_type, row, "include"))
    links = [{"relation": "self", "url": str(request.url)}]
    if more and rows:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "_cursor"]
        params.append(("_cursor", encode_cursor(rows[-1]["p"]["id"])))
        links.append({"relation": "next", "url": f"{base}/{kind}?{urllib.parse.urlencode(params)}"})
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": links,
        "entry": entries,
    }


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _entry(base: str, resource_type: str, row: dict[str, Any], mode: str) -> dict[str, Any]:
    resource = RESOURCES[resource_type](row)
    return {
        "fullUrl": f"{base}/{resource_type}/{fhir_id(row['p']['id'])}",
        "resource": resource,
        "search": {"mode": mode},
    }


async def unknown(request: Request) -> Response:
    """Anything else under /fhir: not a FHIR interaction this server has."""
    error = UnknownType(outcome.UNKNOWN_TYPE, name=request.url.path[:64])
    return fhir_response(error.outcome(), error.status)


async def refused(request: Request) -> Response:
    return fhir_response(ReadOnly(outcome.READ_ONLY).outcome(), 405)


_WRITES: Final = ["POST", "PUT", "PATCH", "DELETE"]


def routes() -> list[BaseRoute]:
    """``/fhir/metadata``, ``/fhir/{type}`` (search) and ``/fhir/{type}/{id}`` (read); every
    write answers 405."""
    return [
        Route("/fhir/metadata", metadata, methods=["GET", "HEAD"]),
        Route("/fhir/metadata", refused, methods=_WRITES),
        Route("/fhir/{type}", search, methods=["GET", "HEAD"]),
        Route("/fhir/{type}", refused, methods=_WRITES),
        Route("/fhir/{type}/{id}", read, methods=["GET", "HEAD"]),
        Route("/fhir/{type}/{id}", refused, methods=_WRITES),
        Route("/fhir/{rest:path}", unknown, methods=["GET", "HEAD", *_WRITES]),
    ]
