"""Keeps the project's own Neo4j running: when the launcher's JVM exits on its own (a crash, the
OOM killer, a SIGKILL), it is reaped at once and started again on the same store and the same
Bolt port, so drivers reconnect to the address they know and no person has to step in.

A thread waits on the child process (``waitpid``): the exit is noticed the moment it happens,
not at the next failed query, and the dead JVM never lingers as a zombie. A JVM that keeps dying
is started again with growing pauses (``backoff_s`` doubling up to ``max_backoff_s``); the store
is recovered from its transaction log by Neo4j itself at each start.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import StrEnum

from graph.errors import GraphError
from graph.local import Endpoint, LocalNeo4j

logger = logging.getLogger("nordhub.supervisor")

OnRestart = Callable[[Endpoint], None]


class SupervisorState(StrEnum):
    RUNNING = "running"
    RESTARTING = "restarting"
    STOPPED = "stopped"


class Supervisor:
    """Watch ``server`` (already started) from a daemon thread until :meth:`stop`."""

    def __init__(
        self,
        server: LocalNeo4j,
        *,
        on_restart: OnRestart | None = None,
        backoff_s: float = 1.0,
        max_backoff_s: float = 30.0,
        start_timeout_s: float = 180.0,
    ) -> None:
        self.server = server
        self._on_restart = on_restart
        self._backoff_s = backoff_s
        self._max_backoff_s = max_backoff_s
        self._start_timeout_s = start_timeout_s
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.state = SupervisorState.RUNNING
        self.restarts = 0
        self.last_exit: int | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._watch, name="neo4j-supervisor", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 90.0) -> None:
        """Stop watching and stop the server cleanly (a restart under way is let finish)."""
        self._stopping.set()
        self.server.stop()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self.server.stop()  # in case a restart finished while we were stopping it
        self.state = SupervisorState.STOPPED

    def _watch(self) -> None:
        while not self._stopping.is_set():
            code = self.server.wait_exit()
            if self._stopping.is_set():
                return
            if code is None:  # nothing running: a start failed before; try again below
                code = -1
            self.last_exit = code
            self.state = SupervisorState.RESTARTING
            logger.warning("the local Neo4j exited (status %s): starting it again", code)
            self._restart()

    def _restart(self) -> None:
        pause = self._backoff_s
        while not self._stopping.is_set():
            started = time.monotonic()
            try:
                endpoint = self.server.start(self._start_timeout_s)
            except GraphError as e:
                logger.error("the local Neo4j did not start again: %s", str(e).splitlines()[0])
                self._stopping.wait(pause)
                pause = min(pause * 2, self._max_backoff_s)
                continue
            if self._stopping.is_set():
                return
            if self._on_restart is not None:
                try:
                    self._on_restart(endpoint)
                except Exception:
                    # The server runs; readiness tells whether what it needs is there.
                    logger.exception("after restarting the local Neo4j")
            self.restarts += 1
            self.state = SupervisorState.RUNNING
            logger.info(
                "the local Neo4j answers again (pid %s, %.1f s)",
                self.server.pid,
                time.monotonic() - started,
            )
            return
