/**
 * DEA models of the efficiency lens (issue 17), each a pure function of Float64Array data (DMU × variable,
 * row-major) solved by HiGHS ({@link solveLp}; call `await loadSolver()` once first). One LP per DMU (two for the
 * radial models), n + 1 columns of λ and slacks; cost O(n) LPs of O(n + m + s) columns.
 *
 * Models (envelopment form; X m×n inputs, Y s×n desirable outputs, Yᵇ undesirable outputs, o the DMU evaluated):
 * - {@link radial} — CCR (crs; Charnes, Cooper & Rhodes 1978) and BCC (vrs, Σλ = 1; Banker, Charnes & Cooper 1984).
 *   Input orientation: θ* = min θ s.t. Xλ + s⁻ = θx_o, Yλ − s⁺ = y_o, λ, s ≥ 0. Output orientation:
 *   φ* = max φ s.t. Xλ + s⁻ = x_o, Yλ − s⁺ = φy_o. Slacks by the second phase (Cooper, Seiford & Tone 2007, §3.3):
 *   θ (φ) fixed at its optimum, max Σs⁻ + Σs⁺. Targets: x̂ = θ*x_o − s⁻, ŷ = y_o + s⁺ (input); x̂ = x_o − s⁻,
 *   ŷ = φ*y_o + s⁺ (output). Multipliers (v, u, u₀) are the duals of the first phase.
 * - {@link sbm} — non-oriented SBM (Tone 2001): ρ = min (1 − (1/m)Σ s⁻ᵢ/xᵢₒ) / (1 + (1/s)Σ s⁺ᵣ/yᵣₒ) s.t.
 *   x_o = Xλ + s⁻, y_o = Yλ − s⁺, λ, s ≥ 0 (vrs: Σλ = 1). With undesirable outputs it is the Tone (2003) form
 *   (Cooper, Seiford & Tone 2007, §13.8): ρ = min (1 − (1/m)Σ s⁻ᵢ/xᵢₒ) / (1 + (1/(s₁+s₂))(Σ sᵍᵣ/yᵍᵣₒ + Σ sᵇᵣ/yᵇᵣₒ))
 *   s.t. x_o = Xλ + s⁻, yᵍ_o = Yᵍλ − sᵍ, yᵇ_o = Yᵇλ + sᵇ. Solved as one LP by the Charnes–Cooper transformation
 *   (t = 1/denominator, Λ = tλ, S = ts): min t − (1/m)Σ S⁻ᵢ/xᵢₒ s.t. t + (1/(s₁+s₂))(Σ Sᵍ/yᵍₒ + Σ Sᵇ/yᵇₒ) = 1,
 *   XΛ + S⁻ = t x_o, YᵍΛ − Sᵍ = t yᵍ_o, YᵇΛ + Sᵇ = t yᵇ_o (vrs: ΣΛ = t); then λ = Λ/t, s = S/t.
 *   Targets x̂ = x_o − s⁻ (input redundancy s⁻), ŷᵍ = yᵍ_o + sᵍ (output shortfall), ŷᵇ = yᵇ_o − sᵇ (excess).
 * - {@link superSbm} — super-SBM (Tone 2002) for SBM-efficient DMUs: δ = min ((1/m)Σ x̄ᵢ/xᵢₒ) / ((1/s)Σ ȳᵣ/yᵣₒ)
 *   s.t. x̄ ≥ Σ_{j≠o} λⱼxⱼ, ȳ ≤ Σ_{j≠o} λⱼyⱼ, x̄ ≥ x_o, 0 ≤ ȳ ≤ y_o (vrs: Σλ = 1); with x̄ = x_o + t⁻,
 *   ȳ = y_o − t⁺ the Charnes–Cooper LP is min t + (1/m)Σ T⁻ᵢ/xᵢₒ s.t. t − (1/s)Σ T⁺ᵣ/yᵣₒ = 1,
 *   Σ_{j≠o} Λⱼxⱼ − T⁻ ≤ t x_o, Σ_{j≠o} Λⱼyⱼ + T⁺ ≥ t y_o, T⁺ ≤ t y_o. With undesirable outputs the bad outputs may
 *   rise: ȳᵇ = yᵇ_o + tᵇ ≥ Σ_{j≠o} λⱼyᵇⱼ and the denominator is 1 − (1/(s₁+s₂))(Σ tᵍ/yᵍₒ + Σ tᵇ/yᵇₒ) (the
 *   super-efficiency extension of the Tone 2003 form used by MaxDEA). The reported score is ρ for SBM-inefficient
 *   DMUs and δ ≥ 1 for efficient ones (the practice of the literature); `superScore` holds δ of the efficient
 *   DMUs, and with `superForAll` of every DMU (δ = 1 for inefficient DMUs, whose point is dominated by the others).
 *
 * Data: every value finite; radial models need non-negative data with at least one positive input and output per
 * DMU; the SBM family needs strictly positive data (the slacks are divided by them). Otherwise `E_DEA_DATA`
 * names the DMU and the variable. Fewer DMUs than 3(m + s) is a warning (Cooper, Seiford & Tone 2007, p. 116).
 * An LP that is not optimal (a cross-period LP of Malmquist, say) leaves NaN in that DMU's row and its status says
 * why — never a silent NaN.
 */
