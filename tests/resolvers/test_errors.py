"""Bad input gets a clear error with a stable code, in the served language; nothing else breaks."""

import pytest


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('{ service(id: "service:does-not-exist") { id } }', "NOT_FOUND"),
        ('{ node(id: "document:does-not-exist") { id } }', "NOT_FOUND"),
        ('{ service(id: "country:NO") { id } }', "NOT_FOUND"),
        ('{ service(id: "not an id") { id } }', "BAD_ID"),
        ('{ services(after: "definitely-not-a-cursor") { totalCount } }', "BAD_CURSOR"),
        ("{ services(first: -1) { totalCount } }", "BAD_PAGE_SIZE"),
        ("{ services(first: 101) { totalCount } }", "BAD_PAGE_SIZE"),
        ('{ services(country: "DE") { totalCount } }', "UNKNOWN_COUNTRY"),
        ('{ countries { name(language: "de") } }', "UNSUPPORTED_LANGUAGE"),
        ("{ applications(roundYear: 12) { totalCount } }", "BAD_USER_INPUT"),
        ("{ services(first: 1) { edges { node { nonsense } } } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ services(first: ", "GRAPHQL_PARSE_FAILED"),
        ('{ services(first: "ten") { totalCount } }', "GRAPHQL_VALIDATION_FAILED"),
    ],
)
async def test_bad_input_gets_a_stable_code(gql, query: str, code: str) -> None:
    response = await gql(query, language="en")
    assert response.http.status_code == 200
    assert response.codes == [code]
    assert response.errors[0]["message"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nb", "Fant ingenting med id-en «service:nope»."),
        ("sv", "Inget hittades med id:t ”service:nope”."),
        ("da", "Der blev ikke fundet noget med id'et »service:nope«."),
        ("fi", "Tunnisteella ”service:nope” ei löytynyt mitään."),
        ("is", "Ekkert fannst með auðkennið „service:nope“."),
        ("en", "Nothing was found with the id “service:nope”."),
        ("nn", "Fann ingenting med id-en «service:nope»."),
        ("fo", "Der blev ikke fundet noget med id'et »service:nope«."),
    ],
)
async def test_errors_speak_the_served_language(gql, language: str, text: str) -> None:
    response = await gql('{ service(id: "service:nope") { id } }', language=language)
    assert response.errors[0]["message"] == text
    assert response.errors[0]["extensions"]["code"] == "NOT_FOUND"


async def test_one_bad_field_leaves_the_others_answered(gql) -> None:
    response = await gql(
        '{ bad: service(id: "service:nope") { id } countries { code } '
        "page: services(first: 500) { totalCount } }",
        language="sv",
    )
    assert sorted(response.codes) == ["BAD_PAGE_SIZE", "NOT_FOUND"]
    assert response.data["bad"] is None
    assert response.data["page"] is None
    assert len(response.data["countries"]) == 8
    page_error = next(e for e in response.errors if e["extensions"]["code"] == "BAD_PAGE_SIZE")
    assert page_error["message"] == "”first” måste vara mellan 0 och 100, men var 500."
    assert page_error["path"] == ["page"]


async def test_a_refused_argument_runs_no_graph_query(gql) -> None:
    response = await gql('{ services(country: "XX") { totalCount } }')
    assert response.codes == ["UNKNOWN_COUNTRY"]
    assert response.round_trips == 0
