/**
 * Pipeline-level tests of executeLog(resolveLog(StepsSpec.parse(steps), framework)) on small
 * hand-made panels. Every expected number is computed in this file (test/pipeline/helpers.ts)
 * with plain loops from the formula the option documents — never with nqpf's kernels, never
 * from a snapshot of nqpf output. Some values are also written out literally with the arithmetic
 * in a comment.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildFramework } from '../../src/core/framework.js';
import type { FrameworkNodeSpec } from '../../src/core/framework-types.js';
import { CollectingLogger } from '../../src/core/logger.js';
import type { Panel } from '../../src/core/panel.js';
import { resolveLog, type PipelineLog } from '../../src/pipeline/log.js';
import { DATASET_NAMES, executeLog, type DatasetName, type PipelineResult } from '../../src/pipeline/run.js';
import { StepsSpec } from '../../src/spec/schema.js';
import { entropyWeights, expectAllClose, expectClose, flat, isNum, minmax, minmaxByPeriod, mkPanel, quantile7, wmean, type Grid } from './helpers.js';

type StepsInput = z.input<typeof StepsSpec>;

function run(nodes: FrameworkNodeSpec[], steps: StepsInput, raw: Panel, groupAttr?: string) {
  const framework = buildFramework(nodes);
  const log = resolveLog(StepsSpec.parse(steps), framework);
  const logger = new CollectingLogger();
  const result = executeLog({ raw, framework, log, logger, groupAttr });
  return { framework, log, result, logger };
}

const col = (r: PipelineResult, ds: DatasetName, code: string): Float64Array => {
  const v = r.datasets[ds].values.get(code);
  if (!v) throw new Error(`${ds} has no ${code}`);
  return v;
};
const weightRows = (r: PipelineResult, period: string) => new Map(r.weights.filter((w) => w.period === period).map((w) => [w.node, w]));
const slice = (x: number[], t: number, nU: number) => x.slice(t * nU, (t + 1) * nU);

// ------------------------------------------------------------------ base data: 5 units × 2 periods × 4 indicators
const U5 = ['A', 'B', 'C', 'D', 'E'];
const P2 = ['2020', '2021'];
const X: Record<string, Grid> = {
  x1: [
    [1, 2, 3, 4, 6],
    [2, 3, 5, 7, 9],
  ],
  x2: [
    [10, 12, 11, 15, 20],
    [11, 14, 13, 18, 25],
  ],
  x3: [
    [5, 3, 8, 2, 6],
    [6, 4, 9, 1, 7],
  ], // direction −1
  x4: [
    [0.5, 0.9, 0.2, 0.7, 0.4],
    [0.6, 1.0, 0.3, 0.8, 0.35],
  ],
};
const IND = ['x1', 'x2', 'x3', 'x4'];
const DIR: Record<string, 1 | -1> = { x1: 1, x2: 1, x3: -1, x4: 1 };
const base = (over: Record<string, Grid> = {}, attrs: Record<string, string[]> = {}) => mkPanel(U5, P2, { ...X, ...over }, attrs);

/** IDX → D1 (x1 weight 2, x2 weight 1), D2 (x3 direction −1, x4). */
const FW2: FrameworkNodeSpec[] = [
  { code: 'IDX' },
  { code: 'D1', parent: 'IDX' },
  { code: 'D2', parent: 'IDX' },
  { code: 'x1', parent: 'D1', weight: 2 },
  { code: 'x2', parent: 'D1' },
  { code: 'x3', parent: 'D2', direction: -1 },
  { code: 'x4', parent: 'D2' },
];
/** IDX → D1 (x1 weight 2, x2), D2 (x3 direction −1), D3 (x4). */
const FW3: FrameworkNodeSpec[] = [
  { code: 'IDX' },
  { code: 'D1', parent: 'IDX' },
  { code: 'D2', parent: 'IDX' },
  { code: 'D3', parent: 'IDX' },
  { code: 'x1', parent: 'D1', weight: 2 },
  { code: 'x2', parent: 'D1' },
  { code: 'x3', parent: 'D2', direction: -1 },
  { code: 'x4', parent: 'D3' },
];

/** Pooled min-max [0, 100] with directions (the default normalisation), period-major, length 10. */
const N: Record<string, number[]> = Object.fromEntries(IND.map((c) => [c, minmax(flat(X[c]), 0, 100, DIR[c])]));
const n10 = Array.from({ length: 10 }, (_, i) => i);

/** TOPSIS closeness on the rows given: v = w/Σw · x, ideal = column max, anti-ideal = column min. */
function topsis(cols: number[][], w: number[]): number[] {
  const sw = w.reduce((a, b) => a + b, 0);
  const wn = w.map((x) => x / sw);
  const n = cols[0].length;
  const hi = cols.map((c, j) => Math.max(...c.map((v) => wn[j] * v)));
  const lo = cols.map((c, j) => Math.min(...c.map((v) => wn[j] * v)));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let dp = 0;
    let dm = 0;
    cols.forEach((c, j) => {
      dp += (wn[j] * c[i] - hi[j]) ** 2;
      dm += (wn[j] * c[i] - lo[j]) ** 2;
    });
    out.push(Math.sqrt(dm) / (Math.sqrt(dp) + Math.sqrt(dm)));
  }
  return out;
}

/** Grey relational grade: reference = column max; Δmin, Δmax over all cells; ξ = (Δmin + ρΔmax)/(Δ + ρΔmax). */
function grey(cols: number[][], w: number[], rho: number): number[] {
  const ref = cols.map((c) => Math.max(...c));
  const deltas = cols.flatMap((c, j) => c.map((v) => ref[j] - v));
  const dmin = Math.min(...deltas);
  const dmax = Math.max(...deltas);
  const sw = w.reduce((a, b) => a + b, 0);
  return cols[0].map((_, i) => cols.reduce((s, c, j) => s + (w[j] * (dmin + rho * dmax)) / (ref[j] - c[i] + rho * dmax), 0) / sw);
}

