/**
 * The DEA worker pool (src/io/workers/dea-pool.ts): the same bytes for any number of threads.
 * - super-SBM per period, GML and ML (sequential, vrs: with infeasible cross-period LPs) computed in this thread
 *   alone, with 1 and with 3 helper threads, and by the kernels without an executor, are byte-identical;
 * - the efficiency section (analyses.efficiency: super-SBM vrs on a global frontier, SBM, CCR, DDF sequential, GML,
 *   ML) gives byte-identical tables and warnings with the pool as ctx.dea and without (what `nqpf run` does for large
 *   jobs);
 * - a failing task: the error of the first failing task in task order is thrown, as in one thread;
 * - deaHelpers: none below DEA_POOL_MIN_LPS, `--workers` − 1, else round(cores − load) − 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { DEA_POOL_MIN_LPS, deaHelpers, gmlParallel, type RunningDeaPool, startDeaPool, superSbmPanel } from '../../src/io/workers/dea-pool.js';
import { type DeaTask, runDeaTask } from '../../src/lenses/dea/executor.js';
import { loadSolver } from '../../src/lenses/dea/lp.js';
import { globalMalmquistLuenberger, malmquistLuenberger } from '../../src/lenses/dea/luenberger.js';
import { type DeaData, superSbm } from '../../src/lenses/dea/models.js';
import { efficiencyAnalysis } from '../../src/lenses/efficiency/analysis.js';
import { EfficiencySpec } from '../../src/lenses/efficiency/spec.js';

function panel(n: number, T: number): DeaData[] {
  const rng = Rng.create(5);
  const base = Array.from({ length: n * 6 }, () => 1 + 9 * rng.uniform());
  return Array.from({ length: T }, (_, t) => ({
    n,
    m: 3,
    s: 1,
    sb: 2,
    x: Float64Array.from({ length: n * 3 }, (_, k) => base[Math.floor(k / 3) * 6 + (k % 3)] * (0.9 + 0.2 * rng.uniform())),
    y: Float64Array.from({ length: n }, (_, j) => base[j * 6 + 3] * (1 + 0.03 * t) * (0.9 + 0.2 * rng.uniform())),
    yb: Float64Array.from({ length: n * 2 }, (_, k) => (base[Math.floor(k / 2) * 6 + 4 + (k % 2)] * (0.9 + 0.2 * rng.uniform())) / (1 + 0.02 * t)),
  }));
}

/** Bytes of every typed array (and the other fields as JSON) of a result, for byte-identity. */
function bytes(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : v));
}

let pool: RunningDeaPool;
let helpersBefore = 0;
beforeAll(async () => {
  await loadSolver();
  pool = startDeaPool({ helpers: 3 });
  await pool.started();
}, 120_000);
afterAll(async () => {
  await pool?.close();
});