import { fail } from '../../core/errors.js';
import type { Warning } from '../../core/logger.js';
import { type LinearProgram, type LpStatus, solveLp, WarmLp } from './lp.js';

/** Returns to scale: constant (CCR) or variable (BCC, Σλ = 1). */
export type Rts = 'crs' | 'vrs';
export type Orientation = 'input' | 'output';

/** Inputs and outputs of n DMUs, row-major DMU × variable. */
export interface DeaData {
  /** Number of DMUs. */
  n: number;
  /** Inputs, n × m. */
  x: Float64Array;
  m: number;
  /** Desirable outputs, n × s. */
  y: Float64Array;
  s: number;
  /** Undesirable outputs, n × sb (SBM family only). */
  yb?: Float64Array;
  sb?: number;
  /** Names used in errors and tables (default DMU1…, x1…, y1…, b1…). */
  dmus?: readonly string[];
  inputs?: readonly string[];
  outputs?: readonly string[];
  undesirable?: readonly string[];
}

export type DeaModel = 'ccr' | 'bcc' | 'sbm' | 'super-sbm' | 'ddf';

export interface DeaResult {
  model: DeaModel;
  rts: Rts;
  orientation?: Orientation;
  /** Whether undesirable outputs were modelled (Tone 2003 form). */
  undesirable: boolean;
  n: number;
  /** Number of reference DMUs (columns of λ). */
  nRef: number;
  /** θ* (input), φ* (output, ≥ 1), ρ* (SBM), ρ* or δ* (super-SBM). */
  score: Float64Array;
  /** Efficiency in (0, 1] terms: θ*, 1/φ*, ρ*; for super-SBM the score itself. */
  efficiency: Float64Array;
  /** Super-SBM only: δ* of the super-efficiency LP for every DMU. */
  superScore?: Float64Array;
  status: LpStatus[];
  /** λ, n × nRef. */
  lambda: Float64Array;
  /** Input slacks s⁻ (input redundancy beyond the radial part for CCR/BCC), n × m. */
  slackIn: Float64Array;
  /** Desirable-output slacks s⁺ (shortfall), n × s. */
  slackOut: Float64Array;
  /** Undesirable-output slacks (excess), n × sb. */
  slackBad: Float64Array;
  /** Projections onto the frontier: inputs n × m, outputs n × s, undesirable n × sb. */
  targetIn: Float64Array;
  targetOut: Float64Array;
  targetBad: Float64Array;
  /**
   * CCR/BCC: multipliers v (n × m), u (n × s) and the free variable (n; vrs only, 0 for crs) of the multiplier form,
   * from the first-phase duals: input orientation v·x_o = 1, θ* = u·y_o + u₀; output orientation u·y_o = 1,
   * φ* = v·x_o + v₀ (strong duality; the tests check both).
   */
  weightIn?: Float64Array;
  weightOut?: Float64Array;
  weightFree?: Float64Array;
  warnings: Warning[];
}

export interface RadialOptions {
  rts: Rts;
  orientation: Orientation;
  /** Evaluate `data`'s DMUs against this technology (same m, s) instead of their own (cross-period Malmquist). */
  reference?: DeaData;
  /** Spec path for error locations (e.g. `analyses.efficiency.models[0]`). */
  path?: string;
}

