import { describe, expect, it } from 'vitest';
import { normaliseRank } from '../../../src/pipeline/normalise/index.js';
import { normalisePercentile } from '../../../src/pipeline/normalise/index.js';
import { normaliseBorda } from '../../../src/pipeline/normalise/index.js';

// R rank(r, ties.method = m) for r = c(3, 1, 3, 2, 5, 3) (scipy.stats.rankdata gives the same;
// "first" = scipy "ordinal"):
//   min 3 1 3 2 6 3 · average 4 1 4 2 6 4 · max 5 1 5 2 6 5 · first 3 1 4 2 6 5
//   rank(-r, "min") = 2 6 2 5 1 2
const r = Float64Array.of(3, 1, 3, 2, 5, 3);

describe('rank-based normalisation (COINr n_rank, n_prank, n_borda)', () => {
  it('normaliseRank uses "min" (sport) ties by default, like COINr', () => {
    expect(Array.from(normaliseRank(r, { direction: 1 }))).toEqual([3, 1, 3, 2, 6, 3]);
  });

  it.each([
    ['average', [4, 1, 4, 2, 6, 4]],
    ['max', [5, 1, 5, 2, 6, 5]],
    ['first', [3, 1, 4, 2, 6, 5]],
  ] as const)('normaliseRank with ties "%s" follows R rank()', (ties, want) => {
    expect(Array.from(normaliseRank(r, { direction: 1, ties }))).toEqual(want);
  });

  it('normaliseRank with direction −1 ranks the smallest value highest and keeps NaN', () => {
    expect(Array.from(normaliseRank(r, { direction: -1 }))).toEqual([2, 6, 2, 5, 1, 2]);
    expect(Array.from(normaliseRank(Float64Array.of(3, NaN, 1), { direction: 1 }))).toEqual([2, NaN, 1]);
  });

  it('normalisePercentile is (rank_min − 1)/(n − 1) on [0, 1] over the non-missing values', () => {
    // n = 6 → (3−1)/5, (1−1)/5, …
    expect(Array.from(normalisePercentile(r, { direction: 1 }))).toEqual([0.4, 0, 0.4, 0.2, 1, 0.4]);
    expect(Array.from(normalisePercentile(Float64Array.of(10, NaN, 30, 20), { direction: 1 }))).toEqual([0, NaN, 1, 0.5]);
    expect(() => normalisePercentile(Float64Array.of(1, NaN), { direction: 1 })).toThrow(expect.objectContaining({ code: 'E_TOO_FEW' }));
  });

  it('normaliseBorda is rank_min − 1', () => {
    expect(Array.from(normaliseBorda(r, { direction: 1 }))).toEqual([2, 0, 2, 1, 5, 2]);
  });

  it('an unknown ties option fails with E_BAD_OPTION', () => {
    expect(() => normaliseRank(r, { direction: 1, ties: 'dense' })).toThrow(
      expect.objectContaining({ code: 'E_BAD_OPTION', message: expect.stringMatching(/"ties".*"average"\|"min"\|"max"\|"first"/) }),
    );
  });
});
