"""HAPI FHIR's reference validator (``FhirInstanceValidator`` with the R4 core definitions,
``connectors/fhirvalidator``, built once per machine by Maven) as a child JVM the tests feed
resources to, one JSON line each, reading one verdict line back. The session fixture
``fhir_validator`` (tests/conftest.py) starts one for the whole run, when first asked for."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import IO, Any

from graph.errors import LocalServerError
from graph.java import JavaProgram, java_executable, log_tail, stop_gracefully

FHIR_VALIDATOR = JavaProgram(
    Path(__file__).resolve().parents[1] / "connectors" / "fhirvalidator",
    "fhir-validator.jar",
    "org.nordhub.fhirvalidator.FhirValidate",
)


class HapiValidator:
    def __init__(self, home: Path) -> None:
        self.home = home
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> None:
        FHIR_VALIDATOR.build()
        self.home.mkdir(parents=True, exist_ok=True)
        self._log = (self.home / "validator.log").open("wb")
        self._process = subprocess.Popen(
            [
                java_executable(),
                "-Xmx768m",
                "-XX:+UseSerialGC",
                "-cp",
                FHIR_VALIDATOR.classpath,
                FHIR_VALIDATOR.main_class,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )
        assert self._process.stdout is not None
        ready = self._process.stdout.readline().decode("utf-8").strip()
        if ready != "READY":
            self.stop()
            tail = log_tail(self.home / "validator.log")
            raise LocalServerError(f"the FHIR validator did not start ({ready!r}):\n{tail}")

    def validate(self, resource: dict[str, Any]) -> dict[str, Any]:
        """``{"errors": n, "issues": [{severity, location, message}]}`` for one resource."""
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(resource, ensure_ascii=False).encode("utf-8") + b"\n")
        process.stdin.flush()
        line = process.stdout.readline()
        if not line:
            raise LocalServerError(log_tail(self.home / "validator.log"))
        verdict: dict[str, Any] = json.loads(line)
        return verdict

    def stop(self) -> None:
        if self._process is not None:
            stop_gracefully(self._process, 30)
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None
