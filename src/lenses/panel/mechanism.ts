/**
 * Mechanism tests on panel models (issue 15).
 *
 * Mediation (Baron & Kenny 1986, stepwise, with fixed effects): on one estimation sample (every
 * variable present), total effect y = c·x + controls (+ FE); path a: m = a·x + controls (+ FE);
 * path b and direct effect: y = c′·x + b·m + controls (+ FE). Indirect effect a·b; Sobel (1982)
 * z = ab / √(b²s_a² + a²s_b²) with the chosen standard errors; a cluster bootstrap of a·b: units are
 * drawn with replacement (a unit drawn twice enters as two units, with its own fixed effect), a and b
 * re-estimated, B draws from a seeded stream per draw (`Rng.stream(seed, 7, b)`, so any worker
 * order gives the same draws); percentile interval. Share mediated = ab / c.
 *
 * Moderation: a model with x, the moderator z (centred by the user with `center()`, or not) and
 * x:z; the simple slope of x at z = v is b_x + v·b_xz with variance V_xx + v²V_zz' + 2vV_x,xz.
 */
import { fail } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { normalSf, studentTTwoSided } from '../../kernels/distributions.js';
import { quantileSorted } from '../../kernels/quantile.js';
import { fitPanel, type PanelFit } from './estimate.js';
import type { ModelFrame } from './frame.js';
import { vcov, type SeType } from './vcov.js';
import type { Effects } from './within.js';

/** A frame with only some regressor columns (by name), same sample. */
export function selectColumns(fr: ModelFrame, names: readonly string[], y?: { values: Float64Array; name: string }): ModelFrame {
  const X = names.map((n) => {
    const j = fr.names.indexOf(n);
    if (j < 0) fail('E_INTERNAL', `selectColumns: no column ${n}`);
    return fr.X[j];
  });
  return { ...fr, X, names: names.slice(), ...(y ? { y: y.values, yName: y.name } : {}) };
}

/** The frame of the units drawn (`draw[j]` = index of the j-th drawn unit), each draw a unit of its own. */
export function resampleUnits(fr: ModelFrame, draw: Int32Array): ModelFrame {
  const G = fr.unitLabels.length;
  const byUnit: number[][] = Array.from({ length: G }, () => []);
  for (let i = 0; i < fr.n; i++) byUnit[fr.unit[i]].push(i);
  let n = 0;
  for (const g of draw) n += byUnit[g].length;
  const unit = new Int32Array(n);
  const period = new Int32Array(n);
  const rows = new Int32Array(n);
  const y = new Float64Array(n);
  const X = fr.X.map(() => new Float64Array(n));
  let r = 0;
  const T = fr.periodLabels.length;
  const tSeen = new Uint8Array(T);
  draw.forEach((g, j) => {
    for (const i of byUnit[g]) {
      unit[r] = j;
      period[r] = fr.period[i];
      tSeen[fr.period[i]] = 1;
      rows[r] = fr.rows[i];
      y[r] = fr.y[i];
      for (let c = 0; c < X.length; c++) X[c][r] = fr.X[c][i];
      r++;
    }
  });
  // Periods absent from every drawn unit: renumber the others (a period effect needs observations).
  const tMap = new Int32Array(T).fill(-1);
  const periodLabels: string[] = [];
  tSeen.forEach((s, t) => {
    if (s) {
      tMap[t] = periodLabels.length;
      periodLabels.push(fr.periodLabels[t]);
    }
  });
  for (let i = 0; i < n; i++) period[i] = tMap[period[i]];
  return {
    ...fr,
    n,
    unit,
    period,
    rows,
    y,
    X,
    unitLabels: Array.from(draw, (g, j) => `${fr.unitLabels[g]}#${j}`),
    periodLabels,
    balanced: fr.balanced && periodLabels.length === T,
  };
}

export interface MediationResult {
  total: { c: number; se: number; p: number };
  a: { est: number; se: number; p: number };
  b: { est: number; se: number; p: number };
  direct: { est: number; se: number; p: number };
  indirect: number;
  sobel: { z: number; se: number; p: number };
  boot?: { B: number; lo: number; hi: number; se: number; failed: number };
  share: number;
  n: number;
  fits: { total: PanelFit; a: PanelFit; b: PanelFit };
}

export interface MediationOptions {
  effects: Effects;
  se: SeType;
  bootstrap: number;
  level: number;
  seed: number;
  path: string;
}

