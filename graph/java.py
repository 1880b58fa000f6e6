"""Small Java programs the project builds once per machine with Maven and runs as child processes:
the local Neo4j's launcher (``graph/launcher``), the partner FHIR server the tests start
(``connectors/fhirserver``) and HAPI's validator (``connectors/fhirvalidator``). Each prints one
ready line on standard output and stops when its standard input closes, so it never outlives the
process that started it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph.errors import LocalServerError


@dataclass(frozen=True, slots=True)
class JavaProgram:
    """A Maven project whose ``package`` leaves ``target/<jar>`` and its jars in ``target/lib``."""

    directory: Path
    jar_name: str
    main_class: str

    @property
    def jar(self) -> Path:
        return self.directory / "target" / self.jar_name

    @property
    def lib(self) -> Path:
        return self.directory / "target" / "lib"

    @property
    def classpath(self) -> str:
        return os.pathsep.join([str(self.jar), str(self.lib / "*")])

    def is_built(self) -> bool:
        sources = [self.directory / "pom.xml", *self.directory.glob("src/**/*.java")]
        if not self.jar.exists() or not self.lib.is_dir():
            return False
        built = self.jar.stat().st_mtime
        return all(source.stat().st_mtime <= built for source in sources)

    def build(self) -> None:
        """Run Maven once; later calls return at once while the jar is newer than its sources."""
        if self.is_built():
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalServerError(f"Maven (mvn) is needed to build {self.directory.name}")
        completed = subprocess.run(  # noqa: S603 - fixed arguments, no user input
            [mvn, "-q", "-B", "package"],
            cwd=self.directory,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            tail = (completed.stdout + completed.stderr)[-4000:]
            raise LocalServerError(f"building {self.directory.name} failed:\n{tail}")


def java_executable() -> str:
    java = shutil.which("java")
    if java is None:
        raise LocalServerError("Java 17 is needed (no `java` on PATH)")
    return java


def wait_ready(
    process: subprocess.Popen[bytes], log_path: Path, mark: str, timeout_s: float
) -> bool:
    """Wait for ``mark`` in the program's log; False when it exits first or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if mark in log_tail(log_path, 1 << 20):
            return True
        time.sleep(0.1)
    return False


def log_tail(path: Path, size: int = 4000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-size:]
    except OSError:
        return "(no log)"


def stop_gracefully(process: subprocess.Popen[bytes], timeout_s: float) -> None:
    """Close the program's stdin (its clean shutdown); escalate only if it hangs."""
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