// ================================================================== weights
describe('executeLog: weighting options', () => {
  it('executeLog with weight {entropy, global, pooling: period} writes one weight set per period, each the entropy of that period', () => {
    const { result } = run(FW2, { weight: { method: 'entropy', scope: 'global', pooling: 'period' } }, base());
    expect([...new Set(result.weights.map((r) => r.period))]).toEqual(P2);
    const per: number[][] = [];
    for (let t = 0; t < 2; t++) {
      // entropy over the 5 units of period t, on the pooled min-max data
      const w = entropyWeights(IND.map((c) => slice(N[c], t, 5)));
      per.push(w);
      const rows = weightRows(result, P2[t]);
      expect(rows.size).toBe(7);
      const wD1 = w[0] + w[1];
      const wD2 = w[2] + w[3];
      expectClose(rows.get('IDX')!.global, 1);
      expectClose(rows.get('D1')!.effective, wD1, 'D1 eff');
      expectClose(rows.get('D2')!.effective, wD2, 'D2 eff');
      expectClose(rows.get('D1')!.global, wD1, 'D1 global');
      expectClose(rows.get('x1')!.effective, w[0] / wD1, 'x1 eff');
      expectClose(rows.get('x2')!.effective, w[1] / wD1, 'x2 eff');
      expectClose(rows.get('x3')!.effective, w[2] / wD2, 'x3 eff');
      expectClose(rows.get('x4')!.effective, w[3] / wD2, 'x4 eff');
      IND.forEach((c, j) => expectClose(rows.get(c)!.global, w[j], `${c} global`));
      expect(rows.get('x1')!.method).toBe('entropy (global, period)');
      expectClose(rows.get('x1')!.nominal, 2 / 3);
      // aggregated scores of period t use that period's weights
      const D1 = col(result, 'aggregated', 'D1');
      const D2 = col(result, 'aggregated', 'D2');
      const I = col(result, 'aggregated', 'IDX');
      for (let u = 0; u < 5; u++) {
        const i = t * 5 + u;
        expectClose(D1[i], (w[0] * N.x1[i] + w[1] * N.x2[i]) / wD1, `D1[${i}]`);
        expectClose(D2[i], (w[2] * N.x3[i] + w[3] * N.x4[i]) / wD2, `D2[${i}]`);
        expectClose(
          I[i],
          IND.reduce((s, c, j) => s + w[j] * N[c][i], 0),
          `IDX[${i}]`,
        );
      }
    }
    // the two periods really differ (so the test would catch pooled weights)
    expect(Math.abs(per[0][0] - per[1][0])).toBeGreaterThan(1e-3);
    expect(result.weightDetails.filter((d) => d.node === '(indicators)').map((d) => d.period)).toEqual(P2);
  });

  it('executeLog with weight {entropy, global} (pooled) uses one entropy over all 10 unit-periods and period ""', () => {
    const { result } = run(FW2, { weight: { method: 'entropy' } }, base());
    expect([...new Set(result.weights.map((r) => r.period))]).toEqual(['']);
    const w = entropyWeights(IND.map((c) => N[c]));
    const rows = weightRows(result, '');
    IND.forEach((c, j) => expectClose(rows.get(c)!.global, w[j], c));
    const I = col(result, 'aggregated', 'IDX');
    n10.forEach((i) =>
      expectClose(
        I[i],
        IND.reduce((s, c, j) => s + w[j] * N[c][i], 0),
        `IDX[${i}]`,
      ),
    );
  });

  it('executeLog with weight {entropy, scope: node} weighs each node’s children from the children’s scores (root from the dimension scores)', () => {
    const { result } = run(FW2, { weight: { method: 'entropy', scope: 'node' } }, base());
    const w1 = entropyWeights([N.x1, N.x2]);
    const w2 = entropyWeights([N.x3, N.x4]);
    const D1 = n10.map((i) => w1[0] * N.x1[i] + w1[1] * N.x2[i]);
    const D2 = n10.map((i) => w2[0] * N.x3[i] + w2[1] * N.x4[i]);
    const wr = entropyWeights([D1, D2]);
    const I = n10.map((i) => wr[0] * D1[i] + wr[1] * D2[i]);
    expectAllClose(col(result, 'aggregated', 'D1'), D1, 'D1');
    expectAllClose(col(result, 'aggregated', 'D2'), D2, 'D2');
    expectAllClose(col(result, 'aggregated', 'IDX'), I, 'IDX');
    const rows = weightRows(result, '');
    expectClose(rows.get('D1')!.effective, wr[0]);
    expectClose(rows.get('D2')!.effective, wr[1]);
    expectClose(rows.get('x1')!.effective, w1[0]);
    expectClose(rows.get('x4')!.effective, w2[1]);
    expectClose(rows.get('x1')!.global, wr[0] * w1[0]);
    expectClose(rows.get('x3')!.global, wr[1] * w2[0]);
    expect(rows.get('D1')!.method).toBe('entropy (node, pooled)');
    // the root weights are not simply the sums of indicator entropies (node ≠ global)
    const g = entropyWeights(IND.map((c) => N[c]));
    expect(Math.abs(wr[0] - (g[0] + g[1]))).toBeGreaterThan(1e-3);
  });

  it('executeLog with weight {entropy, scope: node, pooling: period} computes the node weights per period', () => {
    const { result } = run(FW2, { weight: { method: 'entropy', scope: 'node', pooling: 'period' } }, base());
    const I = col(result, 'aggregated', 'IDX');
    for (let t = 0; t < 2; t++) {
      const s = (c: string) => slice(N[c], t, 5);
      const w1 = entropyWeights([s('x1'), s('x2')]);
      const w2 = entropyWeights([s('x3'), s('x4')]);
      const D1 = s('x1').map((v, u) => w1[0] * v + w1[1] * s('x2')[u]);
      const D2 = s('x3').map((v, u) => w2[0] * v + w2[1] * s('x4')[u]);
      const wr = entropyWeights([D1, D2]);
      const rows = weightRows(result, P2[t]);
      expectClose(rows.get('D1')!.effective, wr[0]);
      expectClose(rows.get('x2')!.global, wr[0] * w1[1]);
      for (let u = 0; u < 5; u++) expectClose(I[t * 5 + u], wr[0] * D1[u] + wr[1] * D2[u], `IDX[${t},${u}]`);
    }
  });

  it('executeLog with weight.nodes.IDX {ahp, 2×2 [[1,3],[1/3,1]]} gives priorities 0.75/0.25; effective × effective = global', () => {
    const { result } = run(
      FW2,
      {
        weight: {
          nodes: {
            IDX: {
              method: 'ahp',
              ahp: {
                matrix: [
                  [1, 3],
                  [1 / 3, 1],
                ],
              },
            },
          },
        },
      },
      base(),
    );
    const rows = weightRows(result, '');
    expectClose(rows.get('D1')!.effective, 0.75);
    expectClose(rows.get('D2')!.effective, 0.25);
    expect(rows.get('D1')!.method).toBe('ahp');
    expect(rows.get('x1')!.method).toBe('nominal');
    expectClose(rows.get('x1')!.global, 0.75 * (2 / 3)); // 0.5
    expectClose(rows.get('x2')!.global, 0.75 * (1 / 3)); // 0.25
    expectClose(rows.get('x3')!.global, 0.25 * 0.5);
    expectClose(rows.get('x4')!.global, 0.25 * 0.5);
    const I = col(result, 'aggregated', 'IDX');
    n10.forEach((i) => expectClose(I[i], 0.75 * ((2 * N.x1[i] + N.x2[i]) / 3) + 0.25 * ((N.x3[i] + N.x4[i]) / 2), `IDX[${i}]`));
    const det = result.weightDetails.find((d) => d.node === 'IDX')!;
    expect(det.method).toBe('ahp');
    expect(det.detail.CR).toBe(0);
  });

  it('AHP judgements written as fractions ("1/4", "1 / 2", full-width "１/２") are read as the exact quotients', () => {
    const numeric = [
      [1, 1 / 4, 1 / 2],
      [4, 1, 2],
      [2, 1 / 2, 1],
    ];
    const text = [
      [1, '1/4', '1 / 2'],
      ['4', 1, 2],
      [2, '１/２', 1],
    ];
    const a = run(FW3, { weight: { nodes: { IDX: { method: 'ahp', ahp: { matrix: numeric, order: ['D3', 'D1', 'D2'] } } } } }, base());
    const b = run(FW3, { weight: { nodes: { IDX: { method: 'ahp', ahp: { matrix: text as never, order: ['D3', 'D1', 'D2'] } } } } }, base());
    const wa = weightRows(a.result, '');
    const wb = weightRows(b.result, '');
    for (const c of ['D1', 'D2', 'D3']) expect(wb.get(c)!.effective).toBe(wa.get(c)!.effective); // bit for bit
    const bad = (m: unknown) => StepsSpec.safeParse({ weight: { nodes: { IDX: { method: 'ahp', ahp: { matrix: m } } } } });
    expect(
      bad([
        [1, '1/0'],
        ['0/1', 1],
      ]).success,
    ).toBe(false);
    const r = bad([
      [1, 'three'],
      [3, 1],
    ]);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('1/3');
  });

  it('executeLog with a consistent 3×3 AHP matrix in a custom order gives the analytic priorities 4/7, 2/7, 1/7', () => {
    // priorities p(D1, D2, D3) = (4, 2, 1)/7; the matrix is written in the order D3, D1, D2 with a_ij = p_i / p_j
    const matrix = [
      [1, 1 / 4, 1 / 2],
      [4, 1, 2],
      [2, 1 / 2, 1],
    ];
    const { result } = run(FW3, { weight: { nodes: { IDX: { method: 'ahp', ahp: { matrix, order: ['D3', 'D1', 'D2'] } } } } }, base());
    const rows = weightRows(result, '');
    expectClose(rows.get('D1')!.effective, 4 / 7);
    expectClose(rows.get('D2')!.effective, 2 / 7);
    expectClose(rows.get('D3')!.effective, 1 / 7);
    expectClose(rows.get('D1')!.nominal, 1 / 3);
    expectClose(rows.get('x1')!.effective, 2 / 3);
    expectClose(rows.get('x1')!.global, (4 / 7) * (2 / 3));
    expectClose(rows.get('x2')!.global, (4 / 7) * (1 / 3));
    expectClose(rows.get('x3')!.global, 2 / 7);
    expectClose(rows.get('x4')!.global, 1 / 7);
    const det = result.weightDetails.find((d) => d.node === 'IDX')!;
    expect(Math.abs(det.detail.CR as number)).toBeLessThan(1e-9);
    const I = col(result, 'aggregated', 'IDX');
    n10.forEach((i) => expectClose(I[i], (4 / 7) * ((2 * N.x1[i] + N.x2[i]) / 3) + (2 / 7) * N.x3[i] + (1 / 7) * N.x4[i], `IDX[${i}]`));
  });

  describe('weight {combine}', () => {
    // global pooled entropy of the four indicators; at D1 the entropy set is (g1, g2)/(g1 + g2), at the root (g1 + g2, g3 + g4)
    const g = entropyWeights(IND.map((c) => N[c]));
    const entD1 = [g[0] / (g[0] + g[1]), g[1] / (g[0] + g[1])];
    const entD2 = [g[2] / (g[2] + g[3]), g[3] / (g[2] + g[3])];
    const entR = [g[0] + g[1], g[2] + g[3]];
    const check = (result: PipelineResult, wD1: number[], wD2: number[], wR: number[]) => {
      const rows = weightRows(result, '');
      expectClose(rows.get('x1')!.effective, wD1[0], 'x1');
      expectClose(rows.get('x2')!.effective, wD1[1], 'x2');
      expectClose(rows.get('x3')!.effective, wD2[0], 'x3');
      expectClose(rows.get('x4')!.effective, wD2[1], 'x4');
      expectClose(rows.get('D1')!.effective, wR[0], 'D1');
      expectClose(rows.get('D2')!.effective, wR[1], 'D2');
      expectClose(rows.get('x3')!.global, wR[1] * wD2[0], 'x3 global');
      expect(rows.get('D1')!.method).toBe('combine');
      const I = col(result, 'aggregated', 'IDX');
      n10.forEach((i) => {
        const d1 = wD1[0] * N.x1[i] + wD1[1] * N.x2[i];
        const d2 = wD2[0] * N.x3[i] + wD2[1] * N.x4[i];
        expectClose(I[i], wR[0] * d1 + wR[1] * d2, `IDX[${i}]`);
      });
    };
    const lin = (a: number[], b: number[], s = [0.5, 0.5]) => a.map((x, j) => s[0] * x + s[1] * b[j]);
    const mul = (a: number[], b: number[]) => {
      const p = a.map((x, j) => x * b[j]);
      const s = p.reduce((x, y) => x + y, 0);
      return p.map((x) => x / s);
    };

    it('combine {equal, entropy, linear} = ½ equal + ½ entropy at every node', () => {
      const { result } = run(FW2, { weight: { method: 'combine', combine: { methods: ['equal', 'entropy'], mode: 'linear' } } }, base());
      check(result, lin([0.5, 0.5], entD1), lin([0.5, 0.5], entD2), lin([0.5, 0.5], entR));
    });

    it('combine {equal, entropy, linear, shares [1, 3]} = ¼ equal + ¾ entropy', () => {
      const { result } = run(FW2, { weight: { method: 'combine', combine: { methods: ['equal', 'entropy'], shares: [1, 3], mode: 'linear' } } }, base());
      const s = [0.25, 0.75];
      check(result, lin([0.5, 0.5], entD1, s), lin([0.5, 0.5], entD2, s), lin([0.5, 0.5], entR, s));
    });

    it('combine {equal, entropy, multiplicative} (default shares) = Π w_k / Σ Π w_k', () => {
      const { result } = run(FW2, { weight: { method: 'combine', combine: { methods: ['equal', 'entropy'], mode: 'multiplicative' } } }, base());
      const wD1 = mul([0.5, 0.5], entD1);
      check(result, wD1, mul([0.5, 0.5], entD2), mul([0.5, 0.5], entR));
      // the product with equal weights is the entropy set itself
      expectClose(wD1[0], entD1[0]);
    });

    it('combine {nominal, entropy, multiplicative} = plain product of the nominal (2/3, 1/3) and entropy sets, renormalised', () => {
      const { result } = run(FW2, { weight: { method: 'combine', combine: { methods: ['nominal', 'entropy'], mode: 'multiplicative' } } }, base());
      const wD1 = [(2 / 3) * entD1[0], (1 / 3) * entD1[1]];
      const s = wD1[0] + wD1[1];
      check(result, [wD1[0] / s, wD1[1] / s], entD2, entR);
    });
  });
});

