"""GraphQL over HTTP to the letter: media types, status codes, malformed requests (always a 4xx
with a JSON error and a stable code, never a 500), and graphql-http's own audit suite against a
real hub process."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.local import Endpoint
from nordhub import gateway
from nordhub.graphql_http import APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, negotiate
from tests.hub_process import serving

NEW = {"Accept": GRAPHQL_RESPONSE_JSON}
LEGACY = {"Accept": APPLICATION_JSON}
JSON_BODY = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, APPLICATION_JSON),
        ("*/*", APPLICATION_JSON),
        ("application/json", APPLICATION_JSON),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (f"application/json, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=0.5, application/json", APPLICATION_JSON),
        (f"{GRAPHQL_RESPONSE_JSON}, application/json;q=0.9", GRAPHQL_RESPONSE_JSON),
        ("text/html", APPLICATION_JSON),
    ],
)
def test_negotiation_prefers_the_graphql_response_media_type(
    accept: str | None, chosen: str
) -> None:
    assert negotiate(accept) == chosen


async def test_both_media_types_answer_a_query(hub: httpx.AsyncClient) -> None:
    query = {"query": "{ language { code } }"}
    new = await hub.post("/graphql", json=query, headers=NEW)
    assert new.status_code == 200
    assert new.headers["content-type"] == f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
    assert new.json()["data"] == {"language": {"code": "en"}}
    legacy = await hub.post("/graphql", json=query, headers=LEGACY)
    assert legacy.headers["content-type"] == APPLICATION_JSON
    assert legacy.json()["data"] == new.json()["data"]


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ countries { code ", None, "GRAPHQL_PARSE_FAILED"),
        ("{ countrys { code } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($n: Int!) { services(first: $n) { totalCount } }", {"n": "abc"}, "BAD_USER_INPUT"),
        ("query($n: Int!) { services(first: $n) { totalCount } }", {}, "BAD_USER_INPUT"),
        ("query A { __typename } query B { __typename }", None, "OPERATION_RESOLUTION_FAILURE"),
        ("query A { language { code } }", None, None),
    ],
)
async def test_failures_before_execution_are_400_without_data_under_the_new_media_type(
    hub: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    query: str,
    variables: dict[str, Any] | None,
    code: str | None,
) -> None:
    body: dict[str, Any] = {"query": query, "variables": variables}
    if code is None:  # an operation name that the document does not have
        body["operationName"] = "Nope"
        code = "OPERATION_RESOLUTION_FAILURE"
    with caplog.at_level(logging.DEBUG):
        new = await hub.post("/graphql", json=body, headers={**NEW, "Accept-Language": "sv"})
        legacy = await hub.post("/graphql", json=body, headers=LEGACY)
    assert new.status_code == 400
    assert "data" not in new.json()
    assert [e["extensions"]["code"] for e in new.json()["errors"]] == [code]
    # The legacy media type keeps the old behaviour: 200 and "data": null.
    assert legacy.status_code == 200
    assert legacy.json()["data"] is None
    assert legacy.json()["errors"][0]["extensions"]["code"] == code
    # The caller's mistake: logged at most at INFO, never with a stack trace.
    assert not [r for r in caplog.records if r.levelno > logging.INFO or r.exc_info]


async def test_a_bad_input_field_in_variables_is_bad_user_input_in_the_callers_language(
    hub: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    mutation = """mutation($input: CreateProjectInput!) { createProject(input: $input) {
        project { id } } }"""
    with caplog.at_level(logging.DEBUG):
        response = await hub.post(
            "/graphql",
            json={"query": mutation, "variables": {"input": {"area": "QUALITY_REGISTRY"}}},
            headers={**NEW, "Accept-Language": "nb"},
        )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("Verdien av «variables» er ikke gyldig")
    assert not [r for r in caplog.records if r.levelno > logging.INFO or r.exc_info]


MALFORMED: list[tuple[bytes, str]] = [
    (b"null", "BAD_REQUEST_BODY"),
    (b"5", "BAD_REQUEST_BODY"),
    (b"true", "BAD_REQUEST_BODY"),
    (b'"x"', "BAD_REQUEST_BODY"),
    (b'[{"query": "{ __typename }"}]', "BAD_REQUEST_BODY"),
    (b"\xff\xfe{", "BAD_JSON"),
    (b'{"query": "{ __typename }", "x": "\xc3\x28"}', "BAD_JSON"),
    (b'{ "not a JSON', "BAD_JSON"),
    (b"", "QUERY_MISSING"),
    (b"{}", "QUERY_MISSING"),
    (b'{"query": 5}', "BAD_REQUEST_PARAMETER"),
    (b'{"query": "{ __typename }", "operationName": {"a": 1}}', "BAD_REQUEST_PARAMETER"),
    (b'{"query": "{ __typename }", "operationName": ["a"]}', "BAD_REQUEST_PARAMETER"),
    (b'{"query": "{ __typename }", "variables": "{}"}', "BAD_REQUEST_PARAMETER"),
    (b'{"query": "{ __typename }", "variables": [1]}', "BAD_REQUEST_PARAMETER"),
    (b'{"query": "{ __typename }", "extensions": 7}', "BAD_REQUEST_PARAMETER"),
]


@pytest.mark.parametrize(("body", "code"), MALFORMED)
@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE_JSON, APPLICATION_JSON])
async def test_every_malformed_body_is_a_400_with_a_json_error(
    hub: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    code: str,
    accept: str,
) -> None:
    with caplog.at_level(logging.DEBUG):
        response = await hub.post(
            "/graphql",
            content=body,
            headers={**JSON_BODY, "Accept": accept, "Accept-Language": "fi"},
        )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(accept)
    answer = response.json()
    assert "data" not in answer
    assert answer["errors"][0]["extensions"]["code"] == code
    assert answer["extensions"]["language"] == "fi"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_a_body_that_is_not_json_is_415(hub: httpx.AsyncClient) -> None:
    for content_type in (
        None,
        "text/plain",
        "application/graphql",
        "application/json; charset=latin-1",
    ):
        headers = {"Content-Type": content_type} if content_type else {}
        response = await hub.post(
            "/graphql", content=b'{"query": "{ __typename }"}', headers=headers
        )
        assert response.status_code == 415, content_type
        assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


async def test_mutations_over_get_are_405_with_allow_post(hub: httpx.AsyncClient) -> None:
    response = await hub.get(
        "/graphql",
        params={
            "query": 'mutation { closeProject(id: "x", version: 1, outcome: []) { __typename } }'
        },
        headers={**NEW, "Accept-Language": "da"},
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    query = await hub.get("/graphql", params={"query": "{ language { code } }"}, headers=NEW)
    assert query.status_code == 200 and query.json()["data"]["language"]["code"] == "en"


async def test_other_methods_are_405_with_allow(hub: httpx.AsyncClient) -> None:
    for method in ("PUT", "DELETE", "PATCH"):
        response = await hub.request(method, "/graphql", json={"query": "{ __typename }"})
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, POST"
        assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_get_reads_variables_as_json_text(hub: httpx.AsyncClient) -> None:
    query = "query($c: String!) { country(code: $c) { code } }"
    ok = await hub.get("/graphql", params={"query": query, "variables": '{"c": "IS"}'})
    assert ok.json()["data"] == {"country": {"code": "IS"}}
    bad = await hub.get("/graphql", params={"query": query, "variables": "{c: IS}"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST_PARAMETER"


@pytest.mark.slow
def test_graphql_http_audit_suite_passes_against_a_real_hub(
    neo4j_endpoint: Endpoint, graph: Any, tmp_path: Path
) -> None:
    """graphql-http's audits (the spec's own suite): no error (MUST) and no warning (SHOULD);
    every MAY is met as well, so there are no notices either. The audits query ``__type``, the
    one field every schema has, so introspection is on (development mode)."""
    with serving(neo4j_endpoint, tmp_path, {"NORDHUB_MODE": "development"}) as hub:
        results = gateway.audit_http(hub.graphql)
        log = hub.log
    statuses = Counter(r["status"] for r in results)
    failed = [r for r in results if r["status"] != "ok"]
    assert len(results) >= 60
    assert statuses == {"ok": len(results)}, failed
    assert "Traceback" not in log.read_text()