function coefOf(f: PanelFit, se: SeType, name: string, path: string) {
  const j = f.names.indexOf(name);
  if (j < 0) fail('E_MODEL_SPEC', `${path}: ${name} was dropped from the model (collinear or absorbed by the fixed effects)`, { location: { path } });
  const v = vcov(f, se, { path });
  const s = Math.sqrt(v.V[j * f.k + j]);
  const t = f.coef[j] / s;
  return { est: f.coef[j], se: s, p: studentTTwoSided(t, v.df) };
}

/**
 * Mediation of x on y through m. `fr` holds x (column `x`), m (column `m`), the controls, and y =
 * the outcome; every model is estimated on its rows.
 */
export function mediation(fr: ModelFrame, x: string, m: string, controls: readonly string[], o: MediationOptions): MediationResult {
  const estimate = (f: ModelFrame) => fitPanel(f, { estimator: 'ols', effects: o.effects, path: o.path });
  const mj = fr.names.indexOf(m);
  const frTotal = selectColumns(fr, [x, ...controls]);
  const frA = selectColumns(fr, [x, ...controls], { values: fr.X[mj], name: m });
  const frB = selectColumns(fr, [x, m, ...controls]);
  const fTotal = estimate(frTotal);
  const fA = estimate(frA);
  const fB = estimate(frB);
  const total = coefOf(fTotal, o.se, x, o.path);
  const a = coefOf(fA, o.se, x, o.path);
  const b = coefOf(fB, o.se, m, o.path);
  const direct = coefOf(fB, o.se, x, o.path);
  const indirect = a.est * b.est;
  const sobelSe = Math.sqrt(b.est * b.est * a.se * a.se + a.est * a.est * b.se * b.se);
  const z = indirect / sobelSe;
  const out: MediationResult = {
    total: { c: total.est, se: total.se, p: total.p },
    a,
    b,
    direct,
    indirect,
    sobel: { z, se: sobelSe, p: 2 * normalSf(Math.abs(z)) },
    share: indirect / total.est,
    n: fr.n,
    fits: { total: fTotal, a: fA, b: fB },
  };
  if (o.bootstrap > 0) {
    const G = fr.unitLabels.length;
    const draws: number[] = [];
    let failed = 0;
    for (let r = 0; r < o.bootstrap; r++) {
      const rng = Rng.stream(o.seed, 7, r);
      const draw = new Int32Array(G);
      for (let j = 0; j < G; j++) draw[j] = rng.int(G);
      const fb = resampleUnits(fr, draw);
      try {
        const ea = estimate(selectColumns(fb, [x, ...controls], { values: fb.X[mj], name: m }));
        const eb = estimate(selectColumns(fb, [x, m, ...controls]));
        const ia = ea.names.indexOf(x);
        const ib = eb.names.indexOf(m);
        if (ia < 0 || ib < 0) throw new Error('dropped');
        draws.push(ea.coef[ia] * eb.coef[ib]);
      } catch {
        failed++;
      }
    }
    const sorted = Float64Array.from(draws).sort();
    const alpha = (1 - o.level) / 2;
    let mean = 0;
    for (const d of draws) mean += d;
    mean /= draws.length;
    let ss = 0;
    for (const d of draws) ss += (d - mean) ** 2;
    out.boot = {
      B: draws.length,
      lo: quantileSorted(sorted, alpha),
      hi: quantileSorted(sorted, 1 - alpha),
      se: Math.sqrt(ss / (draws.length - 1)),
      failed,
    };
  }
  return out;
}

/** Simple slope of `x` at moderator values `at`, from a fit with `x` and the interaction `inter`. */
export function simpleSlopes(f: PanelFit, se: SeType, x: string, inter: string, at: readonly number[], path: string) {
  const jx = f.names.indexOf(x);
  const ji = f.names.indexOf(inter);
  if (jx < 0 || ji < 0)
    fail('E_MODEL_SPEC', `${path}: simple slopes need the terms ${x} and ${inter} in the model`, {
      location: { path },
      hint: `terms: ${f.names.join(', ')}`,
    });
  const v = vcov(f, se, { path });
  const k = f.k;
  return at.map((z) => {
    const slope = f.coef[jx] + z * f.coef[ji];
    const s = Math.sqrt(v.V[jx * k + jx] + z * z * v.V[ji * k + ji] + 2 * z * v.V[jx * k + ji]);
    const t = slope / s;
    return { at: z, slope, se: s, t, p: studentTTwoSided(t, v.df), df: v.df };
  });
}
