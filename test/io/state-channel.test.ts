/**
 * Construction states shared by the robustness engines of one run (io/workers/state-channel.ts):
 * an engine that finds a state another engine published builds it from the shared columns instead
 * of normalising again, and its replications are the same bits as an engine's that shares nothing.
 */
import { describe, expect, it } from 'vitest';
import { buildFramework } from '../../src/core/framework.js';
import type { Panel } from '../../src/core/panel.js';
import { Rng } from '../../src/core/rng.js';
import { pointFor } from '../../src/io/workers/robustness-run.js';
import { StateChannel, stateChannelName } from '../../src/io/workers/state-channel.js';
import type { NormalisedColumns } from '../../src/pipeline/run.js';
import { RobustnessEngine, type StateExchange } from '../../src/robustness/engine.js';
import { RobustnessSpec, StepsSpec } from '../../src/spec/schema.js';

const nU = 40;
const nT = 3;
const codes = ['a', 'b', 'c', 'd', 'e'];
const raw: Panel = (() => {
  const rng = Rng.create(11);
  return {
    units: Array.from({ length: nU }, (_, i) => `u${i}`),
    periods: ['2020', '2021', '2022'],
    periodValues: [2020, 2021, 2022],
    hasPeriod: true,
    indicators: codes,
    values: new Map(codes.map((c, j) => [c, Float64Array.from({ length: nU * nT }, (_, i) => (i % 17 === j ? NaN : 1 + Math.exp(rng.normal() + 0.1 * j)))])),
    attributes: new Map(),
  };
})();
const fw = buildFramework([
  { code: 'I' },
  { code: 'D1', parent: 'I' },
  { code: 'D2', parent: 'I' },
  { code: 'a', parent: 'D1' },
  { code: 'b', parent: 'D1' },
  { code: 'c', parent: 'D2' },
  { code: 'd', parent: 'D2', direction: -1 },
  { code: 'e', parent: 'D2' },
]);
const steps = StepsSpec.parse({ impute: { method: 'period_mean' }, normalise: { method: 'minmax', range: [1, 100] }, weight: { method: 'entropy' } });
const FACTORS = [
  {
    name: 'norm',
    type: 'alternatives',
    path: 'steps.normalise',
    alternatives: [{ method: 'minmax', range: [1, 100] }, { method: 'rank' }, { method: 'zscore', mean: 10, sd: 2, scope: 'period' }],
  },
  { name: 'agg', type: 'alternatives', path: 'steps.aggregate.method', alternatives: ['arithmetic', 'geometric'] },
  { name: 'w', type: 'weights', noise: 0.25 },
];

const engine = (factors: unknown[] = FACTORS) =>
  new RobustnessEngine({ raw, framework: fw, steps, spec: RobustnessSpec.parse({ factors, scores: ['I', 'D2'] }), seed: 4 });

/** Every output of runs 0..n−1 of an engine. */
function outputs(e: RobustnessEngine, n: number) {
  const scores = new Float64Array(n * e.nOut);
  const ranks = new Float64Array(n * e.nOut);
  const u = new Float64Array(e.factors.length);
  for (let r = 0; r < n; r++) e.run(pointFor('uncertainty', 4, undefined, r, u), scores, ranks, r * e.nOut, r);
  return { scores, ranks };
}

/** An exchange that counts what went through it. */
function counted(inner: StateExchange) {
  const seen = { taken: 0, published: 0, shared: true };
  const ex: StateExchange = {
    take(key) {
      const got = inner.take(key);
      if (got) {
        seen.taken++;
        for (const v of got.columns.values()) seen.shared &&= v.buffer instanceof SharedArrayBuffer;
      }
      return got;
    },
    publish(key, cols: NormalisedColumns) {
      seen.published++;
      return inner.publish(key, cols);
    },
  };
  return { ex, seen };
}

describe('shared construction states', () => {
  it('an engine takes the states another engine published: fewer normalisations, the same bits as sharing nothing', () => {
    const alone = outputs(engine(), 60);
    const name = stateChannelName();
    const a = new StateChannel(name);
    const b = new StateChannel(name);
    try {
      const first = engine();
      const pa = counted(a);
      first.exchange = pa.ex;
      const second = engine();
      const pb = counted(b);
      second.exchange = pb.ex;
      const one = outputs(first, 60);
      // The three alternatives (and the nominal minmax by its factor value) were built and published by the first engine.
      expect(pa.seen.published).toBe(3);
      expect(pa.seen.taken).toBe(0);
      const two = outputs(second, 60);
      expect(pb.seen.published).toBe(0);
      expect(pb.seen.taken).toBe(3);
      expect(pb.seen.shared).toBe(true);
      for (const o of [one, two]) {
        expect(Buffer.from(o.scores.buffer).equals(Buffer.from(alone.scores.buffer))).toBe(true);
        expect(Buffer.from(o.ranks.buffer).equals(Buffer.from(alone.ranks.buffer))).toBe(true);
      }
    } finally {
      a.close();
      b.close();
    }
  });

  it('a construction factor with continuous values (a state per replication) shares nothing', () => {
    const name = stateChannelName();
    const a = new StateChannel(name);
    try {
      const e = engine([{ name: 'range', type: 'uniform', path: 'steps.normalise.range.1', range: [1, 5] }, ...FACTORS.slice(1)]);
      const p = counted(a);
      e.exchange = p.ex;
      outputs(e, 10);
      expect(p.seen.published + p.seen.taken).toBe(0);
    } finally {
      a.close();
    }
  });
});