// ================================================================== aggregation
describe('executeLog: aggregation options', () => {
  it('aggregate.levels: geometric at level 2 and harmonic at level 3 (min-max to [1, 100])', () => {
    const { result, log } = run(
      FW2,
      { normalise: { range: [1, 100] }, aggregate: { levels: { '2': { method: 'geometric' }, '3': { method: 'harmonic' } } } },
      base(),
    );
    expect(log[6].options.byNode.D1.method).toBe('geometric');
    expect(log[6].options.byNode.IDX.method).toBe('harmonic');
    const M: Record<string, number[]> = Object.fromEntries(IND.map((c) => [c, minmax(flat(X[c]), 1, 100, DIR[c])]));
    expectAllClose(col(result, 'normalised', 'x3'), M.x3, 'x3 normalised [1,100], direction −1');
    const D1 = n10.map((i) => Math.exp((2 * Math.log(M.x1[i]) + Math.log(M.x2[i])) / 3));
    const D2 = n10.map((i) => Math.sqrt(M.x3[i] * M.x4[i]));
    const I = n10.map((i) => 2 / (1 / D1[i] + 1 / D2[i]));
    expectAllClose(col(result, 'aggregated', 'D1'), D1, 'D1 geometric');
    expectAllClose(col(result, 'aggregated', 'D2'), D2, 'D2 geometric');
    expectAllClose(col(result, 'aggregated', 'IDX'), I, 'IDX harmonic');
  });

  it('alternatives: topsis over the indicators with ideal per period vs pooled, and grey (ρ = 0.3) as extra score columns', () => {
    const steps: StepsInput = {
      aggregate: {
        alternatives: [
          { code: 'T_period', node: 'IDX', method: 'topsis', inputs: 'indicators', ideal: 'period' },
          { code: 'T_pooled', node: 'IDX', method: 'topsis', inputs: 'indicators', ideal: 'pooled' },
          { code: 'G_pooled', node: 'IDX', method: 'grey', rho: 0.3 },
          { code: 'G_period', node: 'IDX', method: 'grey', rho: 0.3, ideal: 'period' },
        ],
      },
    };
    const { result } = run(FW2, steps, base());
    const alts = ['T_period', 'T_pooled', 'G_pooled', 'G_period'];
    expect(result.scoreCodes).toEqual(['IDX', 'D1', 'D2', ...alts]);
    expect(result.datasets.aggregated.indicators).toEqual([...IND, 'D1', 'D2', 'IDX', ...alts]);
    expect(result.ranks.map((r) => r.code)).toEqual(result.scoreCodes);
    // leaf weights under IDX: ½·(2/3, 1/3), ½·(½, ½)
    const w = [1 / 3, 1 / 6, 1 / 4, 1 / 4];
    const tPooled = topsis(
      IND.map((c) => N[c]),
      w,
    );
    const tPeriod = [0, 1].flatMap((t) =>
      topsis(
        IND.map((c) => slice(N[c], t, 5)),
        w,
      ),
    );
    expectAllClose(col(result, 'aggregated', 'T_pooled'), tPooled, 'topsis pooled ideal');
    expectAllClose(col(result, 'aggregated', 'T_period'), tPeriod, 'topsis per-period ideal');
    expect(n10.some((i) => Math.abs(tPooled[i] - tPeriod[i]) > 1e-3)).toBe(true);
    // grey over the children (D1, D2 arithmetic scores), equal nominal weights
    const D1 = n10.map((i) => (2 * N.x1[i] + N.x2[i]) / 3);
    const D2 = n10.map((i) => (N.x3[i] + N.x4[i]) / 2);
    expectAllClose(col(result, 'aggregated', 'G_pooled'), grey([D1, D2], [0.5, 0.5], 0.3), 'grey pooled');
    const gPeriod = [0, 1].flatMap((t) => grey([slice(D1, t, 5), slice(D2, t, 5)], [0.5, 0.5], 0.3));
    expectAllClose(col(result, 'aggregated', 'G_period'), gPeriod, 'grey per period');
    // the framework score itself is unchanged by the alternatives
    expectAllClose(
      col(result, 'aggregated', 'IDX'),
      n10.map((i) => (D1[i] + D2[i]) / 2),
      'IDX',
    );
  });

  it('aggregate.levels.2.datThreshold 0.6 makes a dimension with 1 of 2 inputs missing NaN; the index then uses the other dimension', () => {
    const raw = base({
      x2: [
        [10, 12, 11, 15, 20],
        [11, 14, NaN, 18, 25],
      ],
    });
    const plain = run(FW2, {}, raw).result;
    const thr = run(FW2, { aggregate: { levels: { '2': { datThreshold: 0.6 } } } }, raw).result;
    const N2 = minmax([10, 12, 11, 15, 20, 11, 14, NaN, 18, 25]);
    const D1 = n10.map((i) => wmean([N.x1[i], N2[i]], [2, 1]));
    const D2 = n10.map((i) => (N.x3[i] + N.x4[i]) / 2);
    const iC = 1 * 5 + 2; // unit C in 2021
    expectClose(D1[iC], N.x1[iC]); // without a threshold: the available child only
    expectAllClose(col(plain, 'aggregated', 'D1'), D1, 'D1 no threshold');
    expectAllClose(
      col(plain, 'aggregated', 'IDX'),
      n10.map((i) => (D1[i] + D2[i]) / 2),
      'IDX no threshold',
    );
    const D1t = D1.map((v, i) => (i === iC ? NaN : v));
    expectAllClose(col(thr, 'aggregated', 'D1'), D1t, 'D1 with datThreshold');
    expectAllClose(
      col(thr, 'aggregated', 'IDX'),
      n10.map((i) => wmean([D1t[i], D2[i]], [1, 1])),
      'IDX with datThreshold',
    );
    expectClose(col(thr, 'aggregated', 'IDX')[iC], D2[iC]);
  });
});