export interface SbmOptions {
  rts: Rts;
  /**
   * Evaluate `data`'s DMUs against this technology (same variables) instead of their own: a sequential, window or
   * global frontier pools unit-periods of several periods. Default: `data` itself.
   */
  reference?: DeaData;
  /**
   * Super-SBM with a `reference`: for each DMU of `data`, its own column in `reference` (left out of its
   * super-efficiency LP), or −1 when it is not part of the reference. Default with a reference: −1 for all.
   */
  self?: Int32Array;
  /**
   * super-sbm: solve the super-efficiency LP (cold) for every DMU, not only the SBM-efficient ones, so that
   * `superScore` holds δ = 1 of the inefficient DMUs as computed (the formulation check of the tests). Default false.
   */
  superForAll?: boolean;
  path?: string;
}

const EFFICIENT_TOL = 1e-9;

const dmuName = (d: DeaData, j: number) => d.dmus?.[j] ?? `DMU${j + 1}`;

/** Check sizes and values; `positive` for the SBM family. */
export function checkData(d: DeaData, positive: boolean, path: string | undefined, allowBad: boolean): void {
  const sb = d.sb ?? 0;
  const loc = path ? { path } : undefined;
  if (!(d.n >= 1) || !(d.m >= 1) || !(d.s >= 1)) {
    fail('E_DEA_SPEC', `a DEA model needs at least one DMU, one input and one desirable output (got n = ${d.n}, m = ${d.m}, s = ${d.s})`, {
      location: loc,
      hint: 'list the inputs and outputs of the model',
    });
  }
  if (sb > 0 && !allowBad) {
    fail('E_DEA_SPEC', 'undesirable outputs are modelled by the SBM family only (sbm, super-sbm), not by CCR/BCC', {
      location: loc,
      hint: 'use model sbm or super-sbm, or move the undesirable outputs out of the model',
    });
  }
  const blocks: [Float64Array | undefined, number, string, readonly string[] | undefined, string][] = [
    [d.x, d.m, 'input', d.inputs, 'x'],
    [d.y, d.s, 'output', d.outputs, 'y'],
    [d.yb, sb, 'undesirable output', d.undesirable, 'b'],
  ];
  for (const [a, k, what, names, pre] of blocks) {
    if (k === 0) continue;
    if (!a || a.length !== d.n * k) fail('E_INTERNAL', `DEA ${what} matrix has ${a?.length ?? 0} values, expected ${d.n} × ${k}`);
    for (let j = 0; j < d.n; j++)
      for (let i = 0; i < k; i++) {
        const v = a[j * k + i];
        if (!Number.isFinite(v) || v < 0 || (positive && v === 0)) {
          const name = names?.[i] ?? `${pre}${i + 1}`;
          fail(
            'E_DEA_DATA',
            `${what} "${name}" of DMU "${dmuName(d, j)}" is ${Number.isNaN(v) ? 'missing' : v} (${positive ? 'SBM models need values > 0' : 'DEA needs values ≥ 0'})`,
            {
              location: { ...loc, column: name },
              hint: positive
                ? 'impute or drop the DMU; a zero undesirable output: Tone (2003) replaces it by a small positive number (analyses.efficiency: zeroUndesirable: replace)'
                : 'impute the missing value or drop the DMU; negative data need a translation-invariant model (not offered)',
              data: { dmu: dmuName(d, j), variable: name },
            },
          );
        }
      }
  }
  if (!positive)
    for (let j = 0; j < d.n; j++) {
      let px = false;
      let py = false;
      for (let i = 0; i < d.m; i++) px ||= d.x[j * d.m + i] > 0;
      for (let r = 0; r < d.s; r++) py ||= d.y[j * d.s + r] > 0;
      if (!px || !py)
        fail('E_DEA_DATA', `DMU "${dmuName(d, j)}" has all its ${px ? 'outputs' : 'inputs'} zero`, {
          location: loc,
          hint: 'a DMU needs at least one positive input and one positive output; drop it from the model',
          data: { dmu: dmuName(d, j) },
        });
    }
}

