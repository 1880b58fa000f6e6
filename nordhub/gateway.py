"""The Node harness in ``gateway/`` seen from Python: compose subgraphs, and run an Apollo gateway
or the test partner subgraph as child processes on 127.0.0.1.

Each script announces itself with one JSON line on stdout (its URL, or its composition errors)
and exits when its stdin closes, so a child never outlives the process that started it. Used by
``nordhub compose``, the federation tests and the benchmarks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from nordhub.settings import PROJECT_ROOT

GATEWAY_DIR = PROJECT_ROOT / "gateway"
START_TIMEOUT_S = 60.0


class HarnessError(Exception):
    """Raised when Node, the harness's packages or one of its processes cannot do its job."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One composition error or hint, with Apollo's code (e.g. ``INVALID_FIELD_SHARING``)."""

    code: str
    message: str
    subgraphs: tuple[str, ...] = ()

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> Problem:
        return cls(
            code=str(raw.get("code", "")),
            message=str(raw.get("message", "")),
            subgraphs=tuple(raw.get("subgraphs") or ()),
        )


class CompositionError(HarnessError):
    """Raised when the subgraphs do not compose into a supergraph."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  [{p.code}] {p.message}" for p in self.problems)
        super().__init__(f"composition failed with {len(self.problems)} error(s):\n{lines}")


@dataclass(frozen=True, slots=True)
class Subgraph:
    """A subgraph to compose: its name, where the gateway reaches it, and its SDL if known."""

    name: str
    url: str
    sdl: str | None = None

    def as_json(self) -> dict[str, str]:
        found = {"name": self.name, "url": self.url}
        return found if self.sdl is None else {**found, "sdl": self.sdl}


@dataclass(frozen=True, slots=True)
class Composition:
    supergraph_sdl: str
    hints: tuple[Problem, ...] = field(default=())


def node_environment() -> dict[str, str]:
    return {**os.environ, "APOLLO_TELEMETRY_DISABLED": "1"}


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise HarnessError("Node.js 20 or later is needed for composition and the gateway")
    if not (GATEWAY_DIR / "node_modules" / "@apollo" / "gateway").is_dir():
        raise HarnessError(
            f"the gateway harness is not installed: run `make setup` ({GATEWAY_DIR})"
        )
    return node


def compose(subgraphs: Sequence[Subgraph], *, timeout_s: float = START_TIMEOUT_S) -> Composition:
    """Compose subgraphs whose SDL is known; CompositionError lists every problem."""
    missing = [s.name for s in subgraphs if s.sdl is None]
    if missing:
        raise HarnessError(f"no SDL for {', '.join(missing)}")
    finished = subprocess.run(  # noqa: S603 - our own script, arguments are not shell-parsed
        [_node(), "compose.mjs"],
        cwd=GATEWAY_DIR,
        env=node_environment(),
        input=json.dumps({"subgraphs": [s.as_json() for s in subgraphs]}).encode(),
        capture_output=True,
        timeout=timeout_s,
        check=False,
    )
    result = _last_json_line(finished.stdout)
    if result is None:
        raise HarnessError(f"composition did not answer: {finished.stderr.decode()[-2000:]}")
    if result.get("errors"):
        raise CompositionError([Problem.of(p) for p in result["errors"]])
    return Composition(
        supergraph_sdl=str(result["supergraphSdl"]),
        hints=tuple(Problem.of(h) for h in result.get("hints") or ()),
    )


def audit_http(url: str, *, timeout_s: float = START_TIMEOUT_S) -> list[dict[str, Any]]:
    """graphql-http's GraphQL-over-HTTP audit of the server at ``url``: one result per audit,
    ``{"id", "name", "status", "reason"}`` with status ok, notice, warn or error."""
    finished = subprocess.run(  # noqa: S603 - our own script, arguments are not shell-parsed
        [_node(), "audit-http.mjs", "--url", url],
        cwd=GATEWAY_DIR,
        env=node_environment(),
        capture_output=True,
        timeout=timeout_s,
        check=False,
    )
    result = _last_json_line(finished.stdout)
    if result is None or not isinstance(result.get("results"), list):
        raise HarnessError(f"the audit did not answer: {finished.stderr.decode()[-2000:]}")
    return list(result["results"])


class NodeService:
    """A harness script serving on 127.0.0.1, from start until :meth:`stop` (or ``with`` exit)."""

    def __init__(self, script: str, arguments: Sequence[str] = (), *, log: Path | None = None):
        self.script = script
        self.arguments = list(arguments)
        self.log = log
        self.url = ""
        self.hints: tuple[Problem, ...] = ()
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: list[bytes] = []
        self._drainer: threading.Thread | None = None

    def start(self, timeout_s: float = START_TIMEOUT_S) -> Self:
        process = subprocess.Popen(  # noqa: S603 - our own script, arguments are not shell-parsed
            [_node(), self.script, *self.arguments],
            cwd=GATEWAY_DIR,
            env=node_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._process = process
        assert process.stdout is not None and process.stderr is not None
        self._drainer = threading.Thread(target=self._drain, args=(process.stderr,), daemon=True)
        self._drainer.start()
        announcement = self._announcement(process.stdout, timeout_s)
        if announcement is None or "url" not in announcement:
            self.stop()
            if announcement is not None and announcement.get("errors"):
                raise CompositionError([Problem.of(p) for p in announcement["errors"]])
            detail = b"".join(self._stderr).decode(errors="replace")[-3000:]
            raise HarnessError(f"{self.script} did not start: {detail}")
        self.url = str(announcement["url"])
        self.hints = tuple(Problem.of(h) for h in announcement.get("hints") or ())
        return self

    def _announcement(self, stdout: IO[bytes], timeout_s: float) -> dict[str, Any] | None:
        """The first JSON line on stdout (other lines are Apollo's log messages)."""
        found: list[dict[str, Any]] = []

        def read() -> None:
            for line in stdout:
                announcement = _last_json_line(line)
                if announcement is not None:
                    found.append(announcement)
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout_s)
        return found[0] if found else None

    def _drain(self, stream: IO[bytes]) -> None:
        for line in stream:
            self._stderr.append(line)
            if self.log is not None:
                with self.log.open("ab") as handle:
                    handle.write(line)

    def stop(self, timeout_s: float = 10.0) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        assert process.stdin is not None
        try:
            process.stdin.close()  # the script exits when its stdin closes
            process.wait(timeout_s)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait(timeout_s)
        finally:
            if self._drainer is not None:
                self._drainer.join(timeout_s)
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> Self:
        return self if self._process is not None else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def gateway(
    subgraphs: Sequence[Subgraph], *, port: int = 0, log: Path | None = None
) -> NodeService:
    """An Apollo gateway over ``subgraphs`` (SDL fetched from each unless given); not started."""
    config = {"subgraphs": [s.as_json() for s in subgraphs], "port": port}
    return NodeService("gateway.mjs", ["--config", json.dumps(config)], log=log)


def partner(variant: str = "sweden", *, port: int = 0, log: Path | None = None) -> NodeService:
    """The Swedish test partner subgraph (``conflicting``: one that must not compose)."""
    return NodeService("partner-se.mjs", ["--port", str(port), "--variant", variant], log=log)


def _last_json_line(output: bytes) -> dict[str, Any] | None:
    for line in reversed(output.decode(errors="replace").splitlines()):
        if line.startswith("{"):
            try:
                found = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(found, dict):
                return found
    return None
