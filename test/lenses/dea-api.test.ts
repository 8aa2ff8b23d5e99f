/**
 * The DEA lens through the public library API (src/index.ts): loadSolver, the models, GML and the worker pool.
 * Expected values by hand: two DMUs with one input and one output, A (x = 1, y = 1) and B (x = 2, y = 1); under crs
 * B's input-oriented CCR score is θ = 1/2 and A's is 1; B's proportional DDF against the frontier through A solves
 * (1 − β)·2 ≥ (1 + β)·1 at the largest β, so β* = 1/3; GML of A when its output grows to 1.2: 12/11 (below).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nqpf from '../../src/index.js';

const two: nqpf.DeaData = { n: 2, m: 1, s: 1, x: Float64Array.of(1, 2), y: Float64Array.of(1, 1) };
let pool: nqpf.RunningDeaPool;
beforeAll(async () => {
  await nqpf.loadSolver();
  pool = nqpf.startDeaPool({ helpers: 1 });
  await pool.started();
}, 120_000);
afterAll(async () => {
  await pool?.close();
});

describe('DEA through the public API', () => {
  it('CCR and DDF give the hand values; GML with the pool equals GML without', () => {
    expect(nqpf.solverVersion()).toMatch(/^\d+\.\d+/);
    const ccr = nqpf.radial(two, { rts: 'crs', orientation: 'input' });
    expect(Math.abs(ccr.score[0] - 1)).toBeLessThan(1e-12);
    expect(Math.abs(ccr.score[1] - 0.5)).toBeLessThan(1e-12);
    const beta = nqpf.ddfBeta(two, { rts: 'crs' });
    expect(beta.st).toEqual(['optimal', 'optimal']);
    expect(Math.abs(beta.b[1] - 1 / 3)).toBeLessThan(1e-12);
    expect(Math.abs(nqpf.ddf(two, { rts: 'crs' }).score[1] - 1 / 3)).toBeLessThan(1e-12);
    const later: nqpf.DeaData = { ...two, y: Float64Array.of(1.2, 1.1) };
    const here = nqpf.globalMalmquistLuenberger([two, later]);
    expect(JSON.stringify(nqpf.globalMalmquistLuenberger([two, later], {}, pool), (_k, v) => (ArrayBuffer.isView(v) ? [...(v as Float64Array)] : v))).toBe(
      JSON.stringify(here, (_k, v) => (ArrayBuffer.isView(v) ? [...(v as Float64Array)] : v)),
    );
    // A's output grows 20 % with the same input: against the global frontier (the ray through A's later point)
    // D^G(t) = max β with 1.2(1 − β) ≥ 1 + β, i.e. 1/11, and D^G(t+1) = 0, so GML = (1 + 1/11)/(1 + 0) = 12/11.
    expect(Math.abs(here[0].dGT[0] - 1 / 11)).toBeLessThan(1e-12);
    expect(Math.abs(here[0].index[0] - 12 / 11)).toBeLessThan(1e-12);
  }, 60_000);
});
