"""The 2012 application round of Helse Midt-Norge RHF, as the HOD letter decided it."""

QUERY = """
{
  applications(roundYear: 2012, submittedBy: "org:helse-midt-norge-rhf", first: 50) {
    totalCount
    edges { node {
      id title proposedKind
      submittedBy { name }
      list { submittedOn }
      proposedService { status }
      assessments { date recommendation assessedBy { shortName } }
      decision {
        outcome deadline reason
        deadlineFor { name }
        legalBasis { citation }
        decidedBy { shortName }
        recommends { id }
        document { id signedBy copiedTo { name } }
      }
    } }
  }
}
"""


async def test_the_2012_helse_midt_norge_round_with_outcomes_and_legal_bases(gql) -> None:
    data = (await gql(QUERY, language="nb")).ok()["applications"]
    assert data["totalCount"] == 4
    by_title = {e["node"]["title"]: e["node"] for e in data["edges"]}

    bipolar = by_title["Nasjonal kompetansetjeneste for bipolare lidelse"]
    assert bipolar["proposedKind"] == "NATIONAL_COMPETENCE_SERVICE"
    assert bipolar["decision"]["outcome"] == "REJECTED"
    assert bipolar["decision"]["legalBasis"] == [{"citation": "Forskrift 1706/2010 § 4-5"}]
    assert "psykisk helsevern" in bipolar["decision"]["reason"]
    assert bipolar["decision"]["decidedBy"]["shortName"] == "HOD"

    kpro = by_title["Nasjonal behandlingstjeneste for keratoproteser"]
    assert kpro["proposedKind"] == "NATIONAL_TREATMENT_SERVICE"
    assert kpro["decision"]["outcome"] == "REJECTED"
    assert kpro["decision"]["legalBasis"] == [{"citation": "Forskrift 1706/2010 § 4-3"}]
    assert "for lite pasientvolum" in kpro["decision"]["reason"]
    assert kpro["decision"]["recommends"] == [
        {"id": "project:nordic-keratoprosthesis-needs-assessment"}
    ]
    assert kpro["assessments"][0]["recommendation"] == "NORDIC_COOPERATION"
    assert kpro["assessments"][0]["date"] == "2012-11-02"
    assert kpro["proposedService"]["status"] == "REJECTED"

    further = [n for n in by_title.values() if n["decision"]["outcome"] == "FURTHER_ASSESSMENT"]
    assert sorted(n["title"] for n in further) == [
        "Nasjonal kompetansetjeneste for kirurgisk behandling av rygg- og nakkesykdommer",
        "Nasjonal kompetansetjeneste for trening som medisin",
    ]
    for node in further:
        assert node["decision"]["deadline"] == "2013-05-01"
        assert node["decision"]["deadlineFor"]["name"] == "Helsedirektoratet"

    for node in by_title.values():
        assert node["submittedBy"]["name"] == "Helse Midt-Norge RHF"
        assert node["list"]["submittedOn"] == "2012-05-30"
        letter = node["decision"]["document"]
        assert letter["id"] == "document:hod-letter-helse-midt-norge-2012"
        assert any("Maiken Engelstad" in s for s in letter["signedBy"])
        assert {o["name"] for o in letter["copiedTo"]} >= {
            "Helse Vest RHF", "Helse Nord RHF", "Helse Sør-Øst RHF", "Helsedirektoratet",
        }  # fmt: skip


async def test_decisions_answer_in_english_too(gql) -> None:
    data = (await gql(QUERY, language="en")).ok()["applications"]
    kpro = next(e["node"] for e in data["edges"] if e["node"]["id"].endswith("keratoproteser"))
    assert kpro["title"] == "National treatment service for keratoprostheses"
    assert "too small" in kpro["decision"]["reason"]
    assert kpro["decision"]["legalBasis"][0]["citation"].endswith("§ 4-3")


async def test_outcome_filter(gql) -> None:
    data = (
        await gql(
            "{ applications(roundYear: 2012, outcomes: [REJECTED]) { edges { node { id } } } }"
        )
    ).ok()
    ids = {e["node"]["id"] for e in data["applications"]["edges"]}
    assert ids == {
        "application:2012-hmn-nkt-bipolare-lidelser",
        "application:2012-hmn-nbt-keratoproteser",
    }


async def test_application_lists_of_a_round(gql) -> None:
    data = (
        await gql("{ applicationLists(roundYear: 2012) { submittedOn "
                  "submittedBy { shortName name } "
                  "applications { id } } }", language="nb")
    ).ok()  # fmt: skip
    by_authority = {lst["submittedBy"]["name"]: lst for lst in data["applicationLists"]}
    assert set(by_authority) == {
        "Helse Nord RHF", "Helse Vest RHF", "Helse Midt-Norge RHF", "Helse Sør-Øst RHF",
    }  # fmt: skip
    assert len(by_authority["Helse Midt-Norge RHF"]["applications"]) == 4
    assert len(by_authority["Helse Vest RHF"]["applications"]) == 3
