"""The project's own Neo4j: Neo4j Community 5.26 from Maven Central, run embedded by the small Java
launcher in ``graph/launcher`` with Bolt on 127.0.0.1 and its data under the state folder.

The launcher stops the database cleanly when its standard input closes, so the JVM never outlives
the Python process that started it, whether that process returns, raises or is killed.

**The recorded endpoint.** Once Bolt answers, :meth:`LocalNeo4j.start` writes ``endpoint.json``
into its home (mode 0600): the Bolt URI, the user, the JVM's and the owner's process ids, never
the password (that stays in ``home/password``, 0600). :meth:`LocalNeo4j.stop` removes it. Other
processes on the same state folder (``nordhub token issue`` beside a running ``nordhub serve``)
read it with :func:`recorded_endpoint` and use that Neo4j instead of starting their own. No
second Neo4j is ever started on a store in use: :meth:`LocalNeo4j.start` checks the store's lock
first (:func:`store_holder`) and raises :class:`~graph.errors.StoreInUse`.

**Restarts keep the endpoint valid.** A :class:`LocalNeo4j` keeps the Bolt port of its first
start, so :meth:`~LocalNeo4j.start` after :meth:`~LocalNeo4j.kill` (a crash) or
:meth:`~LocalNeo4j.stop` brings the same store back on the same URI with the same password, and
rewrites ``endpoint.json`` (new JVM pid). A crash leaves the file in place; readers check that the
store is locked and the port answers before they trust it. Whoever restarts a crashed local Neo4j
(the hub itself) must do so through the same :class:`LocalNeo4j`, so that clients holding the
recorded endpoint reconnect without reading it again.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import socket
import struct
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from graph.errors import LocalServerError, StoreInUse
from graph.java import JavaProgram, java_executable, log_tail, stop_gracefully, wait_ready

LAUNCHER = JavaProgram(
    Path(__file__).resolve().parent / "launcher",
    "neo4j-launcher.jar",
    "org.nordhub.launcher.Launcher",
)
READY_MARK = "READY bolt://"
ENDPOINT_FILE = "endpoint.json"
# Held (flock) by the process that starts and owns the JVM, from before the JVM starts until it
# is stopped: a second start on the same store is refused even while the first is starting.
OWNER_LOCK = "owner.lock"
# Neo4j holds a POSIX write lock on this file for as long as a database runs on the store.
STORE_LOCK = Path("db") / "data" / "databases" / "store_lock"
# struct flock on Linux: l_type, l_whence, l_start, l_len, l_pid (and padding).
_FLOCK = "hhqqi4x"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """How to reach a running Neo4j."""

    uri: str
    user: str
    password: str


def store_holder(home: Path) -> int | None:
    """The id of the process holding the store's lock (a Neo4j running on it), or None.

    Asks the kernel who holds the lock (``F_GETLK``) without taking it, so the check cannot
    disturb the running database.
    """
    try:
        fd = os.open(home / STORE_LOCK, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        probe = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, probe)
    finally:
        os.close(fd)
    kind, _, _, _, pid = struct.unpack(_FLOCK, answer)
    return None if kind == fcntl.F_UNLCK else int(pid)


def owner_of(home: Path) -> int | None:
    """The id of the process that owns the local Neo4j of ``home`` (starting or running)."""
    try:
        fd = os.open(home / OWNER_LOCK, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 32).decode("ascii", "replace").strip()
            return int(text) if text.isdigit() else 0
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def in_use(home: Path) -> int | None:
    """The process using the store of ``home``: its owner, or whoever holds the store's lock."""
    owner = owner_of(home)
    return owner if owner is not None else store_holder(home)


def _answers(uri: str, timeout_s: float = 1.0) -> bool:
    host, _, port = uri.removeprefix("bolt://").rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout_s):
            return True
    except (OSError, ValueError):
        return False


def recorded_endpoint(home: Path) -> Endpoint | None:
    """The endpoint a local Neo4j running on ``home``'s store recorded, if it answers now.

    None when nothing is recorded, nobody uses the store (the recording outlived a crash) or the
    port does not answer.
    """
    try:
        recorded = json.loads((home / ENDPOINT_FILE).read_text(encoding="utf-8"))
        password = (home / "password").read_text(encoding="utf-8").strip()
        uri, user = str(recorded["uri"]), str(recorded["user"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if in_use(home) is None or not _answers(uri):
        return None
    return Endpoint(uri=uri, user=user, password=password)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LocalNeo4j:
    """Start and stop one embedded Neo4j whose store lives in ``home``.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. The password is generated
    once per store and kept in ``home/password`` (mode 0600); the endpoint is recorded in
    ``home/endpoint.json`` while it runs (see the module's docstring). The Bolt port is chosen at
    the first start (or given) and kept: a restart answers on the same address, so drivers and
    the endpoint file other processes read stay valid.
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
        self._owner: int | None = None  # the descriptor holding OWNER_LOCK
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
        self._claim()
        holder = store_holder(self.home)
        if holder is not None:
            self._release()
            raise StoreInUse(str(self.home), holder)
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
            self._record(self.endpoint, process.pid)
            return self.endpoint
        tail = log_tail(self.log_path)
        if process.poll() is not None:
            self._reap(process)
            self._release()
            raise LocalServerError(f"Neo4j exited while starting:\n{tail}")
        self.stop()
        raise LocalServerError(f"Neo4j did not answer within {timeout_s:.0f} s:\n{tail}")

    def _claim(self) -> None:
        """Take OWNER_LOCK (kept across a restart after :meth:`kill`); StoreInUse if another
        process holds it."""
        if self._owner is not None:
            return
        fd = os.open(self.home / OWNER_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            raise StoreInUse(str(self.home), int(text) if text.isdigit() else 0) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._owner = fd

    def _release(self) -> None:
        if self._owner is not None:
            os.close(self._owner)  # closing the descriptor drops the flock
            self._owner = None

    def _record(self, endpoint: Endpoint, pid: int) -> None:
        """Write ``endpoint.json`` (0600, replaced atomically); never the password."""
        recorded = {
            "uri": endpoint.uri,
            "user": endpoint.user,
            "pid": pid,
            "owner": os.getpid(),
            "home": str(self.home),
        }
        path = self.home / ENDPOINT_FILE
        partial = path.with_suffix(".json.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(recorded, handle)
        os.replace(partial, path)

    def _forget(self, pid: int) -> None:
        """Remove ``endpoint.json`` if it still records the JVM ``pid`` (ours)."""
        path = self.home / ENDPOINT_FILE
        with contextlib.suppress(OSError, ValueError):
            if json.loads(path.read_text(encoding="utf-8")).get("pid") == pid:
                path.unlink()

    def stop(self, timeout_s: float = 60.0) -> None:
        """Close the launcher's stdin (clean shutdown); escalate only if it hangs. The recorded
        endpoint and the owner lock go with it."""
        process = self._process
        if process is None:
            return
        stop_gracefully(process, timeout_s)
        self._forget(process.pid)
        self._reap(process)
        self._release()

    def kill(self) -> None:
        """SIGKILL the JVM, as a crash or the OOM killer would (fault tests); :meth:`start`
        brings the same store back on the same port, recovering it from its transaction log.
        The recorded endpoint and the owner lock stay, as after a real crash."""
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
