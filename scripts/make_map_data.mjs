#!/usr/bin/env node
// Makes src/render/map/see.json: the country boundaries of the SEE map that policylab draws
// at build time (src/render/map.rs), projected, clipped and simplified once, here, so the
// build needs no geometry library and no network.
//
// Source: Natural Earth 1:50m Admin 0 countries (public domain), as TopoJSON in the npm
// package world-atlas 2.0.2 (ISC licence), a devDependency in package.json.
//
// How to run, from the repository root:
//
//     npm install
//     node scripts/make_map_data.mjs
//
// What it does:
// 1. decodes the TopoJSON arcs (quantised, delta-encoded) into longitude/latitude;
// 2. projects them with a Lambert conformal conic projection (standard parallels 37°N and
//    47°N, centred on 21°E 42°N) onto a frame that covers 12°E–30°E, 34°N–50°N;
// 3. simplifies each arc (Douglas–Peucker, tolerance TOLERANCE frame units). Arcs are shared
//    by neighbouring countries, so simplifying arcs, not rings, keeps borders identical on
//    both sides: no gaps or slivers;
// 4. joins each country's arcs into rings, clips them to the frame plus a margin (the
//    margin's edges fall outside the SVG viewBox, so they are never seen), drops rings
//    smaller than MIN_AREA, and writes each country as one SVG path with relative
//    coordinates rounded to 0.1.
//
// Kosovo has no id in Natural Earth's data: it is given the EU's user-assigned code XK.
// "Macedonia" is written as North Macedonia (its name since 2019).
// The output is deterministic: same input, same bytes.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const topology = require("world-atlas/countries-50m.json");
const atlasVersion = require("world-atlas/package.json").version;

const OUTPUT = new URL("../src/render/map/see.json", import.meta.url);

// The area the map must show, in degrees.
const AREA = { west: 12, east: 30, south: 34, north: 50 };
// Projection: Lambert conformal conic, spherical.
const PROJECTION = { lon0: 21, lat0: 42, lat1: 37, lat2: 47 };
const WIDTH = 800; // frame width in SVG units; the height follows from the area
const MARGIN = 12; // clipping margin outside the frame, SVG units
const TOLERANCE = 0.45; // Douglas–Peucker tolerance, SVG units
const MIN_AREA = 1.5; // rings smaller than this (SVG units²) are left out

// ISO 3166-1 numeric to alpha-2, for the countries the frame can touch.
const ALPHA2 = {
  "008": "AL", "040": "AT", "070": "BA", "100": "BG", "112": "BY", "191": "HR", "196": "CY",
  "203": "CZ", "250": "FR", "276": "DE", "300": "GR", "348": "HU", "380": "IT", "434": "LY",
  "470": "MT", "498": "MD", "499": "ME", "616": "PL", "642": "RO", "674": "SM", "688": "RS",
  "703": "SK", "705": "SI", "756": "CH", "792": "TR", "804": "UA", "807": "MK", "336": "VA",
  "438": "LI", "788": "TN", "818": "EG", "760": "SY", "422": "LB", "376": "IL", "400": "JO",
  "268": "GE", "643": "RU", "233": "EE", "428": "LV", "440": "LT",
};
// Countries without an id in the data, by their Natural Earth name.
const BY_NAME = { Kosovo: "XK", "N. Cyprus": "CY-N" };
const NAMES = { MK: "North Macedonia", BA: "Bosnia and Herzegovina", XK: "Kosovo" };

// ---------- projection ----------
const rad = (d) => (d * Math.PI) / 180;
const phi1 = rad(PROJECTION.lat1);
const phi2 = rad(PROJECTION.lat2);
const n =
  Math.log(Math.cos(phi1) / Math.cos(phi2)) /
  Math.log(Math.tan(Math.PI / 4 + phi2 / 2) / Math.tan(Math.PI / 4 + phi1 / 2));
const F = (Math.cos(phi1) * Math.pow(Math.tan(Math.PI / 4 + phi1 / 2), n)) / n;
const rho0 = F / Math.pow(Math.tan(Math.PI / 4 + rad(PROJECTION.lat0) / 2), n);

/** Projected, unscaled: x to the east, y to the north. */
function lcc(lon, lat) {
  const rho = F / Math.pow(Math.tan(Math.PI / 4 + rad(lat) / 2), n);
  const theta = n * rad(lon - PROJECTION.lon0);
  return [rho * Math.sin(theta), rho0 - rho * Math.cos(theta)];
}

// The frame: the projected extent of the area's outline.
let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
for (let i = 0; i <= 100; i++) {
  const t = i / 100;
  const lon = AREA.west + (AREA.east - AREA.west) * t;
  const lat = AREA.south + (AREA.north - AREA.south) * t;
  for (const [x, y] of [lcc(lon, AREA.south), lcc(lon, AREA.north), lcc(AREA.west, lat), lcc(AREA.east, lat)]) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
}
const scale = WIDTH / (maxX - minX);
const HEIGHT = Math.round((maxY - minY) * scale);
/** Longitude/latitude to SVG units (y down). */
function project(lon, lat) {
  const [x, y] = lcc(lon, lat);
  return [(x - minX) * scale, (maxY - y) * scale];
}

// ---------- arcs ----------
const [sx, sy] = topology.transform.scale;
const [tx, ty] = topology.transform.translate;
const lonLatArcs = topology.arcs.map((arc) => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => {
    x += dx; y += dy;
    return [x * sx + tx, y * sy + ty];
  });
});
const arcs = lonLatArcs.map((arc) => simplify(arc.map(([lon, lat]) => project(lon, lat)), TOLERANCE));