// ================================================================== screen
describe('executeLog: screening', () => {
  it('screen.unitThreshold drops a unit with many missing values from the screened data set on (raw keeps it)', () => {
    const raw = base(
      {
        x1: [
          [1, 2, 3, NaN, NaN],
          [2, 3, 5, 7, NaN],
        ],
        x2: [
          [10, 12, 11, 15, NaN],
          [11, 14, 13, 18, NaN],
        ],
        x3: [
          [5, 3, 8, 2, NaN],
          [6, 4, 9, 1, NaN],
        ],
      },
      { region: ['N', 'N', 'S', 'S', 'W'] },
    );
    const { result, logger } = run(FW2, { screen: { unitThreshold: 0.5 } }, raw);
    // availability over 4 indicators × 2 periods: D misses 1 of 8, E misses 6 of 8
    expect(result.screening.map((s) => [s.kind, s.code, s.dropped])).toEqual([
      ['unit', 'A', false],
      ['unit', 'B', false],
      ['unit', 'C', false],
      ['unit', 'D', false],
      ['unit', 'E', true],
    ]);
    expectAllClose(
      result.screening.map((s) => s.availability),
      [1, 1, 1, 7 / 8, 2 / 8],
      'availability',
    );
    for (const ds of ['raw', 'denominated', 'imputed'] as const) {
      expect(result.datasets[ds].units, ds).toEqual(U5);
      expect(col(result, ds, 'x1').length).toBe(10);
    }
    for (const ds of ['screened', 'treated', 'normalised', 'aggregated'] as const) {
      expect(result.datasets[ds].units, ds).toEqual(['A', 'B', 'C', 'D']);
      expect(result.datasets[ds].attributes.get('region'), ds).toEqual(['N', 'N', 'S', 'S']);
      for (const [c, v] of result.datasets[ds].values) expect(v.length, `${ds} ${c}`).toBe(8);
    }
    expectAllClose(col(result, 'screened', 'x1'), [1, 2, 3, NaN, 2, 3, 5, 7], 'screened x1');
    expectAllClose(col(result, 'screened', 'x4'), [0.5, 0.9, 0.2, 0.7, 0.6, 1.0, 0.3, 0.8], 'screened x4');
    // normalisation sees only A–D: x4 min 0.2, max 1.0
    const M: Record<string, number[]> = {
      x1: minmax([1, 2, 3, NaN, 2, 3, 5, 7]),
      x2: minmax([10, 12, 11, 15, 11, 14, 13, 18]),
      x3: minmax([5, 3, 8, 2, 6, 4, 9, 1], 0, 100, -1),
      x4: minmax([0.5, 0.9, 0.2, 0.7, 0.6, 1.0, 0.3, 0.8]),
    };
    expectClose(M.x4[0], ((0.5 - 0.2) / 0.8) * 100);
    IND.forEach((c) => expectAllClose(col(result, 'normalised', c), M[c], `normalised ${c}`));
    const I = Array.from({ length: 8 }, (_, i) => (wmean([M.x1[i], M.x2[i]], [2, 1]) + (M.x3[i] + M.x4[i]) / 2) / 2);
    expectAllClose(col(result, 'aggregated', 'IDX'), I, 'IDX');
    expect(result.ranks[0].overall.length).toBe(8);
    expect(logger.warnings.map((w) => w.code)).toEqual(['W_SCREEN_UNITS']);
    expect(logger.warnings[0].message).toContain('E');
  });

  it('screen.indicatorThreshold drops an indicator and prunes the dimension it leaves empty', () => {
    const raw = base({
      x4: [
        [0.5, NaN, NaN, NaN, 0.4],
        [NaN, 1.0, NaN, NaN, NaN],
      ],
    });
    const { result, logger, framework } = run(FW3, { screen: { indicatorThreshold: 0.5 } }, raw);
    expect(result.screening.map((s) => [s.kind, s.code, s.dropped])).toEqual([
      ['indicator', 'x1', false],
      ['indicator', 'x2', false],
      ['indicator', 'x3', false],
      ['indicator', 'x4', true],
    ]);
    expectClose(result.screening[3].availability, 3 / 10);
    expect(framework.nodes.has('D3')).toBe(true); // the input framework is not modified
    const fw = result.framework;
    expect(fw.indicators).toEqual(['x1', 'x2', 'x3']);
    expect(fw.aggregates).toEqual(['D1', 'D2', 'IDX']);
    expect(fw.nodes.has('x4')).toBe(false);
    expect(fw.nodes.has('D3')).toBe(false);
    expect(fw.nodes.get('IDX')!.children).toEqual(['D1', 'D2']);
    expect(result.datasets.raw.indicators).toEqual(IND);
    expect(result.datasets.screened.indicators).toEqual(['x1', 'x2', 'x3']);
    expect(result.datasets.aggregated.indicators).toEqual(['x1', 'x2', 'x3', 'D1', 'D2', 'IDX']);
    expect(result.weights.map((w) => w.node)).toEqual(['IDX', 'D1', 'x1', 'x2', 'D2', 'x3']);
    expect(result.scoreCodes).toEqual(['IDX', 'D1', 'D2']);
    const ws = logger.warnings.filter((w) => w.code === 'W_SCREEN_INDICATORS');
    expect(ws).toHaveLength(1);
    expect(ws[0].message).toContain('x4');
    const I = n10.map((i) => ((2 * N.x1[i] + N.x2[i]) / 3 + N.x3[i]) / 2);
    expectAllClose(col(result, 'aggregated', 'IDX'), I, 'IDX over D1, D2');
  });
});

