/**
 * analyses.spatial_models (issue 16): cross-section spatial regressions of one period of the run's
 * panel with the spatial weights of analyses.weights — OLS with Moran's I of the residuals and the
 * LM tests, ML SAR, SEM, SDM, SDEM and SAC, and LeSage–Pace direct / indirect / total effects
 * (SAR, SDM, SAC). Kernels: src/lenses/spatial/cross.ts (validated against R spdep / spatialreg on
 * Columbus, test/lenses/spatial-cross.test.ts). Every estimate is written at full precision.
 */
import { fail, NqpfError } from '../../core/errors.js';
import { problemOf, type Problem } from '../../core/problems.js';
import { needWeights, periodCell, type AnalysisContext, type AnalysisTable } from '../../analysis/context.js';
import { analysis, type MethodsParagraph, type MethodsWriter, type Row, table } from '../../analysis/descriptor.js';
import { spatialWeightsText } from '../../analysis/spatial/analysis.js';
import type { SpatialWeights } from '../../analysis/spatial/types.js';
import { arr, obj, str, type Loose } from '../../core/loose.js';
import { normalSf } from '../../kernels/distributions.js';
import { ols } from '../../kernels/ols.js';
import { buildFrame, type ModelPanel } from '../panel/frame.js';
import { formulaVars, parseFormula } from '../panel/formula.js';
import { modelPanel } from '../models/analysis.js';
import { effectCoefficients, effectIndex, fitError, fitLag, fitSac, olsDiagnostics, type SpatialData, type SpatialFit } from '../spatial/cross.js';
import { impactInference } from '../spatial/panel.js';
import { unitEffects } from '../spatial/unit-effects.js';
import { chooseLogDet, fitErrorSparse, fitLagSparse, fitSacSparse, type SparseLogDet, TraceSeries } from '../spatial/large.js';
import {
  panelRows,
  SPATIAL_PANEL_COEF,
  SPATIAL_PANEL_FIT,
  SPATIAL_PANEL_IMPACTS,
  SPATIAL_PANEL_TESTS,
  SPATIAL_PANEL_UNIT_EFFECTS,
  type SpatialPanelRows,
} from './panel.js';
import { type DetectorRows, detectorRows, GD_DISCRETISATION, GD_ECOLOGICAL, GD_FACTOR, GD_INTERACTION, GD_RISK } from './detector.js';
import { SpatialModelsSpec, type SpatialModelName } from './spec.js';
import { type SpatialPaperDecls, spatialLatex, spatialPaperTables } from './paper.js';

const PATH = 'analyses.spatial_models';

const KINDS = {
  ols: { zh: 'OLS', en: 'OLS' },
  sar: { zh: '空间滞后模型（SAR）', en: 'SAR' },
  sem: { zh: '空间误差模型（SEM）', en: 'SEM' },
  sdm: { zh: '空间杜宾模型（SDM）', en: 'SDM' },
  sdem: { zh: '空间杜宾误差模型（SDEM）', en: 'SDEM' },
  sac: { zh: '空间自相关模型（SAC）', en: 'SAC' },
} as const;
const TERMS = { '(Intercept)': { zh: '常数项', en: 'Constant' }, rho: { zh: 'ρ（Wy）', en: 'ρ (Wy)' }, lambda: { zh: 'λ（Wu）', en: 'λ (Wu)' } } as const;
const TESTS = {
  moran: { zh: '残差 Moran’s I', en: 'Moran’s I (residuals)' },
  LMerr: { zh: 'LM-error', en: 'LM-error' },
  LMlag: { zh: 'LM-lag', en: 'LM-lag' },
  RLMerr: { zh: '稳健 LM-error', en: 'Robust LM-error' },
  RLMlag: { zh: '稳健 LM-lag', en: 'Robust LM-lag' },
  SARMA: { zh: 'SARMA', en: 'SARMA' },
  lr: { zh: '似然比检验（对 OLS）', en: 'LR test (vs OLS)' },
} as const;
const spec = { kind: 'text', zh: '设定', en: 'Specification' } as const;
const kind = { kind: 'text', zh: '模型', en: 'Model', values: KINDS } as const;
const p = { kind: 'num', zh: 'p 值', en: 'p', pValue: true } as const;

export const SPATIAL_COEF = table({
  name: 'spatial_models_coef',
  file: 'spatial_models_coef.csv',
  zh: '空间计量模型系数',
  en: 'Spatial regression coefficients',
  report: true,
  columns: {
    spec,
    model: kind,
    term: { kind: 'text', zh: '变量', en: 'Term', values: TERMS },
    estimate: { kind: 'num', zh: '系数', en: 'Estimate' },
    se: { kind: 'num', zh: '标准误', en: 'SE' },
    z: { kind: 'num', zh: 'z（OLS 为 t）', en: 'z (t for OLS)' },
    p,
  },
});

export const SPATIAL_FIT = table({
  name: 'spatial_models_fit',
  file: 'spatial_models_fit.csv',
  zh: '空间计量模型统计量',
  en: 'Spatial regression statistics',
  report: true,
  columns: {
    spec,
    model: kind,
    period: { kind: 'period', zh: '时期', en: 'Period' },
    n: { kind: 'int', zh: '观测值', en: 'N' },
    k: { kind: 'int', zh: '系数个数', en: 'Coefficients' },
    sigma2: { kind: 'num', zh: 'σ²（ML）', en: 'σ² (ML)' },
    loglik: { kind: 'num', zh: '对数似然', en: 'Log-likelihood' },
    aic: { kind: 'num', zh: 'AIC', en: 'AIC' },
  },
});

export const SPATIAL_TESTS = table({
  name: 'spatial_models_tests',
  file: 'spatial_models_tests.csv',
  zh: '空间相关性检验',
  en: 'Spatial dependence tests',
  report: true,
  columns: {
    spec,
    model: kind,
    test: { kind: 'text', zh: '检验', en: 'Test', values: TESTS },
    statistic: { kind: 'num', zh: '统计量', en: 'Statistic' },
    df: { kind: 'int', zh: '自由度', en: 'df' },
    p,
  },
});

