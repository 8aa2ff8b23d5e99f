/**
 * Koopman, Wang & Wei (2014, AER 104(2), eq. 36) decomposition of each country's gross exports into
 * nine value-added and double-counted terms, their aggregates, and the GVC participation and
 * position indices of Koopman, Powers, Wang & Wei (2010, NBER w16426).
 *
 * With s the exporter, r ≠ s its partners, t a third country, V the value-added coefficients,
 * B = (I − A)⁻¹, L_rr = (I − A_rr)⁻¹ the local inverse, Y_rt final demand of t for r's goods and
 * E_s* = Σ_{r≠s} (Z_sr·1 + Y_sr) the sectors' gross exports (uE_s* = the country's exports):
 *   T1 DVA_FIN    V_s B_ss Σ_r Y_sr                     T4 RDV_FIN  V_s Σ_r B_sr Y_rs
 *   T2 DVA_INT    V_s Σ_r B_sr Y_rr                     T5 RDV_INT  V_s Σ_r B_sr A_rs L_ss Y_ss
 *   T3 DVA_INTrex V_s Σ_r Σ_{t≠s,r} B_sr Y_rt           T6 DDC      V_s Σ_r B_sr A_rs L_ss E_s*
 *   T7 FVA_FIN    Σ_{t≠s} V_t B_ts Σ_r Y_sr
 *   T8 FVA_INT    Σ_{t≠s} V_t B_ts Σ_r A_sr L_rr Y_rr
 *   T9 FDC        Σ_{t≠s} V_t B_ts Σ_r A_sr L_rr E_r*
 * Every term is computed by its formula (none as a residual), so Σ T = uE_s* is a check, not a
 * definition (it holds to rounding; the tests assert 1e-9). Aggregates: VAX = T1+T2+T3 (value-added
 * exports), RDV = T4+T5, DVA = T1+…+T5 (domestic value added in exports, the exporter's GDP in its
 * exports), FVA = T7+T8, DDC = T6, FDC = T9, PDC = T6+T9 (pure double counting); DVA + FVA + PDC = E.
 *
 * Participation and position (Koopman et al. 2010): IV = T3 (domestic value added in intermediates
 * the direct importer re-exports to third countries), FV = T7+T8+T9 (all foreign value added in the
 * exports, Σ_{t≠s} V_t B_ts E_s*); participation = IV/E + FV/E, position = ln(1 + IV/E) − ln(1 + FV/E).
 *
 * Reported by exporting country (decompr's `kww()` likewise aggregates; the sector-level split of
 * KWW is not defined by the paper — WWZ 2013 is). Cost O(n²) given L and the country rows W of V·B
 * ({@link leontiefFactors}: no B needed), O(n²N) more when W is taken from B ({@link leontief}).
 */
import type { Leontief, LeontiefFactors } from './leontief.js';
import type { IcioTable } from './table.js';

/** The nine KWW term names, in the paper's order (decompr's column names). */
export const KWW_TERMS = ['DVA_FIN', 'DVA_INT', 'DVA_INTrex', 'RDV_FIN', 'RDV_INT', 'DDC', 'FVA_FIN', 'FVA_INT', 'FDC'] as const;
export type KwwTerm = (typeof KWW_TERMS)[number];

/** One exporter's decomposition. */
export interface KwwRow {
  country: string;
  /** Gross exports uE_s*. */
  exports: number;
  /** The nine terms, in {@link KWW_TERMS} order. */
  terms: Float64Array;
  /** Value-added exports T1+T2+T3. */
  vax: number;
  /** Returned domestic value added T4+T5. */
  rdv: number;
  /** Domestic value added in exports T1+…+T5. */
  dva: number;
  /** Foreign value added T7+T8. */
  fva: number;
  /** Pure double counting T6+T9 (domestic T6, foreign T9). */
  pdc: number;
  /** Koopman et al. (2010): IV = T3, FV = T7+T8+T9, participation and position. */
  iv: number;
  fv: number;
  participation: number;
  position: number;
}

/** Gross exports by sector: E_i = Σ_{j abroad} Z_ij + Σ_{g ≠ home} Y_ig. Cost n² + nG. */
export function grossExports(t: IcioTable): Float64Array {
  const { n, N, G, Z, Y } = t;
  const E = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const home = Math.floor(i / N);
    let s = 0;
    for (let j = 0; j < n; j++) if (Math.floor(j / N) !== home) s += Z[i * n + j];
    for (let g = 0; g < G; g++) if (g !== home) s += Y[i * G + g];
    E[i] = s;
  }
  return E;
}