// ================================================================== treat / normalise
describe('executeLog: treatment and normalisation scope', () => {
  it('normalise {minmax, scope: period} rescales each period separately; pooled uses all unit-periods; direction −1 reverses', () => {
    const per = run(FW2, { normalise: { scope: 'period' } }, base()).result;
    const pooled = run(FW2, {}, base()).result;
    IND.forEach((c) => {
      expectAllClose(col(per, 'normalised', c), minmaxByPeriod(flat(X[c]), 5, 0, 100, DIR[c]), `period ${c}`);
      expectAllClose(col(pooled, 'normalised', c), N[c], `pooled ${c}`);
    });
    // x3 (less is better): per period the smallest value (D: 2, then 1) scores 100 and the largest (C: 8, then 9) 0
    const x3 = col(per, 'normalised', 'x3');
    expect([x3[3], x3[8], x3[2], x3[7]]).toEqual([100, 100, 0, 0]);
    // pooled over 1..9: 2020 D = (9 − 2)/8·100 = 87.5, 2021 C = 0
    const x3p = col(pooled, 'normalised', 'x3');
    expectClose(x3p[3], 87.5);
    expectClose(x3p[7], 0);
    // x1 2020 E: per period (6 − 1)/5 = 100; pooled (6 − 1)/(9 − 1) = 62.5
    expectClose(col(per, 'normalised', 'x1')[4], 100);
    expectClose(col(pooled, 'normalised', 'x1')[4], 62.5);
  });

  const X1o: Grid = [
    [1, 2, 3, 4, 60],
    [2, 3, 5, 7, 9],
  ];
  it('treat {winsorise_quantile, [0.1, 0.9], scope: pooled} clamps to R type-7 quantiles of all unit-periods', () => {
    const raw = base({ x1: X1o });
    const { result } = run(FW2, { treat: { method: 'winsorise_quantile', quantiles: [0.1, 0.9], scope: 'pooled' } }, raw);
    // x1 sorted: 1 2 2 3 3 4 5 7 9 60; h = 9·0.1 = 0.9 → 1 + 0.9·(2 − 1) = 1.9; h = 8.1 → 9 + 0.1·(60 − 9) = 14.1
    expectClose(quantile7(flat(X1o), 0.1), 1.9);
    expectClose(quantile7(flat(X1o), 0.9), 14.1);
    expectAllClose(col(result, 'treated', 'x1'), [1.9, 2, 3, 4, 14.1, 2, 3, 5, 7, 9], 'treated x1');
    const T: Record<string, number[]> = {};
    for (const c of IND) {
      const v = c === 'x1' ? flat(X1o) : flat(X[c]);
      const lo = quantile7(v, 0.1);
      const hi = quantile7(v, 0.9);
      T[c] = v.map((x) => Math.min(Math.max(x, lo), hi));
      expectAllClose(col(result, 'treated', c), T[c], `treated ${c}`);
      const rows = result.treatment.filter((r) => r.indicator === c);
      expect(rows).toHaveLength(1);
      expect(rows[0].period).toBe('');
      expect(rows[0].method).toBe('winsorise_quantile');
      expect(rows[0].winsorised).toBe(v.filter((x) => x < lo || x > hi).length);
      expectAllClose(col(result, 'normalised', c), minmax(T[c], 0, 100, DIR[c]), `normalised ${c}`);
    }
    expect(result.treatment.find((r) => r.indicator === 'x1')!.winsorised).toBe(2);
    expectAllClose(col(result, 'raw', 'x1'), flat(X1o), 'raw untouched');
  });

  it('treat {winsorise_quantile, scope: period} (default scope) uses each period’s quantiles', () => {
    const raw = base({ x1: X1o });
    const { result } = run(FW2, { treat: { method: 'winsorise_quantile', quantiles: [0.1, 0.9] } }, raw);
    // 2020: 1 2 3 4 60, h = 0.4 → 1.4, h = 3.6 → 4 + 0.6·56 = 37.6; 2021: 2 3 5 7 9 → 2.4, 8.2
    expectAllClose(col(result, 'treated', 'x1'), [1.4, 2, 3, 4, 37.6, 2.4, 3, 5, 7, 8.2], 'treated x1 per period');
    expect(result.treatment.filter((r) => r.indicator === 'x1').map((r) => [r.period, r.winsorised])).toEqual([
      ['2020', 2],
      ['2021', 2],
    ]);
    for (const c of IND) {
      const v = c === 'x1' ? flat(X1o) : flat(X[c]);
      const exp = [0, 1].flatMap((t) => {
        const s = slice(v, t, 5);
        const lo = quantile7(s, 0.1);
        const hi = quantile7(s, 0.9);
        return s.map((x) => Math.min(Math.max(x, lo), hi));
      });
      expectAllClose(col(result, 'treated', c), exp, `treated ${c}`);
    }
  });
});

