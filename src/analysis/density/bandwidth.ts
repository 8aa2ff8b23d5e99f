/**
 * Rule-of-thumb bandwidths for kernel density estimation, exactly as R's `bw.nrd0` and `bw.nrd`.
 *
 * With s the sample standard deviation (denominator n − 1), IQR = Q(0.75) − Q(0.25) (R type-7
 * quantiles) and n the number of values:
 *
 *   silverman (R bw.nrd0):  h = 0.9 · lo · n^(−1/5),   lo = min(s, IQR/1.34)
 *       R's fallbacks when lo = 0: lo = s; if that is 0 too, lo = |x₁| (the first value); if that
 *       is 0 too, lo = 1. So bw.nrd0 is always positive.
 *   scott (R bw.nrd):       h = 1.06 · min(s, IQR/1.34) · n^(−1/5)      (no fallback: can be 0)
 *
 * (1.34 ≈ qnorm(0.75) − qnorm(0.25) = 1.34898, as in R.) The bandwidth is the standard deviation of
 * the kernel, whatever the kernel (R `density()`; see kde.ts).
 *
 * Missing data: NaN refused (`E_MISSING_VALUES`) unless `dropMissing: true`; at least 2 values are
 * needed (`E_TOO_FEW`, R: "need at least 2 data points").
 *
 * Cost O(n log n) (one sort for the quartiles).
 *
 * Reference: R Core Team, `?bw.nrd0` (stats package, R ≥ 3.4 source of `bw.nrd0`/`bw.nrd`);
 * B. W. Silverman (1986) *Density Estimation*, eq. (3.31); D. W. Scott (1992) *Multivariate Density
 * Estimation*. Validated against values derived by hand from R's formula (test/analysis/density).
 *
 * @example bwNrd0(Float64Array.of(1, 2, 3, 4, 10)) // 0.9 · (2/1.34) · 5^(−1/5) ≈ 0.97359
 */
import { fail, unknownName } from '../../core/errors.js';
import { sd } from '../../kernels/moments.js';
import { quantileSorted } from '../../kernels/quantile.js';
import { completeCases, type MissingOptions } from '../inequality/missing.js';

/** Named bandwidth rules: 'silverman' = R bw.nrd0 (R's default), 'scott' = R bw.nrd. */
export type BandwidthRule = 'silverman' | 'scott';

function prepared(x: Float64Array, opts: MissingOptions | undefined, what: string): { x: Float64Array; s: number; iqr: number; n: number } {
  const cc = completeCases(x, undefined, opts, what);
  const n = cc.x.length;
  if (n < 2)
    fail('E_TOO_FEW', `${what}: ${n} value${n === 1 ? '' : 's'}; a rule-of-thumb bandwidth needs at least 2 data points`, {
      hint: 'give a numeric bandwidth instead (bw: 0.5)',
    });
  const sorted = Float64Array.from(cc.x).sort();
  return { x: cc.x, s: sd(cc.x, 1), iqr: quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25), n };
}

/** R `bw.nrd0(x)` — Silverman's rule of thumb with R's fallbacks (always > 0). */
export function bwNrd0(x: Float64Array, opts?: MissingOptions): number {
  const { x: xs, s, iqr, n } = prepared(x, opts, 'bandwidth "silverman"');
  let lo = Math.min(s, iqr / 1.34);
  if (!lo) lo = s || Math.abs(xs[0]) || 1;
  return 0.9 * lo * Math.pow(n, -0.2);
}

/** R `bw.nrd(x)` — Scott's variation, 1.06 · min(sd, IQR/1.34) · n^(−1/5) (0 when the IQR is 0). */
export function bwNrd(x: Float64Array, opts?: MissingOptions): number {
  const { s, iqr, n } = prepared(x, opts, 'bandwidth "scott"');
  return 1.06 * Math.min(s, iqr / 1.34) * Math.pow(n, -1 / 5);
}

/** Bandwidth rules by name. */
export const bandwidthRules: Record<BandwidthRule, (x: Float64Array, opts?: MissingOptions) => number> = {
  silverman: bwNrd0,
  scott: bwNrd,
};

/** The bandwidth rule registered as `name`; unknown names throw `E_UNKNOWN_METHOD` at spec `path`. */
export function getBandwidthRule(name: string, path?: string): (x: Float64Array, opts?: MissingOptions) => number {
  const f = Object.hasOwn(bandwidthRules, name) ? bandwidthRules[name as BandwidthRule] : undefined;
  if (!f) unknownName('bandwidth rule', name, Object.keys(bandwidthRules), path);
  return f;
}
