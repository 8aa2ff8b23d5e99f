import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findLink,
  reorder,
  spatialLag,
  standardise,
  validateWeights,
  weightsFromCoordinates,
  weightsFromGal,
  weightsFromMatrix,
  weightsFromPairs,
  weightsSummary,
  type SpatialWeights,
} from '../../../src/analysis/spatial/weights.js';
import { catchNqpf } from '../../io/catch-nqpf.js';
import { close, parseCsvSimple, sharedAvailable, sharedPath } from '../../helpers/shared.js';

/** Dense n×n matrix of W (independent view for assertions). */
function dense(W: SpatialWeights): number[][] {
  const n = W.units.length;
  const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) M[i][W.indices[k]] = W.weights[k];
  return M;
}

/** Set of "a>b" directed links by name. */
function linkNames(W: SpatialWeights): Set<string> {
  const s = new Set<string>();
  for (let i = 0; i < W.units.length; i++) for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) s.add(`${W.units[i]}>${W.units[W.indices[k]]}`);
  return s;
}

const chainUnits = ['A', 'B', 'C', 'D'];
const chainPairs: [string, string][] = [
  ['A', 'B'],
  ['B', 'C'],
  ['C', 'D'],
];

describe('weightsFromPairs', () => {
  it('weightsFromPairs(chain, style B) builds sorted CSR rows with both directions and weight 1', () => {
    const W = weightsFromPairs(chainUnits, chainPairs, { style: 'B' });
    expect(Array.from(W.indptr)).toEqual([0, 1, 3, 5, 6]);
    expect(Array.from(W.indices)).toEqual([1, 0, 2, 1, 3, 2]);
    expect(Array.from(W.weights)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(W.style).toBe('B');
    expect(W.islands).toEqual([]);
    validateWeights(W);
  });

  it('weightsFromPairs defaults to row-standardised weights (each row sums to 1)', () => {
    const W = weightsFromPairs(chainUnits, chainPairs);
    expect(W.style).toBe('W');
    expect(dense(W)).toEqual([
      [0, 1, 0, 0],
      [0.5, 0, 0.5, 0],
      [0, 0.5, 0, 0.5],
      [0, 0, 1, 0],
    ]);
  });

  it('weightsFromPairs ignores repeated pairs in either order', () => {
    const W = weightsFromPairs(chainUnits, [...chainPairs, ['B', 'A'], ['A', 'B'], ['D', 'C']], { style: 'B' });
    expect(W.indptr[4]).toBe(6);
  });

  it('weightsFromPairs refuses a self-pair', () => {
    const e = catchNqpf(() => weightsFromPairs(chainUnits, [...chainPairs, ['C', 'C']]));
    expect(e.code).toBe('E_BAD_INPUT');
    expect(e.message).toContain('"C" to itself');
  });

  it('weightsFromPairs lists every unknown name with suggestions', () => {
    const units = ['北京', '天津', '河北', '山西', '内蒙古'];
    const e = catchNqpf(() =>
      weightsFromPairs(units, [
        ['北京', '天津'],
        ['内蒙占', '山西'],
        ['河北', '山两'],
        ['天津', '河北'],
      ]),
    );
    expect(e.code).toBe('E_UNKNOWN_UNITS');
    expect(e.message).toContain('内蒙占');
    expect(e.message).toContain('山两');
    expect(e.hint).toContain('"内蒙古"');
    expect(e.hint).toContain('"山西"');
    expect((e.data as { unknown: string[] }).unknown).toEqual(['内蒙占', '山两']);
  });

  it('weightsFromPairs with symmetric: false keeps directed links and the summary reports asymmetry', () => {
    const W = weightsFromPairs(chainUnits, [...chainPairs, ['D', 'A']], { symmetric: false, style: 'B' });
    expect([...linkNames(W)].sort()).toEqual(['A>B', 'B>C', 'C>D', 'D>A']);
    expect(weightsSummary(W).asymmetric).toBe(true);
  });

  it('weightsFromPairs fails with E_ISLANDS naming units without neighbours', () => {
    const e = catchNqpf(() =>
      weightsFromPairs(
        ['A', 'B', 'C', 'E', 'F'],
        [
          ['A', 'B'],
          ['B', 'C'],
        ],
      ),
    );
    expect(e.code).toBe('E_ISLANDS');
    expect(e.message).toContain('E, F');
    expect(e.hint).toContain('keep');
  });

  it('islands: "keep" keeps the island with an empty row and lists it', () => {
    const W = weightsFromPairs(
      ['A', 'B', 'C', 'E'],
      [
        ['A', 'B'],
        ['B', 'C'],
      ],
      { islands: 'keep' },
    );
    expect(W.islands).toEqual(['E']);
    expect(W.indptr[4] - W.indptr[3]).toBe(0);
    expect(weightsSummary(W).islands).toEqual(['E']);
    expect(weightsSummary(W).minNeighbours).toBe(0);
  });

  it('islands: "nearest" links each island mutually to the nearest unit by coordinates', () => {
    // A(0,0) B(1,0) C(2,0) E(2.2, 3): nearest to E is C (distance 3.007) not B (3.44).
    const xy = Float64Array.of(0, 0, 1, 0, 2, 0, 2.2, 3);
    const W = weightsFromPairs(
      ['A', 'B', 'C', 'E'],
      [
        ['A', 'B'],
        ['B', 'C'],
      ],
      { islands: 'nearest', coordinates: xy, style: 'B' },
    );
    expect(W.islands).toEqual([]);
    expect(linkNames(W).has('E>C')).toBe(true);
    expect(linkNames(W).has('C>E')).toBe(true);
    expect(W.indptr[4]).toBe(6);
  });

  it('islands: "nearest" without coordinates is an error', () => {
    const e = catchNqpf(() => weightsFromPairs(['A', 'B', 'E'], [['A', 'B']], { islands: 'nearest' }));
    expect(e.code).toBe('E_ISLANDS');
    expect(e.message).toContain('coordinates');
  });
});

describe.skipIf(!sharedAvailable)('weightsFromPairs on the 31 Chinese provinces (adjacency.csv)', () => {
  const text = sharedAvailable ? readFileSync(sharedPath('data/cn-scitech/adjacency.csv'), 'utf8') : '';
  const rows = parseCsvSimple(text.replace(/^\uFEFF/, ''))
    .slice(1)
    .filter((r) => r.length === 2 && r[0] !== '');
  const regions = sharedAvailable
    ? parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/regions.csv'), 'utf8').replace(/^\uFEFF/, ''))
        .slice(1)
        .filter((r) => r[0])
    : [];
  const units = regions.map((r) => r[0]);

  it('summary: 31 units, no islands, links = 2 × pairs, symmetric, Hainan linked only to Guangdong', () => {
    const W = weightsFromPairs(
      units,
      rows.map((r) => [r[0], r[1]] as [string, string]),
    );
    const s = weightsSummary(W);
    expect(s.n).toBe(31);
    expect(rows.length).toBe(69);
    expect(s.links).toBe(2 * rows.length);
    expect(s.islands).toEqual([]);
    expect(s.asymmetric).toBe(false);
    expect(s.minNeighbours).toBe(1);
    expect(close(s.meanNeighbours, 138 / 31)).toBe(true);
    const hn = units.indexOf('海南');
    expect(Array.from(W.indices.subarray(W.indptr[hn], W.indptr[hn + 1])).map((j) => units[j])).toEqual(['广东']);
    // Degrees agree with a direct count over the file's rows.
    const deg = new Map<string, number>();
    for (const [a, b] of rows) {
      deg.set(a, (deg.get(a) ?? 0) + 1);
      deg.set(b, (deg.get(b) ?? 0) + 1);
    }
    units.forEach((u, i) => expect(W.indptr[i + 1] - W.indptr[i]).toBe(deg.get(u)));
    expect(s.maxNeighbours).toBe(Math.max(...deg.values()));
  });
});

describe('weightsFromGal', () => {
  const gal = ['0 4 shapefile NAME', 'A 1', 'B', 'B 2', 'A C', 'C 2', 'B D', 'D 1', 'C', ''].join('\n');

  it('weightsFromGal(GeoDa header) gives the same links as the pairs builder', () => {
    const W = weightsFromGal(gal, undefined, { style: 'B' });
    const P = weightsFromPairs(chainUnits, chainPairs, { style: 'B' });
    expect(W.units).toEqual(chainUnits);
    expect(dense(W)).toEqual(dense(P));
  });

  it('weightsFromGal follows the given unit order', () => {
    const W = weightsFromGal(gal, ['D', 'C', 'B', 'A'], { style: 'B' });
    expect(W.units).toEqual(['D', 'C', 'B', 'A']);
    expect([...linkNames(W)].sort()).toEqual([...linkNames(weightsFromPairs(chainUnits, chainPairs))].sort());
  });

  it('weightsFromGal reads 1-based positions with ids: "positions" and a one-number header', () => {
    const text = '3\n1 1\n2\n2 2\n1 3\n3 1\n2\n';
    const W = weightsFromGal(text, ['x', 'y', 'z'], { ids: 'positions', style: 'B' });
    expect([...linkNames(W)].sort()).toEqual(['x>y', 'y>x', 'y>z', 'z>y']);
  });

  it('weightsFromGal accepts a unit with 0 neighbours followed by a blank line when islands are kept', () => {
    const text = '3\na 1\nb\nb 1\na\nc 0\n\n';
    const W = weightsFromGal(text, undefined, { islands: 'keep' });
    expect(W.islands).toEqual(['c']);
  });

  it('weightsFromGal reports a count mismatch with the line number', () => {
    const e = catchNqpf(() => weightsFromGal('2\na 2\nb\nb 1\na\n', undefined, { file: 'w.gal' }));
    expect(e.code).toBe('E_FILE_FORMAT');
    expect(e.location).toMatchObject({ file: 'w.gal', row: 3 });
  });

  it('weightsFromGal names units of the data missing from the file', () => {
    const e = catchNqpf(() => weightsFromGal(gal, ['A', 'B', 'C', 'D', 'E']));
    expect(e.code).toBe('E_UNKNOWN_UNITS');
    expect(e.message).toContain('no record for 1 unit: E');
    const e2 = catchNqpf(() => weightsFromGal(gal, ['A', 'B', 'C', 'X']));
    expect(e2.code).toBe('E_UNKNOWN_UNITS');
    expect(e2.message).toContain('D');
  });
});

describe('weightsFromMatrix', () => {
  it('weightsFromMatrix keeps asymmetric raw weights and row-standardises by default', () => {
    const W = weightsFromMatrix(
      ['a', 'b', 'c'],
      [
        [0, 2, 0],
        [1, 0, 3],
        [0, 0.5, 0],
      ],
    );
    expect(dense(W)).toEqual([
      [0, 1, 0],
      [0.25, 0, 0.75],
      [0, 1, 0],
    ]);
    const B = weightsFromMatrix(
      ['a', 'b', 'c'],
      [
        [0, 2, 0],
        [1, 0, 3],
        [0, 0.5, 0],
      ],
      { style: 'B' },
    );
    expect(dense(B)).toEqual([
      [0, 1, 0],
      [1, 0, 1],
      [0, 1, 0],
    ]);
  });

  it('weightsFromMatrix refuses a negative weight naming the cell', () => {
    const e = catchNqpf(() =>
      weightsFromMatrix(
        ['a', 'b'],
        [
          [0, 1],
          [-1, 0],
        ],
      ),
    );
    expect(e.code).toBe('E_BAD_INPUT');
    expect(e.message).toContain('(b, a)');
    expect(e.message).toContain('negative');
  });

  it('weightsFromMatrix refuses a non-zero diagonal and a non-square matrix', () => {
    expect(
      catchNqpf(() =>
        weightsFromMatrix(
          ['a', 'b'],
          [
            [1, 1],
            [1, 0],
          ],
        ),
      ).message,
    ).toContain('diagonal');
    expect(catchNqpf(() => weightsFromMatrix(['a', 'b'], [[0, 1]])).code).toBe('E_BAD_INPUT');
    expect(
      catchNqpf(() =>
        weightsFromMatrix(
          ['a', 'b'],
          [
            [0, NaN],
            [1, 0],
          ],
        ),
      ).code,
    ).toBe('E_NONFINITE');
  });
});

describe('weightsFromCoordinates', () => {
  it('knn with k = 2 picks the two nearest and breaks distance ties by lower position', () => {
    // x positions 0, 1, 2, 3, 5 on a line; unit 2 is at distance 1 from units 1 and 3, 2 from 0.
    const xy = Float64Array.of(0, 0, 1, 0, 2, 0, 3, 0, 5, 0);
    const W = weightsFromCoordinates(['p0', 'p1', 'p2', 'p3', 'p4'], xy, { method: 'knn', k: 2, style: 'B' });
    const nb = (i: number) => Array.from(W.indices.subarray(W.indptr[i], W.indptr[i + 1]));
    expect(nb(0)).toEqual([1, 2]);
    expect(nb(1)).toEqual([0, 2]); // 0 and 2 both at distance 1
    expect(nb(2)).toEqual([1, 3]);
    expect(nb(4)).toEqual([2, 3]); // 3 at 2, then 2 at 3
    const T = weightsFromCoordinates(['o', 'l', 'r'], Float64Array.of(0, 0, -1, 0, 1, 0), { method: 'knn', k: 1 });
    expect(Array.from(T.indices.subarray(T.indptr[0], T.indptr[1]))).toEqual([1]);
  });

  it('idw gives w_ij = d^(−power) before standardisation and respects the cutoff', () => {
    const xy = Float64Array.of(0, 0, 3, 4, 6, 8); // d01 = 5, d12 = 5, d02 = 10
    const W = weightsFromCoordinates(['a', 'b', 'c'], xy, { method: 'idw', power: 2 });
    // row a: 1/25, 1/100 → 0.8, 0.2
    expect(close(dense(W)[0][1], 0.8)).toBe(true);
    expect(close(dense(W)[0][2], 0.2)).toBe(true);
    const C = weightsFromCoordinates(['a', 'b', 'c'], xy, { method: 'idw', cutoff: 6, style: 'B' });
    expect(weightsSummary(C).links).toBe(4);
    const e = catchNqpf(() => weightsFromCoordinates(['a', 'b', 'c'], Float64Array.of(0, 0, 3, 4, 100, 100), { method: 'idw', cutoff: 6 }));
    expect(e.code).toBe('E_ISLANDS');
    expect(e.message).toContain('c');
  });

  it('greatcircle distances agree with the spherical law of cosines', () => {
    // Beijing (116.40, 39.90), Shanghai (121.47, 31.23), Urumqi (87.62, 43.83)
    const xy = Float64Array.of(116.4, 39.9, 121.47, 31.23, 87.62, 43.83);
    const W = weightsFromCoordinates(['bj', 'sh', 'wl'], xy, { method: 'idw', power: 1, metric: 'greatcircle', style: 'B' });
    expect(W.indptr[3]).toBe(6);
    const R = 6371.0088;
    const rad = Math.PI / 180;
    const cosLaw = (i: number, j: number) =>
      R *
      Math.acos(
        Math.sin(xy[2 * i + 1] * rad) * Math.sin(xy[2 * j + 1] * rad) +
          Math.cos(xy[2 * i + 1] * rad) * Math.cos(xy[2 * j + 1] * rad) * Math.cos((xy[2 * i] - xy[2 * j]) * rad),
      );
    const raw = weightsFromCoordinates(['bj', 'sh', 'wl'], xy, { method: 'idw', power: 1, metric: 'greatcircle' });
    // row-standardised 1/d: w_bj,sh / w_bj,wl = d(bj,wl)/d(bj,sh)
    const M = dense(raw);
    expect(close(M[0][1] / M[0][2], cosLaw(0, 2) / cosLaw(0, 1), 1e-9)).toBe(true);
    expect(cosLaw(0, 1)).toBeGreaterThan(1000);
    expect(cosLaw(0, 1)).toBeLessThan(1100);
  });

  it('refuses invalid k, coincident points for idw, and non-finite coordinates naming the unit', () => {
    const xy = Float64Array.of(0, 0, 1, 1, 2, 2);
    expect(catchNqpf(() => weightsFromCoordinates(['a', 'b', 'c'], xy, { method: 'knn', k: 3 })).code).toBe('E_BAD_OPTION');
    expect(catchNqpf(() => weightsFromCoordinates(['a', 'b', 'c'], Float64Array.of(0, 0, 0, 0, 1, 1), { method: 'idw' })).message).toContain('"a" and "b"');
    expect(catchNqpf(() => weightsFromCoordinates(['a', 'b', 'c'], Float64Array.of(0, 0, NaN, 0, 1, 1), { method: 'knn', k: 1 })).message).toContain('b');
  });
});

describe('standardise, reorder, spatialLag', () => {
  it('standardise(W, "W") rows sum to 1 and standardise(…, "B") restores the binary pattern', () => {
    const B = weightsFromPairs(chainUnits, chainPairs, { style: 'B' });
    const W = standardise(B, 'W');
    for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let k = W.indptr[i]; k < W.indptr[i + 1]; k++) s += W.weights[k];
      expect(close(s, 1)).toBe(true);
    }
    expect(dense(standardise(W, 'B'))).toEqual(dense(B));
    expect(B.style).toBe('B'); // input untouched
  });

  it('reorder(W, units) carries every link and weight over to the new order', () => {
    const W = weightsFromMatrix(
      ['a', 'b', 'c', 'd'],
      [
        [0, 1, 2, 0],
        [1, 0, 0, 4],
        [3, 0, 0, 1],
        [0, 2, 2, 0],
      ],
    );
    const order = ['d', 'b', 'a', 'c'];
    const R = reorder(W, order);
    expect(R.units).toEqual(order);
    validateWeights(R);
    const M = dense(W);
    const MR = dense(R);
    order.forEach((u, i) => order.forEach((v, j) => expect(MR[i][j]).toBe(M[W.units.indexOf(u)][W.units.indexOf(v)])));
  });

  it('reorder names a unit missing from the weights and units of the weights absent from the data', () => {
    const W = weightsFromPairs(chainUnits, chainPairs);
    const e = catchNqpf(() => reorder(W, ['A', 'B', 'C', 'X']));
    expect(e.code).toBe('E_UNKNOWN_UNITS');
    expect(e.message).toContain('X');
    const e2 = catchNqpf(() => reorder(W, ['A', 'B', 'C']));
    expect(e2.message).toContain('D');
  });

  it('spatialLag is the dense matrix–vector product', () => {
    const W = weightsFromPairs(chainUnits, chainPairs);
    const x = Float64Array.of(1, 2, 4, 8);
    expect(Array.from(spatialLag(W, x))).toEqual([2, 2.5, 5, 4]);
    expect(findLink(W, 0, 2)).toBe(-1);
  });
});
