"""Real partner systems on 127.0.0.1 for the connector tests: a small FHIR R4 server and a
registry feed, both served from the fixture files here by one stdlib HTTP server per module.

Tests change what the partner holds (``partner.fhir``) and inject faults (``partner.fault``);
both are reset before every test. Every request is logged (``partner.requests``).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import socket
import threading
import time
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from graph.client import GraphClient
from graph.vocabulary import IDENTIFIER_PROPERTIES

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Fault:
    """Answer ``times`` matching requests with this instead of the real page."""

    path: str  # e.g. "/fhir/Location"
    offset: int | None = None  # only this page of a search (None: any)
    times: int = 1
    status: int = 503
    retry_after: str | None = None
    delay_s: float = 0.0  # sleep before answering (longer than the client's timeout: timeout)
    body: bytes | None = None  # answer 200 with this body instead (a malformed page)


@dataclass
class Request:
    at: float
    path: str
    query: dict[str, str]
    authorization: str | None


@dataclass
class PartnerState:
    fhir: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    feeds: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    token: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class PartnerServer:
    """The partner as a test sees it."""

    def __init__(self, state: PartnerState, port: int) -> None:
        self.state = state
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    @property
    def fhir(self) -> dict[str, list[dict[str, Any]]]:
        return self.state.fhir

    @property
    def requests(self) -> list[Request]:
        return self.state.requests

    def fault(self, fault: Fault) -> None:
        self.state.faults.append(fault)

    def reset(self) -> None:
        with self.state.lock:
            self.state.fhir = json.loads((FIXTURES / "fhir_directory.json").read_text("utf-8"))
            self.state.feeds = {
                "/feeds/scir.json": (
                    "application/json",
                    (FIXTURES / "registry_feed.json").read_bytes(),
                ),
                "/feeds/scir.csv": ("text/csv", (FIXTURES / "registry_feed.csv").read_bytes()),
            }
            self.state.faults = []
            self.state.requests = []
            self.state.token = None

    def touch(self, resource_type: str, resource_id: str, **changes: Any) -> None:
        """Change a resource as the partner would: new content, new ``meta.lastUpdated``."""
        for resource in self.state.fhir[resource_type]:
            if resource["id"] == resource_id:
                resource.update(changes)
                resource["meta"] = {"lastUpdated": _now()}
                return
        raise KeyError(resource_id)

    def searches(self, resource_type: str) -> list[Request]:
        return [r for r in self.requests if r.path == f"/fhir/{resource_type}"]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server.state
        parsed = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        with state.lock:
            state.requests.append(
                Request(time.monotonic(), parsed.path, query, self.headers.get("Authorization"))
            )
            fault = self._fault(parsed.path, query)
        if fault is not None:
            self._inject(fault)
            return
        if state.token is not None and self.headers.get("Authorization") != f"Bearer {state.token}":
            self._send(401, "application/json", b'{"error": "unauthorised"}')
            return
        if parsed.path in state.feeds:
            content_type, body = state.feeds[parsed.path]
            self._send(200, content_type, body)
        elif parsed.path.startswith("/fhir/") and parsed.path.count("/") == 2:
            self._search(parsed.path.rsplit("/", 1)[1], query)
        else:
            self._send(404, "application/json", b'{"error": "not found"}')

    def _fault(self, path: str, query: dict[str, str]) -> Fault | None:
        offset = int(query.get("_offset", "0"))
        for fault in self.server.state.faults:
            if fault.times > 0 and fault.path == path and fault.offset in (None, offset):
                fault.times -= 1
                return fault
        return None

    def _inject(self, fault: Fault) -> None:
        if fault.delay_s:
            time.sleep(fault.delay_s)
        try:
            if fault.body is not None:
                self._send(200, "application/fhir+json", fault.body)
            else:
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                self._send(fault.status, "application/json", b'{"error": "injected"}', headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: that was the point

    def _search(self, resource_type: str, query: dict[str, str]) -> None:
        state = self.server.state
        with state.lock:
            resources = copy.deepcopy(state.fhir.get(resource_type))
        if resources is None:
            self._send(404, "application/json", b'{"error": "unknown type"}')
            return
        since = query.get("_lastUpdated")
        if since is not None:
            assert since.startswith("gt"), since
            floor = _instant(since[2:])
            resources = [r for r in resources if _instant(r["meta"]["lastUpdated"]) > floor]
        resources.sort(key=lambda r: str(r.get("id", "")))
        count = int(query.get("_count", "50"))
        offset = int(query.get("_offset", "0"))
        page = resources[offset : offset + count]
        base = f"http://127.0.0.1:{self.server.server_address[1]}/fhir/{resource_type}"
        links = [{"relation": "self", "url": f"{base}?{urllib.parse.urlencode(query)}"}]
        if offset + count < len(resources):
            following = {**query, "_offset": str(offset + count)}
            links.append({"relation": "next", "url": f"{base}?{urllib.parse.urlencode(following)}"})
        bundle = {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(resources),
            "link": links,
            "entry": [
                {"fullUrl": f"{base}/{r.get('id')}", "resource": r, "search": {"mode": "match"}}
                for r in page
            ],
        }
        self._send(200, "application/fhir+json", json.dumps(bundle).encode("utf-8"))

    def _send(
        self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: PartnerState


@pytest.fixture(scope="module")
def partner_server() -> Iterator[PartnerServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = PartnerState()
    thread = threading.Thread(target=server.serve_forever, name="partner", daemon=True)
    thread.start()
    try:
        yield PartnerServer(server.state, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def partner(partner_server: PartnerServer) -> PartnerServer:
    partner_server.reset()
    return partner_server


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: a partner that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def source_prefix() -> str:
    """Synced ids embed the source name; every source of a module starts with this."""
    return f"t7{uuid.uuid4().hex[:6]}"


@pytest.fixture(scope="module")
async def synced_cleanup(graph: GraphClient, source_prefix: str) -> AsyncIterator[None]:
    """Remove what this module's sources wrote, so no other test sees it (the graph is shared)."""
    yield
    params = {"prefix": source_prefix}
    await graph.write("MATCH ()-[r]->() WHERE r.syncSource STARTS WITH $prefix DELETE r", params)
    await graph.write(
        "MATCH (n:Entity) WHERE n.syncSource STARTS WITH $prefix DETACH DELETE n", params
    )
    await graph.write("MATCH (r:SyncRun) WHERE r.source STARTS WITH $prefix DELETE r", params)
    await graph.write(
        "MATCH (v:IdentifierReview) WHERE v.source STARTS WITH $prefix DELETE v", params
    )
    # Identifiers a review of this module gave to seeded organisations.
    for prop in IDENTIFIER_PROPERTIES.values():
        await graph.write(
            "MATCH (o:Organisation) WHERE o[$prop + 'Source'] STARTS WITH 'review:' + $prefix "
            "SET o += $cleared",
            {**params, "prop": prop, "cleared": {prop: None, f"{prop}Source": None}},
        )
