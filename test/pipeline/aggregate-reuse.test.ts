/**
 * aggregatePhase with `reuse` (the robustness engine's cache of what a weight perturbation leaves
 * alone) gives the same bits as without it: random sequences of perturbations on random subsets
 * of nodes, over data-driven (entropy, node and global scope) and fixed weights, row-wise and
 * pooled-ideal aggregations and several periods, all sharing one reuse map per (state, log).
 */
import { describe, expect, it } from 'vitest';
import { buildFramework } from '../../src/core/framework.js';
import type { Panel } from '../../src/core/panel.js';
import { Rng } from '../../src/core/rng.js';
import { resolveLog } from '../../src/pipeline/log.js';
import { type AggregateReuse, aggregatePhase, type ConstructState, constructPhase } from '../../src/pipeline/run.js';
import { StepsSpec } from '../../src/spec/schema.js';

const nU = 9;
const nT = 3;
const codes = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
function panel(): Panel {
  const rng = Rng.create(11);
  return {
    units: Array.from({ length: nU }, (_, i) => `u${i}`),
    periods: ['2020', '2021', '2022'],
    periodValues: [2020, 2021, 2022],
    hasPeriod: true,
    indicators: codes,
    values: new Map(codes.map((c, j) => [c, Float64Array.from({ length: nU * nT }, () => 1 + Math.exp(rng.normal() + 0.1 * j))])),
    attributes: new Map(),
  };
}
// Index → (D1 → P1, P2), D2 → P3; pillars → indicators.
const fw = buildFramework([
  { code: 'I' },
  { code: 'D1', parent: 'I' },
  { code: 'D2', parent: 'I', weight: 2 },
  { code: 'P1', parent: 'D1' },
  { code: 'P2', parent: 'D1', weight: 3 },
  { code: 'P3', parent: 'D2' },
  { code: 'a', parent: 'P1' },
  { code: 'b', parent: 'P1' },
  { code: 'c', parent: 'P2' },
  { code: 'd', parent: 'P2', direction: -1 as const },
  { code: 'e', parent: 'P3' },
  { code: 'f', parent: 'P3' },
  { code: 'g', parent: 'P3', weight: 2 },
]);

const specs: Record<string, unknown> = {
  'nominal weights, arithmetic': { normalise: { method: 'minmax', range: [1, 100] }, aggregate: { method: 'arithmetic' } },
  'entropy weights per node, geometric': {
    normalise: { method: 'minmax', range: [1, 100] },
    weight: { method: 'entropy' },
    aggregate: { method: 'geometric' },
  },
  'entropy weights per period, arithmetic': {
    normalise: { method: 'minmax', range: [1, 100] },
    weight: { method: 'entropy', pooling: 'period' },
    aggregate: { method: 'arithmetic' },
  },
  'global entropy weights, TOPSIS with a pooled ideal': {
    normalise: { method: 'minmax', range: [1, 100] },
    weight: { method: 'entropy', scope: 'global' },
    aggregate: { method: 'topsis' },
  },
};

describe('aggregatePhase reuse of unperturbed nodes', () => {
  for (const [name, steps] of Object.entries(specs)) {
    it(`${name}: the same scores, bit for bit, as without reuse`, () => {
      const st = constructPhase({ raw: panel(), framework: fw, log: resolveLog(StepsSpec.parse(steps), fw) });
      const reuse: AggregateReuse = new Map();
      const rng = Rng.create(7);
      const nodes = ['D1', 'D2', 'P1', 'P2', 'P3', 'a', 'c', 'e', 'g'];
      let reused = 0;
      for (let rep = 0; rep < 40; rep++) {
        // Every few runs no noise at all; otherwise noise on a random subset of nodes.
        const m = new Map<string, number>();
        if (rep % 4 !== 0) for (const c of nodes) if (rng.uniform() < 0.3) m.set(c, 1 + 0.25 * (2 * rng.uniform() - 1));
        const perturbWeights = (_node: string, w: Float64Array, kids: readonly string[]) => {
          const k = kids.length;
          for (let i = 0; i < k; i++) {
            const f = m.get(kids[i]) ?? 1;
            if (f !== 1) for (let t = 0; t < w.length / k; t++) w[t * k + i] *= f;
          }
        };
        const plain = aggregatePhase(st, { perturbWeights, details: false });
        const fast = aggregatePhase(st, { perturbWeights, details: false, reuse, logCacheMinRows: 0 });
        expect([...fast.scores.keys()].sort()).toEqual([...plain.scores.keys()].sort());
        for (const [c, x] of plain.scores) {
          const y = fast.scores.get(c)!;
          if (y === reuse.get(c)?.score) reused++;
          expect(Array.from(y)).toEqual(Array.from(x));
          expect(Array.from(fast.W.get(c) ?? [])).toEqual(Array.from(plain.W.get(c) ?? []));
        }
      }
      expect(reused).toBeGreaterThan(40); // the pillars unperturbed in most runs came from the map
      // The geometric mean took the logs of columns aggregated again from the state's cache (same bits, checked above).
      if (name.includes('geometric')) expect(codes.filter((c) => st.logCache.logs.has(st.datasets.normalised.values.get(c)!)).length).toBeGreaterThan(3);
    });
  }
  it('is not used with exclusions or with details (their results would differ from what it holds)', () => {
    const st = constructPhase({ raw: panel(), framework: fw, log: resolveLog(StepsSpec.parse(specs['nominal weights, arithmetic']), fw) });
    const reuse: AggregateReuse = new Map();
    aggregatePhase(st, { details: true, reuse });
    expect(reuse.size).toBe(0);
    aggregatePhase(st, { details: false, reuse, exclude: new Set(['a']) });
    expect(reuse.size).toBe(0);
    aggregatePhase(st, { details: false, reuse });
    expect([...reuse.keys()].sort()).toEqual(['D1', 'D2', 'I', 'P1', 'P2', 'P3']);
  });
});

