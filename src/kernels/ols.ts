/**
 * Ordinary least squares by Householder QR (never the normal equations).
 *
 * Why QR: forming XᵀX squares the condition number, which on polynomial or trending regressors
 * (years, GDP levels, their squares) destroys half the digits; Householder QR of X itself is
 * backward stable, so the coefficients carry about log10(1/(ε·κ(X))) correct digits instead of
 * log10(1/(ε·κ(X)²)). The QR solution is then refined on the augmented system (Björck 1967) with
 * residuals accumulated in compensated (double-double-like) arithmetic, which removes the
 * κ²·‖r‖ term of large-residual fits. Validated on the NIST StRD linear-regression sets
 * (test/kernels/ols.test.ts): coefficient LRE ≥ 8.9 and SE LRE ≥ 13.8 on Norris, Pontius,
 * NoInt1/2, Longley and Wampler1–5 (asserted ≥ 6).
 *
 * Model: y = Xβ + ε, with an intercept column of ones prepended when `intercept` (default true).
 * Let X = QR (Q n×n orthogonal, R k×k upper triangular), z = Qᵀy. Then
 *   β = R⁻¹ z[0..k) (then refined, see above),  RSS = ‖y − Xβ‖² from the refined residuals,
 *   df = n − k,  σ̂² = RSS / df,
 *   Var(β̂) = σ̂² (XᵀX)⁻¹ = σ̂² R⁻¹R⁻ᵀ,  SE_j = σ̂ ‖row j of R⁻¹‖,  t_j = β_j / SE_j,
 *   p_j = P(|T_df| ≥ |t_j|) (two-sided Student t, {@link studentTTwoSided}),
 *   R² = 1 − RSS/TSS with TSS = Σ(y − ȳ)² (with intercept) or Σy² (without: the uncentred R², as
 *   R's `summary.lm` and NIST NoInt1/2 use), adj. R² = 1 − (1 − R²)(n − i)/df (i = 1 with an
 *   intercept, else 0), F = ((TSS − RSS)/(k − i)) / σ̂² on (k − i, df) df.
 *
 * Rank detection: column j is declared collinear when the part of it not explained by the
 * columns before it is tiny relative to its own length: |R_jj| ≤ tol · ‖x_j‖ (tol = 1e-7 by
 * default). This is the criterion of LINPACK `dqrdc2` as used by R's `lm()` (same tolerance
 * 1e-7), so nqpf refuses where R would report aliased (NA) coefficients. The test is
 * scale-free per column (|R_jj|/‖x_j‖ is the sine of the angle between x_j and the span of the
 * earlier columns), so units of measurement do not trigger it. Columns failing it are named in an
 * `E_RANK_DEFICIENT` error (every such column is listed: the factorisation continues past them).
 * On NIST Filip (degree-10 polynomial, κ ~ 1e15 in the raw basis) x^10 is so reported
 * (|R_jj|/‖x_j‖ = 5.2e-8); with `tol: 1e-9` Filip is solved to LRE ≈ 8.
 *
 * Missing data: none allowed — NaN or ±Infinity in X or y is an `E_NONFINITE` error naming the
 * row and column (callers such as convergence drop incomplete rows first when asked to).
 *
 * Cost: O(n k²) time (factorisation) + O(n k) per refinement sweep (3 sweeps), O(n k) memory
 * (one copy of X); no per-element allocation.
 *
 * References: G. H. Golub & C. F. Van Loan (2013) *Matrix Computations*, 4th ed., §5.1–5.3;
 * Å. Björck (1967) "Iterative refinement of linear least squares solutions I", BIT 7:257–278;
 * Å. Björck (1996) *Numerical Methods for Least Squares Problems*, §2.4, §2.9; T. Ogita,
 * S. M. Rump & S. Oishi (2005) "Accurate sum and dot product", SIAM J. Sci. Comput. 26:1955–1988
 * (Dot2); J. J. Dongarra et al.
 * (1979) *LINPACK Users' Guide* (dqrdc); NIST StRD, https://www.itl.nist.gov/div898/strd/.
 */
