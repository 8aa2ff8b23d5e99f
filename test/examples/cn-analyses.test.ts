/**
 * Acceptance (issue 3): the analyses section of examples/cn-scitech-entropy-topsis.yaml runs every
 * analysis on the TOPSIS score. Spot checks here recompute results from the written score
 * column with plain, independent code (dense matrices, textbook formulas); each kernel has its
 * own reference tests under test/analysis.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runProject, type RunProjectResult } from '../../src/app/run-project.js';
import { close, parseCsvSimple, sharedAvailable, sharedDir, sharedPath } from '../helpers/shared.js';
import { readFileSync } from 'node:fs';

const spec = resolve(import.meta.dirname, '../../examples/cn-scitech-entropy-topsis.yaml');

describe.skipIf(!sharedAvailable)('cn-scitech analyses', () => {
  let r: RunProjectResult;
  const table = (name: string) => {
    const t = r.analyses.tables.find((x) => x.name === name);
    if (!t) throw new Error(`no table ${name}`);
    const col = (c: string) => t.header.indexOf(c);
    return { ...t, col };
  };
  const score = (t: number) => {
    const agg = r.result.datasets.aggregated;
    const nU = agg.units.length;
    return Array.from(agg.values.get('Index_topsis')!.subarray(t * nU, (t + 1) * nU));
  };
  beforeAll(async () => {
    r = await runProject(spec, { env: { NQPF_SHARED: sharedDir }, dryRun: true });
  });

  it('writes every analysis table', () => {
    const names = r.analyses.tables.map((t) => t.name).sort();
    expect(names).toEqual(
      [
        'convergence_beta',
        'convergence_sigma',
        'coupling',
        'dagum_groups',
        'density',
        'density_bandwidth',
        'inequality',
        'markov_breaks',
        'markov_classes',
        'markov_summary',
        'markov_transitions',
        'obstacle_dimensions',
        'obstacle_indicators',
        'obstacle_top',
        'sde',
        'sde_migration',
        'spatial_global',
        'spatial_local',
        'spatial_weights',
        'theil_groups',
      ].sort(),
    );
  });

  it('Gini per year equals the O(n²) definition; Dagum G = Gw + Gnb + Gt', () => {
    const t = table('inequality');
    r.result.datasets.aggregated.periods.forEach((p, ti) => {
      const x = score(ti);
      const n = x.length;
      const mu = x.reduce((a, b) => a + b, 0) / n;
      let s = 0;
      for (const a of x) for (const b of x) s += Math.abs(a - b);
      const row = t.rows.find((q) => String(q[t.col('period')]) === p)!;
      expect(close(row[t.col('gini')] as number, s / (2 * n * n * mu))).toBe(true);
      const g = row[t.col('dagum_G')] as number;
      expect(Math.abs(g - ((row[t.col('dagum_Gw')] as number) + (row[t.col('dagum_Gnb')] as number) + (row[t.col('dagum_Gt')] as number)))).toBeLessThan(1e-12);
      expect(close(g, s / (2 * n * n * mu))).toBe(true);
    });
  });

  it("Moran's I under randomisation equals a dense computation from adjacency.csv (row-standardised)", () => {
    const agg = r.result.datasets.aggregated;
    const units = agg.units;
    const pairs = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/adjacency.csv'), 'utf8'))
      .slice(1)
      .filter((p) => p.length === 2);
    const n = units.length;
    const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const [a, b] of pairs) {
      const i = units.indexOf(a);
      const j = units.indexOf(b);
      A[i][j] = 1;
      A[j][i] = 1;
    }
    const W = A.map((row) => row.map((v) => v / row.reduce((s, x) => s + x, 0)));
    const t = table('spatial_global');
    agg.periods.forEach((p, ti) => {
      const x = score(ti);
      const m = x.reduce((a, b) => a + b, 0) / n;
      const z = x.map((v) => v - m);
      let num = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) num += W[i][j] * z[i] * z[j];
      const I = (n / n) * (num / z.reduce((s, v) => s + v * v, 0)); // S0 = n for row-standardised W
      // Randomisation variance (Cliff & Ord): S1, S2, kurtosis b2.
      let S1 = 0;
      let S2 = 0;
      for (let i = 0; i < n; i++) {
        let ri = 0;
        let ci = 0;
        for (let j = 0; j < n; j++) {
          S1 += (W[i][j] + W[j][i]) ** 2;
          ri += W[i][j];
          ci += W[j][i];
        }
        S2 += (ri + ci) ** 2;
      }
      S1 /= 2;
      const S0 = n;
      const m2 = z.reduce((s, v) => s + v * v, 0) / n;
      const b2 = z.reduce((s, v) => s + v ** 4, 0) / n / (m2 * m2);
      const EI = -1 / (n - 1);
      const EI2 =
        (n * ((n * n - 3 * n + 3) * S1 - n * S2 + 3 * S0 * S0) - b2 * ((n * n - n) * S1 - 2 * n * S2 + 6 * S0 * S0)) / ((n - 1) * (n - 2) * (n - 3) * S0 * S0);
      const row = t.rows.find((q) => String(q[t.col('period')]) === p && q[t.col('statistic')] === 'moran')!;
      expect(close(row[t.col('value')] as number, I)).toBe(true);
      expect(close(row[t.col('variance_randomisation')] as number, EI2 - EI * EI)).toBe(true);
      expect(row[t.col('p_permutation')]).toBeGreaterThan(0);
    });
  });

  it('Getis-Ord General G rows carry the statistic and its randomisation moments (no normality variance exists)', () => {
    const t = table('spatial_global');
    const rows = t.rows.filter((q) => q[t.col('statistic')] === 'getis_ord_G');
    expect(rows.length).toBe(12);
    for (const q of rows) {
      expect(typeof q[t.col('value')]).toBe('number');
      expect(typeof q[t.col('variance_randomisation')]).toBe('number');
      expect(q[t.col('variance_normality')]).toBeNull();
      expect(q[t.col('note')]).toBe('');
    }
  });

  it('Markov transition rows sum to 1 and the 12 × 31 province-years give 11 × 31 transitions', () => {
    const t = table('markov_transitions');
    const all = t.rows.filter((q) => q[t.col('condition')] === 'all');
    expect(all.reduce((s, q) => s + (q[t.col('count')] as number), 0)).toBe(11 * 31);
    for (let i = 1; i <= 4; i++) {
      const s = all.filter((q) => q[t.col('from_class')] === i).reduce((a, q) => a + (q[t.col('probability')] as number), 0);
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
  });

  it('absolute β (2011→2022) equals the closed form Sxy/Sxx of the average log growth on the initial log level', () => {
    const x0 = score(0).map(Math.log);
    const x1 = score(11).map(Math.log);
    const g = x1.map((v, i) => (v - x0[i]) / 11);
    const mx = x0.reduce((a, b) => a + b, 0) / x0.length;
    const mg = g.reduce((a, b) => a + b, 0) / g.length;
    const sxy = x0.reduce((s, v, i) => s + (v - mx) * (g[i] - mg), 0);
    const sxx = x0.reduce((s, v) => s + (v - mx) ** 2, 0);
    const t = table('convergence_beta');
    const row = t.rows.find((q) => q[t.col('model')] === 'absolute' && q[t.col('term')] === 'ln_x0')!;
    expect(close(row[t.col('estimate')] as number, sxy / sxx)).toBe(true);
  });

  it('obstacle shares sum to 1 per province-year; coupling C ∈ [0, 1] and D = √(C·T)', () => {
    const o = table('obstacle_indicators');
    const codes = r.result.framework.indicators;
    for (const row of o.rows) {
      const s = codes.reduce((a, c) => a + ((row[o.col(c)] as number | null) ?? 0), 0);
      if (row[o.col('note')] === '') expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
    const c = table('coupling');
    for (const row of c.rows) {
      const C = row[c.col('C')] as number;
      const T = row[c.col('T')] as number;
      const U1 = row[c.col('Inputs')] as number;
      const U2 = row[c.col('Outputs')] as number;
      expect(C).toBeGreaterThanOrEqual(0);
      expect(C).toBeLessThanOrEqual(1 + 1e-15);
      expect(close(C, (2 * Math.sqrt(U1 * U2)) / (U1 + U2))).toBe(true);
      expect(close(T, 0.5 * U1 + 0.5 * U2)).toBe(true);
      expect(close(row[c.col('D')] as number, Math.sqrt(C * T))).toBe(true);
    }
  });

  it('the permutation results are deterministic for the seed', async () => {
    const again = await runProject(spec, { env: { NQPF_SHARED: sharedDir }, dryRun: true });
    const a = r.analyses.tables.find((t) => t.name === 'spatial_local')!.rows;
    const b = again.analyses.tables.find((t) => t.name === 'spatial_local')!.rows;
    expect(b).toEqual(a);
  });
});
