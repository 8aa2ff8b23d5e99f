/**
 * Wang, Wei & Zhu (2013, NBER w19677, eq. 19 in its G-country form; Table E1 names) decomposition of
 * bilateral-sectoral gross exports E^sr (exporter s, partner r ≠ s, exporting sector i) into 16 terms.
 * With V^s, B^st (blocks of B = (I − A)⁻¹), L^ss = (I − A^ss)⁻¹, "#" the element-wise product of the
 * row vector of weights (transposed) with the column vector of flows, Y^st final demand of t for s's
 * goods, X^r output and E^r* = Σ_{t≠r} E^rt all exports of r:
 *   1 DVA_FIN      (V^s B^ss)ᵀ # Y^sr
 *   2 DVA_INT      (V^s L^ss)ᵀ # (A^sr B^rr Y^rr)
 *   3 DVA_INTrexI1 (V^s L^ss)ᵀ # (A^sr Σ_{t≠s,r} B^rt Y^tt)
 *   4 DVA_INTrexF  (V^s L^ss)ᵀ # (A^sr B^rr Σ_{t≠s,r} Y^rt)
 *   5 DVA_INTrexI2 (V^s L^ss)ᵀ # (A^sr Σ_{t≠s,r} B^rt Σ_{u≠s,t} Y^tu)
 *   6 RDV_INT      (V^s L^ss)ᵀ # (A^sr B^rs Y^ss)
 *   7 RDV_FIN      (V^s L^ss)ᵀ # (A^sr B^rr Y^rs)
 *   8 RDV_FIN2     (V^s L^ss)ᵀ # (A^sr Σ_{t≠s,r} B^rt Y^ts)
 *   9 OVA_FIN      (Σ_{t≠s,r} V^t B^ts)ᵀ # Y^sr            10 MVA_FIN (V^r B^rs)ᵀ # Y^sr
 *  11 OVA_INT      (Σ_{t≠s,r} V^t B^ts)ᵀ # (A^sr L^rr Y^rr) 12 MVA_INT (V^r B^rs)ᵀ # (A^sr L^rr Y^rr)
 *  13 DDC_FIN      (V^s L^ss)ᵀ # (A^sr B^rs Σ_{t≠s} Y^st)
 *  14 DDC_INT      (V^s B^ss − V^s L^ss)ᵀ # (A^sr X^r)
 *  15 ODC          (Σ_{t≠s,r} V^t B^ts)ᵀ # (A^sr L^rr E^r*) 16 MDC     (V^r B^rs)ᵀ # (A^sr L^rr E^r*)
 * Column order and names are decompr's `wwz()` (Quast & Kummritz 2015). Every term is computed by its
 * formula, so Σ terms = E^sr (and terms 1 + 9 + 10 = final-goods exports Y^sr, the rest = A^sr X^r) is
 * a check ({@link wwzCheck}). Aggregates: DVA = 1–5 (domestic value added absorbed abroad), RDV = 6–8,
 * FVA = 9–12 (OVA + MVA), PDC = 13–16 (DDC_FIN + DDC_INT + ODC + MDC). Summed over partners and sectors
 * they give KWW (2014)'s nine terms ({@link wwzToKww}): T1 = 1, T2 = 2 + 3, T3 = 4 + 5, T4 = 7 + 8, T5 = 6,
 * T6 = 13 + 14, T7 = 9 + 10, T8 = 11 + 12, T9 = 15 + 16.
 *
 * The partner-side vectors are products of B with n × G right-hand sides — B^rt Y^tt, B^rt Σ_{u≠t} Y^tu
 * and, per exporter s, B^rt Y^ts (whose t = r column gives B^rr Y^rs, and B^rr Σ_{t≠s,r} Y^rt is the second
 * minus it) — so no diagonal block of B is needed: from {@link leontiefFactors} they are G solves each on
 * the LU factors. Cost from the factors: 2G·2n² + G·2n² per exporter (one exporter at OECD size ≈ 4G
 * solves, small beside the LU); given B ({@link leontief}), the same products cost 2n²G each.
 */
import { type Leontief, type LeontiefFactors, luSolveMany, matmul } from './leontief.js';
import { grossExports } from './kww.js';
import type { IcioTable } from './table.js';

/** The 16 WWZ terms, in decompr's column order. */
export const WWZ_TERMS = [
  'DVA_FIN',
  'DVA_INT',
  'DVA_INTrexI1',
  'DVA_INTrexF',
  'DVA_INTrexI2',
  'RDV_INT',
  'RDV_FIN',
  'RDV_FIN2',
  'OVA_FIN',
  'MVA_FIN',
  'OVA_INT',
  'MVA_INT',
  'DDC_FIN',
  'DDC_INT',
  'ODC',
  'MDC',
] as const;
export type WwzTerm = (typeof WWZ_TERMS)[number];

