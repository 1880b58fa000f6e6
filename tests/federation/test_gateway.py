"""Queries through a real Apollo gateway that need the hub and the Swedish partner in one answer,
in the caller's language; and a partner whose SDL conflicts is refused with clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from nordhub import gateway

pytestmark = pytest.mark.slow

SERVICE_WITH_WAITING_TIMES = """
query($id: ID!) {
  service(id: $id) {
    name
    country { name }
    waitingTimes {
      medianDays
      summary
      location { name city hsaId }
    }
  }
}
"""

GLAUCOMA = "service:se-nhv-barnglaukom-barnkatarakt"


def _ask(url: str, query: str, variables: dict[str, Any], language: str) -> Any:
    response = httpx.post(
        url,
        json={"query": query, "variables": variables},
        headers={"Accept-Language": language},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


@pytest.mark.parametrize(
    ("language", "name", "country", "summary", "site"),
    [
        (
            "sv",
            "Barnglaukom och barnkatarakt",
            "Sverige",
            "Medianväntetid 52 dagar",
            "Sahlgrenska universitetssjukhuset",
        ),
        (
            "fi",
            "Lasten glaukooma ja kaihi",
            "Ruotsi",
            "Mediaaniodotusaika 52 päivää",
            # No Finnish name: a hospital keeps its own (Swedish) name, not an English one.
            "Sahlgrenska universitetssjukhuset",
        ),
    ],
)
def test_hub_service_joined_with_partner_waiting_times_in_the_callers_language(
    gateway_url: str, language: str, name: str, country: str, summary: str, site: str
) -> None:
    service = _ask(gateway_url, SERVICE_WITH_WAITING_TIMES, {"id": GLAUCOMA}, language)["service"]
    # From the hub, in the caller's language: the gateway passed Accept-Language on.
    assert service["name"] == name
    assert service["country"]["name"] == country
    # From the partner, then back to the hub for the sites, then to the partner for HSA-ids.
    times = service["waitingTimes"]
    assert [t["medianDays"] for t in times] == [52, 38]
    assert times[0]["summary"] == summary
    assert times[0]["location"] == {
        "name": site,
        "city": "Göteborg",
        "hsaId": "SE2321000131-TEST2",
    }
    assert times[1]["location"]["hsaId"] == "SE2321000016-TEST1"


def test_partner_query_resolves_hub_entities(gateway_url: str) -> None:
    query = """
    { waitingTimes(longerThanDays: 10) {
        medianDays
        service { id name codes: conditions { code codeSystem name } }
        location { name country { code name } }
    } }
    """
    times = _ask(gateway_url, query, {}, "fi")["waitingTimes"]
    assert [t["medianDays"] for t in times] == [52, 38, 12]
    oesophagus = "service:se-rsv-medfodda-esofagusmissbildningar"
    assert [t["service"]["id"] for t in times] == [GLAUCOMA, GLAUCOMA, oesophagus]
    assert times[2]["service"]["name"] == (
        "Vaativa lastenkirurgia: ruokatorven synnynnäiset epämuodostumat"
    )
    assert {t["location"]["country"]["name"] for t in times} == {"Ruotsi"}


def test_unknown_ids_from_a_partner_are_null_through_the_gateway(gateway_url: str) -> None:
    found = _ask(
        gateway_url,
        '{ service(id: "service:se-nhv-genodermatoser") { name waitingTimes { medianDays } } }',
        {},
        "sv",
    )
    assert found["service"] == {"name": "Genodermatoser", "waitingTimes": []}


def test_the_hub_behind_the_gateway_has_introspection_off(hub_url: str) -> None:
    response = httpx.post(hub_url, json={"query": "{ __schema { queryType { name } } }"})
    assert response.json().get("errors")


def test_a_conflicting_partner_is_refused_with_composition_errors(
    hub_url: str, tmp_path: Path
) -> None:
    with gateway.partner("conflicting", log=tmp_path / "partner.log") as conflicting:
        subgraphs = [
            gateway.Subgraph("nordhub", hub_url),
            gateway.Subgraph("sweden", conflicting.url),
        ]
        with pytest.raises(gateway.CompositionError) as refused:
            gateway.gateway(subgraphs, log=tmp_path / "gateway.log").start()
    codes = {p.code for p in refused.value.problems}
    assert {"FIELD_TYPE_MISMATCH", "INVALID_FIELD_SHARING"} <= codes
    assert all("Service.name" in p.message for p in refused.value.problems)
    assert "sweden" in str(refused.value) and "nordhub" in str(refused.value)
