"""The subgraph SDL as the gateway sees it, and where its committed copy lives."""

from __future__ import annotations

from pathlib import Path

from nordhub.schema import build_schema

SDL_PATH = Path(__file__).resolve().parents[1] / "schema" / "schema.graphql"


def export_sdl() -> str:
    schema = build_schema()
    sdl = schema.as_str()
    return sdl if sdl.endswith("\n") else sdl + "\n"
