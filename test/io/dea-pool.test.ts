/**
 * The DEA worker pool (src/io/workers/dea-pool.ts): super-SBM per period and GML computed by 1 thread (in the test's
 * thread) and by 3 worker threads are byte-identical, and equal to the single-threaded kernels
 * (superSbm, globalMalmquistLuenberger) byte for byte — each task passes its own model to HiGHS.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { gmlParallel, superSbmPanel } from '../../src/io/workers/dea-pool.js';
import { loadSolver } from '../../src/lenses/dea/lp.js';
import { globalMalmquistLuenberger } from '../../src/lenses/dea/luenberger.js';
import { type DeaData, superSbm } from '../../src/lenses/dea/models.js';

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

describe('DEA worker pool', () => {
  it('super-SBM (vrs) per period and GML (crs, proportional): 1 thread = 3 threads = the kernels, byte for byte', async () => {
    const P = panel(40, 4);
    const one = await superSbmPanel(P, { rts: 'vrs' }, 1);
    const three = await superSbmPanel(P, { rts: 'vrs' }, 3);
    await loadSolver();
    expect(bytes(three)).toBe(bytes(one));
    expect(bytes(one)).toBe(bytes(P.map((p) => superSbm(p, { rts: 'vrs' }))));
    expect(one.some((r) => r.score.some((v) => v > 1))).toBe(true); // super-efficient DMUs present
    const g1 = await gmlParallel(P, { rts: 'crs', direction: 'proportional' }, 1);
    const g3 = await gmlParallel(P, { rts: 'crs', direction: 'proportional' }, 3);
    expect(bytes(g3)).toBe(bytes(g1));
    expect(bytes(g1)).toBe(bytes(globalMalmquistLuenberger(P, { rts: 'crs', direction: 'proportional' })));
    expect(g1.length).toBe(3);
  }, 120_000);
});
