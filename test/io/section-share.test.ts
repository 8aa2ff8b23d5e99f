/**
 * The spatial section's parts shared with another thread (io/workers/section-share.ts): the tables
 * are the same values whether this thread computes every part, the helper computes every part, or
 * the figures worker (a real second thread) takes a share; a failing part throws the error the
 * unshared section throws.
 */
import { describe, expect, it } from 'vitest';
import { type SpatialInput, SpatialSpec, spatialPart } from '../../src/analysis/spatial/analysis.js';
import { weightsFromPairs } from '../../src/analysis/spatial/weights.js';
import { Rng } from '../../src/core/rng.js';
import { startFiguresWorker } from '../../src/io/workers/figures-run.js';
import { type ShareJob, shareWith, workShare } from '../../src/io/workers/section-share.js';

/** A 9 × 9 lattice of units (rook neighbours, row-standardised), two scores over five periods of random values with a spatial trend. */
function input(permutations = 99): SpatialInput {
  const side = 9;
  const units = Array.from({ length: side * side }, (_, i) => `u${i}`);
  const pairs: [string, string][] = [];
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      if (c + 1 < side) pairs.push([units[r * side + c], units[r * side + c + 1]]);
      if (r + 1 < side) pairs.push([units[r * side + c], units[(r + 1) * side + c]]);
    }
  const periods = ['2019', '2020', '2021', '2022', '2023'];
  const rng = Rng.stream(11, 1);
  const column = () => Float64Array.from({ length: units.length * periods.length }, (_, i) => ((i % units.length) % side) / side + rng.nextU32() / 2 ** 32);
  return {
    units,
    periods,
    columns: [column(), column()],
    codes: ['A', 'B'],
    weights: weightsFromPairs(units, pairs, { style: 'W' }),
    seed: 20261207,
    spec: SpatialSpec.parse({ permutations }),
  };
}

const n = (inp: SpatialInput) => inp.codes.length * inp.periods.length;
const inOrder = (inp: SpatialInput) => Array.from({ length: n(inp) }, (_, j) => spatialPart(inp, j));

describe('spatial parts shared with a helper thread', () => {
  it('no helper, a helper that takes every part, and the figures worker give the parts of one thread', async () => {
    const inp = input();
    const expected = inOrder(inp);
    expect(expected[3].local.some((r) => typeof r.p_permutation === 'number')).toBe(true);
    // no helper: every part here
    expect(shareWith(() => false)('spatial', inp, n(inp))).toStrictEqual(expected);
    // a helper that takes every part before this thread takes one (run on this thread, delivered through the port)
    let taken = 0;
    const all = shareWith((job) => {
      workShare(job.share);
      taken = Atomics.load(new Int32Array(job.share.state), 1);
      return true;
    })('spatial', inp, n(inp));
    expect(taken).toBe(n(inp));
    expect(all).toStrictEqual(expected);
    // a real second thread: the figures worker, waiting for its run
    const w = startFiguresWorker();
    try {
      let lent = false;
      const shared = shareWith((job, transfer) => (lent = w.lend(job, transfer)))('spatial', inp, n(inp));
      expect(lent).toBe(true);
      expect(shared).toStrictEqual(expected);
      // once more, now that the worker has loaded the section (it takes a share this time on an idle machine)
      expect(shareWith((job, transfer) => w.lend(job, transfer))('spatial', input(999), 10)).toStrictEqual(inOrder(input(999)));
    } finally {
      w.close();
    }
  }, 120_000);

  it("a part that fails throws the unshared section's error, also when the helper computed it", () => {
    const inp = input();
    inp.columns[1][inp.units.length * 2 + 5] = Number.NaN; // score B, period 2021: a missing value
    let error: unknown;
    try {
      inOrder(inp);
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).toBe('E_MISSING_VALUES');
    const viaHelper = () =>
      shareWith((job: { share: ShareJob }) => {
        workShare(job.share);
        return true;
      })('spatial', inp, n(inp));
    expect(viaHelper).toThrow((error as Error).message);
    expect(() => shareWith(() => false)('spatial', inp, n(inp))).toThrow((error as Error).message);
  });
});
