"""Services with the filters a user expects: country, kind, status, validity."""


async def test_filters_by_country_kind_and_status(gql) -> None:
    data = (
        await gql('{ services(country: "NO", kinds: [MULTIREGIONAL_TREATMENT_SERVICE], '
                  "statuses: [APPROVED], first: 50) { totalCount edges { node { kind status "
                  "country { code } hostedBy { name } } } } }", language="nb")
    ).ok()["services"]  # fmt: skip
    assert data["totalCount"] >= 3
    for edge in data["edges"]:
        node = edge["node"]
        assert (node["kind"], node["status"], node["country"]["code"]) == (
            "MULTIREGIONAL_TREATMENT_SERVICE", "APPROVED", "NO",
        )  # fmt: skip
        assert len(node["hostedBy"]) == 2, "a multiregional service is at two health trusts"


async def test_a_service_with_its_codes_site_and_report(gql) -> None:
    data = (
        await gql('{ service(id: "service:no-retinoblastom") { name kind reportId '
                  "conditions { code codes { system display } } hostedBy { name } "
                  "sites { location { name city } } } }", language="en")
    ).ok()["service"]  # fmt: skip
    assert data["kind"] == "NATIONAL_TREATMENT_SERVICE"
    assert data["reportId"] == "L-OUS-3"
    assert {"system": "ICD10", "display": "C69.2"} in data["conditions"][0]["codes"]
    assert data["sites"][0]["location"]["city"] == "Oslo"


async def test_valid_on_keeps_services_designated_that_day(gql) -> None:
    query = (
        'query($day: Date!) { services(country: "SE", validOn: $day, first: 100) '
        "{ edges { node { id validFrom validTo } } } }"
    )
    early = (await gql(query, {"day": "2011-01-01"})).ok()["services"]["edges"]
    late = (await gql(query, {"day": "2025-01-01"})).ok()["services"]["edges"]
    for edge in early:
        node = edge["node"]
        assert node["validFrom"] is None or node["validFrom"] <= "2011-01-01"
        assert node["validTo"] is None or node["validTo"] >= "2011-01-01"
    assert {e["node"]["id"] for e in early} != {e["node"]["id"] for e in late}