export const SPATIAL_IMPACTS = table({
  name: 'spatial_models_impacts',
  file: 'spatial_models_impacts.csv',
  zh: '直接效应、间接效应与总效应',
  en: 'Direct, indirect and total effects',
  report: true,
  columns: {
    spec,
    model: kind,
    term: { kind: 'text', zh: '变量', en: 'Term' },
    direct: { kind: 'num', zh: '直接效应', en: 'Direct' },
    indirect: { kind: 'num', zh: '间接效应', en: 'Indirect' },
    total: { kind: 'num', zh: '总效应', en: 'Total' },
    ...effectInferenceColumns('direct', '直接效应', 'Direct'),
    ...effectInferenceColumns('indirect', '间接效应', 'Indirect'),
    ...effectInferenceColumns('total', '总效应', 'Total'),
  },
});

/** Inference columns of one effect, headed as the panel effects table's (`se`, `z`, `p`, `se_sim`, `lower`, `upper`). */
function effectInferenceColumns<K extends 'direct' | 'indirect' | 'total'>(key: K, zh: string, en: string) {
  const col = (label: [string, string]) => ({ kind: 'num' as const, zh: `${zh}：${label[0]}`, en: `${en}: ${label[1]}` });
  return {
    [`${key}_se`]: col(['标准误（delta 方法）', 'SE (delta method)']),
    [`${key}_z`]: col(['z', 'z']),
    [`${key}_p`]: col(['p 值', 'p']),
    [`${key}_se_sim`]: col(['标准误（模拟）', 'SE (simulation)']),
    [`${key}_lower`]: col(['95% 下限（模拟）', '95% lower (simulation)']),
    [`${key}_upper`]: col(['95% 上限（模拟）', '95% upper (simulation)']),
  } as Record<`${K}_${'se' | 'z' | 'p' | 'se_sim' | 'lower' | 'upper'}`, { kind: 'num'; zh: string; en: string }>;
}

/** Per-observation effects of the cross-section SAR, SDM and SAC (cross entries with unitEffects: true). */
export const SPATIAL_UNIT_EFFECTS = table({
  name: 'spatial_models_unit_effects',
  file: 'spatial_models_unit_effects.csv',
  zh: '空间计量模型的单元层面效应',
  en: 'Spatial regression unit-level effects',
  columns: {
    spec,
    model: kind,
    unit: { kind: 'text', zh: '单元', en: 'Unit', ref: 'unit' },
    term: { kind: 'text', zh: '变量', en: 'Term' },
    direct: { kind: 'num', zh: '直接效应', en: 'Direct' },
    indirect_to: { kind: 'num', zh: '流入的间接效应', en: 'Indirect (to the unit)' },
    total_to: { kind: 'num', zh: '流入的总效应', en: 'Total (to the unit)' },
    indirect_from: { kind: 'num', zh: '流出的间接效应', en: 'Indirect (from the unit)' },
    total_from: { kind: 'num', zh: '流出的总效应', en: 'Total (from the unit)' },
  },
});

export interface SpatialRows {
  coef: Row<typeof SPATIAL_COEF.columns>[];
  fit: Row<typeof SPATIAL_FIT.columns>[];
  tests: Row<typeof SPATIAL_TESTS.columns>[];
  impacts: Row<typeof SPATIAL_IMPACTS.columns>[];
  units: Row<typeof SPATIAL_UNIT_EFFECTS.columns>[];
}

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The cross-section of `period` (default: the last period with data) of the formula's frame, in
 * the order of the weights' units. Every unit of the weights must have every variable there.
 */
export function crossSection(
  panel: ModelPanel,
  W: SpatialWeights,
  formula: string,
  period: string | number | undefined,
  path: string,
): SpatialData & { period: string } {
  const f = parseFormula(formula, `${path}.formula`);
  if (f.fixed.length) {
    fail('E_SPATIAL_MODEL', `${path}.formula: a cross-section model has no fixed effects ("| ${f.fixed.join(' + ')}")`, {
      location: { path: `${path}.formula` },
      hint: 'remove the part after "|"; fixed-effects spatial panels go in analyses.spatial_models.panel',
    });
  }
  const frame = buildFrame(f, panel, `${path}.formula`);
  let t: number;
  if (period === undefined) {
    if (!frame.n) fail('E_SPATIAL_DATA', `${path}: no observation has every variable of the formula`, { location: { path: `${path}.formula` } });
    t = Math.max(...frame.period);
  } else {
    t = frame.periodLabels.indexOf(String(period));
    if (t < 0) {
      fail('E_SPATIAL_DATA', `${path}.period: no observation of period ${period} has every variable of the formula`, {
        location: { path: `${path}.period` },
        hint: `periods with data: ${frame.periodLabels.join(', ')}`,
      });
    }
  }
  const pos = new Map(W.units.map((u, i) => [u, i]));
  const n = W.units.length;
  const at = new Int32Array(n).fill(-1);
  for (let r = 0; r < frame.n; r++) {
    if (frame.period[r] !== t) continue;
    const i = pos.get(frame.unitLabels[frame.unit[r]]);
    if (i !== undefined) at[i] = r;
  }
  const missing = W.units.filter((_, i) => at[i] < 0);
  if (missing.length) {
    fail(
      'E_SPATIAL_DATA',
      `${path}: ${missing.length} unit(s) of the spatial weights lack a variable in period ${frame.periodLabels[t]}: ${missing.slice(0, 8).join(', ')}`,
      {
        location: { path },
        hint: 'spatial models need every unit of the weights: fill or impute the data, choose another period, or restrict the weights',
      },
    );
  }
  const pick = (v: Float64Array) => Float64Array.from(at, (r) => v[r]);
  return {
    y: pick(frame.y),
    X: [new Float64Array(n).fill(1), ...frame.X.map(pick)],
    names: ['(Intercept)', ...frame.names],
    W,
    path,
    period: frame.periodLabels[t],
  };
}

