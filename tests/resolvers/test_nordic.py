"""Nordic cooperation on highly specialised treatment, as the source page tells it."""

QUERY = """
{
  collaborationProject(id: "project:nordic-highly-specialised-treatment") {
    title area status statusDerivedFrom periodStart periodEnd
    starts { precision year text latest } ends { precision year text latest }
    participants {
      role
      party { __typename ... on Organisation { id name } ... on Country { code } }
    }
    subprojects { id area title }
    log { kind date text document { id } }
    decisions { outcome date decidedBy { shortName id } }
  }
  expertGroup: organisation(id: "org:nordisk-ekspertgruppe-hoyspesialisert") {
    kind memberCountries { code }
  }
}
"""


async def test_the_programme_its_secretariat_and_pilots(gql) -> None:
    data = (await gql(QUERY, language="en")).ok()
    programme = data["collaborationProject"]
    assert programme["area"] == "PROGRAMME"
    # "treårsperioden 2013 – 2015": years, not days; and the programme has ENDED, derived.
    assert (programme["periodStart"], programme["periodEnd"]) == (None, None)
    assert (programme["starts"]["precision"], programme["starts"]["year"]) == ("YEAR", 2013)
    assert (programme["ends"]["text"], programme["ends"]["latest"]) == ("2015", "2015-12-31")
    assert programme["status"] == "ENDED"
    assert "2015" in programme["statusDerivedFrom"]
    roles = {
        (p["role"], p["party"].get("id") or p["party"].get("code"))
        for p in programme["participants"]
    }
    assert ("SECRETARIAT", "org:helsedirektoratet") in roles
    assert {("PARTNER", c) for c in ("SE", "DK", "FI", "NO")} <= roles

    endorsed = [d for d in programme["decisions"] if d["outcome"] == "ENDORSED"]
    assert endorsed == [{"outcome": "ENDORSED", "date": "2013-02-26",
                         "decidedBy": {"shortName": "EK-S", "id": "org:ek-s"}}]  # fmt: skip
    assert any(e["date"] == "2013-02-26" and e["kind"] == "MEETING" for e in programme["log"])

    areas = {p["id"]: p["area"] for p in programme["subprojects"]}
    assert areas["project:nordic-scir-registry"] == "QUALITY_REGISTRY"
    assert areas["project:nordic-arthroplasty-registry-ankle-wrist"] == "QUALITY_REGISTRY"
    assert areas["project:nordic-paediatric-surgery-gi-malformations"] == "COMPETENCE_DEVELOPMENT"
    assert areas["project:nordic-competence-other-field"] == "COMPETENCE_DEVELOPMENT"
    assert areas["project:nordic-common-procedures-criteria"] == "COMMON_CRITERIA"

    members = {c["code"] for c in data["expertGroup"]["memberCountries"]}
    assert members == {"SE", "DK", "FI", "NO"}


async def test_nordicscir_participation_and_coverage(gql) -> None:
    data = (
        await gql('{ qualityRegistry(id: "registry:nordicscir") { scope established '
                  "holder { name } participatingCountries { code } "
                  "coverage { year percent newCases "
                  "totalRegistered } covers { __typename } } }", language="nb")
    ).ok()["qualityRegistry"]  # fmt: skip
    assert data["scope"] == "NORDIC"
    assert data["established"] == 2017
    assert data["holder"]["name"].startswith("St. Olavs hospital")
    assert {c["code"] for c in data["participatingCountries"]} == {"DK", "NO", "IS", "SE"}
    assert data["coverage"] == [
        {"year": 2022, "percent": 84.0, "newCases": 282, "totalRegistered": 1634}
    ]
    assert data["covers"], "NordicSCIR covers spinal cord injury"
