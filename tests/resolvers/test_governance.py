"""The governance rules of the source documents, and the service kinds they bind."""


async def test_the_governance_cycle_is_in_the_graph(gql) -> None:
    data = (
        await gql("{ governanceRules { id kind text intervalYears deadline appliesTo { code } "
                  "responsible { shortName name } } }", language="nb")
    ).ok()  # fmt: skip
    rules = {r["id"]: r for r in data["governanceRules"]}
    assert rules["rule:application-deadline"]["deadline"] == "01-15"
    assert "15. januar" in rules["rule:application-deadline"]["text"]
    assert rules["rule:five-year-review"]["intervalYears"] == 5
    kinds = {r["kind"] for r in rules.values()}
    assert kinds >= {
        "ANNUAL_REPORT", "ANNUAL_EVALUATION", "FIVE_YEAR_REVIEW", "MEASURABLE_RESULT_TARGETS",
        "COMPETENCE_DISSEMINATION_PLAN", "REFERENCE_GROUP", "APPLICATION_DEADLINE",
        "APPLICATION_ROUTE",
    }  # fmt: skip
    plan = next(r for r in rules.values() if r["kind"] == "COMPETENCE_DISSEMINATION_PLAN")
    assert [k["code"] for k in plan["appliesTo"]] == ["NATIONAL_COMPETENCE_SERVICE"]


async def test_norwegian_service_kinds_with_former_names_and_legal_basis(gql) -> None:
    data = (
        await gql('{ serviceKinds(country: "NO") { code name formerName legalBasis { citation } '
                  "rules { kind } } }", language="nb")
    ).ok()  # fmt: skip
    kinds = {k["code"]: k for k in data["serviceKinds"]}
    assert {"NATIONAL_TREATMENT_SERVICE", "MULTIREGIONAL_TREATMENT_SERVICE",
            "NATIONAL_COMPETENCE_SERVICE"} <= set(kinds)  # fmt: skip
    treatment = kinds["NATIONAL_TREATMENT_SERVICE"]
    assert "landsfunksjon" in (treatment["formerName"] or "").lower()
    assert any("4-3" in lb["citation"] for lb in treatment["legalBasis"])
    assert "ANNUAL_REPORT" in {r["kind"] for r in treatment["rules"]}