/** Simulation draws of the cross-section effects when the entry sets no `draws` (the panels' default). */
const CROSS_DRAWS = 1000;
const MODEL_KEY = { sar: 0, sdm: 1, sac: 2 } as const;

/** Rows of the four tables for one cross-section specification; the effects' draws come from `Rng.stream(seed, index, model, 3)`. */

export function crossRows(panel: ModelPanel, W: SpatialWeights, c: SpatialModelsSpec['cross'][number], path: string, seed = 1, index = 0): SpatialRows {
  const d = crossSection(panel, W, c.formula, c.period, path);
  if (c.durbin) {
    c.durbin.forEach((term, i) => {
      if (!d.names.includes(term) || term === '(Intercept)')
        fail('E_SPATIAL_MODEL', `${path}.durbin.${i}: "${term}" is not a regressor of the formula`, {
          location: { path: `${path}.durbin.${i}` },
          hint: `regressors: ${d.names.filter((x) => x !== '(Intercept)').join(', ')}`,
        });
    });
    d.durbin = c.durbin;
  }
  const out: SpatialRows = { coef: [], fit: [], tests: [], impacts: [], units: [] };
  const name = c.name;
  const diag = olsDiagnostics(d);
  const n = d.y.length;
  // OLS: conventional SEs, t on n − k df (the QR kernel); σ² in the statistics is the ML one, RSS/n.
  if (c.models.includes('ols')) {
    const k = d.X.length;
    const f = ols(d.X, d.y, { intercept: false, names: d.names });
    diag.names.forEach((term, j) => {
      out.coef.push({ spec: name, model: 'ols', term, estimate: f.coef[j], se: f.se[j], z: f.t[j], p: f.p[j] });
    });
    out.fit.push({
      spec: name,
      model: 'ols',
      period: periodCell(d.period),
      n,
      k,
      sigma2: diag.rss / n,
      loglik: diag.logLik,
      aic: -2 * diag.logLik + 2 * (k + 1),
    });
    const m = diag.moran;
    out.tests.push({ spec: name, model: 'ols', test: 'moran', statistic: m.z, df: null, p: m.p });
    for (const key of ['LMerr', 'LMlag', 'RLMerr', 'RLMlag', 'SARMA'] as const) {
      const s = diag.lm[key];
      out.tests.push({ spec: name, model: 'ols', test: key, statistic: s.statistic, df: s.df, p: s.p });
    }
  }
  const spatial = c.models.filter((m): m is Exclude<SpatialModelName, 'ols'> => m !== 'ols');
  if (!spatial.length) return out;
  // Exact eigenvalue log-determinant, or a sparse one for many units (src/lenses/spatial/large.ts).
  const ldc = chooseLogDet(W, c.logdet, `${path}.logdet`);
  const eig = ldc.kind === 'eigen' ? ldc.eig : undefined;
  if (!eig && c.unitEffects)
    fail('E_SPATIAL_MODEL', `${path}.unitEffects needs the exact eigenvalue log-determinant, not the approximation used for ${W.units.length} units`, {
      location: { path: `${path}.unitEffects` },
      hint: 'set logdet: eigen (O(n³); for up to a few hundred units), or leave the option out',
    });
  for (const m of spatial) {
    const fit: SpatialFit = !eig
      ? m === 'sar' || m === 'sdm'
        ? fitLagSparse(d, (ldc as { ld: SparseLogDet }).ld, { durbin: m === 'sdm' })
        : m === 'sac'
          ? fitSacSparse(d, (ldc as { ld: SparseLogDet }).ld)
          : fitErrorSparse(d, (ldc as { ld: SparseLogDet }).ld, { durbin: m === 'sdem' })
      : m === 'sar' || m === 'sdm'
        ? fitLag(d, { eigen: eig, durbin: m === 'sdm' })
        : m === 'sem' || m === 'sdem'
          ? fitError(d, { eigen: eig, durbin: m === 'sdem' })
          : fitSac(d, { eigen: eig });
    const params: [string, number, number][] =
      m === 'sac'
        ? [
            ['rho', fit.param, fit.paramSe],
            ['lambda', fit.lambda as number, fit.lambdaSe as number],
          ]
        : [[m === 'sar' || m === 'sdm' ? 'rho' : 'lambda', fit.param, fit.paramSe]];
    for (const [term, est, se] of params) {
      const z = est / se;
      out.coef.push({ spec: name, model: m, term, estimate: est, se: fin(se), z: fin(z), p: fin(2 * normalSf(Math.abs(z))) });
    }
    fit.names.forEach((term, j) =>
      out.coef.push({ spec: name, model: m, term, estimate: fit.coef[j], se: fin(fit.se[j]), z: fin(fit.z[j]), p: fin(fit.p[j]) }),
    );
    out.fit.push({ spec: name, model: m, period: periodCell(d.period), n, k: fit.coef.length, sigma2: fit.sigma2, loglik: fit.logLik, aic: fit.aic });
    out.tests.push({ spec: name, model: m, test: 'lr', statistic: fit.lr.statistic, df: fit.lr.df, p: fit.lr.p });
    if (m === 'sar' || m === 'sdm' || m === 'sac') {
      // Delta-method and simulated inference: `draws` (default 1,000) seeded draws of (coef…, ρ), ρ inside its interval (as spatialreg drops the others).
      const ix = effectIndex(d, fit);
      const src = eig ?? TraceSeries.of(W, Math.min(Math.abs(fit.param) + 6 * fit.paramSe, 0.999), { path });
      const im = impactInference(src, ix.names, fit.coef, fit.param, fit.vcov as Float64Array, ix, {
        draws: c.draws ?? CROSS_DRAWS,
        seed,
        keys: [index, MODEL_KEY[m], 3],
        interval: fit.interval,
      });
      const sim = im.sim;
      im.names.forEach((term, r) => {
        const row = { spec: name, model: m, term, direct: im.direct[r], indirect: im.indirect[r], total: im.total[r] } as Row<typeof SPATIAL_IMPACTS.columns>;
        for (const e of ['direct', 'indirect', 'total'] as const) {
          const se = im.delta[e][r];
          const z = im[e][r] / se;
          row[`${e}_se`] = fin(se);
          row[`${e}_z`] = fin(z);
          row[`${e}_p`] = fin(2 * normalSf(Math.abs(z)));
          row[`${e}_se_sim`] = sim ? sim.se[e][r] : null;
          row[`${e}_lower`] = sim ? sim.lower[e][r] : null;
          row[`${e}_upper`] = sim ? sim.upper[e][r] : null;
        }
        out.impacts.push(row);
      });
      if (eig && c.unitEffects) {
        // S_r = (I − ρW)⁻¹(β_r I + θ_r W) per unit (LeSage & Pace 2009, §2.7); SAC: its ρ, θ = 0
        const e = effectCoefficients(d, fit);
        const u = unitEffects(eig, fit.param, e.names, e.beta, e.theta);
        u.names.forEach((term, j) =>
          W.units.forEach((unit, i) =>
            out.units.push({
              spec: name,
              model: m,
              unit,
              term,
              direct: u.direct[j][i],
              indirect_to: u.indirectTo[j][i],
              total_to: u.totalTo[j][i],
              indirect_from: u.indirectFrom[j][i],
              total_from: u.totalFrom[j][i],
            }),
          ),
        );
      }
    }
  }
  return out;
}

