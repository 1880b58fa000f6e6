from nordhub.sdl import SDL_PATH, export_sdl


def test_committed_sdl_is_current() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == export_sdl(), (
        "the schema changed: run `python -m nordhub export-schema --output schema/schema.graphql`"
    )
