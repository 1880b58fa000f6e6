import pytest

from i18n.languages import SUPPORTED_LANGUAGES, fallback_chain


@pytest.mark.parametrize(
    ("language", "chain"),
    [
        ("nn", ("nn", "nb", "en")),
        ("fo", ("fo", "da", "en")),
        ("kl", ("kl", "da", "en")),
        ("se", ("se", "nb", "en")),
        ("sv", ("sv", "en")),
        ("en", ("en",)),
    ],
)
def test_fallback_chains_end_in_english(language: str, chain: tuple[str, ...]) -> None:
    assert fallback_chain(language) == chain


def test_every_supported_language_has_a_chain_ending_in_english() -> None:
    for language in SUPPORTED_LANGUAGES:
        assert fallback_chain(language)[0] == language
        assert fallback_chain(language)[-1] == "en"
