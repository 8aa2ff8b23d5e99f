/**
 * RobustnessEngine replications against independent full runs: a replication whose factors take
 * given values must equal executeLog on a spec written with those values (ranks and scores);
 * zero weight noise equals the nominal run; an exclusion equals a run on the pruned framework.
 */
import { describe, expect, it } from 'vitest';
import type { NqpfError } from '../../src/core/errors.js';
import { buildFramework } from '../../src/core/framework.js';
import type { Panel } from '../../src/core/panel.js';
import { Rng } from '../../src/core/rng.js';
import { resolveLog } from '../../src/pipeline/log.js';
import { executeLog } from '../../src/pipeline/run.js';
import { leaveOneOutTable } from '../../src/robustness/analyse.js';
import { RobustnessEngine } from '../../src/robustness/engine.js';
import { RobustnessSpec, StepsSpec } from '../../src/spec/schema.js';

const nU = 12;
const nT = 3;
function panel(): Panel {
  const rng = Rng.create(5);
  const codes = ['a', 'b', 'c', 'd', 'e'];
  return {
    units: Array.from({ length: nU }, (_, i) => `u${i}`),
    periods: ['2020', '2021', '2022'],
    periodValues: [2020, 2021, 2022],
    hasPeriod: true,
    indicators: codes,
    values: new Map(
      codes.map((c, j) => [c, Float64Array.from({ length: nU * nT }, (_, i) => 1 + Math.exp(rng.normal() + 0.1 * j + 0.05 * Math.floor(i / nU)))]),
    ),
    attributes: new Map(),
  };
}
const nodes = [
  { code: 'I' },
  { code: 'D1', parent: 'I' },
  { code: 'D2', parent: 'I', weight: 2 },
  { code: 'a', parent: 'D1' },
  { code: 'b', parent: 'D1' },
  { code: 'c', parent: 'D2' },
  { code: 'd', parent: 'D2', direction: -1 as const },
  { code: 'e', parent: 'D2' },
];
const fw = buildFramework(nodes);
const baseSteps = { normalise: { method: 'minmax', range: [1, 100] }, aggregate: { method: 'arithmetic' } };

function engine(factors: unknown[], steps: unknown = baseSteps) {
  return new RobustnessEngine({
    raw: panel(),
    framework: fw,
    steps: StepsSpec.parse(steps),
    spec: RobustnessSpec.parse({ factors, scores: ['I', 'D2'] }),
    seed: 3,
  });
}

/** Full run of a spec, flattened like the engine's outputs. */
function full(steps: unknown, framework = fw) {
  const r = executeLog({ raw: panel(), framework, log: resolveLog(StepsSpec.parse(steps), framework) });
  const out: number[] = [];
  const rk: number[] = [];
  for (const code of ['I', 'D2']) {
    out.push(...r.datasets.aggregated.values.get(code)!);
    rk.push(...r.ranks.find((x) => x.code === code)!.overall);
  }
  return { scores: out, ranks: rk };
}

const factors = [
  {
    name: 'norm',
    type: 'alternatives',
    path: 'steps.normalise',
    alternatives: [
      { method: 'minmax', range: [1, 100] },
      { method: 'zscore', mean: 10, sd: 2 },
    ],
  },
  { name: 'agg', type: 'alternatives', path: 'steps.aggregate.method', alternatives: ['arithmetic', 'geometric'] },
];