export function sizeWarnings(d: DeaData, path: string | undefined): Warning[] {
  const k = d.m + d.s + (d.sb ?? 0);
  if (d.n >= 3 * k) return [];
  return [
    {
      code: 'E_DEA_DATA',
      message: `only ${d.n} DMUs for ${k} inputs and outputs: fewer than 3(m + s) = ${3 * k}, so many DMUs may score as efficient`,
      location: path ? { path } : undefined,
    },
  ];
}

/** Check a reference technology other than the data: its values, and the same variables as the DMUs evaluated. */
export function checkReference(data: DeaData, ref: DeaData, positive: boolean, path: string | undefined, allowBad: boolean): void {
  if (ref === data) return;
  checkData(ref, positive, path, allowBad);
  if (ref.m !== data.m || ref.s !== data.s || (ref.sb ?? 0) !== (data.sb ?? 0))
    fail('E_DEA_SPEC', 'the reference technology has other inputs or outputs than the DMUs evaluated', {
      location: path ? { path } : undefined,
      hint: 'use the same variables in every period',
    });
}

/** A dense LP with all columns ≥ 0, rows to be filled. */
export function newLp(sense: 'min' | 'max', numRows: number, numCols: number): LinearProgram {
  return {
    sense,
    numRows,
    numCols,
    cost: new Float64Array(numCols),
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(Infinity),
    A: new Float64Array(numRows * numCols),
    rowLower: new Float64Array(numRows),
    rowUpper: new Float64Array(numRows),
  };
}

export function emptyResult(model: DeaModel, rts: Rts, d: DeaData, nRef: number, warnings: Warning[], orientation?: Orientation): DeaResult {
  const { n, m, s } = d;
  const sb = d.sb ?? 0;
  const nan = (k: number) => new Float64Array(k).fill(NaN);
  return {
    model,
    rts,
    ...(orientation ? { orientation } : {}),
    undesirable: sb > 0,
    n,
    nRef,
    score: nan(n),
    efficiency: nan(n),
    status: new Array<LpStatus>(n).fill('failed'),
    lambda: nan(n * nRef),
    slackIn: nan(n * m),
    slackOut: nan(n * s),
    slackBad: nan(n * sb),
    targetIn: nan(n * m),
    targetOut: nan(n * s),
    targetBad: nan(n * sb),
    warnings,
  };
}

/**
 * CCR (rts `crs`) or BCC (rts `vrs`) envelopment model, input or output orientation, two-phase slacks (see the
 * module comment). Example: `await loadSolver(); radial(data, { rts: 'crs', orientation: 'input' }).score`.
 * Cost: 2n LPs of n + m + s + 1 columns and m + s (+1) rows.
 */