// Countries that come nowhere near the area are skipped before projecting (the projection
// has no sensible values near the south pole).
const NEAR = { west: AREA.west - 10, east: AREA.east + 10, south: AREA.south - 8, north: AREA.north + 8 };
function near(polygons) {
  for (const polygon of polygons) {
    for (const indexes of polygon) {
      for (const index of indexes) {
        for (const [lon, lat] of lonLatArcs[index >= 0 ? index : ~index]) {
          if (lon >= NEAR.west && lon <= NEAR.east && lat >= NEAR.south && lat <= NEAR.north) return true;
        }
      }
    }
  }
  return false;
}

function simplify(points, tolerance) {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    let best = -1, bestDistance = tolerance;
    for (let i = a + 1; i < b; i++) {
      const d = distanceToSegment(points[i], points[a], points[b]);
      if (d > bestDistance) { best = i; bestDistance = d; }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([a, best], [best, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function distanceToSegment([px, py], [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const length2 = dx * dx + dy * dy;
  let t = length2 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function ring(indexes) {
  const out = [];
  for (const index of indexes) {
    const arc = index >= 0 ? arcs[index] : [...arcs[~index]].reverse();
    out.push(...(out.length ? arc.slice(1) : arc));
  }
  return out;
}

// ---------- clipping (Sutherland–Hodgman against the frame plus the margin) ----------
const CLIP = { x0: -MARGIN, y0: -MARGIN, x1: WIDTH + MARGIN, y1: HEIGHT + MARGIN };
function clip(points) {
  const edges = [
    [(p) => p[0] >= CLIP.x0, (a, b) => cut(a, b, 0, CLIP.x0)],
    [(p) => p[0] <= CLIP.x1, (a, b) => cut(a, b, 0, CLIP.x1)],
    [(p) => p[1] >= CLIP.y0, (a, b) => cut(a, b, 1, CLIP.y0)],
    [(p) => p[1] <= CLIP.y1, (a, b) => cut(a, b, 1, CLIP.y1)],
  ];
  let out = points;
  for (const [inside, intersect] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i];
      const previous = input[(i + input.length - 1) % input.length];
      if (inside(current)) {
        if (!inside(previous)) out.push(intersect(previous, current));
        out.push(current);
      } else if (inside(previous)) {
        out.push(intersect(previous, current));
      }
    }
    if (!out.length) break;
  }
  return out;
}
function cut(a, b, axis, value) {
  const t = (value - a[axis]) / (b[axis] - a[axis]);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}
function area(points) {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[(i + 1) % points.length];
    sum += x0 * y1 - x1 * y0;
  }
  return Math.abs(sum) / 2;
}

// ---------- SVG path data ----------
const r = (v) => Math.round(v * 10);
function pathData(rings) {
  let d = "";
  for (const points of rings) {
    // Integers in tenths, then relative moves: short and exact (no drift from rounding).
    const q = points.map(([x, y]) => [r(x), r(y)]);
    const deduped = q.filter((p, i) => i === 0 || p[0] !== q[i - 1][0] || p[1] !== q[i - 1][1]);
    if (deduped.length < 3) continue;
    d += `M${num(deduped[0][0])} ${num(deduped[0][1])}`;
    let parts = [];
    for (let i = 1; i < deduped.length; i++) {
      parts.push(`${num(deduped[i][0] - deduped[i - 1][0])} ${num(deduped[i][1] - deduped[i - 1][1])}`);
    }
    d += "l" + parts.join(" ") + "z";
  }
  return d;
}
const num = (tenths) => {
  const s = (tenths / 10).toFixed(1).replace(/\.0$/, "");
  return s.replace(/^(-?)0\./, "$1.");
};

// ---------- countries ----------
const countries = [];
for (const geometry of topology.objects.countries.geometries) {
  const name = geometry.properties.name;
  const polygons =
    geometry.type === "Polygon" ? [geometry.arcs] : geometry.type === "MultiPolygon" ? geometry.arcs : [];
  if (!near(polygons)) continue;
  const rings = [];
  for (const polygon of polygons) {
    for (const indexes of polygon) {
      const points = clip(ring(indexes));
      if (points.length >= 3 && area(points) >= MIN_AREA) rings.push(points);
    }
  }
  if (!rings.length) continue;
  const id = geometry.id === undefined ? BY_NAME[name] : ALPHA2[geometry.id];
  if (!id) {
    throw new Error(`no alpha-2 code for ${geometry.id} ${name}: add it to ALPHA2 or BY_NAME`);
  }
  countries.push({ id, name: NAMES[id] ?? name, d: pathData(rings) });
}
countries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const data = {
  source: `Natural Earth 1:50m Admin 0 countries (public domain), from the npm package world-atlas ${atlasVersion} (ISC); made by scripts/make_map_data.mjs`,
  area: AREA,
  projection: {
    kind: "lambert_conformal_conic",
    ...PROJECTION,
    // frame = ((x - x_min) * scale, (y_max - y) * scale) of the unscaled projection
    x_min: minX,
    y_max: maxY,
    scale,
  },
  width: WIDTH,
  height: HEIGHT,
  countries,
};
const text = JSON.stringify(data, null, 0).replace(/\},\{"id"/g, '},\n{"id"') + "\n";
writeFileSync(OUTPUT, text);
const written = (() => {
  try {
    return readFileSync(OUTPUT, "utf8").length;
  } catch {
    return 0;
  }
})();
console.log(`${countries.length} countries, ${written} bytes written to src/render/map/see.json`);
