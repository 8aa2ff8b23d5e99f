/**
 * analyses.spatial_models.panel (issue 16): fixed-effects spatial panels (SAR, SDM, SEM; unit, period or
 * two-way effects) on the run's panel with the spatial weights of analyses.weights, each estimated twice
 * (uncorrected ML and the Lee–Yu transformation approach), with LeSage–Pace effects (delta-method and
 * simulated inference) and the LR/Wald tests of the SDM. Kernel: src/lenses/spatial/panel.ts
 * (validated against R spatialreg and an explicit R implementation on the Cigar panel,
 * test/lenses/spatial-panel.test.ts). Every estimate is written at full precision.
 */
import { fail } from '../../core/errors.js';
import { periodCell } from '../../analysis/context.js';
import { type Row, table } from '../../analysis/descriptor.js';
import type { SpatialWeights } from '../../analysis/spatial/types.js';
import { normalSf } from '../../kernels/distributions.js';
import { buildFrame, type ModelPanel } from '../panel/frame.js';
import { parseFormula } from '../panel/formula.js';
import type { WeightsEigen } from '../spatial/cross.js';
import { chooseLogDet, fitPanelSparse, type SparseLogDet, TraceSeries } from '../spatial/large.js';
import { unitEffects } from '../spatial/unit-effects.js';
import {
  fitPanel,
  type PanelEffects,
  type PanelEstimates,
  type PanelSpatialData,
  type PanelSpatialFit,
  panelImpacts,
  panelSpecTests,
} from '../spatial/panel.js';
import { fitPanelRe, spatialHausman } from '../spatial/panel-re.js';
import type { SpatialModelsSpec } from './spec.js';

const KINDS = {
  sar: { zh: '空间滞后模型（SAR）', en: 'SAR' },
  sdm: { zh: '空间杜宾模型（SDM）', en: 'SDM' },
  sem: { zh: '空间误差模型（SEM）', en: 'SEM' },
} as const;
const EFFECTS = {
  unit: { zh: '个体固定效应', en: 'unit FE' },
  random: { zh: '个体随机效应', en: 'unit RE' },
  time: { zh: '时间固定效应', en: 'period FE' },
  twoways: { zh: '双向固定效应', en: 'two-way FE' },
} as const;
const ESTIMATORS = {
  ml: { zh: '极大似然（未校正）', en: 'ML (uncorrected)' },
  lee_yu: { zh: 'Lee–Yu 偏误校正', en: 'Lee–Yu bias-corrected' },
  re: { zh: '随机效应极大似然', en: 'ML (random effects)' },
} as const;
const TERMS = {
  rho: { zh: 'ρ（Wy）', en: 'ρ (Wy)' },
  lambda: { zh: 'λ（Wu）', en: 'λ (Wu)' },
  '(Intercept)': { zh: '常数项', en: 'Constant' },
  phi: { zh: 'φ = σ/√(Tσ_μ² + σ²)', en: 'φ = σ/√(Tσ_μ² + σ²)' },
  sigma_mu2: { zh: 'σ_μ²（个体效应方差）', en: 'σ_μ² (unit effect variance)' },
} as const;
const EFFECT_KINDS = { direct: { zh: '直接效应', en: 'Direct' }, indirect: { zh: '间接效应', en: 'Indirect' }, total: { zh: '总效应', en: 'Total' } } as const;
const TESTS = {
  lr_sar: { zh: 'LR：SDM 对 SAR（θ = 0）', en: 'LR: SDM vs SAR (θ = 0)' },
  wald_sar: { zh: 'Wald：θ = 0', en: 'Wald: θ = 0' },
  lr_sem: { zh: 'LR：SDM 对 SEM（θ + ρβ = 0）', en: 'LR: SDM vs SEM (θ + ρβ = 0)' },
  wald_sem: { zh: 'Wald：θ + ρβ = 0', en: 'Wald: θ + ρβ = 0' },
  hausman_sar: { zh: 'Hausman：SAR 固定效应对随机效应', en: 'Hausman: SAR, FE vs RE' },
  hausman_sdm: { zh: 'Hausman：SDM 固定效应对随机效应', en: 'Hausman: SDM, FE vs RE' },
} as const;

const spec = { kind: 'text', zh: '设定', en: 'Specification' } as const;
const model = { kind: 'text', zh: '模型', en: 'Model', values: KINDS } as const;
const effects = { kind: 'text', zh: '固定效应', en: 'Fixed effects', values: EFFECTS } as const;
const estimator = { kind: 'text', zh: '估计量', en: 'Estimator', values: ESTIMATORS } as const;
const p = { kind: 'num', zh: 'p 值', en: 'p', pValue: true } as const;

