"""``nordhub compose``: the hub's subgraph composed with partners' subgraphs into a supergraph.

Subgraphs come from a rover-style config (``supergraph.yaml``) and/or ``--subgraph NAME=SOURCE``,
where SOURCE is an SDL file or a subgraph URL (its SDL is read from ``_service { sdl }``). The
hub itself is always part of it: from the config when listed as ``nordhub``, else its live SDL.
Prints the supergraph SDL; on failure every composition error with Apollo's code, and exit 1.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import httpx
import yaml

from nordhub.gateway import Composition, CompositionError, HarnessError, Subgraph, compose

HUB_NAME = "nordhub"
DEFAULT_HUB_URL = "http://127.0.0.1:8000/graphql"
_SDL_QUERY = "{ _service { sdl } }"


class ConfigError(HarnessError):
    """Raised when the supergraph config or a subgraph source cannot be used."""


@dataclass(frozen=True, slots=True)
class SubgraphSource:
    """Where a subgraph's SDL comes from (a file or a URL) and where a gateway routes to it."""

    name: str
    routing_url: str
    file: Path | None = None
    subgraph_url: str | None = None

    def load(self, timeout_s: float = 15.0) -> Subgraph:
        if self.file is not None:
            try:
                sdl = self.file.read_text(encoding="utf-8")
            except OSError as e:
                raise ConfigError(f"{self.name}: cannot read {self.file}: {e}") from e
            return Subgraph(self.name, self.routing_url, sdl)
        assert self.subgraph_url is not None
        return Subgraph(self.name, self.routing_url, fetch_sdl(self.subgraph_url, timeout_s))


def fetch_sdl(url: str, timeout_s: float = 15.0) -> str:
    """A subgraph's SDL from its ``_service { sdl }`` (open even with introspection off)."""
    try:
        response = httpx.post(url, json={"query": _SDL_QUERY}, timeout=timeout_s)
        sdl = response.json()["data"]["_service"]["sdl"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as e:
        raise ConfigError(f"{url} did not answer {_SDL_QUERY}: {e}") from e
    if not isinstance(sdl, str):
        raise ConfigError(f"{url} answered {_SDL_QUERY} without an SDL")
    return sdl


def read_config(path: Path) -> list[SubgraphSource]:
    """Subgraphs from a rover-style ``supergraph.yaml``; files are relative to the config."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"cannot read {path}: {e}") from e
    subgraphs = raw.get("subgraphs") if isinstance(raw, dict) else None
    if not isinstance(subgraphs, dict) or not subgraphs:
        raise ConfigError(f"{path}: expected a `subgraphs:` mapping of name to subgraph")
    return [_configured(name, entry, path.parent) for name, entry in subgraphs.items()]


def _configured(name: str, entry: Any, base: Path) -> SubgraphSource:
    schema = entry.get("schema") if isinstance(entry, dict) else None
    if not isinstance(schema, dict):
        raise ConfigError(f"subgraph {name}: expected `schema: {{file: ...}}` or `subgraph_url`")
    routing_url = entry.get("routing_url")
    if "file" in schema:
        file = base / str(schema["file"])
        return SubgraphSource(name, str(routing_url or _placeholder(name)), file=file)
    if "subgraph_url" in schema:
        url = str(schema["subgraph_url"])
        return SubgraphSource(name, str(routing_url or url), subgraph_url=url)
    raise ConfigError(f"subgraph {name}: `schema` needs `file` or `subgraph_url`")


def parse_source(spec: str) -> SubgraphSource:
    """``NAME=URL`` or ``NAME=FILE`` (optionally ``NAME=FILE@ROUTING_URL``)."""
    name, sep, source = spec.partition("=")
    if not sep or not name or not source:
        raise ConfigError(f"--subgraph {spec!r}: write NAME=FILE or NAME=URL")
    if source.startswith(("http://", "https://")):
        return SubgraphSource(name, source, subgraph_url=source)
    file, _, routing_url = source.partition("@")
    return SubgraphSource(name, routing_url or _placeholder(name), file=Path(file))


def _placeholder(name: str) -> str:
    return f"http://{name}.invalid/graphql"


def subgraphs_to_compose(
    configured: Sequence[SubgraphSource], hub_url: str = DEFAULT_HUB_URL
) -> list[SubgraphSource | Subgraph]:
    """The configured subgraphs, with the hub's live SDL first unless the config names it."""
    names = [s.name for s in configured]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"subgraph names must be unique: {', '.join(duplicates)}")
    if HUB_NAME in names:
        return list(configured)
    from nordhub.sdl import export_sdl

    return [Subgraph(HUB_NAME, hub_url, export_sdl()), *configured]


def compose_sources(
    configured: Sequence[SubgraphSource], hub_url: str = DEFAULT_HUB_URL
) -> Composition:
    loaded = [
        s if isinstance(s, Subgraph) else s.load()
        for s in subgraphs_to_compose(configured, hub_url)
    ]
    return compose(loaded)


def report(error: CompositionError, out: TextIO) -> None:
    """Composition errors, one block each: code, the subgraphs involved, and Apollo's message."""
    count = len(error.problems)
    out.write(f"composition failed: {count} error{'s' if count != 1 else ''}\n")
    for problem in error.problems:
        involved = f" ({', '.join(problem.subgraphs)})" if problem.subgraphs else ""
        out.write(f"\n{problem.code}{involved}\n")
        for line in problem.message.splitlines():
            out.write(f"    {line}\n")


def run(
    *,
    config: Path | None,
    subgraphs: Sequence[str],
    hub_url: str,
    output: Path | None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """The command: 0 composed, 1 composition errors (each printed); an unusable config or an
    unreachable subgraph raises :class:`HarnessError` (the CLI says it, exit status 2)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        configured = read_config(config) if config is not None else []
        configured += [parse_source(spec) for spec in subgraphs]
        composition = compose_sources(configured, hub_url)
    except CompositionError as e:
        report(e, err)
        return 1
    if output is not None:
        output.write_text(composition.supergraph_sdl, encoding="utf-8")
    else:
        out.write(composition.supergraph_sdl)
    if composition.hints:
        err.write(f"composed with {len(composition.hints)} hint(s):\n")
        for hint in composition.hints:
            err.write(f"  [{hint.code}] {hint.message.splitlines()[0]}\n")
    return 0


def options(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for :func:`run` from the CLI's parsed arguments."""
    return {
        "config": Path(arguments["config"]) if arguments.get("config") else None,
        "subgraphs": list(arguments.get("subgraph") or ()),
        "hub_url": arguments.get("hub_url") or DEFAULT_HUB_URL,
        "output": Path(arguments["output"]) if arguments.get("output") else None,
    }