function run(ctx: AnalysisContext, s: SpatialModelsSpec): AnalysisTable[] {
  const panel = modelPanel(ctx);
  const out: AnalysisTable[] = [];
  if (s.detector.length) {
    const g: DetectorRows = { discretisation: [], factor: [], interaction: [], risk: [], ecological: [] };
    s.detector.forEach((d, i) => {
      const r = detectorRows(panel, ctx.scores.attributes, d, `${PATH}.detector.${i}`);
      g.discretisation.push(...r.discretisation);
      g.factor.push(...r.factor);
      g.interaction.push(...r.interaction);
      g.risk.push(...r.risk);
      g.ecological.push(...r.ecological);
    });
    if (g.discretisation.length) out.push(GD_DISCRETISATION.build(g.discretisation));
    if (g.factor.length) {
      const include: ('pooled' | 'singletons')[] = [];
      if (g.factor.some((f) => f.pooled !== null && f.pooled !== undefined)) include.push('pooled');
      if (g.factor.some((f) => Number(f.singletons) > 0)) include.push('singletons');
      out.push(GD_FACTOR.build(g.factor, { include }));
    }
    if (g.interaction.length) out.push(GD_INTERACTION.build(g.interaction));
    if (g.risk.length) out.push(GD_RISK.build(g.risk));
    if (g.ecological.length) out.push(GD_ECOLOGICAL.build(g.ecological));
    if (!s.cross.length && !s.panel.length) return out;
  }
  const W = needWeights(ctx, PATH);
  const all: SpatialRows = { coef: [], fit: [], tests: [], impacts: [], units: [] };
  s.cross.forEach((c, i) => {
    const r = crossRows(panel, W, c, `${PATH}.cross.${i}`, ctx.seed, i);
    all.coef.push(...r.coef);
    all.fit.push(...r.fit);
    all.tests.push(...r.tests);
    all.impacts.push(...r.impacts);
    all.units.push(...r.units);
  });
  if (s.cross.length || !s.panel.length) out.push(SPATIAL_COEF.build(all.coef), SPATIAL_FIT.build(all.fit), SPATIAL_TESTS.build(all.tests));
  if (all.impacts.length) out.push(SPATIAL_IMPACTS.build(all.impacts));
  if (all.units.length) out.push(SPATIAL_UNIT_EFFECTS.build(all.units));
  if (s.panel.length) {
    const pr: SpatialPanelRows = { coef: [], fit: [], impacts: [], tests: [], units: [] };
    s.panel.forEach((c, i) => {
      const r = panelRows(panel, W, c, `${PATH}.panel.${i}`, ctx.seed, i);
      pr.coef.push(...r.coef);
      pr.fit.push(...r.fit);
      pr.impacts.push(...r.impacts);
      pr.tests.push(...r.tests);
      pr.units.push(...r.units);
    });
    out.push(SPATIAL_PANEL_COEF.build(pr.coef), SPATIAL_PANEL_FIT.build(pr.fit));
    if (pr.impacts.length) out.push(SPATIAL_PANEL_IMPACTS.build(pr.impacts));
    if (pr.tests.length) out.push(SPATIAL_PANEL_TESTS.build(pr.tests));
    if (pr.units.length) out.push(SPATIAL_PANEL_UNIT_EFFECTS.build(pr.units));
  }
  return out;
}

