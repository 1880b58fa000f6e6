"""The committed .pot matches the code, and every catalog translates every message."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from i18n.languages import fallback_chain
from i18n.messages import LOCALES_DIR, gettext

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "i18n" / "messages.pot"
CATALOGS = ("nb", "nn", "sv", "da", "fi", "is", "en")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def test_pot_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract",
            "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "gettext", "--no-location",
            "-o", str(fresh), "nordhub", "schema", "resolvers", "graph", "connectors", "i18n",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )  # fmt: skip
    assert _ids(fresh) == _ids(POT), "run `make i18n` and translate the new messages"


@pytest.mark.parametrize("language", CATALOGS)
def test_catalog_translates_every_message(language: str) -> None:
    path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = {str(m.id): str(m.string) for m in catalog if m.id}
    for message_id in _ids(POT):
        text = translated.get(message_id, "")
        assert text, f"{language}: no translation for {message_id!r}"
        assert "fuzzy" not in catalog[message_id].flags, f"{language}: fuzzy {message_id!r}"
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(message_id)), (
            f"{language}: placeholders differ in {message_id!r}"
        )


def test_messages_follow_the_fallback_chain() -> None:
    message = "Nothing was found with the id “{id}”."
    assert gettext(message, "sv", id="x") == "Inget hittades med id:t ”x”."
    assert fallback_chain("fo")[1] == "da"
    assert gettext(message, "fo", id="x") == gettext(message, "da", id="x")
    assert gettext(message, "se", id="x") == gettext(message, "nb", id="x")
