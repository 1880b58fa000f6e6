from pathlib import Path

import pytest

from connectors.errors import SourceConfigError
from connectors.sources import FeedFormat, SourceKind, load_sources, parse_source, sources_path

EXAMPLE = """
[[source]]
name = "se-nhv"
kind = "fhir"
url = "https://fhir.example.se/R4/"
country = "se"
token_env = "NORDHUB_SE_NHV_TOKEN"
service_kind = "NATIONAL_HIGHLY_SPECIALISED_CARE"
page_size = 50
retries = 5

[source.identifier_systems]
"urn:oid:1.2.752.29.4.19.1" = "HSA-id"

[[source]]
name = "nordicscir"
kind = "registry-feed"
url = "https://registry.example.no/nordicscir/participation.csv"
country = "NO"
registry = "registry:nordicscir"
registry_scope = "NORDIC"
"""


def test_the_readme_example_reads(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    sources = load_sources(path)
    fhir, feed = sources["se-nhv"], sources["nordicscir"]
    assert (fhir.kind, fhir.url, fhir.country, fhir.language) == (
        SourceKind.FHIR,
        "https://fhir.example.se/R4",
        "SE",
        "sv",
    )
    assert (fhir.page_size, fhir.retry.attempts) == (50, 5)
    assert fhir.identifier_systems == {"urn:oid:1.2.752.29.4.19.1": "HSA-id"}
    assert (feed.kind, feed.format, feed.registry, feed.language) == (
        SourceKind.REGISTRY_FEED,
        FeedFormat.CSV,
        "registry:nordicscir",
        "nb",
    )


def test_credentials_come_only_from_the_named_variable() -> None:
    source = parse_source(
        {"name": "x", "kind": "fhir", "url": "https://x", "country": "DK", "token_env": "X_TOKEN"}
    )
    assert source.headers({"X_TOKEN": "abc"}) == {"Authorization": "Bearer abc"}
    with pytest.raises(SourceConfigError, match="X_TOKEN is not set"):
        source.headers({})
    anonymous = parse_source({"name": "y", "kind": "fhir", "url": "https://y", "country": "FI"})
    assert anonymous.headers({}) == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Se NHV"}, "lower-case"),
        ({"kind": "soap"}, "kind 'soap'"),
        ({"url": "ftp://x"}, "http"),
        ({"country": "DE"}, "country 'DE'"),
        ({"language": "de"}, "language 'de'"),
        ({"page_size": 0}, "page_size"),
        ({"service_kind": "HOSPITAL"}, "service_kind"),
        ({"identifier_systems": {"urn:x": "NPI"}}, "identifier_systems"),
        ({"kind": "registry-feed"}, "registry:<id>"),
    ],
)
def test_mistakes_are_named(change: dict[str, object], message: str) -> None:
    raw = {"name": "se-nhv", "kind": "fhir", "url": "https://x", "country": "SE", **change}
    with pytest.raises(SourceConfigError, match=message):
        parse_source(raw)


def test_a_source_named_twice_or_a_missing_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(EXAMPLE + EXAMPLE.split("[[source]]")[1].join(["[[source]]", ""]), "utf-8")
    with pytest.raises(SourceConfigError, match="configured twice"):
        load_sources(path)
    with pytest.raises(SourceConfigError, match="no sources file"):
        load_sources(tmp_path / "missing.toml")


def test_the_file_is_found_through_the_environment() -> None:
    assert sources_path({"NORDHUB_SOURCES": "/etc/nordhub/sources.toml"}) == Path(
        "/etc/nordhub/sources.toml"
    )
    assert sources_path({}) == Path("sources.toml")
