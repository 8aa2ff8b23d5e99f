/**
 * Production-based GVC participation (Wang, Wei, Yu & Zhu 2017, NBER w23222): value added embodied in
 * final goods, V̂BŶ, split into four parts — pure domestic V̂LŶ^D, traditional trade V̂LŶ^F, simple GVC
 * V̂LA^F LŶ^D and complex GVC V̂LA^F(BŶ − LŶ^D) — with Ŷ the final goods of each sector (all
 * destinations), Ŷ^D their domestic part, Ŷ^F = Ŷ − Ŷ^D, L the local inverse and A^F the foreign blocks
 * of A. Forward (row sums: by the sector whose value added it is) the parts add up to its value added,
 * backward (column sums: by the sector producing the final goods) to its final goods; forward
 * participation = (simple + complex) / value added, backward = (simple + complex) / final goods;
 * countries sum their sectors.
 *
 * Computed as vectors on the LU factors (B is never formed): forward V ∘ L yD, V ∘ L yF, V ∘ L A^F L yD,
 * V ∘ L A^F (B y − L yD); backward (V′L) ∘ yD, (V′L) ∘ yF, (V′LA^F L) ∘ yD, (V′LA^F B) ∘ y − (V′LA^F L) ∘ yD.
 * Cost: one solve and one transposed solve (2n² each) plus products with A^F (n²) and L (GN²).
 */
import { type LeontiefFactors, luSolve, luSolveTransposed } from './leontief.js';
import type { IcioTable } from './table.js';

/** The four parts, in this order. */
export const PRODUCTION_PARTS = ['D', 'RT', 'GVC_S', 'GVC_C'] as const;

/** One sector's (or country's) parts forward and backward and its participation indices. */
export interface ProductionRow {
  /** Value added (forward denominator) and final goods produced (backward denominator). */
  va: number;
  final: number;
  /** Parts of its value added by where it ends (D, RT, GVC_S, GVC_C). */
  forward: [number, number, number, number];
  /** Parts of its final goods by where their value added comes from (D, RT, GVC_S, GVC_C). */
  backward: [number, number, number, number];
  forwardParticipation: number;
  backwardParticipation: number;
}

/** The decomposition by sector and by country. */
export interface Production {
  sectors: ProductionRow[];
  countries: ProductionRow[];
}

const row = (va: number, final: number, forward: number[], backward: number[]): ProductionRow => ({
  va,
  final,
  forward: forward as ProductionRow['forward'],
  backward: backward as ProductionRow['backward'],
  forwardParticipation: (forward[2] + forward[3]) / va,
  backwardParticipation: (backward[2] + backward[3]) / final,
});

/**
 * The production-based decomposition of a validated table on its Leontief factors.
 * @example productionParticipation(t, leontiefFactors(t)).countries[0].forwardParticipation
 */
export function productionParticipation(t: IcioTable, f: LeontiefFactors): Production {
  const { n, G, N } = t;
  const { A, L, V } = f;
  const c = (i: number) => Math.floor(i / N);
  const y = new Float64Array(n);
  const yD = new Float64Array(n);
  const yF = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < G; g++) y[i] += t.Y[i * G + g];
    yD[i] = t.Y[i * G + c(i)];
    yF[i] = y[i] - yD[i];
  }
  // L x and x′L (block diagonal), A^F x and x′A^F (off-diagonal blocks)
  const Lx = (x: Float64Array) => {
    const o = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const b = c(i) * N;
      let s = 0;
      for (let j = b; j < b + N; j++) s += L[i * n + j] * x[j];
      o[i] = s;
    }
    return o;
  };
  const xL = (x: Float64Array) => {
    const o = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const b = c(j) * N;
      let s = 0;
      for (let i = b; i < b + N; i++) s += x[i] * L[i * n + j];
      o[j] = s;
    }
    return o;
  };
  const AFx = (x: Float64Array) => {
    const o = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ci = c(i);
      let s = 0;
      for (let j = 0; j < n; j++) if (c(j) !== ci) s += A[i * n + j] * x[j];
      o[i] = s;
    }
    return o;
  };
  const xAF = (x: Float64Array) => {
    const o = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ci = c(i);
      const xi = x[i];
      if (xi === 0) continue;
      for (let j = 0; j < n; j++) if (c(j) !== ci) o[j] += xi * A[i * n + j];
    }
    return o;
  };
  // forward
  const LyD = Lx(yD);
  const LyF = Lx(yF);
  const simpleF = Lx(AFx(LyD));
  const By = luSolve(f.lu, y);
  const rest = new Float64Array(n);
  for (let i = 0; i < n; i++) rest[i] = By[i] - LyD[i];
  const complexF = Lx(AFx(rest));
  // backward
  const vL = xL(V);
  const vLAF = xAF(vL);
  const vLAFL = xL(vLAF);
  const vLAFB = luSolveTransposed(f.lu, vLAF);
  const sectors: ProductionRow[] = [];
  const cf = Array.from({ length: G }, () => [0, 0, 0, 0]);
  const cb = Array.from({ length: G }, () => [0, 0, 0, 0]);
  const cva = new Float64Array(G);
  const cy = new Float64Array(G);
  for (let i = 0; i < n; i++) {
    const fw = [V[i] * LyD[i], V[i] * LyF[i], V[i] * simpleF[i], V[i] * complexF[i]];
    const bw = [vL[i] * yD[i], vL[i] * yF[i], vLAFL[i] * yD[i], vLAFB[i] * y[i] - vLAFL[i] * yD[i]];
    sectors.push(row(t.VA[i], y[i], fw, bw));
    const g = c(i);
    for (let k = 0; k < 4; k++) {
      cf[g][k] += fw[k];
      cb[g][k] += bw[k];
    }
    cva[g] += t.VA[i];
    cy[g] += y[i];
  }
  return { sectors, countries: cf.map((fw, g) => row(cva[g], cy[g], fw, cb[g])) };
}