import { fail } from '../core/errors.js';
import { fSf, studentTTwoSided } from './distributions.js';
import { mean } from './sum.js';

/** Options for {@link ols}. */
export interface OlsOptions {
  /** Prepend a column of ones (default true). Its coefficient is named "(Intercept)". */
  intercept?: boolean;
  /** Names of the predictor columns, in order (default "x1", "x2", …). Used in results and errors. */
  names?: readonly string[];
  /** Collinearity tolerance on |R_jj| / ‖x_j‖ (default 1e-7, as R's `lm`). Must lie in [0, 1). */
  tol?: number;
}

/** Result of {@link ols}. Arrays are indexed by coefficient (the intercept first when present). */
export interface OlsResult {
  /** Coefficient names: "(Intercept)" (when present) then the predictor names. */
  names: string[];
  coef: Float64Array;
  /** Standard errors σ̂·√diag((XᵀX)⁻¹) (conventional, homoskedastic). */
  se: Float64Array;
  /** t statistics β/SE (±Infinity when SE = 0 and β ≠ 0, NaN when both are 0). */
  t: Float64Array;
  /** Two-sided p-values from Student t with `df` degrees of freedom. */
  p: Float64Array;
  /** (XᵀX)⁻¹ = R⁻¹R⁻ᵀ, k×k row-major (multiply by `sigma²` for the covariance of β̂). */
  xtxInv: Float64Array;
  /** Observations. */
  n: number;
  /** Coefficients (columns of the design, intercept included). */
  k: number;
  /** Residual degrees of freedom n − k. */
  df: number;
  /** Residual standard deviation σ̂ = √(RSS/df). */
  sigma: number;
  /** Residual sum of squares. */
  rss: number;
  /** Total sum of squares: about the mean with an intercept, about 0 without. */
  tss: number;
  r2: number;
  adjR2: number;
  /** Overall F statistic for all non-intercept coefficients = 0 (NaN for an intercept-only model). */
  fStat: number;
  /** Numerator df of the F test: k − 1 with an intercept, k without. */
  fDf: number;
  /** p-value of the F test. */
  fP: number;
  fitted: Float64Array;
  residuals: Float64Array;
  intercept: boolean;
}

/**
 * Least-squares fit of `y` on the columns of `X` by Householder QR, with SEs, t and p values,
 * R², adjusted R² and the overall F test (see the module comment for formulas and the rank rule).
 *
 * @param X predictors: either one `Float64Array` per column, or a single column-major n×p
 *   `Float64Array` (column j is `X.subarray(j*n, (j+1)*n)`, n = `y.length`). Not modified.
 * @param y response, length n. Not modified.
 * @throws NqpfError `E_LENGTH_MISMATCH` (lengths disagree), `E_NONFINITE` (NaN/±Inf, with row and
 *   column), `E_TOO_FEW` (n ≤ k), `E_RANK_DEFICIENT` (collinear columns, named).
 * @example
 *   const fit = ols([Float64Array.of(1, 2, 3, 4)], Float64Array.of(3, 5, 7, 9.5));
 *   fit.coef; // [intercept, slope]
 */
