/**
 * The dense pool (issue 18): one real helper thread sharing each step's column chunks of the LU
 * kernel over shared memory. The factors (and the value-chain tables built on them) are byte-identical
 * with and without it; a closed pool has no helper ready; the application's helper count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { denseHelpers, type RunningDensePool, startDensePool } from '../../src/io/workers/dense-pool.js';
import { type DenseExecutor, luFactor } from '../../src/kernels/dense-lu.js';
import { valueChainTables } from '../../src/lenses/gvc/analysis.js';
import { syntheticIcio } from '../../bench/gvc.js';

describe('dense pool (one helper thread)', () => {
  let pool: RunningDensePool;
  beforeAll(async () => {
    pool = startDensePool({ helpers: 1 });
    await pool.started();
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('factors byte-identical to one thread, the helper given every step of a 900 × 900 matrix', () => {
    const n = 900;
    const rng = Rng.create(9);
    const M = Float64Array.from({ length: n * n }, () => rng.uniform() - 0.5);
    const one = luFactor(M, n);
    let posts = 0;
    const counting: DenseExecutor = { ready: () => pool.ready(), post: (h, job) => (posts++, pool.post(h, job)), check: () => pool.check() };
    expect(pool.ready()).toBe(1);
    const two = luFactor(M, n, counting);
    expect(posts).toBeGreaterThan(5);
    expect(Array.from(two.perm)).toEqual(Array.from(one.perm));
    expect(Buffer.compare(Buffer.from(two.lu.buffer), Buffer.from(one.lu.buffer))).toBe(0);
  });

  it('value-chain tables (KWW, position, upstreamness, WWZ of one exporter) identical with the helper, 20 × 20 table', () => {
    const t = syntheticIcio(20, 20);
    const spec = { measures: ['kww', 'participation', 'upstreamness', 'wwz'] as ('kww' | 'participation' | 'upstreamness' | 'wwz')[], exporters: ['C3'] };
    let posts = 0;
    const counting: DenseExecutor = { ready: () => pool.ready(), post: (h, job) => (posts++, pool.post(h, job)), check: () => pool.check() };
    const a = valueChainTables(t, spec);
    const b = valueChainTables(t, spec, counting);
    expect(posts).toBeGreaterThan(0);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('the application: helpers = threads − 1 from --workers or the idle cores, none below 2,000 sectors', () => {
    expect(denseHelpers(1999, 2, { cores: 2, load: 0 })).toBe(0);
    expect(denseHelpers(3420, undefined, { cores: 2, load: 0.3 })).toBe(1);
    expect(denseHelpers(3420, undefined, { cores: 2, load: 1.6 })).toBe(0);
    expect(denseHelpers(3420, 1, { cores: 8, load: 0 })).toBe(0);
    expect(denseHelpers(3420, 4, { cores: 8, load: 7 })).toBe(3);
    expect(denseHelpers(3420, 16, { cores: 2, load: 0 })).toBe(1);
  });

  it('a closed pool has no helper ready (the caller does everything)', async () => {
    const p = startDensePool({ helpers: 1 });
    await p.started();
    await p.close();
    expect(p.ready()).toBe(0);
  });
});