/** WWZ term indices (0-based) that add up to each KWW term, in KWW_TERMS order. */
export const WWZ_TO_KWW: readonly (readonly number[])[] = [[0], [1, 2], [3, 4], [6, 7], [5], [12, 13], [8, 9], [10, 11], [14, 15]];

/** One exporter × partner × exporting-sector decomposition. */
export interface WwzRow {
  /** Country indices (0-based) of exporter s and partner r, and the sector index k = s·N + i. */
  s: number;
  r: number;
  sector: number;
  /** Bilateral gross exports E^sr_i = Σ_{j∈r} Z_kj + Y_k,r. */
  exports: number;
  /** Final-goods exports Y^sr_i. */
  finalExports: number;
  /** The 16 terms, {@link WWZ_TERMS} order. */
  terms: Float64Array;
  /** Terms 1–5, 6–8, 9–12, 13–16. */
  dva: number;
  rdv: number;
  fva: number;
  pdc: number;
}

/**
 * The WWZ decomposition for the given exporters (country indices; default all), every partner r ≠ s
 * and every sector of s. Rows ordered exporter, partner, sector.
 * @example wwz(t, leontief(t), [0]).filter((w) => w.r === 1) // exporter 1 to partner 2, by sector
 */
export function wwz(t: IcioTable, l: Leontief | LeontiefFactors, exporters?: readonly number[]): WwzRow[] {
  const { n, N, G, Y, X } = t;
  const { A, V, L } = l;
  const cty = (k: number) => Math.floor(k / N);
  const E = grossExports(t);
  // B·R for an n × G right-hand side R: a product with B when formed, else G solves on the LU factors
  const timesB = (R: Float64Array): Float64Array => ('B' in l ? matmul(l.B, R, n, n, G) : luSolveMany(l.lu, R, G));
  // R[i, t] = v_i when sector i belongs to country t (the vector v split into one column per country)
  const byCountry = (v: (i: number) => number): Float64Array => {
    const R = new Float64Array(n * G);
    for (let i = 0; i < n; i++) R[i * G + cty(i)] = v(i);
    return R;
  };
  // exporter-side weights: W[g·n + j] = Σ_{i∈g} V_i B_ij (country rows of V·B); vL_j = Σ_{i∈c(j)} V_i L_ij
  let W: Float64Array;
  if ('W' in l) W = l.W;
  else {
    W = new Float64Array(G * n);
    for (let i = 0; i < n; i++) {
      const g = cty(i);
      const v = V[i];
      if (v === 0) continue;
      for (let j = 0; j < n; j++) W[g * n + j] += v * l.B[i * n + j];
    }
  }
  const vL = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const o = cty(j) * N;
    for (let i = o; i < o + N; i++) vL[j] += V[i] * L[i * n + j];
  }
  // final exports of each sector, all destinations but home: yExp_i = Σ_{u≠c(i)} Y_iu
  const yExp = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let u = 0; u < G; u++) if (u !== cty(i)) yExp[i] += Y[i * G + u];
  // partner side (rows k of country r; n × G each): Pd[k, t] = (B^rt Y^tt)_k, Pe[k, t] = (B^rt Σ_{u≠t} Y^tu)_k
  const Pd = timesB(byCountry((i) => Y[i * G + cty(i)]));
  const Pe = timesB(byCountry((i) => yExp[i]));
  // L^rr Y^rr and L^rr E^r* (L block-diagonal)
  const LY = new Float64Array(n);
  const LE = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const o = cty(k) * N;
    for (let i = o; i < o + N; i++) {
      LY[k] += L[k * n + i] * Y[i * G + cty(k)];
      LE[k] += L[k * n + i] * E[i];
    }
  }
  const out: WwzRow[] = [];
  const q = new Float64Array(n * 8); // the 8 partner-side vectors of terms 2–8 and 13, for the current s
  const list = exporters ?? Array.from({ length: G }, (_, s) => s);
  for (const s of list) {
    // Ms[k, t] = (B^rt Y^ts)_k for this exporter s; with t = r it is B^rr Y^rs (no diagonal block of B needed)
    const Ms = timesB(byCountry((i) => Y[i * G + s]));
    for (let k = 0; k < n; k++) {
      const r = cty(k);
      if (r === s) continue;
      let rex1 = 0; // Σ_{t≠s,r} B^rt Y^tt
      const rexF = Pe[k * G + r] - Ms[k * G + r]; // B^rr Σ_{t≠s,r} Y^rt = B^rr (Σ_{u≠r} Y^ru − Y^rs)
      let rex2 = 0; // Σ_{t≠s,r} B^rt Σ_{u≠s,t} Y^tu = Σ_{t≠s,r} (Pe − Ms)
      let fin2 = 0; // Σ_{t≠s,r} B^rt Y^ts
      for (let t2 = 0; t2 < G; t2++) {
        if (t2 === s || t2 === r) continue;
        rex1 += Pd[k * G + t2];
        rex2 += Pe[k * G + t2] - Ms[k * G + t2];
        fin2 += Ms[k * G + t2];
      }
      const o = k * 8;
      q[o] = Pd[k * G + r]; // B^rr Y^rr
      q[o + 1] = rex1;
      q[o + 2] = rexF;
      q[o + 3] = rex2;
      q[o + 4] = Pd[k * G + s]; // B^rs Y^ss
      q[o + 5] = Ms[k * G + r]; // B^rr Y^rs
      q[o + 6] = fin2;
      q[o + 7] = Pe[k * G + s]; // B^rs Σ_{t≠s} Y^st
    }
    for (let r = 0; r < G; r++) {
      if (r === s) continue;
      for (let j = s * N; j < (s + 1) * N; j++) {
        // A^sr products for row j: Σ_{k∈r} A_jk (q_k, X_k, LY_k, LE_k), and direct intermediate exports Σ_{k∈r} Z_jk
        const aq = new Float64Array(8);
        let aX = 0;
        let aLY = 0;
        let aLE = 0;
        let zr = 0;
        for (let k = r * N; k < (r + 1) * N; k++) {
          const a = A[j * n + k];
          zr += t.Z[j * n + k];
          if (a === 0) continue;
          for (let m = 0; m < 8; m++) aq[m] += a * q[k * 8 + m];
          aX += a * X[k];
          aLY += a * LY[k];
          aLE += a * LE[k];
        }
        const vBss = W[s * n + j];
        const vLss = vL[j];
        const vBrs = W[r * n + j];
        let vBts = 0;
        for (let t2 = 0; t2 < G; t2++) if (t2 !== s && t2 !== r) vBts += W[t2 * n + j];
        const ysr = Y[j * G + r];
        const T = new Float64Array(16);
        T[0] = vBss * ysr;
        T[1] = vLss * aq[0];
        T[2] = vLss * aq[1];
        T[3] = vLss * aq[2];
        T[4] = vLss * aq[3];
        T[5] = vLss * aq[4];
        T[6] = vLss * aq[5];
        T[7] = vLss * aq[6];
        T[8] = vBts * ysr;
        T[9] = vBrs * ysr;
        T[10] = vBts * aLY;
        T[11] = vBrs * aLY;
        T[12] = vLss * aq[7];
        T[13] = (vBss - vLss) * aX;
        T[14] = vBts * aLE;
        T[15] = vBrs * aLE;
        out.push({
          s,
          r,
          sector: j,
          exports: zr + ysr,
          finalExports: ysr,
          terms: T,
          dva: T[0] + T[1] + T[2] + T[3] + T[4],
          rdv: T[5] + T[6] + T[7],
          fva: T[8] + T[9] + T[10] + T[11],
          pdc: T[12] + T[13] + T[14] + T[15],
        });
      }
    }
  }
  return out;
}

/**
 * The identities of a WWZ result: the largest relative gaps |Σ 16 terms − E^sr_i| / E^sr_i and
 * |terms 1 + 9 + 10 − Y^sr_i| / Y^sr_i over the rows (0 when every flow is 0).
 */
export function wwzCheck(rows: readonly WwzRow[]): { total: number; final: number } {
  let total = 0;
  let final = 0;
  for (const w of rows) {
    const T = w.terms;
    let sum = 0;
    for (let m = 0; m < 16; m++) sum += T[m];
    if (w.exports > 0) total = Math.max(total, Math.abs(sum - w.exports) / w.exports);
    if (w.finalExports > 0) final = Math.max(final, Math.abs(T[0] + T[8] + T[9] - w.finalExports) / w.finalExports);
  }
  return { total, final };
}

/** WWZ rows summed over partners and sectors into KWW's nine terms per exporter (G × 9 row-major; {@link WWZ_TO_KWW}). */
export function wwzToKww(rows: readonly WwzRow[], G: number): Float64Array {
  const out = new Float64Array(G * 9);
  for (const w of rows) WWZ_TO_KWW.forEach((idx, m) => idx.forEach((i) => (out[w.s * 9 + m] += w.terms[i])));
  return out;
}