export function radial(data: DeaData, opts: RadialOptions): DeaResult {
  const ref = opts.reference ?? data;
  checkData(data, false, opts.path, false);
  checkReference(data, ref, false, opts.path, false);
  const { n, m, s } = data;
  const N = ref.n;
  const vrs = opts.rts === 'vrs';
  const input = opts.orientation === 'input';
  const res = emptyResult(vrs ? 'bcc' : 'ccr', opts.rts, data, N, sizeWarnings(ref, opts.path), opts.orientation);
  res.weightIn = new Float64Array(n * m).fill(NaN);
  res.weightOut = new Float64Array(n * s).fill(NaN);
  res.weightFree = new Float64Array(n).fill(NaN);
  // Columns: [θ|φ, λ₁…λ_N, s⁻₁…s⁻_m, s⁺₁…s⁺_s]. Rows: m inputs, s outputs, (vrs) convexity.
  const nc = 1 + N + m + s;
  const nr = m + s + (vrs ? 1 : 0);
  const warm = new WarmLp();
  for (let o = 0; o < n; o++) {
    const lp = newLp(input ? 'min' : 'max', nr, nc);
    lp.cost[0] = 1;
    for (let i = 0; i < m; i++) {
      const row = i * nc;
      for (let j = 0; j < N; j++) lp.A[row + 1 + j] = ref.x[j * m + i];
      lp.A[row + 1 + N + i] = 1;
      const xo = data.x[o * m + i];
      if (input) lp.A[row] = -xo;
      else lp.rowLower[i] = lp.rowUpper[i] = xo;
    }
    for (let r = 0; r < s; r++) {
      const row = (m + r) * nc;
      for (let j = 0; j < N; j++) lp.A[row + 1 + j] = ref.y[j * s + r];
      lp.A[row + 1 + N + m + r] = -1;
      const yo = data.y[o * s + r];
      if (input) lp.rowLower[m + r] = lp.rowUpper[m + r] = yo;
      else lp.A[row] = -yo;
    }
    if (vrs) {
      for (let j = 0; j < N; j++) lp.A[(m + s) * nc + 1 + j] = 1;
      lp.rowLower[m + s] = lp.rowUpper[m + s] = 1;
    }
    const p1 = warm.solve(lp);
    res.status[o] = p1.status;
    if (p1.status !== 'optimal') continue;
    const eff = p1.objective;
    // Multipliers: input rows' duals are −v (input orientation) or v (output); output rows' u or −u.
    for (let i = 0; i < m; i++) res.weightIn[o * m + i] = input ? -p1.rowDual[i] : p1.rowDual[i];
    for (let r = 0; r < s; r++) res.weightOut[o * s + r] = input ? p1.rowDual[m + r] : -p1.rowDual[m + r];
    res.weightFree[o] = vrs ? p1.rowDual[m + s] : 0;
    // Phase 2: fix θ (φ), maximise the slacks.
    lp.sense = 'max';
    lp.cost.fill(0);
    for (let k = 1 + N; k < nc; k++) lp.cost[k] = 1;
    lp.colLower[0] = lp.colUpper[0] = eff;
    const p2 = warm.solve(lp);
    const sol = p2.status === 'optimal' ? p2.x : p1.x;
    if (p2.status !== 'optimal') res.status[o] = p2.status;
    res.score[o] = eff;
    res.efficiency[o] = input ? eff : 1 / eff;
    for (let j = 0; j < N; j++) res.lambda[o * N + j] = sol[1 + j];
    for (let i = 0; i < m; i++) {
      const sl = sol[1 + N + i];
      res.slackIn[o * m + i] = sl;
      res.targetIn[o * m + i] = (input ? eff : 1) * data.x[o * m + i] - sl;
    }
    for (let r = 0; r < s; r++) {
      const sl = sol[1 + N + m + r];
      res.slackOut[o * s + r] = sl;
      res.targetOut[o * s + r] = (input ? 1 : eff) * data.y[o * s + r] + sl;
    }
  }
  return res;
}

/** CCR envelopment model (constant returns to scale); see {@link radial}. */
export function ccr(data: DeaData, orientation: Orientation = 'input', path?: string): DeaResult {
  return radial(data, { rts: 'crs', orientation, path });
}

/** BCC envelopment model (variable returns to scale, Σλ = 1); see {@link radial}. */
export function bcc(data: DeaData, orientation: Orientation = 'input', path?: string): DeaResult {
  return radial(data, { rts: 'vrs', orientation, path });
}

/** Column layout shared by the SBM LPs: [t, Λ₁…Λ_n, S⁻ (m), Sᵍ (s), Sᵇ (sb)]. */
function layout(d: DeaData, N = d.n) {
  const sb = d.sb ?? 0;
  const L = 1 + N;
  return { sb, L, G: L + d.m, B: L + d.m + d.s, nc: L + d.m + d.s + sb };
}

/**
 * Dominance among the reference DMUs for the SBM family: `count[k]` = how many DMUs dominate k (inputs and
 * undesirable outputs ≤, desirable outputs ≥, at least one strictly), `by[k]` = one of them (−1 when none). A
 * dominated DMU lies in the free-disposal hull of its dominator, so moving its λ onto the dominator keeps every SBM
 * constraint (x_o = Xλ + s⁻, y_o = Yλ − sᵍ, b_o = Bλ + sᵇ with s ≥ 0; Σλ unchanged): the technology, and so every
 * SBM and super-SBM optimum, is the same without it — the LPs just have fewer columns (about a fifth of 300 random
 * DMUs with 6 variables are undominated). Cost O(N² (m + s + k)).
 */
