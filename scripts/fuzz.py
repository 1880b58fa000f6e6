"""The long fuzzing profile: schemathesis (GraphQL mode) against a running hub.

    .venv/bin/python scripts/fuzz.py [--examples 35]

Every root field of the schema gets ``--examples`` generated queries with valid arguments and as
many with invalid ones (≥ 2 000 cases with the default). A case fails on a 5xx, a body that is
not JSON, an error without a known stable code, or an ``INTERNAL_SERVER_ERROR``. Uses
``NEO4J_URI`` if set, else starts its own Neo4j in a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import requests
import schemathesis
from hubprocess import coordinator_token, graph_endpoint, hub_process, workdir
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation import GenerationMode

from schema.errors import ErrorCode

KNOWN_CODES = {code.value for code in ErrorCode}


def problem(response: Any) -> str | None:
    if response.status_code >= 500:
        return f"HTTP {response.status_code}: {response.text[:300]}"
    try:
        body = response.json()
    except ValueError:
        return f"not JSON: {response.text[:300]}"
    for error in body.get("errors") or []:
        code = error.get("extensions", {}).get("code")
        if code not in KNOWN_CODES or code == "INTERNAL_SERVER_ERROR":
            return f"error {code}: {error}"
    return None


def fuzz(url: str, examples: int, token: str) -> tuple[int, list[str]]:
    schema = schemathesis.graphql.from_url(url)
    session = requests.Session()
    # Mutations really write (to this script's own graph): they get a coordinator's token.
    session.headers["Authorization"] = f"Bearer {token}"
    counted = [0]
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            label = f"{operation.label} ({mode.value})"
            run_cases(operation.as_strategy(generation_mode=mode), examples, label, session,
                      counted, failures)  # fmt: skip
    return counted[0], failures


def run_cases(
    strategy: Any,
    examples: int,
    label: str,
    session: requests.Session,
    counted: list[int],
    failures: list[str],
) -> None:
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        counted[0] += 1
        response = case.call(session=session, timeout=30)
        found = problem(response)
        if found is not None:
            failures.append(f"{label}: {found}\n  {case.body}")

    run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=35, help="per operation and mode")
    args = parser.parse_args()
    started = time.monotonic()
    with workdir() as work, graph_endpoint(work) as endpoint, hub_process(endpoint, work) as hub:
        token = coordinator_token(endpoint, "fuzz")
        cases, failures = fuzz(hub.url, args.examples, token)
        tracebacks = hub.log.read_text(errors="replace").count("Traceback")
    print(f"fuzz: {cases} cases in {time.monotonic() - started:.0f} s")
    print(f"failures: {len(failures)}; tracebacks in the hub log: {tracebacks}")
    for failure in failures[:20]:
        print(" -", failure)
    return 1 if failures or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
