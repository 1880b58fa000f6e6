"""Every fact says where it came from and when; unconfirmed facts say so."""


async def test_a_fact_from_the_letter_points_at_the_letter(gql) -> None:
    data = (
        await gql('{ decision(id: "decision:hod-avslag-nbt-keratoproteser") { provenance { '
                  "source recordedBy recordedAt illustrative document { title kind date } } } }",
                  language="nb")
    ).ok()["decision"]["provenance"]  # fmt: skip
    assert data["source"] == "document:hod-letter-helse-midt-norge-2012"
    assert data["recordedBy"] == "seed"
    assert data["recordedAt"]
    assert data["illustrative"] is False
    assert data["document"]["kind"] == "LETTER"
    assert data["document"]["date"] is None, "the letter is undated"


async def test_relationships_carry_provenance_too(gql) -> None:
    data = (
        await gql('{ service(id: "service:no-retinoblastom") { sites { location { name } '
                  "provenance { source recordedAt } } } }")
    ).ok()["service"]  # fmt: skip
    assert data["sites"]
    assert all(
        site["provenance"]["source"] and site["provenance"]["recordedAt"] for site in data["sites"]
    )


async def test_illustrative_services_are_hidden_unless_asked_for(gql) -> None:
    query = (
        "query($all: Boolean!) { services(includeIllustrative: $all, first: 100) "
        "{ edges { node { id illustrative provenance { illustrative note } } } } }"
    )
    default = (await gql(query, {"all": False})).ok()["services"]["edges"]
    everything = (await gql(query, {"all": True}, language="en")).ok()["services"]["edges"]
    assert not any(e["node"]["illustrative"] for e in default)
    illustrative = [e["node"] for e in everything if e["node"]["illustrative"]]
    assert len(illustrative) >= 3
    assert all(n["provenance"]["illustrative"] and n["provenance"]["note"] for n in illustrative)