// ================================================================== impute
describe('executeLog: imputation', () => {
  const U6 = ['A', 'B', 'C', 'D', 'E', 'F'];
  const P3 = ['2018', '2019', '2021']; // unequal spacing
  const region = ['E', 'E', 'E', 'W', 'W', 'W'];
  const XI: Record<string, Grid> = {
    x1: [
      [1, 2, 3, NaN, NaN, 9],
      [NaN, 4, 8, 10, 11, 12],
      [5, 6, 7, 13, 14, 15],
    ],
    x2: [
      [10, 20, NaN, 1, 2, 3],
      [NaN, 21, 30, 2, 3, 4],
      [16, NaN, 33, 3, 4, 5],
    ],
    x3: [
      [1, 2, 3, 4, 5, 6],
      [1, 2, 3, 4, NaN, 6],
      [1, NaN, 3, NaN, NaN, NaN],
    ],
  };
  const FWI: FrameworkNodeSpec[] = [
    { code: 'IDX' },
    { code: 'D1', parent: 'IDX' },
    { code: 'D2', parent: 'IDX' },
    { code: 'x1', parent: 'D1' },
    { code: 'x2', parent: 'D1' },
    { code: 'x3', parent: 'D2' },
  ];
  const rawI = () => mkPanel(U6, P3, XI, { region });

  it('impute group_mean (by region, per period) and linear within unit (over period values), with the imputation report', () => {
    const { result, log } = run(FWI, { impute: { method: 'group_mean', group: 'region', overrides: { x2: { method: 'linear' } } } }, rawI());
    expect(log[1].options.byIndicator).toEqual({
      x1: { method: 'group_mean', group: 'region' },
      x2: { method: 'linear' },
      x3: { method: 'group_mean', group: 'region' },
    });
    // x1: 2018 D, E ← mean of W observed = 9 (F only); 2019 A ← (4 + 8)/2 = 6
    expectAllClose(col(result, 'imputed', 'x1'), [1, 2, 3, 9, 9, 9, 6, 4, 8, 10, 11, 12, 5, 6, 7, 13, 14, 15], 'x1');
    // x2: A 2019 ← 10 + (16 − 10)·(2019 − 2018)/(2021 − 2018) = 12; B 2021 ← 21 (last observation); C 2018 ← 30 (first observation)
    expectAllClose(col(result, 'imputed', 'x2'), [10, 20, 30, 1, 2, 3, 12, 21, 30, 2, 3, 4, 16, 21, 33, 3, 4, 5], 'x2');
    // x3: 2019 E ← (4 + 6)/2 = 5; 2021 B ← (1 + 3)/2 = 2; 2021 W has no observation → D, E, F stay missing
    expectAllClose(col(result, 'imputed', 'x3'), [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, NaN, NaN, NaN], 'x3');
    expect(result.imputation).toEqual([
      { indicator: 'x1', method: 'group_mean', missingBefore: 3, filled: 3, missingAfter: 0 },
      { indicator: 'x2', method: 'linear', missingBefore: 3, filled: 3, missingAfter: 0 },
      { indicator: 'x3', method: 'group_mean', missingBefore: 5, filled: 2, missingAfter: 3 },
    ]);
    // the denominated set keeps its gaps; downstream sees the imputed values
    expect(Number.isNaN(col(result, 'denominated', 'x1')[3])).toBe(true);
    expectAllClose(col(result, 'normalised', 'x1'), minmax([1, 2, 3, 9, 9, 9, 6, 4, 8, 10, 11, 12, 5, 6, 7, 13, 14, 15]), 'normalised x1');
    // D2 is missing where x3 still is, and the index falls back on D1
    const I = col(result, 'aggregated', 'IDX');
    const D1 = col(result, 'aggregated', 'D1');
    for (const i of [15, 16, 17]) expectClose(I[i], D1[i], `IDX[${i}]`);
  });

  it('impute group_mean without a group attribute fails with E_GROUP_UNKNOWN', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => run(FWI, { impute: { method: 'group_mean' } }, rawI()))).toBe('E_GROUP_UNKNOWN');
    expect(code(() => run(FWI, { impute: { method: 'group_mean', group: 'province' } }, rawI()))).toBe('E_GROUP_UNKNOWN');
  });
});

