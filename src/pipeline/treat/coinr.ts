import { z } from 'zod';
import { shape } from '../../kernels/shape.js';
import { cite, methodText } from '../descriptor.js';
import { logCTInto, logCTPlusInto } from './log-ct.js';
import { defineTreat, treatScope } from './types.js';
import { field } from '../../core/field-text.js';

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

/**
 * `coinr`: COINr 1.1.x's default outlier treatment (`Treat()` with `f1 = "winsorise"`,
 * `f2 = "log_CT"`, `f_pass = "check_SkewKurt"`) on one indicator vector.
 *
 * 1. **Check** (`check_SkewKurt`): the indicator passes when |skew| < `skewThreshold` (2) **or**
 *    kurtosis < `kurtThreshold` (3.5), skew and kurtosis being COINr's sample statistics
 *    ({@link shape}: e1071 type 2, excess kurtosis) over the non-NaN values. A pass leaves it untouched.
 * 2. **Winsorise** (`winsorise`), one step at a time while it fails and fewer than `winmax` (5)
 *    points have been winsorised: if skew ≥ 0, every point equal to the current maximum is set to
 *    the largest value among the others (ties move together, so a step can change several points);
 *    if skew < 0, the same at the minimum. The count is COINr's `nwin = |last high set| + |last low set|`
 *    — the points moved so far — so it can overshoot `winmax` when ties move together.
 * 3. If it still fails after that, the winsorisation is **undone** and COINr's `log_CT`
 *    (ln(x − min + 0.01·(max − min)); `log_CT_plus` with `fallback: "log_ct_plus"`) is applied to
 *    the original values instead (or to the winsorised values with `combineTreat: true`, COINr `combine_treat`). The result is kept whether or not it passes
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
export const coinr = defineTreat({
  name: 'coinr',
  title: { en: 'COINr default (winsorise, else log)', zh: 'COINr 默认处理（缩尾，不通过则对数变换）' },
  options: z.strictObject({
    winmax: z
      .number()
      .int()
      .min(0)
      .nullable()
      .default(5)
      .meta(
        field({
          en: ['Maximum points winsorised', 'maximum points winsorised; null = no limit. Default: 5.'],
          zh: ['最多缩尾点数', '最多缩尾的观测个数；null 表示不限。默认：5。'],
        }),
      ),
    fallback: z
      .enum(['log_ct', 'log_ct_plus'])
      .default('log_ct')
      .meta(
        field({
          en: ['Fallback transform', 'transform applied when winsorisation up to winmax does not pass. Default: log_ct (COINr).'],
          zh: ['备选变换', '缩尾至最多缩尾点数仍未通过检验时采用的变换。默认：log_CT 对数变换（COINr）。'],
          values: { log_ct: ['log (COINr log_CT)', '对数变换（log_CT）'], log_ct_plus: ['log (COINr log_CT_plus)', '对数变换（log_CT_plus）'] },
        }),
      ),
    skewThreshold: z
      .number()
      .positive()
      .default(2)
      .meta(field({ en: ['Skewness threshold', '|skew| threshold. Default: 2.'], zh: ['偏度阈值', '偏度绝对值的阈值。默认：2。'] })),
    kurtThreshold: z
      .number()
      .default(3.5)
      .meta(field({ en: ['Kurtosis threshold', '(excess) kurtosis threshold. Default: 3.5.'], zh: ['峰度阈值', '（超额）峰度的阈值。默认：3.5。'] })),
    // No default in the schema, so existing run logs keep their fields; absent = false.
    combineTreat: z
      .boolean()
      .optional()
      .meta(
        field({
          en: ['Log after winsorising', 'apply the log fallback to the winsorised rather than the original values (COINr combine_treat). Default: false.'],
          zh: ['缩尾后再取对数', '对缩尾后的值（而非原始值）施加对数备选变换（COINr combine_treat）。默认：否。'],
        }),
      ),
  }),
  run(x, o) {
    const owner = 'treat method "coinr"';
    const skewT = o.skewThreshold;
    const kurtT = o.kurtThreshold;
    const winmax = o.winmax === null ? Infinity : o.winmax;
    const combine = o.combineTreat === true;
    const passes = (s: number, k: number) => Math.abs(s) < skewT || k < kurtT;

    const fallback = o.fallback;

    const s0 = shape(x);
    if (s0.n < 4) {
      return {
        values: x.slice(),
        report: {
          method: 'coinr',
          treated: false,
          winsorised: 0,
          log: false,
          detail: `only ${s0.n} non-missing value${s0.n === 1 ? '' : 's'}: kurtosis needs at least 4; left untreated`,
        },
      };
    }
    const before = `skew ${fmt(s0.skew)}, kurtosis ${fmt(s0.kurt)}`;
    if (Number.isNaN(s0.skew) || Number.isNaN(s0.kurt)) {
      return {
        values: x.slice(),
        report: { method: 'coinr', treated: false, winsorised: 0, log: false, detail: 'constant values: skew/kurtosis undefined; left untreated' },
      };
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
      if (high) nHi = m;
      else nLo = m;
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
          method: 'coinr',
          treated: true,
          winsorised: nwin,
          log: false,
          lowCount: nLo,
          highCount: nHi,
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
        method: 'coinr',
        treated: true,
        winsorised: combine ? nwin : 0,
        log: true,
        ...(combine ? { lowCount: nLo, highCount: nHi } : {}),
        detail:
          `${before}: fails; still failing after winsorising ${nwin} point${nwin === 1 ? '' : 's'}, ` +
          `so ${combine ? 'kept the winsorisation and ' : 'undid it and '}applied` +
          ` ${fallback === 'log_ct' ? 'log_CT' : 'log_CT_plus'} → skew ${fmt(after.skew)}, ` +
          `kurtosis ${fmt(after.kurt)}: ${ok ? 'passes' : 'still fails'}`,
      },
    };
  },
  describe(o, ctx) {
    const sc = treatScope(o, ctx);
    const sk = String(o.skewThreshold);
    const ku = String(o.kurtThreshold);
    const fb = o.fallback === 'log_ct_plus' ? 'log_CT_plus' : 'log_CT';
    const wm = o.winmax === null ? { zh: '不限', en: 'no limit' } : { zh: String(o.winmax), en: String(o.winmax) };
    const onWhat = o.combineTreat
      ? { zh: '则保留缩尾结果并对其进行', en: `the ${fb} transformation y = ln(x − min + 0.01(max − min)) is applied to the winsorised values` }
      : { zh: '则撤销缩尾，改用', en: `the winsorisation is undone and the ${fb} transformation y = ln(x − min + 0.01(max − min)) is applied instead` };
    return methodText(
      `${ctx.subject}${sc.zh}按 COINr 的默认规则进行异常值处理${cite('coinr', 'handbook')}：当偏度绝对值 |skew| ≥ ${sk} 且峰度 kurt ` +
        `≥ ${ku} 时判定为存在异常值，从偏斜一侧逐点缩尾（将最极端值替换为次极端值），最多 ${wm.zh} 个点；若仍不满足条件，${onWhat.zh}对数变换 ${fb}：y = ln(x − min + 0.01(max − min))。`,
      `${ctx.subject} treated for outliers${sc.en} by the COINr default rule${cite('coinr', 'handbook')}: an ` +
        `indicator is flagged when |skewness| ≥ ${sk} and kurtosis ≥ ${ku}; it is then winsorised one point at a time ` +
        `on the side of the skew (the most extreme value replaced by the next one), up to ${wm.en} points; if it is ` +
        `still flagged, ${onWhat.en}.`,
    );
  },
});