function methods(sec: Loose, w: MethodsWriter): MethodsParagraph {
  const cross = arr(sec.cross).map(obj);
  const list = cross.map((c) => `${str(c.name)}: ${str(c.formula)}${c.period !== undefined ? ` (${String(c.period)})` : ''}`);
  const crossSim = Math.max(0, ...cross.map((c) => (typeof c.draws === 'number' ? c.draws : CROSS_DRAWS)));
  const sentences: string[] = [];
  // The weights used (analyses.weights), stated before the models that use them; the detector needs none.
  if (cross.length || arr(sec.panel).length) sentences.push(spatialWeightsText(w));
  if (cross.length)
    sentences.push(
      w.t(
        `截面空间计量模型（${list.join('；')}）：先以 OLS 估计，检验残差的 Moran’s I（正态近似）及 LM-lag、LM-error、稳健 LM-lag、稳健 LM-error 与 SARMA 统计量` +
          '（Anselin 等，1996）；再以极大似然估计空间滞后（SAR）、空间误差（SEM）、空间杜宾（SDM）、空间杜宾误差（SDEM）与空间自相关（SAC）模型。' +
          '对数行列式 ln|I − ρW| 由 W 的特征值精确计算（行标准化的对称权重经对称相似矩阵 D^{1/2}WD^{-1/2} 求特征值），集中似然以 Brent 法在 (1/ω_min, 1/ω_max) 内最大化，' +
          '再以解析得分函数求根精化；标准误由解析信息矩阵给出（同 R spatialreg 的 method = "eigen"）。SAR、SDM 与 SAC 的直接、间接与总效应按 LeSage 与 Pace（2009）' +
          '由 (I − ρW)⁻¹ 的特征分解精确计算，标准误由 delta 方法（解析梯度与估计的渐近协方差）给出' +
          (crossSim > 0
            ? `，并从估计量的渐近正态分布抽样 ${crossSim} 次（固定随机种子；ρ 落在 (1/ω_min, 1/ω_max) 之外的抽样重抽）给出模拟标准误与 95% 区间。`
            : '。'),
        `Cross-section spatial regressions (${list.join('; ')}): OLS first, with Moran's I of the residuals (normal approximation) and the LM-lag, LM-error, ` +
          'robust LM-lag, robust LM-error and SARMA statistics (Anselin et al., 1996); then maximum likelihood for the spatial lag (SAR), spatial error (SEM), ' +
          'spatial Durbin (SDM), spatial Durbin error (SDEM) and SAC models. The log-determinant ln|I − ρW| is exact from the eigenvalues of W (for ' +
          'row-standardised symmetric weights, those of the similar symmetric matrix D^{1/2}WD^{-1/2}); the concentrated likelihood is maximised by Brent’s ' +
          'method over (1/ω_min, 1/ω_max) and polished on its analytic score; standard errors come from the analytic information matrix (as R spatialreg, ' +
          'method = "eigen"). Direct, indirect and total effects of SAR, SDM and SAC follow LeSage and Pace (2009), exact from the eigen-decomposition of (I − ρW)⁻¹, ' +
          'with delta-method standard errors (analytic gradient and the estimated asymptotic covariance)' +
          (crossSim > 0
            ? ` and, from ${crossSim} seeded draws of the asymptotic normal distribution of the estimates (a draw of ρ outside (1/ω_min, 1/ω_max) drawn again), ` +
              'simulated standard errors and 95% intervals.'
            : '.'),
      ),
    );
  const partial = cross.filter((c) => Array.isArray(c.durbin));
  if (partial.length) {
    const list = partial.map((c) => `${str(c.name)}: ${arr(c.durbin).map(str).join(', ')}`).join('; ');
    sentences.push(
      w.t(
        `部分杜宾项（${list}）：SDM 与 SDEM 仅加入所列解释变量的空间滞后 W·x，其余变量的 θ 取 0（同 R spatialreg 的 Durbin = ~ x1 + …）。`,
        `Partial Durbin terms (${list}): the SDM and SDEM include the spatial lag W·x of the listed regressors only; the others have θ = 0 (as R spatialreg Durbin = ~ x1 + …).`,
      ),
    );
  }
  const sparse = [...cross, ...arr(sec.panel).map(obj)].filter((c) => c.logdet !== undefined && c.logdet !== 'eigen');
  if (sparse.length)
    sentences.push(
      logdetText(
        w,
        sparse.map((c) => `${str(c.name)}: ${str(c.logdet)}`),
      ),
    );
  const panel = arr(sec.panel).map(obj);
  if (panel.length) {
    const plist = panel.map((c) => `${str(c.name)}: ${str(c.formula)}`);
    const draws = panel.map((c) => (typeof c.draws === 'number' ? c.draws : 1000));
    const sim = Math.max(...draws);
    const simEn = ` and, from ${sim} seeded draws of the asymptotic normal distribution of the estimates, simulated standard errors and 95% intervals`;
    sentences.push(
      w.t(
        `固定效应空间面板模型（${plist.join('；')}）：空间滞后（SAR）y = ρ(I_T⊗W)y + Xβ + μ + ε、空间杜宾（SDM，X 加入 WX，系数 θ）与空间误差（SEM）模型，` +
          `个体与/或时间固定效应以组内变换消去，集中对数似然 T·ln|I − ρW| − (nT/2)·ln SSE(ρ) 以 Brent 法最大化并以解析得分函数求根精化，` +
          `标准误由解析信息矩阵给出${w.cite('elhorst2014')}（“极大似然（未校正）”，等价于以虚拟变量表示固定效应的极大似然）。` +
          `同时报告 Lee 与 Yu${w.cite('leeYu2010')}的偏误校正估计（变换法）：以正交矩阵 F_{T,T−1} 消去个体效应、F_{n,n−1} 消去时间效应（要求行标准化 W），` +
          `似然为 (T−1)[ln|I − ρW| − ln(1 − ρ)] − ((n−1)(T−1)/2)·ln SSE（双向），仅含个体效应时 ρ、β 不变而 σ² 乘以 T/(T−1)。` +
          `SAR 与 SDM 的直接、间接与总效应按 LeSage 与 Pace${w.cite('lesagePace2009')}由 (I − ρW)⁻¹(βI + θW) 的特征分解精确计算，` +
          `标准误由 delta 方法（解析梯度）给出${sim > 0 ? `，并从估计量的渐近正态分布抽样 ${sim} 次（固定随机种子）给出模拟标准误与 95% 区间` : ''}。` +
          'SDM 对 SAR（θ = 0）与对 SEM（θ + ρβ = 0）以似然比（LR）与 Wald 检验（自由度为解释变量个数）。',
        `Fixed-effects spatial panels (${plist.join('; ')}): the spatial lag model (SAR) y = ρ(I_T⊗W)y + Xβ + μ + ε, the spatial Durbin model (SDM, ` +
          'with WX and coefficients θ) and the spatial error model (SEM); the unit and/or period effects are removed by the within transformation, the ' +
          'concentrated log-likelihood T·ln|I − ρW| − (nT/2)·ln SSE(ρ) is maximised by Brent’s method and polished on its analytic score, and standard ' +
          `errors come from the analytic information matrix${w.cite('elhorst2014')} ("ML (uncorrected)", the ML of the model with the effects as dummy ` +
          `parameters). The bias-corrected estimator of Lee and Yu${w.cite('leeYu2010')} (their transformation approach) is reported too: the unit effects ` +
          'removed by the orthonormal F_{T,T−1}, the period effects by F_{n,n−1} (row-standardised W), likelihood (T−1)[ln|I − ρW| − ln(1 − ρ)] − ' +
          '((n−1)(T−1)/2)·ln SSE (two-way); with unit effects only, ρ and β are unchanged and σ² is multiplied by T/(T−1). Direct, indirect and total ' +
          `effects of SAR and SDM follow LeSage and Pace${w.cite('lesagePace2009')}, exact from the eigen-decomposition of (I − ρW)⁻¹(βI + θW), with ` +
          `delta-method standard errors (analytic gradient)${sim > 0 ? simEn : ''}. ` +
          'The SDM is tested against SAR (θ = 0) and SEM (θ + ρβ = 0) by likelihood-ratio (LR) and Wald tests (degrees of freedom: the number of regressors).',
      ),
    );
    const re = panel.filter((c) => c.random === true).map((c) => str(c.name) ?? '');
    if (re.length) sentences.push(randomEffectsText(w, re));
  }
  const detector = arr(sec.detector).map(obj);
  if (detector.length) {
    const dlist = detector.map(
      (d) =>
        `${str(d.name)}: ${str(d.y)} ~ ${arr(d.factors)
          .map((f) => str(obj(f).column))
          .join(', ')}`,
    );
    sentences.push(
      w.t(
        `地理探测器（${dlist.join('；')}）${w.cite('wang2010')}${w.cite('wang2017')}：连续因子按分位数（type 7 分位点）或等间距分为给定类数（重复分割点合并，区间左开右闭），` +
          '类别因子按原值分层。因子探测 q = 1 − Σ_h N_h σ_h² / (N σ²)，F = (N − L)/(L − 1) · q/(1 − q) 服从非中心 F(L − 1, N − L; λ)，' +
          'λ = (Σ_h μ_h² − (Σ_h √N_h μ_h)²/N)/σ²（同 R 包 geodetector），p 值为其上尾概率；交互探测比较两因子叠加分层的 q(X1∩X2) 与 q(X1)、q(X2)，' +
          '分为非线性减弱、单因子非线性减弱、双因子增强、独立与非线性增强；风险区探测对各层均值两两作 Welch t 检验（自由度取整）；' +
          '生态探测 F = N_X1(N_X2 − 1)SSW_X1 / (N_X2(N_X1 − 1)SSW_X2)，自由度 (N_X1 − 1, N_X2 − 1)，检验 SSW_X1 = SSW_X2，p 值取双侧。',
        `Geographical detector (${dlist.join('; ')})${w.cite('wang2010')}${w.cite('wang2017')}: continuous factors are cut into the stated number of ` +
          'quantile (type 7 breaks) or equal-interval classes (tied breaks merged, intervals closed on the right), categorical factors used as they are. ' +
          'Factor detector q = 1 − Σ_h N_h σ_h² / (N σ²); F = (N − L)/(L − 1) · q/(1 − q) follows a non-central F(L − 1, N − L; λ) with ' +
          'λ = (Σ_h μ_h² − (Σ_h √N_h μ_h)²/N)/σ² (as the R package geodetector), p its upper tail. The interaction detector compares q(X1∩X2) of the ' +
          'overlaid strata with q(X1) and q(X2): nonlinear-weaken, uni-weaken, bi-enhance, independent or nonlinear-enhance. The risk detector tests ' +
          'every pair of stratum means by Welch’s t (df rounded); the ecological detector F = N_X1(N_X2 − 1)SSW_X1 / (N_X2(N_X1 − 1)SSW_X2) on ' +
          '(N_X1 − 1, N_X2 − 1) df, testing SSW_X1 = SSW_X2 with a two-sided p.',
      ),
    );
    const pooled = detector.filter((d) => d.pooled === true).map((d) => str(d.name) ?? '');
    if (pooled.length) sentences.push(pooledText(w, pooled));
    if (detector.some((d) => arr(d.factors).some((f) => obj(f).method === 'optimal'))) sentences.push(opgdText(w));
    if (detector.some((d) => d.dropSingletons === true))
      sentences.push(
        w.t(
          '设定 dropSingletons 的交互作用探测中，q(X1)、q(X2) 与 q(X1∩X2) 均剔除所在分层仅有一个单元的观测后计算（同 R 包 GD 的 gdinteract）。',
          'Where dropSingletons is set, the interaction detector’s q(X1), q(X2) and q(X1∩X2) are each computed without the units alone in their ' +
            'stratum (as gdinteract of the R package GD).',
        ),
      );
    const ft = w.table(GD_FACTOR.name);
    const sj = ft ? ft.header.indexOf('singletons') : -1;
    const single = ft && sj >= 0 ? ft.rows.reduce((t, r) => t + (Number(r[sj]) > 0 ? 1 : 0), 0) : 0;
    if (single > 0)
      sentences.push(
        w.t(
          `${single} 个因子有仅含一个单元的分层（因子探测表“仅含一个单元的层数”列）：这些分层保留，组内方差记为 0（同 Wang 等与 R 包 geodetector）；` +
            '单元过少的分层使 q 偏高，可合并类别或减少分类数；交互作用探测可设定 dropSingletons 剔除之（同 R 包 GD）。',
          `${single} factor(s) have strata holding a single unit (column “Singleton strata” of the factor detector): they are kept with a within ` +
            'variance of 0 (as Wang et al. and the R package geodetector); strata this small inflate q, so consider merging classes or fewer ' +
            'classes; dropSingletons removes them in the interaction detector (as the R package GD).',
        ),
      );
  }
  return { heading: w.t('空间计量模型', 'Spatial regression'), sentences };
}

