"""The hub served over real HTTP on 127.0.0.1 (uvicorn in a thread), for tests whose clients
are other processes or the hub's own connectors: the app gets its own driver in its lifespan."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from graph.local import free_port


@contextmanager
def served(app: Any, *, name: str = "hub", timeout_s: float = 60) -> Iterator[str]:
    """``app`` listening on a free port; yields its base URL (``http://127.0.0.1:<port>``)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", ws="none", proxy_headers=False
        )
    )
    thread = threading.Thread(target=server.run, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, f"the {name} did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