describe('RobustnessEngine', () => {
  it('a tracked code that is not a score is an E_SPEC error at robustness.scores.<i> naming every score, alternatives included', () => {
    const steps = {
      ...baseSteps,
      aggregate: { method: 'arithmetic', alternatives: [{ code: 'I_topsis', node: 'I', method: 'topsis', inputs: 'indicators' }] },
    };
    const make = (scores: string[]) =>
      new RobustnessEngine({ raw: panel(), framework: fw, steps: StepsSpec.parse(steps), spec: RobustnessSpec.parse({ factors, scores }), seed: 3 });
    let err: unknown;
    try {
      make(['I', 'Z']);
    } catch (e) {
      err = e;
    }
    expect((err as NqpfError).code).toBe('E_SPEC');
    expect((err as NqpfError).location?.path).toBe('robustness.scores.1');
    expect((err as NqpfError).message).toContain('"Z" is not a score of this run');
    for (const c of ['I', 'D1', 'D2', 'a', 'e', 'I_topsis']) expect((err as NqpfError).hint).toMatch(new RegExp(`\\b${c}\\b`));
    // the untracked alternative is not needed for the tracked outputs; tracked, it is computed
    expect(
      make(['I_topsis'])
        .nominal()
        .scores.every((v) => v >= 0 && v <= 1),
    ).toBe(true);
  });

  it('nominal outputs equal executeLog of the spec', () => {
    const e = engine(factors);
    const n = e.nominal();
    const f = full(baseSteps);
    expect(Array.from(n.scores)).toEqual(f.scores);
    expect(Array.from(n.ranks)).toEqual(f.ranks);
  });

  it.each([
    [0.1, 0.2, { method: 'minmax', range: [1, 100] }, 'arithmetic'],
    [0.1, 0.7, { method: 'minmax', range: [1, 100] }, 'geometric'],
    [0.9, 0.2, { method: 'zscore', mean: 10, sd: 2 }, 'arithmetic'],
    [0.9, 0.9, { method: 'zscore', mean: 10, sd: 2 }, 'geometric'],
  ])('u = (%f, %f) runs %o with %s exactly as a full run', (u1, u2, norm, agg) => {
    const e = engine(factors);
    const scores = new Float64Array(e.nOut);
    const ranks = new Float64Array(e.nOut);
    e.run([u1, u2], scores, ranks, 0);
    const f = full({ normalise: norm, aggregate: { method: agg } });
    expect(Array.from(scores)).toEqual(f.scores);
    expect(Array.from(ranks)).toEqual(f.ranks);
  });

  it('an integer factor sets the option (treat winmax) exactly as a full run', () => {
    const steps = { ...baseSteps, treat: { method: 'coinr', winmax: 5 } };
    const e = engine([{ name: 'winmax', type: 'integer', path: 'steps.treat.winmax', range: [0, 2] }], steps);
    const scores = new Float64Array(e.nOut);
    const ranks = new Float64Array(e.nOut);
    e.run([0.5], scores, ranks, 0); // floor(0.5 · 3) = 1 → winmax 1
    expect(Array.from(scores)).toEqual(full({ ...baseSteps, treat: { method: 'coinr', winmax: 1 } }).scores);
  });

  it('zero weight noise gives the nominal outputs; positive noise changes them and renormalises within parents', () => {
    const e0 = engine([{ name: 'w', type: 'weights', noise: 0 }]);
    const s0 = new Float64Array(e0.nOut);
    const r0 = new Float64Array(e0.nOut);
    e0.run([0.37], s0, r0, 0);
    expect(Array.from(s0)).toEqual(Array.from(e0.nominal().scores));
    const e1 = engine([{ name: 'w', type: 'weights', noise: 0.25, levels: [1] }]);
    const s1 = new Float64Array(e1.nOut);
    e1.run([0.37], s1, new Float64Array(e1.nOut), 0);
    expect(Array.from(s1)).not.toEqual(Array.from(e1.nominal().scores));
    // Equal u → equal noise draw (required by the Saltelli estimators).
    const s2 = new Float64Array(e1.nOut);
    e1.run([0.37], s2, new Float64Array(e1.nOut), 0);
    expect(Array.from(s2)).toEqual(Array.from(s1));
  });

  it('leave-one-out exclusion equals a full run on the framework without that indicator', () => {
    const e = engine([{ name: 'x', type: 'exclusion', mode: 'one' }]);
    const scores = new Float64Array(e.nOut);
    e.run([2.5 / 6], scores, new Float64Array(e.nOut), 0); // floor(u · 6) = 2 → without c
    const fw2 = buildFramework(nodes.filter((n) => n.code !== 'c'));
    expect(Array.from(scores)).toEqual(full(baseSteps, fw2).scores);
    const none = new Float64Array(e.nOut);
    e.run([0.99], none, new Float64Array(e.nOut), 0); // the last choice is "none"
    expect(Array.from(none)).toEqual(Array.from(e.nominal().scores));
  });

  it('leave-one-out: the largest changes are the 5 largest |shifts| of its ranks table (ties: unit-period order), zeros left out', () => {
    const e = engine([{ name: 'x', type: 'exclusion', mode: 'one' }]);
    const [summary, long] = leaveOneOutTable(e, e.nominal());
    let ties = 0;
    for (const row of summary.rows) {
      // every unit-period of this indicator, in table order, sorted by |shift| (a stable sort keeps that order on ties)
      const shifts = long.rows.filter((r) => r[0] === row[0]).map((r) => ({ at: `${r[1]} ${r[2]}`, shift: r[5] as number }));
      const top = [...shifts].sort((x, y) => Math.abs(y.shift) - Math.abs(x.shift)).slice(0, 5);
      const fifth = Math.abs(top[4].shift);
      if (shifts.filter((x) => Math.abs(x.shift) === fifth).length > 1) ties++;
      const want = top
        .filter((x) => x.shift !== 0)
        .map((x) => `${x.at} ${x.shift > 0 ? '+' : ''}${x.shift}`)
        .join('; ');
      expect(row[5], String(row[0])).toBe(want);
    }
    expect(ties, 'a tie at the 5th place is decided by the order').toBeGreaterThan(0);
  });

  it('refuses factors that address invalid values, naming the factor path', () => {
    expect(() => engine([{ name: 'n', type: 'alternatives', path: 'steps.normalise.method', alternatives: ['minmax', 'minmaxx'] }])).toThrow(
      /robustness\.factors\.0\.alternatives\.1/,
    );
    expect(() => engine([{ name: 'n', type: 'uniform', path: 'data.file', range: [0, 1] }])).toThrow(/under steps/);
  });
});