/** Pooled detector specifications (pooled: true): which, over which periods (the factor table's period cell), on how many unit-periods. */
function pooledText(w: MethodsWriter, names: string[]): string {
  const ft = w.table(GD_FACTOR.name);
  const at = (k: string) => (ft ? ft.header.indexOf(k) : -1);
  const which = names.map((name) => {
    const r = ft?.rows.find((row) => String(row[at('spec')]) === name);
    return r ? { name, periods: String(r[at('period')] ?? ''), n: Number(r[at('n')]) } : { name, periods: '', n: Number.NaN };
  });
  // the name alone when it is the periods (e.g. "2011–2022")
  const zh = which.map((x) => `${x.name === x.periods ? x.name : `${x.name}：${x.periods}`}${Number.isFinite(x.n) ? `，${x.n} 个单元-时期` : ''}`).join('；');
  const en = which.map((x) => `${x.name === x.periods ? x.name : `${x.name}: ${x.periods}`}${Number.isFinite(x.n) ? `, ${x.n} unit-periods` : ''}`).join('; ');
  return w.t(
    `合并多期的地理探测（${zh}）：各期的单元-时期合并为一个样本，每个有 y 与全部因子的单元-时期为一个观测；单元属性（如地区）在各期取同一分层，` +
      '连续因子按合并后的全部取值确定分割点（含最优离散化）；q、p 值及交互、风险区与生态探测均在合并样本上计算。同一单元不同时期的观测并不独立，p 值宜谨慎解读。',
    `Pooled geographical detector (${en}): the unit-periods of the periods listed form one sample, each unit-period with y and every factor an ` +
      'observation; a unit attribute (e.g. region) keeps its class in every period, and the breaks of continuous factors (optimal discretisation ' +
      'included) come from the pooled values; q, its p and the interaction, risk and ecological detectors are computed on the pooled sample. ' +
      'Observations of one unit in different periods are not independent, so the p-values should be read with care.',
  );
}