/** W (G × n): W[s·n + j] = Σ_{i∈s} V_i B_ij, from B. Cost 2n²N. */
function countryRows(l: Leontief): Float64Array {
  const { n, G, N, V, B } = l;
  const W = new Float64Array(G * n);
  for (let s = 0; s < G; s++) for (let i = s * N; i < (s + 1) * N; i++) for (let j = 0; j < n; j++) W[s * n + j] += V[i] * B[i * n + j];
  return W;
}

/**
 * The KWW decomposition of every country's gross exports, from {@link leontief} (B formed) or
 * {@link leontiefFactors} (only the rows of V·B the terms need).
 * @example kww(t, leontiefFactors(t)).map((r) => [r.country, r.dva / r.exports])
 */
export function kww(t: IcioTable, l: Leontief | LeontiefFactors): KwwRow[] {
  const { n, N, G, Y } = t;
  const { A, L } = l;
  const W = 'W' in l ? l.W : countryRows(l);
  const cty = (i: number) => Math.floor(i / N);
  const E = grossExports(t);
  // final-goods exports, own-country final demand, L·(own final demand), L·E (L is block-diagonal)
  const yExp = new Float64Array(n);
  const yOwn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < G; g++) if (g !== cty(i)) yExp[i] += Y[i * G + g];
    yOwn[i] = Y[i * G + cty(i)];
  }
  const LyOwn = new Float64Array(n);
  const LE = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = cty(i) * N;
    for (let k = o; k < o + N; k++) {
      LyOwn[i] += L[i * n + k] * yOwn[k];
      LE[i] += L[i * n + k] * E[k];
    }
  }
  // fv_j: foreign value added per unit of sector j's output, Σ_{i abroad} V_i B_ij = Σ_{s ≠ c(j)} W_sj
  const fv = new Float64Array(n);
  for (let s = 0; s < G; s++) for (let j = 0; j < n; j++) if (cty(j) !== s) fv[j] += W[s * n + j];
  const out: KwwRow[] = [];
  for (let s = 0; s < G; s++) {
    const o = s * N;
    const vB = W.subarray(s * n, (s + 1) * n); // vB_j = Σ_{i∈s} V_i B_ij: value added of s per unit of j's output
    const T = new Float64Array(9);
    let exports = 0;
    for (let j = o; j < o + N; j++) {
      exports += E[j];
      T[0] += vB[j] * yExp[j];
      T[6] += fv[j] * yExp[j];
      let ay = 0;
      let ae = 0;
      for (let k = 0; k < n; k++) {
        if (cty(k) === s) continue;
        ay += A[j * n + k] * LyOwn[k];
        ae += A[j * n + k] * LE[k];
      }
      T[7] += fv[j] * ay;
      T[8] += fv[j] * ae;
    }
    for (let j = 0; j < n; j++) {
      const r = cty(j);
      if (r === s) continue;
      let third = 0;
      for (let g = 0; g < G; g++) if (g !== s && g !== r) third += Y[j * G + g];
      T[1] += vB[j] * Y[j * G + r];
      T[2] += vB[j] * third;
      T[3] += vB[j] * Y[j * G + s];
      let ay = 0;
      let ae = 0;
      for (let k = o; k < o + N; k++) {
        ay += A[j * n + k] * LyOwn[k];
        ae += A[j * n + k] * LE[k];
      }
      T[4] += vB[j] * ay;
      T[5] += vB[j] * ae;
    }
    const vax = T[0] + T[1] + T[2];
    const rdv = T[3] + T[4];
    const iv = T[2];
    const fvS = T[6] + T[7] + T[8];
    out.push({
      country: t.countries[s],
      exports,
      terms: T,
      vax,
      rdv,
      dva: vax + rdv,
      fva: T[6] + T[7],
      pdc: T[5] + T[8],
      iv,
      fv: fvS,
      participation: exports > 0 ? (iv + fvS) / exports : Number.NaN,
      position: exports > 0 ? Math.log1p(iv / exports) - Math.log1p(fvS / exports) : Number.NaN,
    });
  }
  return out;
}
