import { describe, expect, it } from 'vitest';
import { geoCentroids, weightsFromGeoJSON, type GeoJSONFeature } from '../../../src/analysis/spatial/geo.js';
import { weightsSummary, type SpatialWeights } from '../../../src/analysis/spatial/weights.js';
import { catchNqpf } from '../../io/catch-nqpf.js';
import { close } from '../../helpers/shared.js';

/** Directed links as "a>b" names. */
function linkNames(W: SpatialWeights): string[] {
  const s: string[] = [];
  for (let i = 0; i < W.units.length; i++) for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) s.push(`${W.units[i]}>${W.units[W.indices[k]]}`);
  return s.sort();
}

/**
 * 3 × 3 grid of unit squares offset to lon/lat-like magnitudes (x ≈ 110, y ≈ 30). Cell (c, r) is
 * named `c${c}r${r}`. Odd cells are written clockwise, even counter-clockwise; every other ring is
 * left unclosed; vertices get a jitter of 1e-11 (far below the 1e-9 × 113 ≈ 1e-7 tolerance).
 */
function grid(jitter = 1e-11): GeoJSONFeature[] {
  const feats: GeoJSONFeature[] = [];
  let k = 0;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      const x = 110 + c;
      const y = 30 + r;
      const j = (q: number) => (q % 2 ? jitter : -jitter);
      let ring = [
        [x + j(k), y],
        [x + 1, y + j(k + 1)],
        [x + 1, y + 1],
        [x, y + 1 + j(k)],
      ];
      if (k % 2) ring = ring.reverse();
      if (k % 3 === 0) ring.push([...ring[0]]);
      feats.push({ type: 'Feature', properties: { name: `c${c}r${r}` }, geometry: { type: 'Polygon', coordinates: [ring] } });
      k++;
    }
  }
  return feats;
}

/** Expected neighbours from the grid indices alone: rook |dc| + |dr| = 1, queen max(|dc|, |dr|) = 1. */
function expected(rule: 'rook' | 'queen'): string[] {
  const out: string[] = [];
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      for (let r2 = 0; r2 < 3; r2++)
        for (let c2 = 0; c2 < 3; c2++) {
          const dc = Math.abs(c - c2);
          const dr = Math.abs(r - r2);
          const ok = rule === 'rook' ? dc + dr === 1 : Math.max(dc, dr) === 1;
          if (ok) out.push(`c${c}r${r}>c${c2}r${r2}`);
        }
  return out.sort();
}