export const SPATIAL_PANEL_COEF = table({
  name: 'spatial_panel_coef',
  file: 'spatial_panel_coef.csv',
  zh: '空间面板模型系数',
  en: 'Spatial panel coefficients',
  report: true,
  columns: {
    spec,
    model,
    effects,
    estimator,
    term: { kind: 'text', zh: '变量', en: 'Term', values: TERMS },
    estimate: { kind: 'num', zh: '系数', en: 'Estimate' },
    se: { kind: 'num', zh: '标准误', en: 'SE' },
    z: { kind: 'num', zh: 'z', en: 'z' },
    p,
  },
});

export const SPATIAL_PANEL_FIT = table({
  name: 'spatial_panel_fit',
  file: 'spatial_panel_fit.csv',
  zh: '空间面板模型统计量',
  en: 'Spatial panel statistics',
  report: true,
  columns: {
    spec,
    model,
    effects,
    estimator,
    units: { kind: 'int', zh: '单元数', en: 'Units' },
    periods: { kind: 'int', zh: '时期数', en: 'Periods' },
    first: { kind: 'period', zh: '起始时期', en: 'First period' },
    last: { kind: 'period', zh: '结束时期', en: 'Last period' },
    n: { kind: 'int', zh: '似然的观测值', en: 'N (likelihood)' },
    k: { kind: 'int', zh: '系数个数', en: 'Coefficients' },
    sigma2: { kind: 'num', zh: 'σ²', en: 'σ²' },
    loglik: { kind: 'num', zh: '对数似然', en: 'Log-likelihood' },
    aic: { kind: 'num', zh: 'AIC', en: 'AIC' },
  },
});

export const SPATIAL_PANEL_IMPACTS = table({
  name: 'spatial_panel_impacts',
  file: 'spatial_panel_impacts.csv',
  zh: '空间面板模型的直接、间接与总效应',
  en: 'Spatial panel direct, indirect and total effects',
  report: true,
  columns: {
    spec,
    model,
    effects,
    estimator,
    term: { kind: 'text', zh: '变量', en: 'Term' },
    effect: { kind: 'text', zh: '效应', en: 'Effect', values: EFFECT_KINDS },
    estimate: { kind: 'num', zh: '估计值', en: 'Estimate' },
    se: { kind: 'num', zh: '标准误（delta 方法）', en: 'SE (delta method)' },
    z: { kind: 'num', zh: 'z', en: 'z' },
    p,
    se_sim: { kind: 'num', zh: '标准误（模拟）', en: 'SE (simulation)' },
    lower: { kind: 'num', zh: '95% 下限（模拟）', en: '95% lower (simulation)' },
    upper: { kind: 'num', zh: '95% 上限（模拟）', en: '95% upper (simulation)' },
  },
});

export const SPATIAL_PANEL_TESTS = table({
  name: 'spatial_panel_tests',
  file: 'spatial_panel_tests.csv',
  zh: '空间面板模型检验（LR、Wald 与 Hausman）',
  en: 'Spatial panel tests (LR, Wald, Hausman)',
  report: true,
  columns: {
    spec,
    effects,
    estimator,
    test: { kind: 'text', zh: '检验', en: 'Test', values: TESTS },
    statistic: { kind: 'num', zh: '统计量', en: 'Statistic' },
    df: { kind: 'int', zh: '自由度', en: 'df' },
    p,
  },
});

export const SPATIAL_PANEL_UNIT_EFFECTS = table({
  name: 'spatial_panel_unit_effects',
  file: 'spatial_panel_unit_effects.csv',
  zh: '空间面板模型的单元层面效应',
  en: 'Spatial panel unit-level effects',
  columns: {
    spec,
    model,
    effects,
    estimator,
    unit: { kind: 'text', zh: '单元', en: 'Unit' },
    term: { kind: 'text', zh: '变量', en: 'Term' },
    direct: { kind: 'num', zh: '直接效应', en: 'Direct' },
    indirect_to: { kind: 'num', zh: '流入的间接效应', en: 'Indirect (to the unit)' },
    total_to: { kind: 'num', zh: '流入的总效应', en: 'Total (to the unit)' },
    indirect_from: { kind: 'num', zh: '流出的间接效应', en: 'Indirect (from the unit)' },
    total_from: { kind: 'num', zh: '流出的总效应', en: 'Total (from the unit)' },
  },
});