describe('DEA worker pool', () => {
  it('super-SBM (vrs) per period and GML (crs, proportional): 1 thread = 3 threads = the kernels, byte for byte', async () => {
    const P = panel(40, 4);
    const one = await superSbmPanel(P, { rts: 'vrs' }, 1);
    const three = await superSbmPanel(P, { rts: 'vrs' }, 3);
    expect(bytes(three)).toBe(bytes(one));
    expect(bytes(one)).toBe(bytes(P.map((p) => superSbm(p, { rts: 'vrs' }))));
    expect(one.some((r) => r.score.some((v) => v > 1))).toBe(true); // super-efficient DMUs present
    const g1 = await gmlParallel(P, { rts: 'crs', direction: 'proportional' }, 1);
    const g3 = await gmlParallel(P, { rts: 'crs', direction: 'proportional' }, 3);
    expect(bytes(g3)).toBe(bytes(g1));
    expect(bytes(g1)).toBe(bytes(globalMalmquistLuenberger(P, { rts: 'crs', direction: 'proportional' })));
    expect(g1.length).toBe(3);
  }, 120_000);

  it('GML and ML with more DMUs than one task takes (sliced distance functions): the pool gives the same bytes', () => {
    expect(pool.ready()).toBe(3);
    helpersBefore = pool.helperLps();
    const P = panel(130, 3);
    for (const opts of [
      { rts: 'crs', direction: 'proportional' },
      { rts: 'vrs', direction: 'outputs' },
    ] as const) {
      const here = globalMalmquistLuenberger(P, opts);
      expect(bytes(globalMalmquistLuenberger(P, opts, pool))).toBe(bytes(here));
      expect(here.every((st) => st.status.every((s) => s === 'optimal'))).toBe(true);
    }
    const seq = { rts: 'vrs', direction: 'proportional', frontier: 'window', window: 2 } as const;
    const ml = malmquistLuenberger(P, seq);
    expect(bytes(malmquistLuenberger(P, seq, pool))).toBe(bytes(ml));
    expect(ml.some((st) => st.status.some((s) => s === 'infeasible'))).toBe(true); // infeasible cross-period LPs reported alike
  }, 120_000);

  it('analyses.efficiency with the pool (ctx.dea) writes the same tables and warnings as without', () => {
    const n = 60;
    const T = 4;
    const P = panel(n, T);
    const units = Array.from({ length: n }, (_, j) => `u${j + 1}`);
    const periods = Array.from({ length: T }, (_, t) => String(2015 + t));
    const col = (f: (p: DeaData, j: number) => number) => {
      const v = new Float64Array(n * T);
      P.forEach((p, t) => {
        for (let j = 0; j < n; j++) v[t * n + j] = f(p, j);
      });
      return v;
    };
    const values = new Map([
      ['labour', col((p, j) => p.x[j * 3])],
      ['capital', col((p, j) => p.x[j * 3 + 1])],
      ['energy', col((p, j) => p.x[j * 3 + 2])],
      ['gdp', col((p, j) => p.y[j])],
      ['co2', col((p, j) => (p.yb as Float64Array)[j * 2])],
      ['so2', col((p, j) => (p.yb as Float64Array)[j * 2 + 1])],
    ]);
    const mk = (v: Map<string, Float64Array>) => ({
      units,
      periods,
      periodValues: periods.map(Number),
      hasPeriod: true,
      indicators: [...v.keys()],
      values: v,
      attributes: new Map(),
    });
    const vars = { inputs: ['labour', 'capital', 'energy'], outputs: ['gdp'], undesirable: ['co2', 'so2'] };
    const spec = EfficiencySpec.parse({
      models: [
        { name: 'GTFP', model: 'super-sbm', rts: 'vrs', frontier: 'global', ...vars },
        { name: 'SBM', model: 'sbm', rts: 'crs', ...vars },
        { name: 'CCR', model: 'ccr', inputs: vars.inputs, outputs: ['gdp'] },
        { name: 'DDF', model: 'ddf', frontier: 'sequential', ...vars },
      ],
      malmquist: [
        { name: 'GML', index: 'gml', ...vars },
        { name: 'ML', index: 'ml', rts: 'vrs', frontier: 'sequential', ...vars },
      ],
    });
    const run = (dea?: RunningDeaPool) => {
      const warnings: unknown[] = [];
      const ctx = {
        result: { framework: { indicators: [] } },
        spec: {},
        scores: mk(new Map()),
        data: mk(values),
        seed: 1,
        warn: (w: unknown) => warnings.push(w),
        ...(dea ? { dea } : {}),
      } as unknown as Parameters<typeof efficiencyAnalysis.run>[0];
      return { tables: efficiencyAnalysis.run(ctx, spec), warnings };
    };
    const without = run();
    expect(without.tables.map((t) => t.name)).toEqual(['efficiency_scores', 'efficiency_targets', 'efficiency_ml']);
    expect(without.tables[0].rows.length).toBe(4 * n * T);
    expect(JSON.stringify(run(pool))).toBe(JSON.stringify(without));
    expect(pool.helperLps()).toBeGreaterThan(helpersBefore); // the helper threads did take part
  }, 120_000);

  it('the error of the first failing task in task order is thrown, as in one thread', () => {
    const [p] = panel(5, 1);
    const one = { ...p, n: 1, x: p.x.slice(0, 3), y: p.y.slice(0, 1), yb: (p.yb as Float64Array).slice(0, 2) };
    const tasks: DeaTask[] = [
      { kind: 'sbm', data: p, opts: { rts: 'crs' } },
      { kind: 'superSbm', data: one, opts: { rts: 'crs', path: 'first' } },
      { kind: 'sbm', data: p, opts: { rts: 'vrs' } },
      { kind: 'superSbm', data: one, opts: { rts: 'crs', path: 'second' } },
    ];
    let sequential: unknown;
    try {
      tasks.map(runDeaTask);
    } catch (e) {
      sequential = e;
    }
    expect((sequential as { location?: { path?: string } }).location?.path).toBe('first');
    expect(() => pool.map(tasks)).toThrow(expect.objectContaining({ code: 'E_DEA_SPEC', message: (sequential as Error).message, location: { path: 'first' } }));
  }, 60_000);

  it('deaHelpers: none for small jobs; --workers − 1; else round(cores − load) − 1, within the cores', () => {
    const idle = { cores: 2, load: 0.2 };
    expect(deaHelpers(DEA_POOL_MIN_LPS - 1, undefined, idle)).toBe(0);
    expect(deaHelpers(DEA_POOL_MIN_LPS, undefined, idle)).toBe(1);
    expect(deaHelpers(13_500, 1, idle)).toBe(0);
    expect(deaHelpers(13_500, 4, { cores: 4, load: 3 })).toBe(3);
    expect(deaHelpers(13_500, undefined, { cores: 2, load: 1.6 })).toBe(0);
    expect(deaHelpers(13_500, 8, { cores: 2, load: 0 })).toBe(1);
  });
});
