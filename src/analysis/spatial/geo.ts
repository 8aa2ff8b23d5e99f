/**
 * Contiguity weights from GeoJSON polygons (queen or rook), plus polygon centroids.
 *
 * Vertices are matched with a tolerance: coordinates closer than `tol = tolerance × scale` in
 * both x and y are the same point, where `scale` is the largest absolute coordinate (so the
 * default relative tolerance 1e-9 is about 1 cm for lon/lat degrees and 1 mm for metres in a
 * national projection). Each vertex is snapped to a grid of cell `tol` and looked up in its
 * 3 × 3 cell neighbourhood, giving canonical vertex ids in O(total vertices) expected time.
 *
 * - queen: two features are neighbours when they share at least one (canonical) vertex;
 * - rook: when they share an edge, i.e. two consecutive vertices of a ring (in either
 *   direction). Boundaries must therefore be topologically consistent (shared edges digitised
 *   with the same vertices, as in boundaries cut from one coverage). spdep's `poly2nb` rook rule
 *   is looser ("at least two shared boundary points"); ours is the brief's definition.
 *
 * All rings (exterior and holes) count, so an enclave touches the polygon it sits in.
 * Reference: spdep `poly2nb` (queen = TRUE/FALSE, snap); GeoJSON RFC 7946.
 */
import { fail } from '../../core/errors.js';
import type { SpatialWeights } from './types.js';
import { alignCoordinates, reorder, weightsFromPairs, type WeightsOptions } from './weights.js';

/** A GeoJSON Feature (only what we read). */
export interface GeoJSONFeature {
  type?: string;
  id?: string | number;
  properties?: Record<string, unknown> | null;
  geometry: { type: string; coordinates?: unknown } | null;
}

/** A GeoJSON FeatureCollection. */
export interface GeoJSONFeatureCollection {
  type: 'FeatureCollection';
  features: GeoJSONFeature[];
}

/** Options of {@link weightsFromGeoJSON}. */
export interface GeoJSONWeightsOptions extends WeightsOptions {
  /** `'queen'` (default): share a vertex; `'rook'`: share an edge. */
  contiguity?: 'queen' | 'rook';
  /**
   * Property holding the unit name. Default: the feature's `id` member when every feature has
   * one, else the first of `name`, `NAME`, `id`, `ID`, `code` present on every feature.
   */
  idProperty?: string;
  /** Relative vertex tolerance (default 1e-9, see module doc). */
  tolerance?: number;
  /** Reorder the result to this unit order (the data order); default: feature order. */
  units?: string[];
}

type Ring = number[][];

const DEFAULT_ID_PROPS = ['name', 'NAME', 'id', 'ID', 'code'];

function featuresOf(input: GeoJSONFeatureCollection | readonly GeoJSONFeature[], path?: string): readonly GeoJSONFeature[] {
  const feats = Array.isArray(input) ? input : (input as GeoJSONFeatureCollection)?.features;
  if (!Array.isArray(feats)) {
    fail('E_BAD_INPUT', 'GeoJSON input must be a FeatureCollection or an array of Features', {
      location: path ? { path } : undefined,
      hint: 'the file should start with {"type": "FeatureCollection", "features": [...]}',
    });
  }
  return feats as readonly GeoJSONFeature[];
}

/** Unit names of the features (see {@link GeoJSONWeightsOptions.idProperty}). */
export function geoFeatureIds(input: GeoJSONFeatureCollection | readonly GeoJSONFeature[], idProperty?: string, path?: string): string[] {
  const feats = featuresOf(input, path);
  const props = (f: GeoJSONFeature) => (f && typeof f.properties === 'object' && f.properties !== null ? f.properties : {});
  let get: (f: GeoJSONFeature) => unknown;
  if (idProperty !== undefined) {
    get = (f) => props(f)[idProperty];
  } else if (feats.length && feats.every((f) => f && (typeof f.id === 'string' || typeof f.id === 'number'))) {
    get = (f) => f.id;
  } else {
    const p = DEFAULT_ID_PROPS.find((k) => feats.every((f) => props(f)[k] !== undefined && props(f)[k] !== null && props(f)[k] !== ''));
    if (!p) {
      fail(
        'E_BAD_INPUT',
        `GeoJSON features need a unit name: no feature id, and none of the properties ${DEFAULT_ID_PROPS.join(', ')} is set on every feature`,
        {
          location: path ? { path } : undefined,
          hint: 'set idProperty to the property that holds the unit name (e.g. idProperty: "province")',
        },
      );
    }
    get = (f) => props(f)[p];
  }
  return feats.map((f, k) => {
    const v = get(f);
    if ((typeof v !== 'string' && typeof v !== 'number') || String(v).trim() === '') {
      fail('E_BAD_INPUT', `GeoJSON feature ${k} has no unit name${idProperty ? ` in property "${idProperty}"` : ''}`, {
        location: { path: `${path ? `${path}.` : ''}features[${k}]` },
        hint: 'every feature needs a non-empty name or id',
      });
    }
    return String(v).trim();
  });
}

