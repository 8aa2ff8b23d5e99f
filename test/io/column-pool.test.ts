import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFramework } from '../../src/core/framework.js';
import type { Panel } from '../../src/core/panel.js';
import { isShared, sharedFloat64, type ColumnPool } from '../../src/core/parallel.js';
import { Rng } from '../../src/core/rng.js';
import { startColumnPool, type RunningColumnPool } from '../../src/io/workers/column-pool.js';
import { resolveLog } from '../../src/pipeline/log.js';
import { executeLog, type PipelineResult } from '../../src/pipeline/run.js';
import { StepsSpec } from '../../src/spec/schema.js';

/** A seeded panel on shared memory (as loadProject allocates), 2,000 × 10 × 20 = 400,000 cells. */
function panel(zeroRange: number[] = []): Panel {
  const nU = 2000;
  const nT = 10;
  const rng = Rng.create(5);
  const codes = Array.from({ length: 20 }, (_, j) => `x${j + 1}`);
  const values = new Map<string, Float64Array>();
  codes.forEach((c, j) => {
    const v = sharedFloat64(nU * nT);
    for (let i = 0; i < v.length; i++) v[i] = zeroRange.includes(j + 1) ? 3 : Math.exp(rng.normal()) * (1 + j);
    values.set(c, v);
  });
  return {
    units: Array.from({ length: nU }, (_, u) => `u${u}`),
    periods: Array.from({ length: nT }, (_, t) => String(2000 + t)),
    periodValues: Array.from({ length: nT }, (_, t) => 2000 + t),
    hasPeriod: true,
    indicators: codes,
    values,
    attributes: new Map(),
  };
}
const codes = Array.from({ length: 20 }, (_, j) => `x${j + 1}`);
const fw = buildFramework([
  { code: 'Index' },
  ...[1, 2].map((d) => ({ code: `D${d}`, parent: 'Index' })),
  ...codes.map((c, j) => ({ code: c, parent: `D${(j % 2) + 1}`, direction: (j % 5 === 2 ? -1 : 1) as 1 | -1 })),
]);
const log = resolveLog(
  StepsSpec.parse({
    normalise: { method: 'minmax', range: [0, 1], scope: 'pooled' },
    weight: { method: 'entropy' },
    aggregate: { method: 'arithmetic', nodes: { Index: { method: 'topsis', inputs: 'indicators', ideal: 'pooled' } } },
  }),
  fw,
);
const run = (p: Panel, pool?: ColumnPool) => executeLog({ raw: p, framework: fw, log, pool });

function expectIdentical(a: PipelineResult, b: PipelineResult): void {
  for (const ds of ['normalised', 'aggregated'] as const) {
    for (const [code, x] of a.datasets[ds].values) {
      const y = b.datasets[ds].values.get(code)!;
      expect(y.length).toBe(x.length);
      for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) throw new Error(`${ds}.${code}[${i}]: ${x[i]} vs ${y[i]}`);
    }
  }
  expect(b.weights).toEqual(a.weights);
  expect(b.ranks.map((r) => Array.from(r.overall))).toEqual(a.ranks.map((r) => Array.from(r.overall)));
}

describe('column pool (one worker thread, shared memory)', () => {
  let pool: RunningColumnPool;
  const calls: string[] = [];
  beforeAll(async () => {
    pool = await startColumnPool();
  });
  afterAll(async () => {
    await pool?.close();
  });
  // The pool each run is given: it records the tasks it is asked to share.
  const counting: ColumnPool = { map: (task, items, local, shareable) => (calls.push(task), pool.map(task, items, local, shareable)) };

  it('gives results identical bit for bit to one thread, with the worker doing part of every per-column step', () => {
    const p = panel();
    const serial = run(p);
    calls.length = 0;
    const par = run(p, counting);
    // TOPSIS takes the extents of the columns min-max normalised on this thread from the normalisation
    // (5074950) and reads only the worker's 10 columns' (200,000 cells: below MIN_PARALLEL_CELLS, here).
    expect(calls).toEqual(['normalise', 'sumXLogX']);
    // the worker's share of the normalised columns comes back on shared memory, the rest does not
    const shared = [...par.datasets.normalised.values.values()].map(isShared);
    expect(shared.filter(Boolean).length).toBe(10);
    expect(shared.slice(10).every(Boolean)).toBe(true);
    expectIdentical(serial, par);
  });

  it('shares the reading of the column extents when no normalisation reported them (normalise: none)', () => {
    const none = resolveLog(
      StepsSpec.parse({
        normalise: { method: 'none' },
        weight: { method: 'equal' },
        aggregate: { method: 'arithmetic', nodes: { Index: { method: 'topsis', inputs: 'indicators', ideal: 'pooled' } } },
      }),
      fw,
    );
    const p = panel();
    const serial = executeLog({ raw: p, framework: fw, log: none });
    calls.length = 0;
    const par = executeLog({ raw: p, framework: fw, log: none, pool: counting });
    expect(calls).toContain('extent');
    expectIdentical(serial, par);
  });

  it('throws the error of the first failing column, as one thread does, wherever the failing columns run', () => {
    for (const bad of [[17], [3, 18]]) {
      const p = panel(bad);
      let serialErr: unknown;
      try {
        run(p);
      } catch (e) {
        serialErr = e;
      }
      let parErr: unknown;
      try {
        run(p, counting);
      } catch (e) {
        parErr = e;
      }
      expect(serialErr).toBeDefined();
      expect((parErr as { code: string }).code).toBe('E_ZERO_RANGE');
      expect((parErr as Error).message).toBe((serialErr as Error).message);
      expect((parErr as Error).message).toContain(`x${bad[0]}`);
    }
  });

  it('keeps small work and unshared arrays on the calling thread', () => {
    calls.length = 0;
    const small = buildFramework([{ code: 'I' }, { code: 'a', parent: 'I' }, { code: 'b', parent: 'I' }]);
    const p: Panel = {
      units: ['u', 'v', 'w'],
      periods: ['1'],
      periodValues: [1],
      hasPeriod: true,
      indicators: ['a', 'b'],
      values: new Map([
        [
          'a',
          sharedFloat64(3)
            .fill(1)
            .map((_, i) => i),
        ],
        ['b', Float64Array.of(2, 1, 5)],
      ]),
      attributes: new Map(),
    };
    executeLog({
      raw: p,
      framework: small,
      log: resolveLog(StepsSpec.parse({ normalise: { method: 'minmax', scope: 'pooled' }, weight: { method: 'entropy' } }), small),
      pool: counting,
    });
    expect(calls).toEqual([]);
  });
});
