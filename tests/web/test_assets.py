"""The page's shipped files agree with each other and with the hub: every UI string in every
catalog language, the map's projection, and a place for every seeded site."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest

from i18n.messages import LOCALES_DIR
from tools.nordic_map import project_points

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "nordhub" / "web"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _strings(language: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((WEB / "i18n" / f"{language}.json").read_text("utf-8"))
    return data


def _ui_languages() -> list[str]:
    languages: list[str] = json.loads((WEB / "i18n" / "languages.json").read_text("utf-8"))
    return languages


def test_the_page_has_strings_for_every_catalog_language() -> None:
    catalogs = {path.name for path in LOCALES_DIR.iterdir() if (path / "LC_MESSAGES").is_dir()}
    assert set(_ui_languages()) == catalogs
    assert {path.stem for path in (WEB / "i18n").glob("*.json")} == catalogs | {"languages"}


@pytest.mark.parametrize("language", _ui_languages())
def test_every_string_is_translated(language: str) -> None:
    english, strings = _strings("en"), _strings(language)
    assert list(strings) == list(english), f"{language}: keys differ from en.json"
    for key, text in strings.items():
        assert text.strip(), f"{language}: {key} is empty"
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), (
            f"{language}: placeholders differ in {key}"
        )
    if language != "en":
        same = [k for k, v in strings.items() if v == english[k] and PLACEHOLDER.sub("", v).strip()]
        assert len(same) < 8, f"{language}: untranslated? {same}"


def test_every_key_the_page_uses_exists() -> None:
    english = _strings("en")
    script = "\n".join(path.read_text("utf-8") for path in WEB.glob("*.js"))
    html = (WEB / "index.html").read_text("utf-8")
    used = set(re.findall(r'\bt\("([\w.]+)"', script))
    used |= {f"{key}.other" for key in re.findall(r'\btn\("([\w.]+)"', script)}
    used |= set(re.findall(r'data-i18n(?:-aria-label)?="([\w.]+)"', html))
    assert used, "no keys found: has the page changed how it looks strings up?"
    assert used - set(english) == set()
    # Keys built from enum values (t(`status.${...}`)) must cover the schema's enums.
    sdl = (ROOT / "schema" / "schema.graphql").read_text("utf-8")
    for prefix, enum in [
        ("status", "ServiceStatus"),
        ("projectStatus", "ProjectStatus"),
        ("projectArea", "ProjectArea"),
        ("logKind", "LogEntryKind"),
        ("role", "ParticipantRole"),
    ]:
        body = re.search(rf"enum {enum} {{([^}}]*)}}", sdl)
        assert body is not None, enum
        for value in body.group(1).split():
            assert f"{prefix}.{value}" in english, f"no string for {enum}.{value}"


def _svg() -> ElementTree.Element:
    # The project's own file, not untrusted input.
    return ElementTree.parse(WEB / "nordic-map.svg").getroot()  # noqa: S314


def _project(latitude: float, longitude: float, svg: ElementTree.Element) -> tuple[float, float]:
    """Where the page puts a point: web/map.js's own ``project`` (run in Node), with the SVG's
    parameters, as the page reads them."""
    params = {
        "lon0": float(svg.get("data-lon0", "")),
        "lat0": float(svg.get("data-lat0", "")),
        "scale": float(svg.get("data-scale", "")),
        "minX": float(svg.get("data-min-x", "")),
        "maxY": float(svg.get("data-max-y", "")),
    }
    (found,) = project_points([(longitude, latitude)], params)
    return found


def _bounds(svg: ElementTree.Element, country: str) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for path in svg.iter("{http://www.w3.org/2000/svg}path"):
        if path.get("data-country") == country:
            for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", path.get("d", "")):
                xs.append(float(x))
                ys.append(float(y))
    assert xs, f"no outline for {country}"
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize(
    ("country", "city", "latitude", "longitude"),
    [
        ("NO", "Tromsø", 69.649, 18.955),
        ("SE", "Stockholm", 59.329, 18.069),
        ("DK", "Aarhus", 56.157, 10.211),
        ("FI", "Kuopio", 62.893, 27.678),
        ("IS", "Reykjavík", 64.135, -21.895),
    ],
)
def test_cities_land_inside_their_country_on_the_map(
    country: str, city: str, latitude: float, longitude: float
) -> None:
    svg = _svg()
    width, height = map(float, svg.get("viewBox", "").split()[2:])
    x, y = _project(latitude, longitude, svg)
    assert 0 < x < width and 0 < y < height, city
    left, top, right, bottom = _bounds(svg, country)
    assert left <= x <= right and top <= y <= bottom, f"{city} falls outside {country}"


def test_every_seeded_site_has_a_place_on_the_map() -> None:
    places = json.loads((WEB / "places.json").read_text("utf-8"))
    locations = tomllib.loads((ROOT / "graph/seed/data/locations.toml").read_text("utf-8"))
    for location in locations["location"]:
        has_coordinates = "latitude" in location and "longitude" in location
        assert has_coordinates or location.get("city") in places, location["id"]