export function ols(X: Float64Array | readonly Float64Array[], y: Float64Array, opts: OlsOptions = {}): OlsResult {
  const n = y.length;
  const intercept = opts.intercept ?? true;
  const tol = opts.tol ?? 1e-7;
  if (!(tol >= 0 && tol < 1)) fail('E_BAD_OPTION', `ols: tol must lie in [0, 1), got ${tol}`, { hint: "the default 1e-7 matches R's lm()" });

  // Collect predictor columns as views (no copy yet).
  const cols: Float64Array[] = [];
  if (X instanceof Float64Array) {
    if (n === 0 || X.length % n !== 0) {
      fail('E_LENGTH_MISMATCH', `ols: X has ${X.length} values, not a multiple of the ${n} observations in y`, {
        hint: 'pass X column-major (n×p, column j = X[j*n .. (j+1)*n)) or as an array of columns',
      });
    }
    for (let j = 0; j < X.length / n; j++) cols.push(X.subarray(j * n, (j + 1) * n));
  } else {
    X.forEach((c, j) => {
      if (c.length !== n) {
        fail('E_LENGTH_MISMATCH', `ols: predictor ${j + 1} has ${c.length} values but y has ${n}`, {
          hint: 'every predictor column must have one value per observation',
        });
      }
      cols.push(c);
    });
  }
  const p = cols.length;
  if (opts.names && opts.names.length !== p) {
    fail('E_LENGTH_MISMATCH', `ols: ${opts.names.length} names given for ${p} predictors`, {
      hint: 'give one name per predictor column (not for the intercept)',
    });
  }
  const predNames = opts.names ? opts.names.slice() : cols.map((_, j) => `x${j + 1}`);
  const names = intercept ? ['(Intercept)', ...predNames] : predNames;
  const k = names.length;
  if (k === 0) fail('E_LENGTH_MISMATCH', 'ols: no predictors and no intercept: nothing to fit', { hint: 'add predictors or set intercept: true' });

  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]))
      fail('E_NONFINITE', `ols: response is ${y[i]} at observation ${i + 1}`, {
        location: { row: i + 1, column: 'y' },
        hint: 'remove or impute missing observations before regressing',
      });
  }
  for (let j = 0; j < p; j++) {
    const c = cols[j];
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(c[i])) {
        fail('E_NONFINITE', `ols: predictor "${predNames[j]}" is ${c[i]} at observation ${i + 1}`, {
          location: { row: i + 1, column: predNames[j] },
          hint: 'remove or impute missing observations before regressing',
        });
      }
    }
  }
  if (n <= k) {
    fail('E_TOO_FEW', `ols: ${n} observations for ${k} coefficients; need more observations than coefficients`, {
      hint: 'use fewer predictors or more observations (standard errors need n − k ≥ 1)',
    });
  }

  // Design A, column-major n×k (copy: the factorisation overwrites it).
  const A = new Float64Array(n * k);
  let off = 0;
  if (intercept) {
    A.fill(1, 0, n);
    off = n;
  }
  for (let j = 0; j < p; j++) A.set(cols[j], off + j * n);

  const colNorm = new Float64Array(k);
  for (let j = 0; j < k; j++) colNorm[j] = norm2(A, j * n, (j + 1) * n);

  const z = y.slice();
  const rDiag = new Float64Array(k);
  const vNorm2 = new Float64Array(k); // vᵀv of each Householder vector, kept for refinement
  const deficient: number[] = [];
  const ratio: number[] = [];
  // Householder QR without pivoting; r = next row of R. A deficient column is skipped (left out of
  // the basis, as dqrdc2 moves it to the end) and the factorisation goes on, so each later column
  // is tested against the span of all accepted columns before it and every collinear one is named.
  let r = 0;
  for (let j = 0; j < k; j++) {
    const base = j * n;
    const nrm = norm2(A, base + r, base + n);
    if (colNorm[j] === 0 || nrm <= tol * colNorm[j]) {
      deficient.push(j);
      ratio.push(colNorm[j] === 0 ? 0 : nrm / colNorm[j]);
      continue;
    }
    const x0 = A[base + r];
    const alpha = x0 >= 0 ? -nrm : nrm;
    // v = x − alpha·e1 stored in place; vᵀv = 2·nrm·(nrm + |x0|).
    A[base + r] = x0 - alpha;
    const vtv = 2 * nrm * (nrm + Math.abs(x0));
    for (let c = j + 1; c < k; c++) applyReflector(A, base + r, n - r, vtv, A, c * n + r);
    applyReflector(A, base + r, n - r, vtv, z, r);
    rDiag[j] = alpha;
    vNorm2[j] = vtv;
    r++;
  }
  if (deficient.length > 0) {
    const list = deficient.map((j) => `"${names[j]}"`).join(', ');
    const detail = deficient.map((j, i) => `${names[j]}: ${ratio[i].toExponential(2)}`).join(', ');
    fail(
      'E_RANK_DEFICIENT',
      `ols: regressors are collinear: ${list} ${deficient.length === 1 ? 'is' : 'are'} (numerically) a linear ` +
        `combination of earlier columns (unexplained share |R_jj|/‖x_j‖ = ${detail}; tolerance ${tol})`,
      {
        hint: 'drop or combine the collinear column(s); for polynomials centre and scale x or use orthogonal polynomials',
        data: { columns: deficient.map((j) => names[j]) },
      },
    );
  }

  // R (k×k, upper triangular, row-major) from the factorised A: R[i][j] = A[j*n + i] for i < j.
  const R = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) R[i * k + j] = A[j * n + i];
    R[j * k + j] = rDiag[j];
  }
  // β by back substitution.
  const coef = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i];
    for (let j = i + 1; j < k; j++) s -= R[i * k + j] * coef[j];
    coef[i] = s / R[i * k + i];
  }
  // Iterative refinement of (r, β) on the augmented system [I X; Xᵀ 0][r; β] = [y; 0]
  // (Björck 1967), with the residuals of that system (f = y − r − Xβ, g = −Xᵀr) accumulated
  // error-free (compensated dot products, i.e. about twice the working precision) and the
  // corrections solved with the same QR: c₁ = R⁻ᵀg, h = Qᵀf, δβ = R⁻¹(h₁ − c₁), δr = Q[c₁; h₂].
  // Unlike refining β alone, this also removes the κ²·‖r‖ error term of large-residual problems
  // (NIST Wampler4/5, LRE ≈ 6 → ≥ 9). Three sweeps (each O(nk)).
  const col = (j: number): Float64Array | null => (intercept ? (j === 0 ? null : cols[j - 1]) : cols[j]);
  const res = new Float64Array(n);
  const acc = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    acc[0] = y[i];
    acc[1] = 0;
    for (let j = 0; j < k; j++) addProduct(acc, col(j)?.[i] ?? 1, -coef[j]);
    res[i] = acc[0] + acc[1];
  }
  const f = new Float64Array(n);
  const g = new Float64Array(k);
  const c1 = new Float64Array(k);
  const dBeta = new Float64Array(k);
  for (let sweep = 0; sweep < REFINE_SWEEPS; sweep++) {
    for (let i = 0; i < n; i++) {
      acc[0] = y[i];
      acc[1] = -res[i];
      for (let j = 0; j < k; j++) addProduct(acc, col(j)?.[i] ?? 1, -coef[j]);
      f[i] = acc[0] + acc[1];
    }
    for (let j = 0; j < k; j++) {
      const cj = col(j);
      acc[0] = 0;
      acc[1] = 0;
      for (let i = 0; i < n; i++) addProduct(acc, cj ? cj[i] : 1, -res[i]);
      g[j] = acc[0] + acc[1];
    }
    for (let j = 0; j < k; j++) applyReflector(A, j * n + j, n - j, vNorm2[j], f, j);
    for (let i = 0; i < k; i++) {
      let s = g[i];
      for (let l = 0; l < i; l++) s -= R[l * k + i] * c1[l];
      c1[i] = s / R[i * k + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = f[i] - c1[i];
      for (let j = i + 1; j < k; j++) s -= R[i * k + j] * dBeta[j];
      dBeta[i] = s / R[i * k + i];
    }
    for (let i = 0; i < k; i++) f[i] = c1[i]; // f now holds [c₁; h₂]; δr = Q·f
    for (let j = k - 1; j >= 0; j--) applyReflector(A, j * n + j, n - j, vNorm2[j], f, j);
    for (let j = 0; j < k; j++) coef[j] += dBeta[j];
    for (let i = 0; i < n; i++) res[i] += f[i];
  }

  // R⁻¹ (upper triangular) column by column, then (XᵀX)⁻¹ = R⁻¹R⁻ᵀ.
  const Rinv = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    Rinv[j * k + j] = 1 / R[j * k + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let l = i + 1; l <= j; l++) s += R[i * k + l] * Rinv[l * k + j];
      Rinv[i * k + j] = -s / R[i * k + i];
    }
  }
  const xtxInv = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let l = b; l < k; l++) s += Rinv[a * k + l] * Rinv[b * k + l];
      xtxInv[a * k + b] = s;
      xtxInv[b * k + a] = s;
    }
  }

  // Residual sum of squares from the refined residual vector (scaled to avoid overflow/underflow).
  const rssRoot = norm2(res, 0, n);
  const rss = rssRoot * rssRoot;
  const df = n - k;
  const sigma = Math.sqrt(rss / df);

  const se = new Float64Array(k);
  const t = new Float64Array(k);
  const pv = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    se[j] = sigma * Math.sqrt(xtxInv[j * k + j]);
    t[j] = coef[j] / se[j];
    pv[j] = studentTTwoSided(t[j], df);
  }

  const residuals = res;
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = y[i] - res[i];

  let tss = 0;
  if (intercept) {
    const m = mean(y); // compensated sum: the centring constant is (almost) exactly rounded
    for (let i = 0; i < n; i++) tss += (y[i] - m) * (y[i] - m);
  } else {
    for (let i = 0; i < n; i++) tss += y[i] * y[i];
  }
  const i0 = intercept ? 1 : 0;
  const r2 = tss > 0 ? 1 - rss / tss : NaN;
  const adjR2 = 1 - ((1 - r2) * (n - i0)) / df;
  const fDf = k - i0;
  const fStat = fDf > 0 ? (tss - rss) / fDf / (rss / df) : NaN;
  const fP = fDf > 0 ? fSf(fStat, fDf, df) : NaN;

  return { names, coef, se, t, p: pv, xtxInv, n, k, df, sigma, rss, tss, r2, adjR2, fStat, fDf, fP, fitted, residuals, intercept };
}

