// The Nordic map without a tile server: the outline shipped as web/nordic-map.svg (drawn by
// tools/nordic_map.py) and a dot per site, projected with the same Lambert azimuthal equal-area
// parameters the SVG carries. A site without coordinates is placed at its city (web/places.json).

const SVG_NS = "http://www.w3.org/2000/svg";
let outline = null;
let places = null;

async function load() {
  if (outline === null) {
    const [svg, gazetteer] = await Promise.all([
      fetch("/web/nordic-map.svg").then((r) => r.text()),
      fetch("/web/places.json").then((r) => r.json()),
    ]);
    outline = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
    places = gazetteer;
  }
}

export function project(latitude, longitude, params) {
  const rad = Math.PI / 180;
  const lambda = (longitude - params.lon0) * rad;
  const phi = latitude * rad;
  const phi0 = params.lat0 * rad;
  const k = Math.sqrt(
    2 / (1 + Math.sin(phi0) * Math.sin(phi) + Math.cos(phi0) * Math.cos(phi) * Math.cos(lambda)),
  );
  const x = k * Math.cos(phi) * Math.sin(lambda);
  const y =
    k * (Math.cos(phi0) * Math.sin(phi) - Math.sin(phi0) * Math.cos(phi) * Math.cos(lambda));
  return [(x - params.minX) * params.scale, (params.maxY - y) * params.scale];
}

// Where a location goes: its own coordinates, else its city's; null when neither is known.
export function position(location) {
  if (location.coordinates) {
    return { ...location.coordinates, approximate: false };
  }
  const city = location.city && places && places[location.city];
  return city ? { latitude: city[0], longitude: city[1], approximate: true } : null;
}

/**
 * Draw `sites` ({id, name, city, coordinates, country, illustrative, services: [names]}) into
 * `container`. Returns the number of sites placed.
 */
export async function drawMap(container, sites, { label, countries = [], origin = null } = {}) {
  await load();
  const svg = document.importNode(outline, true);
  const d = svg.dataset;
  const params = {
    lon0: Number(d.lon0),
    lat0: Number(d.lat0),
    scale: Number(d.scale),
    minX: Number(d.minX),
    maxY: Number(d.maxY),
  };
  svg.setAttribute("role", "img");
  svg.setAttribute("focusable", "false");
  for (const code of countries) {
    for (const path of svg.querySelectorAll(`[data-country="${code}"]`))
      path.classList.add("found");
  }
  if (origin) {
    for (const path of svg.querySelectorAll(`[data-country="${origin}"]`))
      path.classList.add("origin");
  }
  const layer = svg.querySelector(".sites");
  let placed = 0;
  const byPlace = new Map();
  for (const site of sites) {
    const where = position(site);
    if (!where) continue;
    const [x, y] = project(where.latitude, where.longitude, params);
    const key = `${x.toFixed(0)},${y.toFixed(0)}`;
    const seen = byPlace.get(key) || 0;
    byPlace.set(key, seen + 1);
    // Sites in one city share a spot: fan them out a little so each stays visible.
    const angle = seen * 2.4;
    const spread = seen ? 16 : 0;
    const dot = document.createElementNS(SVG_NS, "circle");
    dot.setAttribute("cx", (x + spread * Math.cos(angle)).toFixed(1));
    dot.setAttribute("cy", (y + spread * Math.sin(angle)).toFixed(1));
    dot.setAttribute("r", "13");
    dot.classList.add("site");
    if (site.illustrative) dot.classList.add("illustrative");
    if (where.approximate) dot.classList.add("approximate");
    dot.dataset.location = site.id;
    const title = document.createElementNS(SVG_NS, "title");
    title.textContent = [site.name, site.city, ...(site.services || [])]
      .filter(Boolean)
      .join(" · ");
    dot.append(title);
    layer.append(dot);
    placed += 1;
  }
  if (label) svg.setAttribute("aria-label", label(placed));
  container.replaceChildren(svg);
  return placed;
}