describe('aggregatePhase with only some scores wanted', () => {
  const withAlt = {
    normalise: { method: 'minmax', range: [1, 100] },
    weight: { method: 'entropy' },
    aggregate: {
      method: 'geometric',
      alternatives: [
        { code: 'I_topsis', node: 'I', method: 'topsis', inputs: 'indicators' },
        { code: 'P3_mean', node: 'P3', method: 'arithmetic' },
      ],
    },
  };
  const st = constructPhase({ raw: panel(), framework: fw, log: resolveLog(StepsSpec.parse(withAlt), fw) });
  const noise = (_node: string, w: Float64Array, kids: readonly string[]) => {
    for (let i = 0; i < kids.length; i++) if (kids[i] === 'P2' || kids[i] === 'e') for (let t = 0; t < nT; t++) w[t * kids.length + i] *= 1.2;
  };
  const all = aggregatePhase(st, { perturbWeights: noise, details: false });
  it.each([
    [['D1'], ['D1', 'P1', 'P2']],
    [['P3_mean'], ['P3']],
    [['I'], ['I', 'D1', 'D2', 'P1', 'P2', 'P3']],
    [
      ['P1', 'I_topsis'],
      ['I', 'D1', 'D2', 'P1', 'P2', 'P3'],
    ],
  ])('%j: the wanted scores bit for bit, aggregates computed only in their subtrees (%j), other alternatives not computed', (only, aggregates) => {
    const some = aggregatePhase(st, { perturbWeights: noise, details: false, only });
    for (const c of only) expect(Array.from(some.scores.get(c)!)).toEqual(Array.from(all.scores.get(c)!));
    expect(fw.aggregates.filter((c) => some.scores.has(c)).sort()).toEqual([...aggregates].sort());
    expect(['I_topsis', 'P3_mean'].filter((c) => some.scores.has(c))).toEqual(only.filter((c) => c.includes('_')));
  });
});

describe('constructPhase from earlier states', () => {
  // Unit u0 misses most indicators: screening drops it with a warning, which a reused prefix repeats.
  const raw = panel();
  for (const c of ['a', 'b', 'c', 'd', 'e']) for (let t = 0; t < nT; t++) raw.values.get(c)![t * nU] = NaN;
  const steps = (winmax: number, normalise: unknown) =>
    StepsSpec.parse({ screen: { unitThreshold: 0.5 }, treat: { method: 'coinr', winmax, skewThreshold: 0.5, kurtThreshold: 1 }, normalise });
  const norms = [{ method: 'minmax', range: [1, 100] }, { method: 'zscore', mean: 10, sd: 2 }, { method: 'rank' }];
  it('takes the steps up to screening, and treatment when its entry is equal, from them: the same data sets and warnings', () => {
    const earlier: ConstructState[] = [];
    let sharedTreat = 0;
    for (const winmax of [1, 3, 1, 5, 3]) {
      for (const normalise of norms) {
        const log = resolveLog(steps(winmax, normalise), fw);
        const plain = constructPhase({ raw, framework: fw, log });
        const fast = constructPhase({ raw, framework: fw, log, from: earlier });
        expect(fast.warnings).toEqual(plain.warnings);
        expect(fast.warnings.map((w) => w.code)).toContain('W_SCREEN_UNITS');
        expect(fast.treatment).toEqual(plain.treatment);
        expect(fast.screening).toEqual(plain.screening);
        expect(fast.imputation).toEqual(plain.imputation);
        expect(fast.framework.indicators).toEqual(plain.framework.indicators);
        for (const [name, d] of Object.entries(plain.datasets)) {
          const f = fast.datasets[name as keyof typeof plain.datasets];
          expect(f.units).toEqual(d.units);
          for (const [c, x] of d.values) expect(Array.from(f.values.get(c)!)).toEqual(Array.from(x));
        }
        if (earlier.some((e) => e.datasets.treated === fast.datasets.treated)) sharedTreat++;
        if (earlier.length) expect(earlier.some((e) => e.datasets.screened === fast.datasets.screened)).toBe(true);
        earlier.push(fast);
      }
    }
    expect(sharedTreat).toBe(15 - 3); // every (winmax, method) but the first method of each of the 3 winmax values
  });
  it('ignores states of another raw panel or framework', () => {
    const log = resolveLog(steps(2, norms[0]), fw);
    const other = constructPhase({ raw: panel(), framework: fw, log });
    const st = constructPhase({ raw, framework: fw, log, from: [other] });
    expect(st.datasets.screened).not.toBe(other.datasets.screened);
    expect(st.warnings.map((w) => w.code)).toContain('W_SCREEN_UNITS');
  });
});