const REFINE_SWEEPS = 3;
const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp/Dekker split)

/**
 * acc ← acc + a·b where acc = [s, c] is an unevaluated sum s + c: the product is split exactly
 * (Dekker TwoProduct) and added with Knuth's TwoSum, the rounding errors collected in c
 * (Ogita–Rump–Oishi "Dot2": the result s + c is as accurate as twice-working-precision).
 */
function addProduct(acc: Float64Array, a: number, b: number): void {
  const ph = a * b;
  let t = SPLITTER * a;
  const ahi = t - (t - a);
  const alo = a - ahi;
  t = SPLITTER * b;
  const bhi = t - (t - b);
  const blo = b - bhi;
  const pl = ahi * bhi - ph + ahi * blo + alo * bhi + alo * blo;
  const s = acc[0];
  const u = s + ph;
  const bb = u - s;
  acc[1] += s - (u - bb) + (ph - bb) + pl;
  acc[0] = u;
}

/** Euclidean norm of a[from..to) with scaling (no overflow/underflow for any finite data). */
function norm2(a: Float64Array, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) {
    const v = Math.abs(a[i]);
    if (v > scale) scale = v;
  }
  if (scale === 0) return 0;
  let s = 0;
  for (let i = from; i < to; i++) {
    const v = a[i] / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

/** x ← (I − 2vvᵀ/vᵀv)x for v = V[vOff .. vOff+len), x = X[xOff .. xOff+len). */
function applyReflector(V: Float64Array, vOff: number, len: number, vtv: number, X: Float64Array, xOff: number): void {
  let s = 0;
  for (let i = 0; i < len; i++) s += V[vOff + i] * X[xOff + i];
  const f = (2 * s) / vtv;
  if (f === 0) return;
  for (let i = 0; i < len; i++) X[xOff + i] -= f * V[vOff + i];
}
