import pytest

from i18n.negotiation import negotiate


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("sv", "sv"),
        ("fi", "fi"),
        ("nn", "nn"),
        ("sv-FI", "sv"),
        ("sv-FI, fi;q=0.8", "sv"),
        ("fi;q=0.5, sv;q=0.9", "sv"),
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("is-IS,is;q=0.9,en;q=0.5", "is"),
        ("se", "se"),
        ("fo-FO", "fo"),
        ("kl", "kl"),
        ("de-DE, fr;q=0.9", "en"),
        ("de, da;q=0.3", "da"),
        ("*", "en"),
        ("", "en"),
        (None, "en"),
        ("sv;q=0, fi", "fi"),
    ],
)
def test_negotiates_the_served_language(header: str | None, served: str) -> None:
    assert negotiate(header) == served
