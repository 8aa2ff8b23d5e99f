/**
 * Coupling coordination degree model (耦合协调度模型) for n ≥ 2 subsystem scores U_1 … U_n ∈ [0, 1]
 * per observation (e.g. technology, digital and green sub-indices of an NQPF index).
 *
 * Standard model (the general n-system form):
 *   C = n·(Π U_i)^{1/n} / Σ U_i                 (for n = 2: 2√(U₁U₂)/(U₁ + U₂))
 *   T = Σ α_i U_i                               (comprehensive development, α_i = 1/n by default)
 *   D = √(C·T)                                  (coupling coordination degree)
 * C is the ratio of the geometric to the arithmetic mean, so C ∈ [0, 1] with C = 1 iff all U_i
 * are equal (AM–GM).
 *
 * Corrected model (`corrected: true`), 王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021)
 * 国内耦合协调度模型的误区及修正, 自然资源学报 36(3): 793–810
 * (https://www.jnr.ac.cn/article/2021/1000-3037/1000-3037-36-3-793.shtml):
 *   C = √{ [1 − Σ_{i>j} √((U_i − U_j)²) / Σ_{m=1}^{n−1} m] × [Π_i (U_i / max_j U_j)]^{1/(n−1)} }
 * i.e. (1 − mean absolute pairwise gap) × (geometric mean of the n − 1 ratios U_i / max U; the
 * maximum's own ratio is 1), so C ∈ [0, 1], C = 1 iff all U_i are equal, and C spreads over
 * [0, 1] instead of bunching near 1. For n = 2: C = √[(1 − |U₁ − U₂|)·min/max].
 * Reading of "Π U_i / max U_i" as Π (U_i / max U_i): the paper's two-system values (Table 8,
 * original vs corrected C for 13 cities) are reproducible only under this reading — with the
 * literal Π U_i / max U_i = min(U₁, U₂) no U₁, U₂ ∈ [0, 1] give any of the 13 cities' 2008 pairs
 * (e.g. Zhangjiakou 0.6871 → 0.3278), with the ratio reading all 13 do (max U between 0.27 and
 * 0.50; checked in test/analysis/coupling.test.ts). The exponent 1/(n − 1) for n ≥ 3 follows the formula as quoted in the nqpf
 * design brief; it could not be checked against the paper's full text (some implementations
 * omit it, which gives smaller C for n ≥ 3). T and D are as in the standard model.
 *
 * Classes of D (ten equal steps, the scale usually attributed to 廖重斌 (1999) 环境与经济协调发展
 * 的定量评判及其分类体系, 热带地理 19(2)): class c covers [c/10, (c+1)/10), the last [0.9, 1.0]
 * closed; boundaries compare D ≥ 0.1, 0.2, … (the doubles nearest those decimals). Some papers
 * use left-open intervals (0.2, 0.3]; values exactly on a boundary then fall one class lower.
 *
 * Missing data: none — NaN is an `E_MISSING_VALUES` error; U outside [0, 1] is
 * `E_VALUE_RANGE`. When all U_i = 0 for an observation, C and D are NaN with `reason[i]`
 * ("all subsystem scores are 0"), T = 0. Cost O(n_obs·n²) (pairwise gaps), output arrays only.
 */
import { fail } from '../../core/errors.js';

export interface CouplingOptions {
  /** Subsystem weights α_i in T = Σ α_i U_i: ≥ 0, summing to 1 (default 1/n each). */
  alpha?: readonly number[];
  /** Use the corrected coupling degree of 王淑佳 et al. (2021) (default false). */
  corrected?: boolean;
  /** Subsystem names for error messages. */
  names?: readonly string[];
}

export interface CouplingResult {
  model: 'standard' | 'corrected';
  /** Coupling degree C. */
  C: Float64Array;
  /** Comprehensive coordination index T. */
  T: Float64Array;
  /** Coupling coordination degree D = √(C·T). */
  D: Float64Array;
  /** Class 0 … 9 of D (−1 where D is NaN). */
  classIndex: Int32Array;
  /** Chinese class label per observation ("" where D is NaN). */
  classZh: string[];
  /** English class label per observation ("" where D is NaN). */
  classEn: string[];
  /** Per observation: null, or why C/D are NaN. */
  reason: (string | null)[];
}

/** The ten coupling-coordination classes: class c covers [lower, upper) (the last [0.9, 1.0]). */
export const COORDINATION_CLASSES: readonly { lower: number; upper: number; zh: string; en: string }[] = [
  { lower: 0.0, upper: 0.1, zh: '极度失调', en: 'extreme imbalance' },
  { lower: 0.1, upper: 0.2, zh: '严重失调', en: 'severe imbalance' },
  { lower: 0.2, upper: 0.3, zh: '中度失调', en: 'moderate imbalance' },
  { lower: 0.3, upper: 0.4, zh: '轻度失调', en: 'mild imbalance' },
  { lower: 0.4, upper: 0.5, zh: '濒临失调', en: 'on the verge of imbalance' },
  { lower: 0.5, upper: 0.6, zh: '勉强协调', en: 'barely coordinated' },
  { lower: 0.6, upper: 0.7, zh: '初级协调', en: 'primary coordination' },
  { lower: 0.7, upper: 0.8, zh: '中级协调', en: 'intermediate coordination' },
  { lower: 0.8, upper: 0.9, zh: '良好协调', en: 'good coordination' },
  { lower: 0.9, upper: 1.0, zh: '优质协调', en: 'high-quality coordination' },
];

