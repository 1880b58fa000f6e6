from pathlib import Path

import pytest

from nordhub.settings import Settings, SettingsError


def test_defaults_start_the_local_neo4j() -> None:
    settings = Settings.from_env({})
    assert settings.neo4j.uri is None
    assert settings.port == 8000
    assert settings.max_page_size == 100


def test_a_server_is_configured_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "NEO4J_URI": "neo4j+s://example.databases.neo4j.io",
            "NEO4J_USER": "reader",
            "NEO4J_PASSWORD": "secret",
            "NEO4J_DATABASE": "nordic",
            "NORDHUB_PORT": "9000",
            "NORDHUB_STATE_DIR": str(tmp_path),
            "NORDHUB_GRAPHIQL": "false",
        }
    )
    assert settings.neo4j.uri == "neo4j+s://example.databases.neo4j.io"
    assert settings.neo4j.database == "nordic"
    assert settings.port == 9000
    assert settings.state_dir == tmp_path
    assert settings.graphiql is False
    assert "secret" not in repr(settings)


@pytest.mark.parametrize(
    "environ",
    [
        {"NEO4J_URI": "bolt://x:7687"},
        {"NORDHUB_PORT": "eighty"},
        {"NORDHUB_GRAPHIQL": "maybe"},
        {"NORDHUB_MAX_PAGE_SIZE": "0"},
    ],
)
def test_unusable_values_are_refused(environ: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env(environ)
