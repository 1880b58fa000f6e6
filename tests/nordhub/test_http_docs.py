"""Every example of ``docs/http.md`` is sent to the hub: the answer has the status, the headers
and the error codes the page shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "http.md"
BLOCK = re.compile(r"```http\n(.*?)```", re.DOTALL)


@dataclass(frozen=True)
class Example:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    status: int
    response_headers: dict[str, str]
    codes: list[str]


def _head(lines: list[str]) -> tuple[str, dict[str, str], str]:
    """The first line, the headers, and the body after the blank line."""
    first, *rest = lines
    blank = rest.index("") if "" in rest else len(rest)
    headers = dict(line.split(": ", 1) for line in rest[:blank])
    return first, headers, "\n".join(rest[blank + 1 :]).strip()


def examples() -> list[Example]:
    found = []
    for block in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        lines = block.rstrip("\n").split("\n")
        split = next(i for i, line in enumerate(lines) if line.startswith("HTTP/1.1 "))
        request_line, headers, body = _head(lines[:split])
        status_line, response_headers, response_body = _head(lines[split:])
        method, target, _ = request_line.split(" ")
        found.append(
            Example(
                method=method,
                target=target,
                headers=headers,
                body=body.encode(),
                status=int(status_line.split()[1]),
                response_headers=response_headers,
                codes=re.findall(r'"code": "([A-Z_]+)"', response_body),
            )
        )
    return found


def test_the_page_has_examples() -> None:
    assert len(examples()) >= 6


@pytest.mark.parametrize("example", examples(), ids=lambda e: f"{e.method}-{e.status}")
async def test_each_example_answers_as_shown(hub: httpx.AsyncClient, example: Example) -> None:
    response = await hub.request(
        example.method, example.target, headers=example.headers, content=example.body or None
    )
    assert response.status_code == example.status, response.text
    for name, value in example.response_headers.items():
        assert response.headers.get(name) == value, name
    codes = [e["extensions"]["code"] for e in response.json().get("errors", [])]
    assert codes == example.codes
