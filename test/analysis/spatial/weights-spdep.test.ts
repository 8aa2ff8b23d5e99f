/**
 * analyses.weights against R spdep (issue 16): k-nearest neighbours, inverse distance with cut-off and power, the
 * distance band, economic distance and the three nested geographic × economic forms on the Columbus centroids (X, Y)
 * and INC — every cell equal to test/reference/spatial/weights.json (weights.R: knearneigh/knn2nb, dnearneigh,
 * nbdists, nb2listw, mat2listw, listw2mat) to 1e-12 relative. End to end: a run whose spec builds the nested weights
 * from the unit table's coordinates estimates the SAR that spatialreg estimates with the same weights (1e-6: ML,
 * spatialreg's Brent search at tol.opt 1e-12), and its methods text states the weights, in both languages.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weightsEconomicDistance, weightsNested } from '../../../src/analysis/spatial/builtin.js';
import type { SpatialWeights } from '../../../src/analysis/spatial/types.js';
import { weightsFromCoordinates } from '../../../src/analysis/spatial/weights.js';
import { runProject } from '../../../src/app/run-project.js';
import type { NqpfError } from '../../../src/core/errors.js';
import { readRunDir } from '../../../src/io/read/run-dir.js';
import { methodsText } from '../../../src/report/methods-text.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../../helpers/shared.js';

const R = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../reference/spatial/weights.json'), 'utf8')) as {
  ids: number[];
  sar_nested_product: { rho: number; coef: Record<string, number>; logLik: number; sigma2: number };
  matrices: Record<string, { i: number[]; j: number[]; w: number[] }>;
};

function dense(W: SpatialWeights): Float64Array {
  const n = W.units.length;
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let e = W.indptr[i]; e < W.indptr[i + 1]; e++) M[i * n + W.indices[e]] = W.weights[e];
  return M;
}

function expectMatrix(W: SpatialWeights, name: string) {
  const ref = R.matrices[name];
  const n = W.units.length;
  const want = new Float64Array(n * n);
  ref.i.forEach((i, k) => {
    want[(i - 1) * n + ref.j[k] - 1] = ref.w[k];
  });
  const got = dense(W);
  const bad: string[] = [];
  for (let c = 0; c < n * n; c++) {
    const d = Math.abs(got[c] - want[c]);
    if (d > 1e-12 * Math.abs(want[c])) bad.push(`(${Math.floor(c / n) + 1}, ${(c % n) + 1}): ${got[c]} vs ${want[c]}`);
  }
  expect(bad.slice(0, 5), name).toEqual([]);
  expect(W.indptr[n], `${name}: links`).toBe(ref.w.length);
}

describe.skipIf(!sharedAvailable)('analyses.weights against spdep (Columbus centroids, INC)', () => {
  const rows = parseCsvSimple(readFileSync(sharedPath('data/columbus/columbus.csv'), 'utf8')).filter((r) => r.length > 1);
  const head = rows[0];
  const col = (c: string) => rows.slice(1).map((r) => Number(r[head.indexOf(c)]));
  const units = rows.slice(1).map((r) => r[head.indexOf('id')]);
  const xy = new Float64Array(col('X').flatMap((x, i) => [x, col('Y')[i]]));
  const inc = Float64Array.from(col('INC'));

  it('unit order is the reference order', () => {
    expect(units.map(Number)).toEqual(R.ids);
  });

  it('k nearest neighbours (k = 4), row-standardised and binary', () => {
    expectMatrix(weightsFromCoordinates(units, xy, { method: 'knn', k: 4, style: 'W' }), 'knn4_W');
    expectMatrix(weightsFromCoordinates(units, xy, { method: 'knn', k: 4, style: 'B' }), 'knn4_B');
  });

  it('inverse distance: cut-off 6 and power 2; the binary band; every pair with power 1', () => {
    expectMatrix(weightsFromCoordinates(units, xy, { method: 'idw', power: 2, cutoff: 6, style: 'W' }), 'idw_cut6_p2_W');
    expectMatrix(weightsFromCoordinates(units, xy, { method: 'idw', power: 2, cutoff: 6, style: 'B' }), 'band_cut6_B');
    expectMatrix(weightsFromCoordinates(units, xy, { method: 'idw', style: 'W' }), 'idw_p1_W');
  });

  it('economic distance and the nested forms (product, scaled, weighted φ = 0.7)', () => {
    expectMatrix(weightsEconomicDistance(units, inc, { style: 'W' }), 'economic_W');
    const o = { power: 2, cutoff: 6, style: 'W' as const };
    expectMatrix(weightsNested(units, xy, inc, { ...o, nesting: 'product' }), 'nested_product_W');
    expectMatrix(weightsNested(units, xy, inc, { ...o, nesting: 'scaled' }), 'nested_scaled_W');
    expectMatrix(weightsNested(units, xy, inc, { ...o, nesting: 'weighted', phi: 0.7 }), 'nested_weighted_W');
  });

  it('bad options name their spec path', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return `${(e as NqpfError).code} ${JSON.stringify((e as NqpfError).location)}`;
      }
      return 'no error';
    };
    const path = 'analyses.weights';
    expect(code(() => weightsNested(units, xy, inc, { path, phi: 1.5 }))).toBe('E_BAD_OPTION {"path":"analyses.weights.phi"}');
    const neg = Float64Array.from(inc, (v, i) => (i === 3 ? -v : v));
    expect(code(() => weightsNested(units, xy, neg, { path, nesting: 'scaled' }))).toBe('E_BAD_INPUT {"path":"analyses.weights.column"}');
    const tie = Float64Array.from(inc, (v, i) => (i === 1 ? inc[0] : v));
    expect(code(() => weightsNested(units, xy, tie, { path }))).toBe('E_WEIGHTS_TIE {"path":"analyses.weights.column"}');
    expect(code(() => weightsNested(units, xy, inc, { path, cutoff: 0.5 }))).toMatch(/^E_ISLANDS/);
  });

  it('a run with method: nested from the unit table’s coordinates: the SAR of spatialreg with the same weights; the methods text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-nested-'));
    const file = join(dir, 'nqpf.yaml');
    const csv = sharedPath('data/columbus/columbus.csv');
    writeFileSync(
      file,
      [
        'title: nested weights',
        'seed: 1',
        `data: { file: ${JSON.stringify(csv)}, unit: id }`,
        `units: { file: ${JSON.stringify(csv)}, key: id, attributes: [X, Y] }`,
        'framework:',
        '  nodes:',
        '    - { code: Index, nameZh: 富裕程度指数, nameEn: Affluence index }',
        '    - { code: INC, parent: Index, nameZh: 家庭收入, nameEn: Household income }',
        '    - { code: HOVAL, parent: Index, nameZh: 住房价值, nameEn: Housing value }',
        'outputs: { report: false, docx: false, xlsx: false, figures: none }',
        'analyses:',
        '  weights: { method: nested, coordinates: [X, Y], column: INC, power: 2, cutoff: 6, style: W }',
        '  spatial_models: { cross: [{ name: nested, formula: "CRIME ~ INC + HOVAL", models: [sar] }] }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    await runProject(file, { out, workers: 1, env: {} });
    const read = (f: string) => {
      const [h, ...b] = parseCsvSimple(readFileSync(join(out, f), 'utf8')).filter((r) => r.length > 1);
      return b.map((r) => Object.fromEntries(h.map((k, j) => [k, r[j]])));
    };
    const coef = read('spatial_models_coef.csv').filter((r) => r.model === 'sar');
    const ref = R.sar_nested_product;
    const rel = (a: string | undefined, b: number) => Math.abs(Number(a) - b) / Math.abs(b);
    expect(rel(coef.find((r) => r.term === 'rho')?.estimate, ref.rho)).toBeLessThan(1e-6);
    for (const t of ['(Intercept)', 'INC', 'HOVAL']) expect(rel(coef.find((r) => r.term === t)?.estimate, ref.coef[t]), t).toBeLessThan(1e-6);
    const fit = read('spatial_models_fit.csv').find((r) => r.model === 'sar');
    expect(rel(fit?.loglik, ref.logLik)).toBeLessThan(1e-6);
    expect(rel(fit?.sigma2, ref.sigma2)).toBeLessThan(1e-6);
    const bundle = await readRunDir(out);
    const text = (lang: 'zh' | 'en') =>
      methodsText(bundle, lang)
        .paragraphs.map((p) => p.text)
        .join('\n');
    expect(text('en')).toContain(
      'nested geographic × economic weights w_ij = 1/(d_ij^2·|x̄_i − x̄_j|), on the distances d_ij between the units (0 beyond 6), with x̄_i unit i',
    );
    expect(text('zh')).toContain('空间权重矩阵依据经济地理嵌套权重（经济地理嵌套矩阵）w_ij = 1/(d_ij^2·|x̄_i − x̄_j|)（单元间距离 d_ij（d_ij ≤ 6，否则为 0）');
    // The other forms' sentences, from the recorded spec.
    const other = (weights: Record<string, unknown>, lang: 'zh' | 'en') => {
      const run = structuredClone(bundle.run) as unknown as { spec: { analyses: Record<string, unknown> } };
      run.spec.analyses.weights = { style: 'W', ...weights };
      return methodsText({ ...bundle, run: run as unknown as typeof bundle.run }, lang)
        .paragraphs.map((p) => p.text)
        .join('\n');
    };
    expect(other({ method: 'nested', column: 'INC', nesting: 'scaled' }, 'en')).toContain(
      'w_ij = x̄_j/(d_ij^1·x̄), i.e. W_d·diag(x̄_1/x̄, …, x̄_n/x̄) with x̄ the mean of the x̄_i, on the great-circle distances d_ij (km) between the provincial capitals',
    );
    expect(other({ method: 'nested', column: 'INC', nesting: 'weighted', phi: 0.7 }, 'zh')).toContain('W = 0.7·W_d + (1 − 0.7)·W_e');
    expect(other({ method: 'idw', coordinates: ['X', 'Y'], power: 2, cutoff: 6 }, 'en')).toContain(
      'inverse-distance weights w_ij = 1/d_ij^2 on distances (0 beyond 6)',
    );
  }, 120_000);
});
