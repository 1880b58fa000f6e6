import datetime as dt

import pytest

from i18n.cldr import country_name, country_names, format_date, language_name


@pytest.mark.parametrize(
    ("language", "name"),
    [("sv", "Norge"), ("fi", "Norja"), ("nn", "Noreg"), ("is", "Noregur"), ("en", "Norway")],
)
def test_country_names_come_from_cldr(language: str, name: str) -> None:
    assert country_name("NO", language) == name


def test_country_names_cover_every_supported_language() -> None:
    names = country_names("IS")
    assert names["is"] == "Ísland"
    assert names["fi"] == "Islanti"
    assert set(names) >= {"nb", "nn", "sv", "da", "fi", "is", "en"}


def test_language_names_are_in_the_served_language() -> None:
    assert language_name("fi", "sv") == "finska"
    assert language_name("sv", "fi") == "ruotsi"


def test_dates_are_formatted_per_locale() -> None:
    assert format_date(dt.date(2013, 2, 26), "nb") == "26. februar 2013"
    assert format_date(dt.date(2013, 2, 26), "en") == "February 26, 2013"
