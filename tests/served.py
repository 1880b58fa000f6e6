"""``nordhub serve`` as a real process for tests: started on a free port with the environment
given, awaited until ``/health/ready`` answers, stopped with SIGTERM at the end."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from graph.local import free_port

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class ServedProcess:
    url: str  # http://127.0.0.1:<port>
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def served_hub(
    environ: Mapping[str, str], log: Path, *, ready_within_s: float = 60.0
) -> Iterator[ServedProcess]:
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "nordhub", "serve", "--no-seed", "--port", str(port)],
            cwd=ROOT,
            env=dict(environ),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + ready_within_s
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).is_success:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the hub did not become ready"
            time.sleep(0.2)
        yield ServedProcess(f"http://127.0.0.1:{port}", process, log)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=90)
