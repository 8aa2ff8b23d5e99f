/**
 * Fixed-effects transformations (the "within" transformation), exact:
 *
 * - one way (unit or period): x̃ = x − x̄_g, the mean over the observations of group g;
 * - two ways, balanced frame: x̃ = x − x̄_i − x̄_t + x̄ (exact: the two projections commute);
 * - two ways, unbalanced: Frisch–Waugh–Lovell — x and the period dummies (all but the first) are
 *   unit-demeaned, then x̃ is the residual of unit-demeaned x on the unit-demeaned dummies (a least-squares
 *   projection by QR; exact up to rounding, unlike alternating projections stopped at a tolerance).
 *
 * Cost: O(n) per column one way and balanced two way; O(n (T−1)²) once plus O(n (T−1)) per column unbalanced.
 */
import { fail } from '../../core/errors.js';

/** x − its mean within each group (`g[i]` in 0..G−1). */
export function demean(x: Float64Array, g: Int32Array, G: number): Float64Array {
  const s = new Float64Array(G);
  const c = new Float64Array(G);
  for (let i = 0; i < x.length; i++) {
    s[g[i]] += x[i];
    c[g[i]]++;
  }
  for (let k = 0; k < G; k++) s[k] /= c[k];
  // Second pass (mean of the deviations) removes the rounding of the first mean.
  const r = new Float64Array(G);
  for (let i = 0; i < x.length; i++) r[g[i]] += x[i] - s[g[i]];
  for (let k = 0; k < G; k++) s[k] += r[k] / c[k];
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] - s[g[i]];
  return out;
}

export type Effects = 'none' | 'unit' | 'period' | 'twoway';

/** A transformation for one frame, applied to any number of columns. */
export interface Within {
  effects: Effects;
  /** Parameters absorbed: G (unit), T (period), G + T − 1 (two ways, connected panel), 0 (none). */
  absorbed: number;
  apply(x: Float64Array): Float64Array;
}

/** The within transformation of `effects` for a frame's unit and period indices. */
export function within(effects: Effects, unit: Int32Array, G: number, period: Int32Array, T: number, balanced: boolean): Within {
  if (effects === 'none') return { effects, absorbed: 0, apply: (x) => x };
  if (effects === 'unit') return { effects, absorbed: G, apply: (x) => demean(x, unit, G) };
  if (effects === 'period') return { effects, absorbed: T, apply: (x) => demean(x, period, T) };
  if (balanced) {
    // Balanced: x − x̄ᵢ − x̄ₜ + x̄ exactly (one pass for the three means, one for the result).
    const n = unit.length;
    // Rows in the panel's own order (row = t·G + i, what a complete panel gives): plain nested loops.
    let canonical = n === G * T;
    for (let i = 0; canonical && i < n; i++) if (unit[i] !== i % G || period[i] !== ((i / G) | 0)) canonical = false;
    if (canonical)
      return {
        effects,
        absorbed: G + T - 1,
        apply(x) {
          const su = new Float64Array(G);
          const st = new Float64Array(T);
          let s = 0;
          for (let t = 0, i = 0; t < T; t++) {
            let a = 0;
            for (let g = 0; g < G; g++, i++) {
              const v = x[i];
              su[g] += v;
              a += v;
            }
            st[t] = a / G;
            s += a;
          }
          for (let g = 0; g < G; g++) su[g] /= T;
          const m = s / n;
          const out = new Float64Array(n);
          for (let t = 0, i = 0; t < T; t++) {
            const c = m - st[t];
            for (let g = 0; g < G; g++, i++) out[i] = x[i] - su[g] + c;
          }
          return out;
        },
      };
    return {
      effects,
      absorbed: G + T - 1,
      apply(x) {
        const su = new Float64Array(G);
        const st = new Float64Array(T);
        let s = 0;
        for (let i = 0; i < n; i++) {
          const v = x[i];
          su[unit[i]] += v;
          st[period[i]] += v;
          s += v;
        }
        for (let g = 0; g < G; g++) su[g] /= T;
        for (let t = 0; t < T; t++) st[t] /= G;
        const m = s / n;
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = x[i] - su[unit[i]] - st[period[i]] + m;
        return out;
      },
    };
  }
  // Unbalanced: residualise the unit-demeaned x on the unit-demeaned period dummies 2..T.
  const n = unit.length;
  const D: Float64Array[] = [];
  for (let t = 1; t < T; t++) {
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = period[i] === t ? 1 : 0;
    D.push(demean(d, unit, G));
  }
  const proj = projector(D);
  const rank = proj.rank;
  return {
    effects,
    absorbed: G + rank,
    apply: (x) => proj.residual(demean(x, unit, G)),
  };
}

/**
 * Householder QR of the columns `D` (dropping columns with no part outside the span of the earlier
 * ones), for residuals x − D(DᵀD)⁻¹Dᵀx. Modified Gram–Schmidt twice ("twice is enough") on the kept columns.
 */
function projector(D: Float64Array[]): { rank: number; residual(x: Float64Array): Float64Array } {
  const Q: Float64Array[] = [];
  for (const d of D) {
    const q = d.slice();
    const norm0 = Math.sqrt(dot(q, q));
    for (let pass = 0; pass < 2; pass++)
      for (const b of Q) {
        const c = dot(b, q);
        for (let i = 0; i < q.length; i++) q[i] -= c * b[i];
      }
    const nq = Math.sqrt(dot(q, q));
    if (!(nq > 1e-10 * norm0) || norm0 === 0) continue;
    for (let i = 0; i < q.length; i++) q[i] /= nq;
    Q.push(q);
  }
  return {
    rank: Q.length,
    residual(x) {
      const r = x.slice();
      for (let pass = 0; pass < 2; pass++)
        for (const b of Q) {
          const c = dot(b, r);
          for (let i = 0; i < r.length; i++) r[i] -= c * b[i];
        }
      return r;
    },
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Refuse a frame the fixed effects leave nothing to estimate from. */
export function checkDf(n: number, k: number, absorbed: number, path: string): void {
  if (n - k - absorbed < 1)
    fail('E_MODEL_DF', `${path}: ${n} observations for ${k} coefficients and ${absorbed} fixed effects: no residual degrees of freedom`, {
      location: { path },
      hint: 'use fewer regressors or fixed effects, or more observations',
    });
}