/** Rings of a feature's Polygon/MultiPolygon geometry (null geometry → none), validated. */
function ringsOf(f: GeoJSONFeature, k: number, path?: string): Ring[] {
  const where = { path: `${path ? `${path}.` : ''}features[${k}].geometry` };
  const g = f?.geometry;
  if (g === null || g === undefined) return [];
  const badGeom = (msg: string): never =>
    fail('E_BAD_INPUT', `GeoJSON feature ${k}: ${msg}`, {
      location: where,
      hint: 'contiguity weights need Polygon or MultiPolygon geometries with [x, y] positions',
    });
  let polys: unknown[];
  if (g.type === 'Polygon') polys = [g.coordinates];
  else if (g.type === 'MultiPolygon') polys = Array.isArray(g.coordinates) ? g.coordinates : badGeom('MultiPolygon coordinates must be an array');
  else badGeom(`geometry type "${String(g.type)}" is not Polygon or MultiPolygon`);
  const rings: Ring[] = [];
  for (const poly of polys!) {
    if (!Array.isArray(poly)) badGeom('polygon coordinates must be an array of rings');
    for (const ring of poly as unknown[]) {
      if (!Array.isArray(ring)) badGeom('a ring must be an array of positions');
      for (const p of ring as unknown[]) {
        if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) badGeom(`invalid position ${JSON.stringify(p)}`);
      }
      rings.push(ring as Ring);
    }
  }
  return rings;
}

/**
 * Contiguity weights from polygon features.
 *
 * @param input a FeatureCollection or an array of Features with Polygon/MultiPolygon geometry
 *   (a null geometry gives a unit without neighbours).
 * @param opts `contiguity` ('queen' default | 'rook'), `idProperty`, `tolerance` (relative, 1e-9),
 *   `units` (result order), plus the shared {@link WeightsOptions} (`style` default 'W',
 *   `islands` default 'error'). With `islands: 'nearest'` and no `coordinates`, the polygon
 *   centroids ({@link geoCentroids}) are used.
 *
 * Errors: `E_BAD_INPUT` for malformed features (naming `features[k]`), `E_UNITS_DUPLICATE` for
 * repeated names, `E_ISLANDS` for features touching none (unless an island rule is set).
 * Cost O(total vertices + Σ_v (features at v)²).
 *
 * @example weightsFromGeoJSON(JSON.parse(text), { contiguity: 'rook', idProperty: 'name' })
 */
