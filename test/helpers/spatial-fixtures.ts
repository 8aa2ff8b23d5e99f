/**
 * Data shared by the spatial-econometrics tests (issue 16), read from the committed references in test/reference/spatial
 * and from the shared data (callers guard with `sharedAvailable`):
 * - `spatialWeights('columbus' | 'cigar')`: Columbus contiguity (COL.nb GAL) or the queen contiguity of the 46 Cigar
 *   states (cigar_contiguity.csv), row-standardised;
 * - `columbusData()`: CRIME ~ INC + HOVAL with an intercept on the Columbus weights;
 * - `largeProblem()`: the n = 2,000 synthetic problem of large.R (y ~ x1 + x2 with an intercept, symmetrised 6-NN);
 * - `eigenLogDet(W)`: the exact eigenvalue log-determinant behind the sparse estimators' interface, so the sparse code
 *   can be checked against the eigen-based references.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type SpatialWeights, weightsFromGal, weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { logDet, type SpatialData, weightsEigen } from '../../src/lenses/spatial/cross.js';
import type { SparseLogDet } from '../../src/lenses/spatial/large.js';
import { type ModelPanel, panelFromRecords } from '../../src/lenses/panel/frame.js';
import { parseCsvSimple, sharedPath } from './shared.js';

export const spatialRefDir = resolve(import.meta.dirname, '../reference/spatial');

const csv = (path: string) => parseCsvSimple(readFileSync(path, 'utf8'));

function columbusRows() {
  const rows = csv(sharedPath('data/columbus/columbus.csv')).filter((r) => r.length > 1);
  return { head: rows[0], body: rows.slice(1) };
}

export function spatialWeights(which: 'columbus' | 'cigar'): SpatialWeights {
  if (which === 'columbus') {
    const { head, body } = columbusRows();
    const units = body.map((r) => r[head.indexOf('id')]);
    return weightsFromGal(readFileSync(sharedPath('data/columbus/columbus_contiguity.gal'), 'utf8'), units, { style: 'W' });
  }
  const body = csv(sharedPath('data/panel/cigar.csv'))
    .slice(1)
    .filter((r) => r.length > 1);
  const states = [...new Set(body.map((r) => Number(r[0])))].sort((a, b) => a - b).map(String);
  const pairs = csv(resolve(spatialRefDir, 'cigar_contiguity.csv'))
    .slice(1)
    .filter((r) => r.length === 2)
    .map((r) => [r[0], r[1]] as const);
  return weightsFromPairs(states, pairs, { style: 'W' });
}

export function columbusData(): SpatialData {
  const { head, body } = columbusRows();
  const col = (name: string) => Float64Array.from(body.map((r) => Number(r[head.indexOf(name)])));
  const W = spatialWeights('columbus');
  const n = body.length;
  return { y: col('CRIME'), X: [new Float64Array(n).fill(1), col('INC'), col('HOVAL')], names: ['(Intercept)', 'INC', 'HOVAL'], W };
}

/** Columbus as a one-period panel (CRIME, INC, HOVAL; period '2000') beside its data, for the cross-section analysis rows. */
export function columbusPanel(): { d: SpatialData; panel: ModelPanel } {
  const d = columbusData();
  const panel = panelFromRecords(
    d.W.units,
    d.W.units.map(() => '2000'),
    { CRIME: d.y, INC: d.X[1], HOVAL: d.X[2] },
  );
  return { d, panel };
}

export function largeProblem(): SpatialData {
  const edges = csv(resolve(spatialRefDir, 'large_edges.csv'))
    .slice(1)
    .filter((r) => r.length === 2)
    .map((r) => [r[0], r[1]] as const);
  const rows = csv(resolve(spatialRefDir, 'large_data.csv'))
    .slice(1)
    .filter((r) => r.length === 3)
    .map((r) => r.map(Number));
  const n = rows.length;
  const W = weightsFromPairs(
    Array.from({ length: n }, (_, i) => String(i + 1)),
    edges,
    { style: 'W', symmetric: false },
  );
  const X = [new Float64Array(n).fill(1), Float64Array.from(rows, (r) => r[1]), Float64Array.from(rows, (r) => r[2])];
  return { y: Float64Array.from(rows, (r) => r[0]), X, names: ['(Intercept)', 'x1', 'x2'], W };
}

/** The exact ln|I − ρW| and its derivatives from W's eigenvalues, as a `SparseLogDet` on `interval` (default spatialreg's (−1, 0.999)). */
export function eigenLogDet(W: SpatialWeights, interval: [number, number] = [-1, 0.999]): SparseLogDet {
  const eig = weightsEigen(W);
  return {
    method: 'chebyshev',
    n: eig.n,
    order: 0,
    draws: 0,
    interval,
    value: (r) => logDet(eig, r),
    d1: (r) => eig.values.reduce((s, w) => s - w / (1 - r * w), 0),
    d2: (r) => eig.values.reduce((s, w) => s - (w * w) / (1 - r * w) ** 2, 0),
  };
}