function dominance(ref: DeaData): { count: Int32Array; by: Int32Array } {
  const { n: N, m, s } = ref;
  const sb = ref.sb ?? 0;
  const yb = ref.yb as Float64Array;
  const count = new Int32Array(N);
  const by = new Int32Array(N).fill(-1);
  for (let k = 0; k < N; k++)
    for (let j = 0; j < N; j++) {
      if (j === k) continue;
      let strict = false;
      let ok = true;
      for (let i = 0; ok && i < m; i++) {
        const a = ref.x[j * m + i];
        const b = ref.x[k * m + i];
        if (a > b) ok = false;
        else if (a < b) strict = true;
      }
      for (let r = 0; ok && r < s; r++) {
        const a = ref.y[j * s + r];
        const b = ref.y[k * s + r];
        if (a < b) ok = false;
        else if (a > b) strict = true;
      }
      for (let r = 0; ok && r < sb; r++) {
        const a = yb[j * sb + r];
        const b = yb[k * sb + r];
        if (a > b) ok = false;
        else if (a < b) strict = true;
      }
      if (ok && strict) {
        count[k]++;
        by[k] = j;
      }
    }
  return { count, by };
}

/** A reference technology restricted to the columns `cols` (rows of DeaData). */
function columnsOf(ref: DeaData, cols: Int32Array): DeaData {
  const sb = ref.sb ?? 0;
  const pick = (a: Float64Array, k: number) => {
    const out = new Float64Array(cols.length * k);
    cols.forEach((j, c) => out.set(a.subarray(j * k, (j + 1) * k), c * k));
    return out;
  };
  return { ...ref, n: cols.length, x: pick(ref.x, ref.m), y: pick(ref.y, ref.s), ...(sb ? { yb: pick(ref.yb as Float64Array, sb) } : {}), dmus: undefined };
}

/**
 * Non-oriented SBM (Tone 2001), or with undesirable outputs (`data.yb`) the Tone (2003) form, by its
 * Charnes–Cooper LP (see the module comment). Example: `sbm(data, { rts: 'crs' }).score`. Cost: n LPs of
 * n + m + s + sb + 1 columns.
 */
export function sbm(data: DeaData, opts: SbmOptions): DeaResult {
  let ref = opts.reference ?? data;
  checkData(data, true, opts.path, true);
  checkReference(data, ref, true, opts.path, true);
  const { n, m, s } = data;
  const Nfull = ref.n;
  const res = emptyResult('sbm', opts.rts, data, Nfull, sizeWarnings(ref, opts.path));
  // Only the undominated reference DMUs as columns (same technology, see dominance()); λ mapped back below.
  const dom = dominance(ref);
  const cols = Int32Array.from({ length: Nfull }, (_, k) => k).filter((k) => dom.count[k] === 0);
  const refAll = ref;
  ref = columnsOf(refAll, cols);
  const N = ref.n;
  const { sb, L, G, B, nc } = layout(data, N);
  const vrs = opts.rts === 'vrs';
  // Rows: 0 normalisation, 1…m inputs, then s good, sb bad, (vrs) ΣΛ = t.
  const nr = 1 + m + s + sb + (vrs ? 1 : 0);
  const q = s + sb;
  const warm = new WarmLp();
  for (let o = 0; o < n; o++) {
    const lp = newLp('min', nr, nc);
    lp.cost[0] = 1;
    lp.A[0] = 1;
    lp.rowLower[0] = lp.rowUpper[0] = 1;
    for (let i = 0; i < m; i++) {
      const xo = data.x[o * m + i];
      lp.cost[L + i] = -1 / (m * xo);
      const row = (1 + i) * nc;
      lp.A[row] = -xo;
      for (let j = 0; j < N; j++) lp.A[row + 1 + j] = ref.x[j * m + i];
      lp.A[row + L + i] = 1;
    }
    for (let r = 0; r < s; r++) {
      const yo = data.y[o * s + r];
      lp.A[G + r] = 1 / (q * yo);
      const row = (1 + m + r) * nc;
      lp.A[row] = -yo;
      for (let j = 0; j < N; j++) lp.A[row + 1 + j] = ref.y[j * s + r];
      lp.A[row + G + r] = -1;
    }
    for (let r = 0; r < sb; r++) {
      const bo = (data.yb as Float64Array)[o * sb + r];
      lp.A[B + r] = 1 / (q * bo);
      const row = (1 + m + s + r) * nc;
      lp.A[row] = -bo;
      for (let j = 0; j < N; j++) lp.A[row + 1 + j] = (ref.yb as Float64Array)[j * sb + r];
      lp.A[row + B + r] = 1;
    }
    if (vrs) {
      const row = (nr - 1) * nc;
      lp.A[row] = -1;
      for (let j = 0; j < N; j++) lp.A[row + 1 + j] = 1;
    }
    const sol = warm.solve(lp);
    res.status[o] = sol.status;
    if (sol.status !== 'optimal') continue;
    const t = sol.x[0];
    res.score[o] = res.efficiency[o] = sol.objective;
    res.lambda.fill(0, o * Nfull, (o + 1) * Nfull);
    for (let c = 0; c < N; c++) res.lambda[o * Nfull + cols[c]] = sol.x[1 + c] / t;
    for (let i = 0; i < m; i++) {
      const sl = sol.x[L + i] / t;
      res.slackIn[o * m + i] = sl;
      res.targetIn[o * m + i] = data.x[o * m + i] - sl;
    }
    for (let r = 0; r < s; r++) {
      const sl = sol.x[G + r] / t;
      res.slackOut[o * s + r] = sl;
      res.targetOut[o * s + r] = data.y[o * s + r] + sl;
    }
    for (let r = 0; r < sb; r++) {
      const sl = sol.x[B + r] / t;
      res.slackBad[o * sb + r] = sl;
      res.targetBad[o * sb + r] = (data.yb as Float64Array)[o * sb + r] - sl;
    }
  }
  return res;
}