describe('weightsFromGeoJSON', () => {
  it('queen contiguity on a 3 × 3 grid links cells sharing a vertex (40 links, centre has 8)', () => {
    const W = weightsFromGeoJSON({ type: 'FeatureCollection', features: grid() }, { style: 'B' });
    expect(linkNames(W)).toEqual(expected('queen'));
    expect(weightsSummary(W).links).toBe(40);
    expect(weightsSummary(W).maxNeighbours).toBe(8);
  });

  it('rook contiguity on a 3 × 3 grid links cells sharing an edge (24 links, centre has 4)', () => {
    const W = weightsFromGeoJSON(grid(), { contiguity: 'rook', style: 'B' });
    expect(linkNames(W)).toEqual(expected('rook'));
    expect(weightsSummary(W).maxNeighbours).toBe(4);
  });

  it('vertices further apart than the tolerance do not match', () => {
    // Jitter 1e-5 ≫ tolerance 1e-7: every shared corner is jittered in one of its polygons.
    const e = catchNqpf(() => weightsFromGeoJSON(grid(1e-5), { contiguity: 'queen' }));
    expect(e.code).toBe('E_ISLANDS');
    expect(e.message).toContain('9 units have no neighbours');
    const W = weightsFromGeoJSON(grid(1e-5), { contiguity: 'queen', tolerance: 1e-6, style: 'B' });
    expect(linkNames(W)).toEqual(expected('queen'));
  });

  it('a polygon with a hole touches the enclave filling it (rook and queen), MultiPolygon parts count', () => {
    const outer = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    const hole = [
      [4, 4],
      [4, 6],
      [6, 6],
      [6, 4],
      [4, 4],
    ];
    const feats: GeoJSONFeature[] = [
      { type: 'Feature', id: 'ring', properties: {}, geometry: { type: 'Polygon', coordinates: [outer, hole] } },
      {
        type: 'Feature',
        id: 'enclave',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [4, 4],
              [6, 4],
              [6, 6],
              [4, 6],
              [4, 4],
            ],
          ],
        },
      },
      // Two parts: one far away, one sharing the ring's right edge segment (10,0)-(10,10).
      {
        type: 'Feature',
        id: 'multi',
        properties: {},
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [50, 50],
                [51, 50],
                [51, 51],
                [50, 50],
              ],
            ],
            [
              [
                [10, 0],
                [20, 0],
                [20, 10],
                [10, 10],
                [10, 0],
              ],
            ],
          ],
        },
      },
    ];
    for (const contiguity of ['rook', 'queen'] as const) {
      const W = weightsFromGeoJSON(feats, { contiguity, style: 'B' });
      expect(linkNames(W)).toEqual(['enclave>ring', 'multi>ring', 'ring>enclave', 'ring>multi']);
    }
  });

  it('a feature touching nothing is an island; islands: "nearest" links it by polygon centroid', () => {
    const feats = grid().slice(0, 2);
    feats.push({
      type: 'Feature',
      properties: { name: 'far' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [120, 30],
            [121, 30],
            [121, 31],
            [120, 31],
            [120, 30],
          ],
        ],
      },
    });
    const e = catchNqpf(() => weightsFromGeoJSON(feats));
    expect(e.code).toBe('E_ISLANDS');
    expect(e.message).toContain('far');
    const W = weightsFromGeoJSON(feats, { islands: 'nearest', style: 'B' });
    expect(linkNames(W)).toContain('far>c1r0');
    expect(linkNames(W)).toContain('c1r0>far');
  });

  it('orders the result by opts.units and refuses malformed input naming the feature', () => {
    const W = weightsFromGeoJSON(grid(), {
      units: grid()
        .map((f) => String(f.properties!.name))
        .reverse(),
    });
    expect(W.units[0]).toBe('c2r2');
    const bad = grid();
    bad[4] = { type: 'Feature', properties: { name: 'c1r1' }, geometry: { type: 'Point', coordinates: [1, 2] } };
    const e = catchNqpf(() => weightsFromGeoJSON(bad));
    expect(e.location?.path).toBe('features[4].geometry');
    expect(e.message).toContain('Point');
    const e2 = catchNqpf(() => weightsFromGeoJSON(grid(), { idProperty: 'province' }));
    expect(e2.message).toContain('province');
    const dup = grid();
    dup[1].properties = { name: 'c0r0' };
    expect(catchNqpf(() => weightsFromGeoJSON(dup)).code).toBe('E_UNITS_DUPLICATE');
  });
});

describe('geoCentroids', () => {
  it('returns area centroids (holes subtracted) for polygons', () => {
    // L-shape: 2×1 rectangle [0,2]×[0,1] plus unit square [0,1]×[1,2]; centroid = (Σ A·c)/ΣA
    // = (2·(1, .5) + 1·(.5, 1.5)) / 3 = (2.5/3, 2.5/3).
    const L: GeoJSONFeature = {
      type: 'Feature',
      properties: { name: 'L' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [2, 0],
            [2, 1],
            [1, 1],
            [1, 2],
            [0, 2],
            [0, 0],
          ],
        ],
      },
    };
    // Square [0,4]² with hole [0,2]×[0,2]... as a separate ring: centroid of remainder
    // = (16·(2,2) − 4·(1,1)) / 12 = (28/12, 28/12).
    const H: GeoJSONFeature = {
      type: 'Feature',
      properties: { name: 'H' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [4, 0],
            [4, 4],
            [0, 4],
            [0, 0],
          ],
          [
            [0, 0],
            [0, 2],
            [2, 2],
            [2, 0],
            [0, 0],
          ],
        ],
      },
    };
    const c = geoCentroids([L, H]);
    expect(close(c[0], 2.5 / 3)).toBe(true);
    expect(close(c[1], 2.5 / 3)).toBe(true);
    expect(close(c[2], 28 / 12)).toBe(true);
    expect(close(c[3], 28 / 12)).toBe(true);
  });
});
