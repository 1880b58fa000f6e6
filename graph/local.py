"""The project's own Neo4j: Neo4j Community 5.26 from Maven Central, run embedded by the small Java
launcher in ``graph/launcher`` with Bolt on 127.0.0.1 and its data under the state folder.

The launcher stops the database cleanly when its standard input closes, so the JVM never outlives
the Python process that started it, whether that process returns, raises or is killed.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from graph.errors import LocalServerError
from graph.java import JavaProgram, java_executable, log_tail, stop_gracefully, wait_ready

LAUNCHER = JavaProgram(
    Path(__file__).resolve().parent / "launcher",
    "neo4j-launcher.jar",
    "org.nordhub.launcher.Launcher",
)
READY_MARK = "READY bolt://"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """How to reach a running Neo4j."""

    uri: str
    user: str
    password: str


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LocalNeo4j:
    """Start and stop one embedded Neo4j whose store lives in ``home``.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. The password is generated
    once per store and kept in ``home/password`` (mode 0600). The Bolt port is chosen at the
    first start (or given) and kept: a restart answers on the same address, so drivers and the
    endpoint file other processes read stay valid.
    """

    def __init__(
        self,
        home: Path,
        *,
        heap: str = "2g",
        page_cache_mib: int = 2048,
        port: int | None = None,
        java: str | None = None,
    ) -> None:
        self.home = home
        self.heap = heap
        self.page_cache_mib = page_cache_mib
        self.port = port
        self._java = java
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        # Guards _process and _log: a supervisor thread restarts while the owner may stop.
        self._lock = threading.Lock()
        self.endpoint: Endpoint | None = None

    @property
    def log_path(self) -> Path:
        return self.home / "launcher.log"

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        """The launcher's process while one was started and not yet stopped or found dead."""
        return self._process

    def _password(self) -> Path:
        path = self.home / "password"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
            path.chmod(0o600)
        return path

    def start(self, timeout_s: float = 180.0) -> Endpoint:
        java = self._java or java_executable()
        LAUNCHER.build()
        self.home.mkdir(parents=True, exist_ok=True)
        password_file = self._password()
        with self._lock:
            if self._process is not None:
                raise LocalServerError("this Neo4j is already running")
            self.port = self.port or free_port()
            command = [
                java,
                f"-Xms{self.heap}",
                f"-Xmx{self.heap}",
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dfile.encoding=UTF-8",
                "-cp",
                LAUNCHER.classpath,
                LAUNCHER.main_class,
                str(self.home / "db"),
                str(self.port),
                str(password_file),
                str(self.page_cache_mib),
            ]
            self._log = self.log_path.open("wb")
            process = self._process = subprocess.Popen(  # noqa: S603 - fixed arguments
                command,
                stdin=subprocess.PIPE,
                stdout=self._log,
                stderr=subprocess.STDOUT,
            )
        if wait_ready(process, self.log_path, READY_MARK, timeout_s):
            self.endpoint = Endpoint(
                uri=f"bolt://127.0.0.1:{self.port}",
                user="neo4j",
                password=password_file.read_text(encoding="utf-8").strip(),
            )
            return self.endpoint
        tail = log_tail(self.log_path)
        if process.poll() is not None:
            self._reap(process)
            raise LocalServerError(f"Neo4j exited while starting:\n{tail}")
        self.stop()
        raise LocalServerError(f"Neo4j did not answer within {timeout_s:.0f} s:\n{tail}")

    def stop(self, timeout_s: float = 60.0) -> None:
        """Close the launcher's stdin (clean shutdown); escalate only if it hangs."""
        process = self._process
        if process is None:
            return
        stop_gracefully(process, timeout_s)
        self._reap(process)

    def kill(self) -> None:
        """SIGKILL the JVM, as a crash or the OOM killer would (fault tests); :meth:`start`
        brings the same store back, recovering it from its transaction log."""
        process = self._process
        if process is None:
            return
        process.kill()
        process.wait()
        self._reap(process)

    def wait_exit(self) -> int | None:
        """Block until the running launcher exits, reap it, and return its exit status (None
        when none runs). The process is forgotten, so :meth:`start` may run again."""
        process = self._process
        if process is None:
            return None
        code = process.wait()
        self._reap(process)
        return code

    def _reap(self, process: subprocess.Popen[bytes]) -> None:
        """Forget ``process`` (already waited for) and close what belonged to it."""
        with self._lock:
            if self._process is not process:
                return
            with contextlib.suppress(OSError):
                if process.stdin is not None:
                    process.stdin.close()
            if self._log is not None:
                self._log.close()
            self._log = None
            self._process = None
            self.endpoint = None

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