export interface SpatialPanelRows {
  coef: Row<typeof SPATIAL_PANEL_COEF.columns>[];
  fit: Row<typeof SPATIAL_PANEL_FIT.columns>[];
  impacts: Row<typeof SPATIAL_PANEL_IMPACTS.columns>[];
  tests: Row<typeof SPATIAL_PANEL_TESTS.columns>[];
  units: Row<typeof SPATIAL_PANEL_UNIT_EFFECTS.columns>[];
}

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
const normalP = (z: number) => fin(2 * normalSf(Math.abs(z)));

/** The fixed effects a formula's "| …" part names (unit, period, both); a spatial panel needs one. */
function panelEffects(fixed: readonly string[], path: string): PanelEffects {
  const unit = new Set(['unit', 'units', 'id', 'individual']);
  const period = new Set(['period', 'periods', 'time', 'year']);
  let u = false;
  let t = false;
  for (const x of fixed) {
    if (unit.has(x)) u = true;
    else if (period.has(x)) t = true;
    else
      fail('E_MODEL_FORMULA', `${path}: fixed effect "${x}" is not unit or period`, {
        location: { path },
        hint: 'write "| unit", "| period" or "| unit + period"',
      });
  }
  if (!u && !t) {
    fail('E_SPATIAL_MODEL', `${path}: a spatial panel model needs fixed effects`, {
      location: { path },
      hint: 'end the formula with "| unit", "| period" or "| unit + period"; for one period use analyses.spatial_models.cross',
    });
  }
  return u && t ? 'twoways' : u ? 'unit' : 'time';
}

/**
 * The balanced panel of the formula: the periods in which every unit of the weights has every variable,
 * period-major in the weights' unit order.
 */
export function spatialPanel(
  panel: ModelPanel,
  W: SpatialWeights,
  formula: string,
  path: string,
): PanelSpatialData & { effects: PanelEffects; periodLabels: string[] } {
  const f = parseFormula(formula, `${path}.formula`);
  const eff = panelEffects(f.fixed, `${path}.formula`);
  const frame = buildFrame({ ...f, fixed: [] }, panel, `${path}.formula`);
  const pos = new Map(W.units.map((u, i) => [u, i]));
  const n = W.units.length;
  const P = frame.periodLabels.length;
  const at = new Int32Array(n * P).fill(-1);
  for (let r = 0; r < frame.n; r++) {
    const i = pos.get(frame.unitLabels[frame.unit[r]]);
    if (i !== undefined) at[frame.period[r] * n + i] = r;
  }
  const keep: number[] = [];
  for (let t = 0; t < P; t++) {
    let full = true;
    for (let i = 0; i < n && full; i++) if (at[t * n + i] < 0) full = false;
    if (full) keep.push(t);
  }
  if (keep.length < 2) {
    fail(
      'E_SPATIAL_DATA',
      `${path}: ${keep.length} period(s) in which every unit of the spatial weights has every variable; a spatial panel needs at least 2`,
      {
        location: { path: `${path}.formula` },
        hint: 'fill or impute the data, or restrict the weights to the units observed',
      },
    );
  }
  const T = keep.length;
  const pick = (v: Float64Array) => {
    const out = new Float64Array(n * T);
    keep.forEach((t, s) => {
      for (let i = 0; i < n; i++) out[s * n + i] = v[at[t * n + i]];
    });
    return out;
  };
  return { y: pick(frame.y), X: frame.X.map(pick), names: frame.names, W, T, path, effects: eff, periodLabels: keep.map((t) => frame.periodLabels[t]) };
}

/**
 * Rows of the four panel tables for one specification; the simulation draws are `Rng.stream(seed, index, model,
 * estimator)` (estimator 0 ml, 1 lee_yu, 2 re). With `random`, the SAR and SDM with random unit effects
 * (src/lenses/spatial/panel-re.ts) and the Hausman test of each against its fixed-effects ML.
 */
