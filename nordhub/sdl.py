"""The subgraph SDL as the gateway sees it, and where its committed copy lives."""

from __future__ import annotations

from pathlib import Path

SDL_PATH = Path(__file__).resolve().parent / "schema.graphql"


def export_sdl() -> str:
    from schema.root import build_schema

    schema = build_schema()
    sdl = schema.as_str()
    return sdl if sdl.endswith("\n") else sdl + "\n"
