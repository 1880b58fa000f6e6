"""The project's own Neo4j: Neo4j Community 5.26 from Maven Central, run embedded by the small Java
launcher in ``graph/launcher`` with Bolt on 127.0.0.1 and its data under the state folder.

The launcher stops the database cleanly when its standard input closes, so the JVM never outlives
the Python process that started it, whether that process returns, raises or is killed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from graph.errors import LocalServerError

LAUNCHER_DIR = Path(__file__).resolve().parent / "launcher"
LAUNCHER_JAR = LAUNCHER_DIR / "target" / "neo4j-launcher.jar"
LAUNCHER_LIB = LAUNCHER_DIR / "target" / "lib"
MAIN_CLASS = "org.nordhub.launcher.Launcher"
READY_MARK = "READY bolt://"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """How to reach a running Neo4j."""

    uri: str
    user: str
    password: str


def launcher_is_built() -> bool:
    sources = [LAUNCHER_DIR / "pom.xml", *LAUNCHER_DIR.glob("src/**/*.java")]
    if not LAUNCHER_JAR.exists() or not LAUNCHER_LIB.is_dir():
        return False
    built = LAUNCHER_JAR.stat().st_mtime
    return all(source.stat().st_mtime <= built for source in sources)


def build_launcher() -> None:
    """Run Maven once; later calls return at once while the jar is newer than its sources."""
    if launcher_is_built():
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalServerError("Maven (mvn) is needed to build the Neo4j launcher")
    completed = subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [mvn, "-q", "-B", "package"],
        cwd=LAUNCHER_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        tail = (completed.stdout + completed.stderr)[-4000:]
        raise LocalServerError(f"building the Neo4j launcher failed:\n{tail}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LocalNeo4j:
    """Start and stop one embedded Neo4j whose store lives in ``home``.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. The password is generated
    once per store and kept in ``home/password`` (mode 0600).
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
        self._java = java or shutil.which("java")
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.endpoint: Endpoint | None = None

    @property
    def log_path(self) -> Path:
        return self.home / "launcher.log"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _password(self) -> Path:
        path = self.home / "password"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
            path.chmod(0o600)
        return path

    def start(self, timeout_s: float = 180.0) -> Endpoint:
        if self._process is not None:
            raise LocalServerError("this Neo4j is already running")
        if self._java is None:
            raise LocalServerError("Java 17 is needed to run Neo4j 5.26 (no `java` on PATH)")
        build_launcher()
        self.home.mkdir(parents=True, exist_ok=True)
        password_file = self._password()
        port = self.port or free_port()
        classpath = os.pathsep.join([str(LAUNCHER_JAR), str(LAUNCHER_LIB / "*")])
        command = [
            self._java,
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-Dfile.encoding=UTF-8",
            "-cp",
            classpath,
            MAIN_CLASS,
            str(self.home / "db"),
            str(port),
            str(password_file),
            str(self.page_cache_mib),
        ]
        self._log = self.log_path.open("wb")
        self._process = subprocess.Popen(  # noqa: S603 - fixed arguments, no user input
            command,
            stdin=subprocess.PIPE,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                tail = self._log_tail()
                self._cleanup()
                raise LocalServerError(f"Neo4j exited while starting:\n{tail}")
            if READY_MARK in self.log_path.read_text(encoding="utf-8", errors="replace"):
                self.endpoint = Endpoint(
                    uri=f"bolt://127.0.0.1:{port}",
                    user="neo4j",
                    password=password_file.read_text(encoding="utf-8").strip(),
                )
                return self.endpoint
            time.sleep(0.1)
        self.stop()
        raise LocalServerError(
            f"Neo4j did not answer within {timeout_s:.0f} s:\n{self._log_tail()}"
        )

    def stop(self, timeout_s: float = 60.0) -> None:
        """Close the launcher's stdin (clean shutdown); escalate only if it hangs."""
        process = self._process
        if process is None:
            return
        with contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._cleanup()

    def kill(self) -> None:
        """SIGKILL the JVM, as a crash or the OOM killer would (fault tests); :meth:`start`
        brings the same store back, recovering it from its transaction log."""
        process = self._process
        if process is None:
            return
        process.kill()
        process.wait()
        if process.stdin is not None:
            process.stdin.close()
        self._cleanup()

    def _cleanup(self) -> None:
        if self._log is not None:
            self._log.close()
        self._log = None
        self._process = None
        self.endpoint = None

    def _log_tail(self, size: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-size:]
        except OSError:
            return "(no log)"

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