/** Optimal discretisation (factors with method: optimal; src/lenses/spatial/opgd.ts). */
function opgdText(w: MethodsWriter): string {
  return w.t(
    '最优离散化（OPGD，Song 等，2020；R 包 GD 10.8 的 optidisc）：对 method 为 optimal 的连续因子，依次以等间距、自然断点（Jenks，组内离差平方和最小的精确分类）、' +
      '分位数（type 7）、几何间隔与标准差分类方法各分为 3–7 类（GD 的规则；几何间隔两端分割点取最小、最大值），分割点重复或某区间少于 2 个观测的组合不参与，' +
      '取 q 最大的组合（按方法 × 类数的顺序取第一个最大值）；全部组合的 q 见 spatial_detector_discretisation。',
    'Optimal discretisation (OPGD; Song et al., 2020; optidisc of the R package GD 10.8): each continuous factor with method optimal is cut by the ' +
      'equal-interval, natural-breaks (Jenks: the exact classes of minimal within-class sum of squares), quantile (type 7), geometric and ' +
      'standard-deviation methods into 3–7 classes each (GD’s rules; the geometric end breaks set to the minimum and maximum), a combination with tied ' +
      'breaks or an interval of fewer than 2 units is left out, and the combination with the largest q is used (the first maximum in the order ' +
      'methods × classes); every combination’s q is in spatial_detector_discretisation.',
  );
}

/** The random-effects spatial panels and the Hausman test (panel entries with `random: true`). */
function randomEffectsText(w: MethodsWriter, names: string[]): string {
  return w.t(
    `随机效应空间面板（${names.join('；')}）${w.cite('elhorst2014')}：SAR 与 SDM 以个体随机效应 μ_i ~ N(0, σ_μ²) 代替个体固定效应（含常数项），` +
      '对数似然 −(nT/2)ln(2πσ²) + n·ln φ + T·ln|I − ρW| − u′(E + φ²J̄)u/(2σ²)，其中 u = (I_T⊗(I − ρW))y − Xβ，J̄ 为个体均值算子，E = I − J̄，' +
      'φ² = σ²/(Tσ_μ² + σ²)；先以 Brent 法（容差 1e-12）在 φ 与 ρ 上最大化集中似然，再以解析得分与 Hessian 的牛顿迭代精化，标准误由解析 Hessian（观测信息矩阵）给出，' +
      'σ_μ² 的标准误由 delta 方法给出。Hausman 检验比较个体固定效应（极大似然）与随机效应估计的共同系数 (β, θ, ρ)：H = d′(V_FE − V_RE)⁻¹d，' +
      '自由度为其个数；V_FE − V_RE 非正定时 H 可能为负，此时照实报告（p 记为 1），检验不提供证据。',
    `Random-effects spatial panels (${names.join('; ')})${w.cite('elhorst2014')}: SAR and SDM with random unit effects μ_i ~ N(0, σ_μ²) ` +
      'instead of the fixed ones (with an intercept); log-likelihood −(nT/2)ln(2πσ²) + n·ln φ + T·ln|I − ρW| − u′(E + φ²J̄)u/(2σ²), with ' +
      'u = (I_T⊗(I − ρW))y − Xβ, J̄ the unit-mean operator, E = I − J̄ and φ² = σ²/(Tσ_μ² + σ²); the likelihood concentrated in β and σ² is ' +
      'maximised over φ and ρ by Brent’s method (tolerance 1e-12) and polished by Newton steps on the analytic score and Hessian; standard errors ' +
      'come from the analytic Hessian (observed information), that of σ_μ² by the delta method. The Hausman test compares the coefficients ' +
      'both estimate, (β, θ, ρ), of the fixed-effects ML and the random-effects ML: H = d′(V_FE − V_RE)⁻¹d on as many degrees of freedom; when ' +
      'V_FE − V_RE is not positive definite H can be negative, is reported as computed (p set to 1) and gives no evidence either way.',
  );
}