// ================================================================== denominate
describe('executeLog: denomination', () => {
  const U4 = ['A', 'B', 'C', 'D'];
  const FWD: FrameworkNodeSpec[] = [
    { code: 'IDX' },
    { code: 'D1', parent: 'IDX' },
    { code: 'D2', parent: 'IDX' },
    { code: 'x1', parent: 'D1', denominator: 'pop', scale: 100 },
    { code: 'x2', parent: 'D1', denominator: 'gdp' },
    { code: 'x3', parent: 'D2' },
  ];
  const rawD = () =>
    mkPanel(U4, P2, {
      x1: [
        [10, 20, 30, 40],
        [12, NaN, 32, 42],
      ],
      x2: [
        [1, 2, 3, 4],
        [2, 3, 4, 5],
      ],
      x3: [
        [3, 1, 4, 1],
        [5, 9, 2, 6],
      ],
      pop: [
        [2, 4, 0, 5],
        [3, 0, 6, 7],
      ],
      gdp: [
        [100, 200, 400, 800],
        [110, 220, 330, 440],
      ],
    });

  it('denominator + node scale (and steps.denominate.scale as default); a zero denominator gives NaN and W_DENOMINATOR_ZERO', () => {
    const { result, logger } = run(FWD, { denominate: { scale: 1000 } }, rawD());
    // x1/pop·100: C 2020 divides by 0 → NaN (counted); B 2021 is already missing (not counted)
    const x1 = [(10 / 2) * 100, (20 / 4) * 100, NaN, (40 / 5) * 100, (12 / 3) * 100, NaN, (32 / 6) * 100, (42 / 7) * 100];
    expectAllClose(col(result, 'denominated', 'x1'), x1, 'x1 per pop × 100');
    const x2 = [1 / 100, 2 / 200, 3 / 400, 4 / 800, 2 / 110, 3 / 220, 4 / 330, 5 / 440].map((v) => v * 1000);
    expectAllClose(col(result, 'denominated', 'x2'), x2, 'x2 per gdp × 1000 (step default scale)');
    expectAllClose(col(result, 'denominated', 'x3'), [3, 1, 4, 1, 5, 9, 2, 6], 'x3 untouched');
    expectAllClose(col(result, 'raw', 'x1'), [10, 20, 30, 40, 12, NaN, 32, 42], 'raw x1');
    expect(result.datasets.denominated.indicators).toEqual(['x1', 'x2', 'x3']);
    const zw = logger.warnings.filter((w) => w.code === 'W_DENOMINATOR_ZERO');
    expect(zw).toHaveLength(1);
    expect(zw[0].message).toMatch(/^x1: 1 value/);
    expect(result.warnings).toEqual(logger.warnings);
    expectAllClose(col(result, 'normalised', 'x1'), minmax(x1), 'normalised from denominated');
  });

  it('denominate {enabled: false} leaves the raw values and warns nothing', () => {
    const { result, logger } = run(FWD, { denominate: { enabled: false } }, rawD());
    expectAllClose(col(result, 'denominated', 'x1'), [10, 20, 30, 40, 12, NaN, 32, 42], 'x1');
    expectAllClose(col(result, 'denominated', 'x2'), [1, 2, 3, 4, 2, 3, 4, 5], 'x2');
    expect(logger.warnings).toEqual([]);
  });
});

// ================================================================== ranks
describe('executeLog: ranks', () => {
  const U6 = ['A', 'B', 'C', 'D', 'E', 'F'];
  const FWR: FrameworkNodeSpec[] = [{ code: 'IDX' }, { code: 'D1', parent: 'IDX' }, { code: 'x1', parent: 'D1' }, { code: 'x2', parent: 'D1' }];
  const raw = () =>
    mkPanel(
      U6,
      P2,
      {
        x1: [
          [1, 3, 3, 5, 2, 4],
          [5, 1, 5, 2, 3, NaN],
        ],
        x2: [
          [2, 4, 4, 6, 1, 5],
          [6, 2, 6, 3, 4, NaN],
        ],
      },
      { region: ['N', 'N', 'S', 'S', 'N', ''] },
    );

  it('overall ranks: ties share the lowest rank, missing stays missing; within-group ranks with groupAttr', () => {
    const { result } = run(FWR, {}, raw(), 'region');
    // pooled min-max: x1 over 1..5, x2 over 1..6; IDX = D1 = mean
    const n1 = minmax([1, 3, 3, 5, 2, 4, 5, 1, 5, 2, 3, NaN]);
    const n2 = minmax([2, 4, 4, 6, 1, 5, 6, 2, 6, 3, 4, NaN]);
    const idx = n1.map((v, i) => (v + n2[i]) / 2);
    expectAllClose(col(result, 'aggregated', 'IDX'), idx, 'IDX');
    // 2020: A 10, B 55, C 55, D 100, E 12.5, F (75 + 80)/2 = 77.5; 2021: A 100, B 10, C 100, D 32.5, E 55, F NaN
    expectAllClose(idx, [10, 55, 55, 100, 12.5, 77.5, 100, 10, 100, 32.5, 55, NaN], 'hand IDX');
    const r = result.ranks.find((x) => x.code === 'IDX')!;
    expectAllClose(r.overall, [6, 3, 3, 1, 5, 2, 1, 5, 1, 4, 3, NaN], 'overall ranks');
    // groups N = {A, B, E}, S = {C, D}; F has no group
    expectAllClose(r.group!, [3, 1, 2, 1, 2, NaN, 1, 3, 1, 2, 2, NaN], 'group ranks');
    // the same by the definition rank = 1 + #{strictly better in the same period (and group)}
    const reg = ['N', 'N', 'S', 'S', 'N', ''];
    for (let t = 0; t < 2; t++) {
      for (let u = 0; u < 6; u++) {
        const v = idx[t * 6 + u];
        const better = (same: (k: number) => boolean) => idx.slice(t * 6, t * 6 + 6).filter((x, k) => isNum(x) && same(k) && x > v).length;
        expectClose(r.overall[t * 6 + u], isNum(v) ? 1 + better(() => true) : NaN, `overall ${t},${u}`);
        expectClose(r.group![t * 6 + u], isNum(v) && reg[u] !== '' ? 1 + better((k) => reg[k] === reg[u]) : NaN, `group ${t},${u}`);
      }
    }
    expect(result.ranks.map((x) => x.code)).toEqual(['IDX', 'D1']);
    const noGroup = run(FWR, {}, raw()).result;
    expect(noGroup.ranks[0].group).toBeUndefined();
  });
});