export function weightsFromGeoJSON(input: GeoJSONFeatureCollection | readonly GeoJSONFeature[], opts: GeoJSONWeightsOptions = {}): SpatialWeights {
  const path = opts.path;
  const feats = featuresOf(input, path);
  const names = geoFeatureIds(feats, opts.idProperty, path);
  const contiguity = opts.contiguity ?? 'queen';
  if (contiguity !== 'queen' && contiguity !== 'rook') {
    fail('E_BAD_OPTION', `invalid contiguity: "${String(contiguity)}" (known: queen, rook)`, {
      location: path ? { path: `${path}.contiguity` } : undefined,
      hint: 'queen: share a vertex; rook: share an edge',
    });
  }
  const relTol = opts.tolerance ?? 1e-9;
  if (!(relTol > 0 && relTol < 1e-2))
    fail('E_BAD_OPTION', `tolerance must be in (0, 0.01), got ${relTol}`, { location: path ? { path: `${path}.tolerance` } : undefined });
  const rings = feats.map((f, k) => ringsOf(f, k, path));
  let scale = 0;
  for (const rs of rings) for (const r of rs) for (const p of r) scale = Math.max(scale, Math.abs(p[0]), Math.abs(p[1]));
  const tol = relTol * (scale > 0 ? scale : 1);

  // Canonical vertex ids by grid snapping with a 3 × 3 neighbourhood lookup.
  const cells = new Map<string, number[]>(); // cell key → canonical ids in that cell
  const cx: number[] = [];
  const cy: number[] = [];
  const vertexId = (x: number, y: number): number => {
    const gx = Math.floor(x / tol);
    const gy = Math.floor(y / tol);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const ids = cells.get(`${gx + dx},${gy + dy}`);
        if (!ids) continue;
        for (const v of ids) if (Math.abs(cx[v] - x) <= tol && Math.abs(cy[v] - y) <= tol) return v;
      }
    }
    const v = cx.length;
    cx.push(x);
    cy.push(y);
    const key = `${gx},${gy}`;
    const list = cells.get(key);
    if (list) list.push(v);
    else cells.set(key, [v]);
    return v;
  };

  // Element (vertex or edge) → features touching it; lastFeature dedupes within a feature.
  const members: number[][] = [];
  const lastFeature: number[] = [];
  const edgeIds = new Map<string, number>();
  const touch = (el: number, f: number) => {
    while (members.length <= el) {
      members.push([]);
      lastFeature.push(-1);
    }
    if (lastFeature[el] !== f) {
      lastFeature[el] = f;
      members[el].push(f);
    }
  };
  for (let f = 0; f < feats.length; f++) {
    for (const ring of rings[f]) {
      const ids = ring.map((p) => vertexId(p[0], p[1]));
      if (contiguity === 'queen') {
        for (const v of ids) touch(v, f);
      } else {
        const m = ids.length;
        // Consecutive pairs, plus the closing edge when the ring is not explicitly closed.
        const last = m > 1 && ids[m - 1] === ids[0] ? m - 1 : m;
        for (let q = 0; q < last; q++) {
          const a = ids[q];
          const b = ids[(q + 1) % m];
          if (a === b) continue;
          const key = a < b ? `${a},${b}` : `${b},${a}`;
          let e = edgeIds.get(key);
          if (e === undefined) {
            e = members.length;
            edgeIds.set(key, e);
          }
          touch(e, f);
        }
      }
    }
  }
  const pairs: [string, string][] = [];
  for (const fs of members) {
    for (let a = 0; a < fs.length; a++) for (let b = a + 1; b < fs.length; b++) pairs.push([names[fs[a]], names[fs[b]]]);
  }
  // Coordinates: polygon centroids when none are given; given ones follow `units`, so align them to the features.
  const coordinates =
    opts.islands !== 'nearest'
      ? opts.coordinates
      : !opts.coordinates
        ? geoCentroids(feats, path)
        : opts.units
          ? alignCoordinates(opts.coordinates, opts.units, names, path)
          : opts.coordinates;
  const W = weightsFromPairs(names, pairs, { ...opts, symmetric: true, coordinates });
  return opts.units ? reorder(W, opts.units, path) : W;
}

/**
 * Area-weighted centroid of each feature's polygons (holes subtract), as x0,y0,x1,y1,… in
 * feature order; a feature with zero total area gets the mean of its vertices, a null
 * geometry NaN. Planar formula (shoelace) on the coordinates as given — adequate for picking
 * a nearest neighbour, not for geodesy. Cost O(total vertices).
 */
export function geoCentroids(input: GeoJSONFeatureCollection | readonly GeoJSONFeature[], path?: string): Float64Array {
  const feats = featuresOf(input, path);
  const out = new Float64Array(2 * feats.length);
  feats.forEach((f, k) => {
    const g = f?.geometry;
    const polys: Ring[][] = g?.type === 'Polygon' ? [g.coordinates as Ring[]] : g?.type === 'MultiPolygon' ? (g.coordinates as Ring[][]) : [];
    ringsOf(f, k, path); // validates
    let A = 0;
    let sx = 0;
    let sy = 0;
    let vx = 0;
    let vy = 0;
    let nv = 0;
    for (const poly of polys) {
      poly.forEach((ring, r) => {
        let a = 0;
        let qx = 0;
        let qy = 0;
        const m = ring.length;
        // Shift to the ring's first vertex for accuracy.
        const x0 = ring[0]?.[0] ?? 0;
        const y0 = ring[0]?.[1] ?? 0;
        for (let i = 0; i < m; i++) {
          const p = ring[i];
          const q = ring[(i + 1) % m];
          const xi = p[0] - x0;
          const yi = p[1] - y0;
          const xj = q[0] - x0;
          const yj = q[1] - y0;
          const c = xi * yj - xj * yi;
          a += c;
          qx += (xi + xj) * c;
          qy += (yi + yj) * c;
          vx += p[0];
          vy += p[1];
          nv++;
        }
        a /= 2;
        if (a === 0) return;
        const cxr = qx / (6 * a) + x0;
        const cyr = qy / (6 * a) + y0;
        const sgn = r === 0 ? 1 : -1; // exterior adds, holes subtract, whatever the orientation
        const area = sgn * Math.abs(a);
        A += area;
        sx += area * cxr;
        sy += area * cyr;
      });
    }
    if (A > 0) {
      out[2 * k] = sx / A;
      out[2 * k + 1] = sy / A;
    } else if (nv > 0) {
      out[2 * k] = vx / nv;
      out[2 * k + 1] = vy / nv;
    } else {
      out[2 * k] = NaN;
      out[2 * k + 1] = NaN;
    }
  });
  return out;
}
