"""A partner's FHIR R4 directory for tests: HAPI FHIR's plain RESTful server
(``connectors/fhirserver``, built once per machine by Maven) run as a child JVM on 127.0.0.1.

It serves Organization, Location and HealthcareService from a FHIR Bundle written here, with
``_lastUpdated`` and ``_count``, and takes updates and deletes as a partner's own system would
(:meth:`HapiFhirServer.put`, :meth:`HapiFhirServer.delete`); later pages are HAPI's own
``_getpages`` links, which a :meth:`HapiFhirServer.restart` forgets (410 Gone), as a real
partner's restart does. The session
fixture ``hapi_fhir`` (tests/conftest.py) starts one for the whole run.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import httpx

from graph.errors import LocalServerError
from graph.java import JavaProgram, java_executable, log_tail, stop_gracefully, wait_ready
from graph.local import free_port

FHIR_SERVER = JavaProgram(
    Path(__file__).resolve().parents[1] / "connectors" / "fhirserver",
    "fhir-server.jar",
    "org.nordhub.fhirserver.FhirServer",
)
READY_MARK = "READY http://"


class HapiFhirServer:
    """One HAPI FHIR server whose resources are ``resources`` (by type), on a port kept across
    restarts."""

    def __init__(
        self, home: Path, resources: Mapping[str, list[dict[str, Any]]], port: int | None = None
    ) -> None:
        self.home = home
        self.port = port or free_port()
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.restarts = 0
        home.mkdir(parents=True, exist_ok=True)
        bundle = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": r} for rows in resources.values() for r in rows],
        }
        self.bundle = home / "directory.json"
        self.bundle.write_text(json.dumps(bundle), encoding="utf-8")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/fhir"

    @property
    def log_path(self) -> Path:
        return self.home / "fhir-server.log"

    def start(self, timeout_s: float = 120.0) -> None:
        FHIR_SERVER.build()
        self._log = self.log_path.open("wb")
        self._process = subprocess.Popen(
            [
                java_executable(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                FHIR_SERVER.classpath,
                FHIR_SERVER.main_class,
                str(self.port),
                str(self.bundle),
            ],
            stdin=subprocess.PIPE,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        if not wait_ready(self._process, self.log_path, READY_MARK, timeout_s):
            tail = log_tail(self.log_path)
            self.kill()
            raise LocalServerError(f"the FHIR server did not start:\n{tail}")

    def stop(self) -> None:
        process = self._process
        if process is None:
            return
        stop_gracefully(process, 30)
        self._forget()

    def kill(self) -> None:
        """SIGKILL, as a crash would: every search it held is gone."""
        process = self._process
        if process is None:
            return
        process.kill()
        process.wait()
        self._forget()

    def read(self, resource_type: str, resource_id: str) -> dict[str, Any]:
        response = httpx.get(f"{self.base_url}/{resource_type}/{resource_id}", timeout=30)
        response.raise_for_status()
        found: dict[str, Any] = response.json()
        return found

    def put(self, resource: dict[str, Any]) -> None:
        """Create or replace a resource, as the partner would (HAPI stamps its lastUpdated)."""
        url = f"{self.base_url}/{resource['resourceType']}/{resource['id']}"
        response = httpx.put(
            url, json=resource, headers={"Content-Type": "application/fhir+json"}, timeout=30
        )
        response.raise_for_status()

    def delete(self, resource_type: str, resource_id: str) -> None:
        response = httpx.delete(f"{self.base_url}/{resource_type}/{resource_id}", timeout=30)
        response.raise_for_status()

    def restart(self) -> None:
        self.kill()
        self.start()
        self.restarts += 1

    def _forget(self) -> None:
        if self._process is not None and self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        if self._log is not None:
            self._log.close()
        self._process = None
        self._log = None