export function panelRows(
  panel: ModelPanel,
  W: SpatialWeights,
  c: SpatialModelsSpec['panel'][number],
  path: string,
  seed: number,
  index = 0,
): SpatialPanelRows {
  const d = spatialPanel(panel, W, c.formula, path);
  if (c.random && d.effects !== 'unit') {
    fail('E_SPATIAL_MODEL', `${path}.random: random effects replace the unit effects, so the formula must end with "| unit"`, {
      location: { path: `${path}.random` },
      hint: 'write the formula with "| unit" (period effects are not combined with random unit effects here)',
    });
  }
  const out: SpatialPanelRows = { coef: [], fit: [], impacts: [], tests: [], units: [] };
  // Exact eigenvalue log-determinant, or a sparse one for many units (src/lenses/spatial/large.ts).
  const ldc = chooseLogDet(W, c.logdet, `${path}.logdet`);
  const eig = ldc.kind === 'eigen' ? ldc.eig : undefined;
  if (!eig && (c.unitEffects || c.random)) {
    const what = c.unitEffects ? 'unitEffects' : 'random';
    fail('E_SPATIAL_MODEL', `${path}.${what} needs the exact eigenvalue log-determinant, not the approximation used for ${W.units.length} units`, {
      location: { path: `${path}.${what}` },
      hint: 'set logdet: eigen (O(n³); for up to a few hundred units), or leave the option out',
    });
  }
  const fits = new Map<string, PanelSpatialFit>();
  for (const m of c.models) fits.set(m, eig ? fitPanel(d, m, d.effects, { eigen: eig }) : fitPanelSparse(d, m, d.effects, (ldc as { ld: SparseLogDet }).ld));
  // Power-series effects (sparse log-determinant): the traces cover |ρ| + 6 SE of every fit, so the simulated draws too.
  let series: TraceSeries | undefined;
  const effectSource = (): WeightsEigen | TraceSeries => {
    if (eig) return eig;
    if (!series) {
      let top = 0;
      for (const f of fits.values())
        for (const e of [f.uncorrected, f.leeYu]) if (e && f.model !== 'sem') top = Math.max(top, Math.abs(e.param) + 6 * e.paramSe);
      series = TraceSeries.of(W, Math.min(top, 0.999), { path });
    }
    return series;
  };
  const base = { spec: c.name, effects: d.effects as PanelEffects | 'random' };
  const first = periodCell(d.periodLabels[0]);
  const last = periodCell(d.periodLabels[d.periodLabels.length - 1]);
  type RowKey = { spec: string; model: 'sar' | 'sdm' | 'sem'; effects: PanelEffects | 'random'; estimator: 'ml' | 'lee_yu' | 're' };

  const coefFit = (row: RowKey, f: PanelSpatialFit, e: PanelEstimates, k: number) => {
    const z = e.param / e.paramSe;
    out.coef.push({ ...row, term: row.model === 'sem' ? 'lambda' : 'rho', estimate: e.param, se: fin(e.paramSe), z: fin(z), p: normalP(z) });
    e.names.forEach((term, j) => out.coef.push({ ...row, term, estimate: e.coef[j], se: fin(e.se[j]), z: fin(e.z[j]), p: fin(e.p[j]) }));
    out.fit.push({ ...row, units: f.n, periods: f.T, first, last, n: e.nObs, k, sigma2: e.sigma2, loglik: e.logLik, aic: e.aic });
  };

  // LeSage–Pace effects and, on request, unit-level effects of one SAR/SDM fit; `variant` keys the simulation stream.
  const effectRows = (row: RowKey, f: PanelSpatialFit, e: PanelEstimates, variant: number) => {
    if (c.unitEffects) {
      const r = f.regressors.length;
      const u = unitEffects(eig as WeightsEigen, e.param, f.regressors, e.coef.subarray(0, r), f.model === 'sdm' ? e.coef.subarray(r, 2 * r) : undefined);
      u.names.forEach((term, j) => {
        W.units.forEach((unit, i) => {
          out.units.push({
            ...row,
            unit,
            term,
            direct: u.direct[j][i],
            indirect_to: u.indirectTo[j][i],
            total_to: u.totalTo[j][i],
            indirect_from: u.indirectFrom[j][i],
            total_from: u.totalFrom[j][i],
          });
        });
      });
    }
    const im = panelImpacts(f, e, effectSource(), { draws: c.draws, seed, keys: [index, f.model === 'sar' ? 0 : 1, variant] });
    im.names.forEach((term, r) => {
      for (const key of ['direct', 'indirect', 'total'] as const) {
        const se = im.delta[key][r];
        const zz = im[key][r] / se;
        out.impacts.push({
          ...row,
          term,
          effect: key,
          estimate: im[key][r],
          se: fin(se),
          z: fin(zz),
          p: normalP(zz),
          se_sim: im.sim ? im.sim.se[key][r] : null,
          lower: im.sim ? im.sim.lower[key][r] : null,
          upper: im.sim ? im.sim.upper[key][r] : null,
        });
      }
    });
  };

  const variants: ['ml' | 'lee_yu', (f: PanelSpatialFit) => PanelEstimates | undefined][] = [
    ['ml', (f) => f.uncorrected],
    ['lee_yu', (f) => f.leeYu],
  ];
  for (const [est, get] of variants) {
    for (const m of c.models) {
      const f = fits.get(m) as PanelSpatialFit;
      const e = get(f);
      if (!e) continue;
      const row = { ...base, model: m, estimator: est };
      coefFit(row, f, e, e.coef.length);
      if (m !== 'sem') effectRows(row, f, e, est === 'ml' ? 0 : 1);
    }
    const [sdm, sar, sem] = (['sdm', 'sar', 'sem'] as const).map((m) => {
      const f = fits.get(m);
      return f ? get(f) : undefined;
    });
    if (sdm && sar && sem) {
      const t = panelSpecTests(sdm, sar, sem);
      for (const [key, s] of [
        ['lr_sar', t.lrSar],
        ['wald_sar', t.waldSar],
        ['lr_sem', t.lrSem],
        ['wald_sem', t.waldSem],
      ] as const) {
        out.tests.push({ ...base, estimator: est, test: key, statistic: s.statistic, df: s.df, p: s.p });
      }
    }
  }

  if (c.random) {
    for (const m of c.models) {
      if (m === 'sem') continue;
      const re = fitPanelRe(d, m, { eigen: eig as WeightsEigen });
      const fe = (fits.get(m) as PanelSpatialFit).uncorrected;
      const row: RowKey = { spec: c.name, model: m, effects: 'random', estimator: 're' };
      // The effects see (β, θ, ρ) without the intercept, with their block of the covariance.
      const k = re.names.length;
      const mr = k + 3;
      const keep = [...Array.from({ length: k - 1 }, (_, j) => j + 1), k];
      const vcov = new Float64Array(keep.length * keep.length);
      keep.forEach((a, i) => keep.forEach((b, j) => (vcov[i * keep.length + j] = re.vcov[a * mr + b])));
      const z = Float64Array.from(re.coef, (b, j) => b / re.se[j]);
      const est: PanelEstimates = {
        names: re.names.slice(1),
        coef: re.coef.slice(1),
        se: re.se.slice(1),
        z: z.slice(1),
        p: Float64Array.from(z.slice(1), (v) => normalP(v) ?? Number.NaN),
        param: re.rho,
        paramSe: re.rhoSe,
        sigma2: re.sigma2,
        logLik: re.logLik,
        aic: re.aic,
        vcov,
        nObs: d.y.length,
        periods: d.T,
      };
      const f: PanelSpatialFit = { ...(fits.get(m) as PanelSpatialFit), uncorrected: est, leeYu: undefined };
      // coefficient rows: ρ, the intercept and regressors, then φ and σ_μ² (delta method from (σ², φ))
      const withIntercept: PanelEstimates = { ...est, names: re.names, coef: re.coef, se: re.se, z, p: Float64Array.from(z, (v) => normalP(v) ?? Number.NaN) };
      coefFit(row, f, withIntercept, k);
      const zPhi = re.phi / re.phiSe;
      out.coef.push({ ...row, term: 'phi', estimate: re.phi, se: fin(re.phiSe), z: fin(zPhi), p: normalP(zPhi) });
      const g1 = (1 / (re.phi * re.phi) - 1) / d.T;
      const g2 = (-2 * re.sigma2) / (re.phi ** 3 * d.T);
      const s = k + 1;
      const varMu = g1 * g1 * re.vcov[s * mr + s] + 2 * g1 * g2 * re.vcov[s * mr + s + 1] + g2 * g2 * re.vcov[(s + 1) * mr + s + 1];
      const seMu = Math.sqrt(varMu);
      out.coef.push({ ...row, term: 'sigma_mu2', estimate: re.sigmaMu2, se: fin(seMu), z: fin(re.sigmaMu2 / seMu), p: normalP(re.sigmaMu2 / seMu) });
      effectRows(row, f, est, 2);
      const h = spatialHausman(fe, re);
      out.tests.push({
        spec: c.name,
        effects: 'unit',
        estimator: 'ml',
        test: m === 'sar' ? 'hausman_sar' : 'hausman_sdm',
        statistic: h.statistic,
        df: h.df,
        p: h.p,
      });
    }
  }
  return out;
}