// ================================================================== regeneration
describe('executeLog: regeneration from the log', () => {
  const U6 = ['A', 'B', 'C', 'D', 'E', 'F'];
  const raw = () =>
    mkPanel(
      U6,
      ['2018', '2019', '2021'],
      {
        x1: [
          [1, 2, 3, NaN, NaN, 9],
          [NaN, 4, 8, 10, 11, 12],
          [5, 6, 7, 13, 14, 15],
        ],
        x2: [
          [10, 20, NaN, 1, 2, 3],
          [NaN, 21, 30, 2, 3, 4],
          [16, NaN, 33, 3, 4, 5],
        ],
        x3: [
          [1, 2, 3, 4, 5, 6],
          [1, 2, 3, 4, NaN, 6],
          [1, NaN, 3, NaN, NaN, NaN],
        ],
        x4: [
          [0.3, 0.1, 0.7, 0.2, 0.9, 0.4],
          [0.5, 0.2, 0.6, 0.1, 0.8, 0.3],
          [0.4, 0.3, 0.9, 0.2, 0.7, 0.6],
        ],
        pop: [
          [1, 2, 3, 4, 5, 6],
          [2, 2, 3, 0, 5, 6],
          [3, 2, 3, 4, 5, 6],
        ],
      },
      { region: ['E', 'E', 'E', 'W', 'W', 'W'] },
    );
  const nodes: FrameworkNodeSpec[] = [
    { code: 'IDX' },
    { code: 'D1', parent: 'IDX', weight: 2 },
    { code: 'D2', parent: 'IDX' },
    { code: 'x1', parent: 'D1', denominator: 'pop', scale: 10 },
    { code: 'x2', parent: 'D1' },
    { code: 'x3', parent: 'D2', direction: -1 },
    { code: 'x4', parent: 'D2' },
  ];
  const cases: [string, StepsInput][] = [
    [
      'ahp + geometric + topsis/grey alternatives',
      {
        impute: { method: 'group_mean', group: 'region', overrides: { x2: { method: 'linear' } } },
        screen: { unitThreshold: 0.5 },
        treat: { method: 'winsorise_quantile', quantiles: [0.1, 0.9], scope: 'pooled' },
        normalise: { range: [1, 100], overrides: { x4: { scope: 'period', range: [1, 100] } } },
        weight: {
          nodes: {
            IDX: {
              method: 'ahp',
              ahp: {
                matrix: [
                  [1, 3],
                  [1 / 3, 1],
                ],
              },
            },
          },
        },
        aggregate: {
          levels: { '2': { method: 'geometric' } },
          alternatives: [
            { code: 'T', node: 'IDX', method: 'topsis', inputs: 'indicators' },
            { code: 'G', node: 'IDX', method: 'grey', rho: 0.4, ideal: 'period' },
          ],
        },
      },
    ],
    [
      'per-period entropy + combine',
      {
        impute: { method: 'linear' },
        weight: {
          method: 'entropy',
          pooling: 'period',
          nodes: { IDX: { method: 'combine', combine: { methods: ['nominal', 'entropy'], mode: 'multiplicative' } } },
        },
        aggregate: { alternatives: [{ code: 'T', node: 'IDX', method: 'topsis', inputs: 'indicators', ideal: 'period' }] },
      },
    ],
  ];

  it.each(cases)('JSON round trip of the log regenerates identical data sets (%s)', (_name, steps) => {
    const framework = buildFramework(nodes);
    const log = resolveLog(StepsSpec.parse(steps), framework);
    const first = executeLog({ raw: raw(), framework, log, groupAttr: 'region' });
    const log2 = JSON.parse(JSON.stringify(log)) as PipelineLog;
    expect(log2).toEqual(log);
    const second = executeLog({ raw: raw(), framework: buildFramework(nodes), log: log2, groupAttr: 'region' });
    for (const ds of DATASET_NAMES) {
      const a = first.datasets[ds];
      const b = second.datasets[ds];
      expect(b.units, ds).toEqual(a.units);
      expect(b.indicators, ds).toEqual(a.indicators);
      expect([...b.values.keys()], ds).toEqual([...a.values.keys()]);
      for (const [c, va] of a.values) {
        const vb = b.values.get(c)!;
        expect(vb.length, `${ds} ${c}`).toBe(va.length);
        const diff: number[] = [];
        for (let i = 0; i < va.length; i++) if (!Object.is(va[i], vb[i])) diff.push(i);
        expect(diff, `${ds} ${c}`).toEqual([]);
      }
    }
    expect(second.weights).toEqual(first.weights);
    expect(second.ranks).toEqual(first.ranks);
    expect(second.scoreCodes).toEqual(first.scoreCodes);
    expect(second.warnings).toEqual(first.warnings);
    // the run is not trivial: a zero denominator (D 2019) is warned about and there are alternatives
    expect(first.warnings.some((w) => w.code === 'W_DENOMINATOR_ZERO')).toBe(true);
    expect(first.scoreCodes.length).toBeGreaterThan(3);
  });
});

// ================================================================== partial overrides
/*
 * Overrides (steps.<step>.overrides.<code>, steps.weight.nodes.<code>, steps.aggregate.levels.<n>,
 * steps.aggregate.nodes.<code>, steps.aggregate.alternatives[i]) change only the fields they
 * give: resolveLog merges them as { ...base, ...override }. (A regression guard: zod 4 applies a
 * field's `.default()` even inside `.partial()`, so the override schemas are built without defaults.)
 */
describe('executeLog: overrides change only the fields they give', () => {
  it('normalise.overrides.x4 {scope: period} keeps the step range [1, 100]', () => {
    const { result } = run(FW2, { normalise: { range: [1, 100], overrides: { x4: { scope: 'period' } } } }, base());
    expectAllClose(col(result, 'normalised', 'x1'), minmax(flat(X.x1), 1, 100), 'x1 pooled [1, 100]');
    expectAllClose(col(result, 'normalised', 'x4'), minmaxByPeriod(flat(X.x4), 5, 1, 100), 'x4 per period [1, 100]');
  });

  it('weight.nodes.IDX {scope: node} keeps the step method entropy', () => {
    const { result } = run(FW2, { weight: { method: 'entropy', nodes: { IDX: { scope: 'node' } } } }, base());
    // dimensions: global pooled entropy; root: entropy of the dimension scores
    const g = entropyWeights(IND.map((c) => N[c]));
    const D1 = n10.map((i) => (g[0] * N.x1[i] + g[1] * N.x2[i]) / (g[0] + g[1]));
    const D2 = n10.map((i) => (g[2] * N.x3[i] + g[3] * N.x4[i]) / (g[2] + g[3]));
    const wr = entropyWeights([D1, D2]);
    expectClose(weightRows(result, '').get('D1')!.effective, wr[0], 'D1 effective');
  });

  it('aggregate.levels.3 {datThreshold} keeps the step method geometric', () => {
    const { result } = run(FW2, { normalise: { range: [1, 100] }, aggregate: { method: 'geometric', levels: { '3': { datThreshold: 0.5 } } } }, base());
    const M: Record<string, number[]> = Object.fromEntries(IND.map((c) => [c, minmax(flat(X[c]), 1, 100, DIR[c])]));
    const D1 = n10.map((i) => Math.exp((2 * Math.log(M.x1[i]) + Math.log(M.x2[i])) / 3));
    const D2 = n10.map((i) => Math.sqrt(M.x3[i] * M.x4[i]));
    expectAllClose(
      col(result, 'aggregated', 'IDX'),
      n10.map((i) => Math.sqrt(D1[i] * D2[i])),
      'IDX geometric',
    );
  });

  it('impute.overrides.x2 {group} keeps the step method linear', () => {
    const raw = base(
      {
        x2: [
          [10, NaN, 11, 15, 20],
          [11, 14, 13, 18, 25],
        ],
      },
      { region: ['N', 'N', 'S', 'S', 'S'] },
    );
    const { result } = run(FW2, { impute: { method: 'linear', overrides: { x2: { group: 'region' } } } }, raw);
    expect(result.imputation.find((r) => r.indicator === 'x2')!.method).toBe('linear');
    expectClose(col(result, 'imputed', 'x2')[1], 14); // B 2020 ← its 2021 value (constant extrapolation)
  });

  it('parsed override entries hold only the fields given', () => {
    const s = StepsSpec.parse({
      normalise: { range: [1, 100], overrides: { x4: { scope: 'period' } } },
      aggregate: { alternatives: [{ code: 'A', node: 'IDX', method: 'topsis' }] },
    });
    expect(s.normalise.overrides.x4).toEqual({ scope: 'period' });
    expect(s.aggregate.alternatives[0]).toEqual({ code: 'A', node: 'IDX', method: 'topsis' });
  });
});