/**
 * Super-efficiency LP of DMU o (Tone 2002; with undesirable outputs the extension described in the module
 * comment): δ*, λ over the other DMUs (λ_o = 0), and the increments t⁻, tᵍ, tᵇ (x̄ = x_o + t⁻, ȳᵍ = yᵍ_o − tᵍ,
 * ȳᵇ = yᵇ_o + tᵇ). Warm-started from the previous efficient DMU's basis (`warm`), or cold: for SBM-inefficient DMUs
 * (only with `superForAll`) the optimum is then exactly 1, as the theory says; a warm start from another DMU's basis
 * ends at a vertex rounding to 1 ± 4e-16.
 */
function superLp(data: DeaData, ref: DeaData, o: number, blocked: (c: number) => boolean, vrs: boolean, warm?: WarmLp) {
  const { m, s } = data;
  const N = ref.n;
  const { sb, L, G, B, nc } = layout(data, N);
  const q = s + sb;
  // Rows: 0 normalisation, m inputs (≤ 0), s good (≥ 0), s good caps Tᵍ ≤ t yᵍ_o, sb bad (≤ 0), (vrs) ΣΛ − t = 0.
  const nr = 1 + m + 2 * s + sb + (vrs ? 1 : 0);
  const lp = newLp('min', nr, nc);
  for (let c = 0; c < N; c++) if (blocked(c)) lp.colUpper[1 + c] = 0;
  lp.cost[0] = 1;
  lp.A[0] = 1;
  lp.rowLower[0] = lp.rowUpper[0] = 1;
  for (let i = 0; i < m; i++) {
    const xo = data.x[o * m + i];
    lp.cost[L + i] = 1 / (m * xo);
    const row = (1 + i) * nc;
    lp.A[row] = -xo;
    for (let j = 0; j < N; j++) lp.A[row + 1 + j] = ref.x[j * m + i];
    lp.A[row + L + i] = -1;
    lp.rowLower[1 + i] = -Infinity;
  }
  for (let r = 0; r < s; r++) {
    const yo = data.y[o * s + r];
    lp.A[G + r] = -1 / (q * yo);
    const row = (1 + m + r) * nc;
    lp.A[row] = -yo;
    for (let j = 0; j < N; j++) lp.A[row + 1 + j] = ref.y[j * s + r];
    lp.A[row + G + r] = 1;
    lp.rowUpper[1 + m + r] = Infinity;
    const cap = (1 + m + s + r) * nc;
    lp.A[cap] = -yo;
    lp.A[cap + G + r] = 1;
    lp.rowLower[1 + m + s + r] = -Infinity;
  }
  for (let r = 0; r < sb; r++) {
    const bo = (data.yb as Float64Array)[o * sb + r];
    lp.A[B + r] = -1 / (q * bo);
    const ri = 1 + m + 2 * s + r;
    const row = ri * nc;
    lp.A[row] = -bo;
    for (let j = 0; j < N; j++) lp.A[row + 1 + j] = (ref.yb as Float64Array)[j * sb + r];
    lp.A[row + B + r] = -1;
    lp.rowLower[ri] = -Infinity;
  }
  if (vrs) {
    const row = (nr - 1) * nc;
    lp.A[row] = -1;
    for (let j = 0; j < N; j++) lp.A[row + 1 + j] = 1;
  }
  return warm ? warm.solve(lp) : solveLp(lp);
}

