/**
 * The prepared replications of a (log, state) (robustness/replicate.ts) give aggregatePhase's
 * scores bit for bit: random weight noise from two weights factors (different levels, applied in
 * factor order) over fixed weights (nominal, equal), arithmetic and geometric means, TOPSIS with a
 * pooled ideal, several periods, missing cells, and a panel large enough for the state's log cache;
 * and no plan where it would not be aggregatePhase's (weights from the data, an alternative score
 * tracked, inputs: indicators).
 */
import { describe, expect, it } from 'vitest';
import { buildFramework } from '../../src/core/framework.js';
import type { Panel } from '../../src/core/panel.js';
import { Rng } from '../../src/core/rng.js';
import { resolveLog } from '../../src/pipeline/log.js';
import { aggregatePhase, constructPhase } from '../../src/pipeline/run.js';
import { compileFactors, noiseDraws, noiseMultipliers } from '../../src/robustness/factors.js';
import { ReplicaPlan } from '../../src/robustness/replicate.js';
import { RobustnessSpec, StepsSpec } from '../../src/spec/schema.js';

const codes = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
function panel(nU: number, nT: number, missing: number): Panel {
  const rng = Rng.create(23);
  return {
    units: Array.from({ length: nU }, (_, i) => `u${i}`),
    periods: Array.from({ length: nT }, (_, t) => String(2020 + t)),
    periodValues: Array.from({ length: nT }, (_, t) => 2020 + t),
    hasPeriod: true,
    indicators: codes,
    values: new Map(
      codes.map((c, j) => [c, Float64Array.from({ length: nU * nT }, () => (rng.uniform() < missing ? NaN : 1 + Math.exp(rng.normal() + 0.1 * j)))]),
    ),
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
const norm = { method: 'minmax', range: [1, 100] };
const noise = [
  { name: 'w23', type: 'weights', noise: 0.25, levels: [2, 3] },
  { name: 'w1', type: 'weights', noise: 0.4, levels: [1] },
];

function setUp(steps: unknown, p: Panel) {
  const parsed = StepsSpec.parse(steps);
  const log = resolveLog(parsed, fw);
  const state = constructPhase({ raw: p, framework: fw, log });
  const weights = compileFactors(RobustnessSpec.parse({ factors: noise }).factors, parsed, fw);
  return { log, state, weights };
}

const cases: [string, unknown, Panel][] = [
  ['nominal weights, arithmetic, 3 periods, missing cells', { normalise: norm, aggregate: { method: 'arithmetic' } }, panel(9, 3, 0.1)],
  ['nominal weights, geometric, 3 periods', { normalise: norm, aggregate: { method: 'geometric' } }, panel(9, 3, 0)],
  [
    'equal weights, geometric, 1,400 units × 3 periods (the log cache)',
    { normalise: norm, weight: { method: 'equal' }, aggregate: { method: 'geometric' } },
    panel(1400, 3, 0),
  ],
  ['nominal weights, TOPSIS with a pooled ideal', { normalise: norm, aggregate: { method: 'topsis' } }, panel(9, 3, 0)],
  ['nominal weights, harmonic per level', { normalise: norm, aggregate: { method: 'arithmetic', levels: { 3: { method: 'harmonic' } } } }, panel(9, 2, 0.05)],
];

describe('ReplicaPlan', () => {
  for (const [name, steps, p] of cases) {
    it(`${name}: aggregatePhase's tracked scores, bit for bit`, () => {
      const { log, state, weights } = setUp(steps, p);
      const tracked = ['I', 'D2', 'P1'];
      const plan = ReplicaPlan.make(state, log, tracked, weights);
      expect(plan).toBeDefined();
      const rng = Rng.create(9);
      const draws: (Float64Array | undefined)[] = weights.map(() => undefined);
      for (let rep = 0; rep < 40; rep++) {
        // Some runs without noise, some with one factor, some with both.
        const maps: Map<string, number>[] = [];
        weights.forEach((f, w) => {
          const on = rep % 4 === 1 ? w === 0 : rep % 4 === 2 ? w === 1 : rep % 4 === 3;
          const v = Math.floor(rng.uniform() * 2 ** 32);
          draws[w] = on ? noiseDraws(f, v, 5, new Float64Array(f.noisyOrder!.length)) : undefined;
          if (on) maps.push(noiseMultipliers(f, v, 5));
        });
        const perturbWeights = (_node: string, w: Float64Array, kids: readonly string[]) => {
          const k = kids.length;
          for (let i = 0; i < k; i++) {
            let m = 1;
            for (const mm of maps) m *= mm.get(kids[i]) ?? 1;
            if (m !== 1) for (let t = 0; t < w.length / k; t++) w[t * k + i] *= m;
          }
        };
        const want = aggregatePhase(state, { log, perturbWeights, details: false, only: tracked }).scores;
        const got = plan!.run(draws)!;
        expect([...got.keys()]).toEqual(tracked);
        for (const c of tracked) expect(Array.from(got.get(c)!)).toEqual(Array.from(want.get(c)!));
      }
    });
  }

  it('noiseDraws are noiseMultipliers in noisyOrder', () => {
    const { weights } = setUp({ normalise: norm }, panel(9, 3, 0));
    for (const f of weights) {
      const m = noiseMultipliers(f, 12345, 5);
      expect(Array.from(noiseDraws(f, 12345, 5, new Float64Array(f.noisyOrder!.length)))).toEqual(f.noisyOrder!.map((c) => m.get(c)));
    }
  });

  it.each([
    ['weights from the data', { normalise: norm, weight: { method: 'entropy' } }, ['I']],
    [
      'an alternative score tracked',
      { normalise: norm, aggregate: { method: 'arithmetic', alternatives: [{ code: 'I_g', node: 'I', method: 'geometric' }] } },
      ['I_g'],
    ],
    ['aggregates of the indicators under a node', { normalise: norm, aggregate: { method: 'arithmetic', nodes: { I: { inputs: 'indicators' } } } }, ['I']],
  ])('no plan with %s (aggregatePhase runs instead)', (_name, steps, tracked) => {
    const { log, state, weights } = setUp(steps, panel(9, 3, 0));
    expect(ReplicaPlan.make(state, log, tracked, weights)).toBeUndefined();
  });
});
