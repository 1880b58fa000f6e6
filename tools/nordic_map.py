"""Draw the page's map of the Nordic countries (nordhub/web/nordic-map.svg).

The outline is Natural Earth's 1:50m admin-0 boundaries (public domain) as redistributed in the npm
package ``world-atlas`` 2.0.2 (TopoJSON, ISC). The page needs no tile server: it ships this SVG and
places dots with the same projection, whose parameters sit on the root element as data attributes.
The projection is written once, as ``project`` in ``nordhub/web/map.js``; this generator (and the
tests) run that very function in Node (:func:`project_points`).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/nordic_map.py package/countries-50m.json nordhub/web/nordic-map.svg
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

# A Lambert azimuthal equal-area projection centred on the Nordic region.
LON0, LAT0 = 8.0, 63.0
WIDTH = 1000.0
# The part drawn: Iceland and the Faroes to the Finnish border, Jutland to the North Cape.
EXTENT = [(-25.0, 63.0), (-25.0, 67.0), (-7.0, 61.5), (31.5, 70.5), (32.0, 60.0), (8.0, 54.3),
          (12.0, 53.9), (26.0, 71.3), (-14.0, 66.6)]  # fmt: skip
PADDING = 0.01

# ISO 3166-1 numeric (world-atlas ids) to alpha-2; Åland is drawn as part of Finland's group.
NORDIC = {"578": "NO", "752": "SE", "208": "DK", "246": "FI", "352": "IS", "234": "FO",
          "304": "GL", "248": "AX"}  # fmt: skip
NEIGHBOURS = {"643", "233", "428", "440", "276", "616", "112", "826", "372", "528"}


Point = tuple[float, float]
MAP_JS = Path(__file__).resolve().parents[1] / "nordhub" / "web" / "map.js"
_RUN_PROJECT = """
import { project } from %s;
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { points, params } = JSON.parse(input);
  process.stdout.write(JSON.stringify(points.map(([lon, lat]) => project(lat, lon, params))));
});
"""


def project_points(
    points: Sequence[tuple[float, float]], params: Mapping[str, float]
) -> list[tuple[float, float]]:
    """``(longitude, latitude)`` points as the page places them: ``project`` of web/map.js, run in
    Node, with ``params`` (``lon0``, ``lat0``, ``scale``, ``minX``, ``maxY``: the SVG's data)."""
    done = subprocess.run(  # noqa: S603 - our own script and file
        ["node", "--input-type=module", "-e", _RUN_PROJECT % json.dumps(MAP_JS.as_uri())],  # noqa: S607
        input=json.dumps({"points": points, "params": params}),
        capture_output=True,
        text=True,
        check=True,
    )
    return [(float(x), float(y)) for x, y in json.loads(done.stdout)]


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def clip(
    points: list[tuple[float, float]], box: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """Sutherland–Hodgman against an axis-aligned box (in screen coordinates)."""
    x0, y0, x1, y1 = box
    edges: list[tuple[Callable[[Point], bool], Callable[[Point, Point], Point]]] = [
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    ]
    for inside, cross in edges:
        if not points:
            break
        result: list[tuple[float, float]] = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
            previous = current
        points = result
    return points


def _at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def path(points: list[tuple[float, float]], tolerance: float = 0.6) -> str:
    kept: list[tuple[float, float]] = []
    for point in points:
        if not kept or math.dist(point, kept[-1]) >= tolerance:
            kept.append(point)
    if len(kept) < 3:
        return ""
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z"


def main(source: Path, target: Path) -> None:
    topology = json.loads(source.read_text())
    arcs = decode_arcs(topology)
    # Unscaled, the page's projection gives (x, -y) of the plane.
    unscaled = {"lon0": LON0, "lat0": LAT0, "scale": 1.0, "minX": 0.0, "maxY": 0.0}
    projected = [(x, -y) for x, y in project_points(EXTENT, unscaled)]
    min_x, max_x = min(p[0] for p in projected), max(p[0] for p in projected)
    min_y, max_y = min(p[1] for p in projected), max(p[1] for p in projected)
    pad = PADDING * (max_x - min_x)
    min_x, max_x, min_y, max_y = min_x - pad, max_x + pad, min_y - pad, max_y + pad
    scale = WIDTH / (max_x - min_x)
    height = (max_y - min_y) * scale
    box = (-2.0, -2.0, WIDTH + 2, height + 2)
    params = {"lon0": LON0, "lat0": LAT0, "scale": scale, "minX": min_x, "maxY": max_y}

    drawn = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = NORDIC.get(geometry.get("id", ""))
        if code is None and geometry.get("id") not in NEIGHBOURS:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(arcs, indexes) for polygon in polygons for indexes in polygon]
        drawn.append((code, rings))
    # Every point at once: one Node process for the whole map.
    flat = [point for _, rings in drawn for r in rings for point in r]
    screen = iter(project_points(flat, params))

    shapes = []
    for code, rings in drawn:
        parts = [path(clip([next(screen) for _ in r], box)) for r in rings]
        d = "".join(p for p in parts if p)
        if not d:
            continue
        if code is None:
            shapes.append(f'<path class="neighbour" d="{d}"/>')
        else:
            country = "FI" if code == "AX" else code
            shapes.append(
                f'<path class="country" data-country="{country}" data-area="{code}" d="{d}"/>'
            )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="nordic-map" '
        f'viewBox="0 0 {WIDTH:.0f} {height:.0f}" data-projection="laea" '
        f'data-lon0="{LON0}" data-lat0="{LAT0}" data-scale="{scale:.4f}" '
        f'data-min-x="{min_x:.6f}" data-max-y="{max_y:.6f}">'
        "<!-- Natural Earth 1:50m admin-0 (public domain) via world-atlas 2.0.2; "
        "drawn by tools/nordic_map.py -->"
        f'<rect class="sea" width="{WIDTH:.0f}" height="{height:.0f}"/>'
        + "".join(shapes)
        + '<g class="sites"></g></svg>\n'
    )
    target.write_text(svg)
    print(f"{target}: {len(svg)} bytes, {WIDTH:.0f}x{height:.0f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