/**
 * Super-SBM (Tone 2002), non-oriented, with undesirable outputs when `data.yb` is given: SBM for every DMU, then
 * the super-efficiency LP (the other DMUs as the reference set). `score` is ρ* for SBM-inefficient DMUs and δ* for
 * efficient ones; targets and slacks come from the LP that gave the score (for efficient DMUs the slacks are the
 * increments t⁻ ≥ 0, tᵍ ≥ 0, tᵇ ≥ 0 and the targets x̄, ȳᵍ, ȳᵇ). Needs n ≥ 2. Cost: n SBM LPs plus one warm-started
 * super-efficiency LP per SBM-efficient DMU; with `superForAll` one cold super LP for every DMU (`superScore` then
 * holds δ of the inefficient DMUs too — 1 by theory — for the formulation check; otherwise NaN for them).
 */
export function superSbm(data: DeaData, opts: SbmOptions): DeaResult {
  const ref = opts.reference ?? data;
  if (ref.n < 2) fail('E_DEA_SPEC', 'super-efficiency needs at least two DMUs', { location: opts.path ? { path: opts.path } : undefined, hint: 'use sbm' });
  const res = sbm(data, opts);
  res.model = 'super-sbm';
  const { n, m, s } = data;
  const Nfull = ref.n;
  const vrs = opts.rts === 'vrs';
  const selfOf = (o: number) => (opts.reference ? (opts.self?.[o] ?? -1) : o);
  // Columns: the reference DMUs dominated by at most one other (see dominance()); in the LP of DMU o (its own
  // column `self` left out) a column is held at 0 when it is o's own or dominated by a DMU other than o — the
  // technology of the reference without o, on a fixed shape so that the LPs warm-start from one another.
  const dom = dominance(ref);
  const cols = Int32Array.from({ length: Nfull }, (_, k) => k).filter((k) => dom.count[k] <= 1);
  const refC = columnsOf(ref, cols);
  const N = refC.n;
  const { sb, L, G, B } = layout(data, N);
  const superScore = new Float64Array(n).fill(NaN);
  const all = opts.superForAll === true;
  const warm = all ? undefined : new WarmLp();
  for (let o = 0; o < n; o++) {
    if (!all && !(res.score[o] >= 1 - EFFICIENT_TOL)) continue;
    const self = selfOf(o);
    const blocked = (c: number) => cols[c] === self || (dom.count[cols[c]] === 1 && dom.by[cols[c]] !== self);
    const sol = superLp(data, refC, o, blocked, vrs, warm);
    if (sol.status !== 'optimal') {
      if (res.score[o] >= 1 - EFFICIENT_TOL) {
        res.status[o] = sol.status;
        res.score[o] = res.efficiency[o] = NaN;
      }
      continue;
    }
    superScore[o] = sol.objective;
    if (!(res.score[o] >= 1 - EFFICIENT_TOL)) continue;
    const t = sol.x[0];
    res.score[o] = res.efficiency[o] = sol.objective;
    res.lambda.fill(0, o * Nfull, (o + 1) * Nfull);
    for (let c = 0; c < N; c++) res.lambda[o * Nfull + cols[c]] = sol.x[1 + c] / t;
    for (let i = 0; i < m; i++) {
      const inc = sol.x[L + i] / t;
      res.slackIn[o * m + i] = inc;
      res.targetIn[o * m + i] = data.x[o * m + i] + inc;
    }
    for (let r = 0; r < s; r++) {
      const inc = sol.x[G + r] / t;
      res.slackOut[o * s + r] = inc;
      res.targetOut[o * s + r] = data.y[o * s + r] - inc;
    }
    for (let r = 0; r < sb; r++) {
      const inc = sol.x[B + r] / t;
      res.slackBad[o * sb + r] = inc;
      res.targetBad[o * sb + r] = (data.yb as Float64Array)[o * sb + r] + inc;
    }
  }
  res.superScore = superScore;
  return res;
}