/** The sparse log-determinant and power-series effects of entries with `logdet` set (src/lenses/spatial/large.ts). */
function logdetText(w: MethodsWriter, entries: string[]): string {
  return w.t(
    `对数行列式（${entries.join('；')}；auto 为 400 个单元以内用特征值，否则用切比雪夫近似）：切比雪夫近似${w.cite('lesagePace2009')}以 6 个切比雪夫节点插值 ln(1 − ρω)，` +
      'ln|I − ρW| ≈ Σ_k g_k ln(1 − ρx_k)，g_k 由 tr T_j(W)（j ≤ 5，由 W 至 W⁵ 的迹精确计算）给出，同 R spatialreg 的 method = "Chebyshev"；蒙特卡洛近似为 ' +
      '−Σ_{k≤30} ρ^k tr(W^k)/k，tr W^k 在 k ≤ 6 时精确、其后以 16 个标准正态随机向量估计（固定种子）。ρ 的搜索区间为 (−1, 0.999)；标准误由近似似然的解析观测信息矩阵' +
      '（负 Hessian）给出，与 spatialreg 在 n > 1500 时的数值 Hessian 相同。效应按幂级数计算：直接效应 n⁻¹Σ_k ρ^k(β tr W^k + θ tr W^{k+1})，截断误差小于 1e-12，' +
      '总效应 (β + θ)/(1 − ρ) 精确，不形成稠密逆矩阵。',
    `Log-determinant (${entries.join('; ')}; auto: eigenvalues up to 400 units, else Chebyshev): the Chebyshev approximation${w.cite('lesagePace2009')} ` +
      'interpolates ln(1 − ρω) at 6 Chebyshev nodes, ln|I − ρW| ≈ Σ_k g_k ln(1 − ρx_k) with g_k from tr T_j(W), j ≤ 5 (exact traces of W to W⁵), as ' +
      'R spatialreg method = "Chebyshev"; the Monte Carlo approximation is −Σ_{k≤30} ρ^k tr(W^k)/k with tr W^k exact for k ≤ 6 and estimated from 16 ' +
      'seeded standard-normal vectors beyond. ρ is searched on (−1, 0.999); standard errors come from the analytic observed information (negative ' +
      'Hessian) of the approximate likelihood, what spatialreg computes numerically for n > 1,500. Effects by power series: direct ' +
      'n⁻¹Σ_k ρ^k(β tr W^k + θ tr W^{k+1}) truncated below 1e-12, total (β + θ)/(1 − ρ) exactly; no dense inverse is formed.',
  );
}

function dataColumns(s: SpatialModelsSpec): string[] {
  const out = new Set<string>();
  for (const c of [...s.cross, ...s.panel]) {
    try {
      for (const v of formulaVars(parseFormula(c.formula, PATH))) out.add(v);
    } catch (e) {
      if (!(e instanceof NqpfError)) throw e; // reported by check() and when the section runs
    }
  }
  for (const d of s.detector) {
    out.add(d.y);
    for (const f of d.factors) out.add(f.column);
  }
  return [...out];
}

function check(s: SpatialModelsSpec, known: { readonly scores: readonly string[]; readonly data: readonly string[] }): Problem[] {
  const problems: Problem[] = [];
  const ok = new Set([...known.scores, ...known.data]);
  const entries = [
    ...s.cross.map((c, i) => ({ c, path: `${PATH}.cross.${i}.formula` })),
    ...s.panel.map((c, i) => ({ c, path: `${PATH}.panel.${i}.formula` })),
  ];
  s.detector.forEach((d, i) => {
    if (!ok.has(d.y))
      problems.push({
        code: 'E_MODEL_VARIABLE',
        message: `${PATH}.detector.${i}.y: "${d.y}" is neither a score of this run nor a column of the data`,
        brief: `"${d.y}" is neither a score of this run nor a column of the data`,
        location: { path: `${PATH}.detector.${i}.y` },
        hint: `scores: ${known.scores.join(', ')}`,
      });
  });
  entries.forEach(({ c, path }) => {
    try {
      const f = parseFormula(c.formula, path);
      for (const v of formulaVars(f)) {
        if (!ok.has(v))
          problems.push({
            code: 'E_MODEL_VARIABLE',
            message: `${path}: "${v}" is neither a score of this run nor a column of the data`,
            brief: `"${v}" is neither a score of this run nor a column of the data`,
            location: { path },
            hint: `scores: ${known.scores.join(', ')}`,
          });
      }
    } catch (e) {
      if (e instanceof NqpfError) problems.push(problemOf(e));
      else throw e;
    }
  });
  return problems;
}

const DECLS: SpatialPaperDecls = {
  coef: SPATIAL_COEF,
  fit: SPATIAL_FIT,
  impacts: SPATIAL_IMPACTS,
  tests: SPATIAL_TESTS,
  panelCoef: SPATIAL_PANEL_COEF,
  panelFit: SPATIAL_PANEL_FIT,
  panelImpacts: SPATIAL_PANEL_IMPACTS,
  panelTests: SPATIAL_PANEL_TESTS,
};

export const spatialModelsAnalysis = analysis({
  key: 'spatial_models',
  title: { zh: '空间计量模型', en: 'Spatial regression' },
  spec: SpatialModelsSpec,
  tables: [
    SPATIAL_COEF,
    SPATIAL_FIT,
    SPATIAL_TESTS,
    SPATIAL_IMPACTS,
    SPATIAL_UNIT_EFFECTS,
    SPATIAL_PANEL_COEF,
    SPATIAL_PANEL_FIT,
    SPATIAL_PANEL_IMPACTS,
    SPATIAL_PANEL_TESTS,
    SPATIAL_PANEL_UNIT_EFFECTS,
    GD_DISCRETISATION,
    GD_FACTOR,
    GD_INTERACTION,
    GD_RISK,
    GD_ECOLOGICAL,
  ],
  run,
  methods,
  paperTables: (c) => spatialPaperTables(c, DECLS),
  files: (tables, lang) =>
    tables.some((t) => t.name.startsWith('spatial_models_') || t.name.startsWith('spatial_panel_'))
      ? [{ file: 'spatial_models.tex', text: spatialLatex(tables, lang, DECLS) }]
      : [],
  dataColumns,
  check,
  requires: (s) => ({ weights: s.cross.length > 0 || s.panel.length > 0 || !s.detector.length }),
});
