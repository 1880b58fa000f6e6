"""The hub behind the project's own Apollo gateway, as the deployment notes recommend: a
2,000-entity plan answers; rate limits see each caller (the gateway forwards the address, the hub
trusts only the gateway) and hold once across two workers (counters in a real Redis); the hub's
codes and Retry-After reach the caller; no error carries an internal address."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.local import Endpoint
from nordhub import gateway
from tests.hub_process import HubProcess, serving

pytestmark = pytest.mark.slow

REFERRALS = """
query($ids: [ID!]!, $count: Int!) {
  referralList(serviceIds: $ids, count: $count) { position service { id name country { code } } }
}
"""


# Confirmed services only: a gateway never resolves an illustrative entity (it gets null).
SERVICES = "{ services(first: 100) { edges { node { id name } } } }"


def _service_names(url: str) -> dict[str, str]:
    response = httpx.post(url, json={"query": SERVICES}, timeout=30)
    return {
        e["node"]["id"]: e["node"]["name"] for e in response.json()["data"]["services"]["edges"]
    }


def test_a_plan_of_2000_service_entities_answers_through_the_gateway(
    gateway_url: str, hub_url: str
) -> None:
    names = _service_names(hub_url)
    ids = list(names)
    response = httpx.post(
        gateway_url,
        json={"query": REFERRALS, "variables": {"ids": ids, "count": 2000}},
        headers={"Accept-Language": "en"},
        timeout=120,
    )
    assert response.status_code == 200, response.text[:500]
    body = response.json()
    assert not body.get("errors"), body["errors"][:3]
    rows = body["data"]["referralList"]
    assert len(rows) == 2000
    for row in rows:
        expected = ids[row["position"] % len(ids)]
        assert row["service"]["id"] == expected
        assert row["service"]["name"] == names[expected]
        assert row["service"]["country"]["code"]


LIMIT = 5


@pytest.fixture(scope="module")
def limited_hub(
    neo4j_endpoint: Endpoint, graph: Any, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HubProcess]:
    """Two workers, production mode, counters in Redis, the gateway (on 127.0.0.1) trusted."""
    environ = {
        "NORDHUB_MODE": "production",
        "NORDHUB_RATE_LIMIT_PER_MINUTE": str(LIMIT),
        "NORDHUB_RATE_LIMIT_BURST": "100",
        "NORDHUB_RATE_LIMIT_STORAGE": redis_url.rsplit("/", 1)[0] + "/1",
        "NORDHUB_TRUSTED_PROXIES": "127.0.0.1",
    }
    with serving(neo4j_endpoint, tmp_path_factory.mktemp("limited"), environ, workers=2) as hub:
        yield hub


def _from(address: str) -> httpx.Client:
    """A client whose connections come from ``address`` (another caller on this machine)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def test_rate_limits_behind_the_gateway_hold_per_caller_and_once_across_workers(
    limited_hub: HubProcess, tmp_path: Path
) -> None:
    query = {"query": "{ countries { code } }"}
    with gateway.gateway(
        [gateway.Subgraph("nordhub", limited_hub.graphql)], log=tmp_path / "gateway.log"
    ) as served:
        with _from("127.0.0.2") as first:
            answers = [first.post(served.url, json=query) for _ in range(LIMIT + 3)]
        ok = [a for a in answers if a.status_code == 200 and not a.json().get("errors")]
        refused = [a for a in answers if a not in ok]
        assert len(ok) == LIMIT, [a.text[:200] for a in answers]
        for answer in refused:
            assert answer.status_code == 429
            assert 1 <= int(answer.headers["retry-after"]) <= 60
            codes = [e["extensions"]["code"] for e in answer.json()["errors"]]
            assert codes == ["RATE_LIMITED"], answer.text
            _no_internal_address(answer.text, limited_hub)
        # Another caller behind the same gateway still has its own limit.
        with _from("127.0.0.3") as second:
            assert second.post(served.url, json=query).json()["data"]["countries"]
    # Straight to the hub from one address, over new connections (both workers accept them):
    # the limit holds once, not once per worker.
    with _from("127.0.0.4") as direct:
        statuses = [
            direct.post(
                limited_hub.graphql, json=query, headers={"Connection": "close"}
            ).status_code
            for _ in range(3 * LIMIT)
        ]
    assert statuses.count(200) == LIMIT, statuses


def test_a_subgraph_that_is_gone_is_reported_without_its_address(
    neo4j_endpoint: Endpoint, graph: Any, tmp_path: Path
) -> None:
    with serving(neo4j_endpoint, tmp_path) as hub:
        served = gateway.gateway([gateway.Subgraph("nordhub", hub.graphql)], log=tmp_path / "g.log")
        served.start()
    try:
        answer = httpx.post(served.url, json={"query": "{ countries { code } }"}, timeout=30)
        errors = answer.json()["errors"]
        assert [e["extensions"]["code"] for e in errors] == ["SERVICE_UNAVAILABLE"]
        _no_internal_address(answer.text, hub)
    finally:
        served.stop()


def _no_internal_address(text: str, hub: HubProcess) -> None:
    port = hub.url.rsplit(":", 1)[1]
    assert port not in text and "127.0.0.1" not in text and "stacktrace" not in text, text
