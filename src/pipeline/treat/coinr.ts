import { fail } from '../../core/errors.js';
import { shape } from '../../kernels/shape.js';
import { boolOpt, enumOpt, numOpt } from './options.js';
import { logCTInto, logCTPlusInto } from './log-ct.js';
import type { TreatReport } from './types.js';

/** Options of {@link treatCoinr} (names and defaults as COINr's `Treat()`). */
export interface CoinrTreatOptions {
  /** |skewness| threshold. Default 2. */
  skew_thresh?: number;
  /** (Excess) kurtosis threshold. Default 3.5. */
  kurt_thresh?: number;
  /** Maximum number of points to winsorise; `null` = no limit. Default 5. */
  winmax?: number | null;
  /** COINr `combine_treat`: apply the log fallback to the winsorised rather than the original values. Default false. */
  combine_treat?: boolean;
  /** Stage-2 transform: `"log_ct"` (default, COINr's default `f2`) or `"log_ct_plus"` (COINr `log_CT_plus`, mirrors the log for negative skew). */
  fallback?: 'log_ct' | 'log_ct_plus';
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

/**
 * `coinr`: COINr 1.1.x's default outlier treatment (`Treat()` with `f1 = "winsorise"`,
 * `f2 = "log_CT"`, `f_pass = "check_SkewKurt"`) on one indicator vector.
 *
 * 1. **Check** (`check_SkewKurt`): the indicator passes when |skew| < `skew_thresh` (2) **or**
 *    kurtosis < `kurt_thresh` (3.5), skew and kurtosis being COINr's sample statistics
 *    ({@link shape}: e1071 type 2, excess kurtosis) over the non-NaN values. A pass leaves it untouched.
 * 2. **Winsorise** (`winsorise`), one step at a time while it fails and fewer than `winmax` (5)
 *    points have been winsorised: if skew ≥ 0, every point equal to the current maximum is set to
 *    the largest value among the others (ties move together, so a step can change several points);
 *    if skew < 0, the same at the minimum. The count is COINr's `nwin = |last high set| + |last low set|`
 *    — the points moved so far — so it can overshoot `winmax` when ties move together.
 * 3. If it still fails after that, the winsorisation is **undone** and COINr's `log_CT`
 *    (ln(x − min + 0.01·(max − min)); `log_CT_plus` with `fallback: "log_ct_plus"`) is applied to
 *    the original values instead (or to the winsorised values with `combine_treat: true`). The result is kept whether or not it passes
 *    (the report says which).
 *
 * Missing data: NaN values are skipped by every statistic and stay NaN. With fewer than 4 values
 * (kurtosis undefined) or constant values (skew/kurtosis 0/0) the check is NA and the indicator is
 * returned untreated, as COINr 1.1.x does (it warns "f_pass has returned NA"); the report says why.
 * Cost O(n) per winsorisation step, at most `winmax` + 1 steps; two scratch index buffers.
 *
 * Reference: COINr R/treat.R (`Treat.numeric`, `winsorise`, `check_SkewKurt`, `log_CT`);
 * validated against COINr 1.1.14 `default_Screened` → `default_Treated` (ASEM, all 49 indicators).
 */
export function treatCoinr(x: Float64Array, opts: Record<string, unknown> = {}): { values: Float64Array; report: TreatReport } {
  const owner = 'treat method "coinr"';
  const skewT = numOpt(owner, opts, 'skew_thresh', 2);
  const kurtT = numOpt(owner, opts, 'kurt_thresh', 3.5);
  let winmax = 5;
  if (opts.winmax === null) winmax = Infinity;
  else winmax = numOpt(owner, opts, 'winmax', 5);
  if (!(winmax >= 0)) fail('E_BAD_OPTION', `${owner}: option "winmax" must be ≥ 0 or null (got ${winmax})`, { hint: 'e.g. winmax: 5' });
  const combine = boolOpt(owner, opts, ['combine_treat', 'combine'], false);
  const passes = (s: number, k: number) => Math.abs(s) < skewT || k < kurtT;

  const fallback = enumOpt(owner, opts, 'fallback', ['log_ct', 'log_ct_plus'] as const, 'log_ct');

  const s0 = shape(x);
  if (s0.n < 4) {
    return { values: x.slice(), report: { method: 'coinr', treated: false, winsorised: 0, log: false, detail: `only ${s0.n} non-missing value${s0.n === 1 ? '' : 's'}: kurtosis needs at least 4; left untreated` } };
  }
  const before = `skew ${fmt(s0.skew)}, kurtosis ${fmt(s0.kurt)}`;
  if (Number.isNaN(s0.skew) || Number.isNaN(s0.kurt)) {
    return { values: x.slice(), report: { method: 'coinr', treated: false, winsorised: 0, log: false, detail: 'constant values: skew/kurtosis undefined; left untreated' } };
  }
  if (passes(s0.skew, s0.kurt)) {
    return { values: x.slice(), report: { method: 'coinr', treated: false, winsorised: 0, log: false, detail: `${before}: passes` } };
  }

  // --- stage 1: winsorise (COINr winsorise()) ---
  const w = x.slice();
  const n = w.length;
  const hiIdx = new Int32Array(n);
  const loIdx = new Int32Array(n);
  let nHi = 0;
  let nLo = 0;
  let nwin = 0;
  let pass = false;
  let sk = s0.skew;
  let cur = s0;
  while (!pass && nwin < winmax) {
    const high = sk >= 0;
    // extreme value on that side, then the next one among the other points
    let ext = high ? -Infinity : Infinity;
    for (let i = 0; i < n; i++) {
      const v = w[i];
      if (high ? v > ext : v < ext) ext = v;
    }
    let next = high ? -Infinity : Infinity;
    let m = 0;
    const idx = high ? hiIdx : loIdx;
    for (let i = 0; i < n; i++) {
      const v = w[i];
      if (v === ext) idx[m++] = i;
      else if (high ? v > next : v < next) next = v;
    }
    if (!Number.isFinite(next)) break; // every value is tied at the extreme: nothing left to move to
    for (let k = 0; k < m; k++) w[idx[k]] = next;
    if (high) nHi = m; else nLo = m;
    nwin = nHi + nLo;
    cur = shape(w);
    sk = cur.skew;
    if (Number.isNaN(cur.skew) || Number.isNaN(cur.kurt)) break;
    pass = passes(cur.skew, cur.kurt);
  }
  if (pass) {
    return {
      values: w,
      report: {
        method: 'coinr', treated: true, winsorised: nwin, log: false, lowCount: nLo, highCount: nHi,
        detail: `${before}: fails; winsorised ${nwin} point${nwin === 1 ? '' : 's'} (${nHi} high, ${nLo} low) → skew ${fmt(cur.skew)}, kurtosis ${fmt(cur.kurt)}: passes`,
      },
    };
  }

  // --- stage 2: log_CT on the original (or, with combine_treat, the winsorised) values ---
  const values = new Float64Array(n);
  if (fallback === 'log_ct') logCTInto(combine ? w : x, values, owner);
  else logCTPlusInto(combine ? w : x, values, owner);
  const after = shape(values);
  const ok = passes(after.skew, after.kurt);
  return {
    values,
    report: {
      method: 'coinr', treated: true, winsorised: combine ? nwin : 0, log: true,
      ...(combine ? { lowCount: nLo, highCount: nHi } : {}),
      detail: `${before}: fails; still failing after winsorising ${nwin} point${nwin === 1 ? '' : 's'}, so ${combine ? 'kept the winsorisation and ' : 'undid it and '}applied ${fallback === 'log_ct' ? 'log_CT' : 'log_CT_plus'} → skew ${fmt(after.skew)}, kurtosis ${fmt(after.kurt)}: ${ok ? 'passes' : 'still fails'}`,
    },
  };
}