/**
 * Class index 0 … 9 of a coupling coordination degree D ∈ [0, 1]: the largest c with
 * D ≥ COORDINATION_CLASSES[c].lower (so 0.3 is 轻度失调, class 3; 1.0 is class 9). −1 for NaN or
 * D outside [0, 1].
 */
export function coordinationClass(D: number): number {
  if (!(D >= 0 && D <= 1)) return -1;
  let c = 0;
  while (c < 9 && D >= COORDINATION_CLASSES[c + 1].lower) c++;
  return c;
}

/**
 * Coupling degree C, coordination index T, coupling coordination degree D and its class for each
 * observation (formulas in the module comment).
 *
 * @param U subsystem scores, one `Float64Array` per subsystem (n ≥ 2, equal lengths), on [0, 1]
 * @example coupling([Float64Array.of(0.4), Float64Array.of(0.9)]).C // [12/13]
 */
export function coupling(U: readonly Float64Array[], opts: CouplingOptions = {}): CouplingResult {
  const n = U.length;
  const name = (i: number) => opts.names?.[i] ?? `subsystem ${i + 1}`;
  if (n < 2) fail('E_LENGTH_MISMATCH', `coupling: needs at least 2 subsystems, got ${n}`, { hint: 'pass one score array per subsystem' });
  if (opts.names && opts.names.length !== n)
    fail('E_LENGTH_MISMATCH', `coupling: ${opts.names.length} names for ${n} subsystems`, { hint: 'give one name per subsystem' });
  const nObs = U[0].length;
  for (let i = 0; i < n; i++) {
    const u = U[i];
    if (u.length !== nObs)
      fail('E_LENGTH_MISMATCH', `coupling: "${name(i)}" has ${u.length} values, "${name(0)}" has ${nObs}`, {
        hint: 'every subsystem needs one score per observation',
      });
    for (let r = 0; r < nObs; r++) {
      const v = u[r];
      if (Number.isNaN(v))
        fail('E_MISSING_VALUES', `coupling: "${name(i)}" is missing at observation ${r + 1}`, {
          location: { row: r + 1, column: name(i) },
          hint: 'impute or drop the observation first',
        });
      if (!(v >= 0 && v <= 1)) {
        fail('E_VALUE_RANGE', `coupling: "${name(i)}" is ${v} at observation ${r + 1}, outside [0, 1]`, {
          location: { row: r + 1, column: name(i) },
          hint:
            v > 1 && v <= 100
              ? 'scores look like a 0–100 scale: divide by 100 (the model needs [0, 1])'
              : 'subsystem scores must lie on [0, 1] (e.g. min-max normalised weighted sums)',
        });
      }
    }
  }
  let alpha: number[];
  if (opts.alpha) {
    if (opts.alpha.length !== n)
      fail('E_LENGTH_MISMATCH', `coupling: ${opts.alpha.length} weights α for ${n} subsystems`, { hint: 'give one α per subsystem, summing to 1' });
    let s = 0;
    for (const a of opts.alpha) {
      if (!(Number.isFinite(a) && a >= 0))
        fail('E_LENGTH_MISMATCH', `coupling: weight α = ${a} is not a finite number ≥ 0`, { hint: 'α are subsystem importance weights, ≥ 0, summing to 1' });
      s += a;
    }
    if (Math.abs(s - 1) > 1e-9)
      fail('E_LENGTH_MISMATCH', `coupling: weights α sum to ${s}, not 1`, { hint: 'normalise α (divide by their sum); the default is 1/n each' });
    alpha = opts.alpha.slice();
  } else alpha = new Array<number>(n).fill(1 / n);

  const corrected = opts.corrected ?? false;
  const C = new Float64Array(nObs);
  const T = new Float64Array(nObs);
  const D = new Float64Array(nObs);
  const classIndex = new Int32Array(nObs);
  const classZh: string[] = new Array<string>(nObs);
  const classEn: string[] = new Array<string>(nObs);
  const reason: (string | null)[] = new Array<string | null>(nObs).fill(null);
  const pairs = (n * (n - 1)) / 2; // Σ_{m=1}^{n−1} m

  for (let r = 0; r < nObs; r++) {
    let sum = 0;
    let max = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      const v = U[i][r];
      sum += v;
      if (v > max) max = v;
      t += alpha[i] * v;
    }
    T[r] = t;
    let c: number;
    if (max === 0) {
      c = NaN;
      reason[r] = 'all subsystem scores are 0: the coupling degree is undefined (0/0)';
    } else if (!corrected) {
      // geometric mean as Π U_i^{1/n} (each factor ≤ 1 raised first: no underflow of the product)
      let g = 1;
      for (let i = 0; i < n; i++) g *= Math.pow(U[i][r], 1 / n);
      c = Math.min(1, (n * g) / sum); // AM–GM: ≤ 1 exactly; clamp the last-ulp rounding
    } else {
      let gap = 0;
      for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) gap += Math.abs(U[i][r] - U[j][r]);
      let ratio = 1;
      for (let i = 0; i < n; i++) ratio *= Math.pow(U[i][r] / max, 1 / (n - 1));
      c = Math.sqrt(Math.max(0, 1 - gap / pairs) * ratio);
    }
    C[r] = c;
    D[r] = Math.sqrt(c * t);
    const k = coordinationClass(D[r]);
    classIndex[r] = k;
    classZh[r] = k >= 0 ? COORDINATION_CLASSES[k].zh : '';
    classEn[r] = k >= 0 ? COORDINATION_CLASSES[k].en : '';
  }
  return { model: corrected ? 'corrected' : 'standard', C, T, D, classIndex, classZh, classEn, reason };
}
