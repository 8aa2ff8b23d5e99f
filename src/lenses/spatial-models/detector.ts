/**
 * analyses.spatial_models.detector (issue 16): the geographical detector (Wang et al. 2010; Wang & Xu 2017) of one
 * period of the run's panel, or of several pooled (each unit-period one observation) — factor, interaction, risk and
 * ecological detectors. Kernels:
 * src/lenses/spatial/geodetector.ts (validated against base R, test/lenses/spatial-geodetector.test.ts).
 */
import { fail } from '../../core/errors.js';
import { periodCell } from '../../analysis/context.js';
import { type Row, table } from '../../analysis/descriptor.js';
import type { ModelPanel } from '../panel/frame.js';
import {
  discretisationBreaks,
  discretise,
  ecologicalDetector,
  factorDetector,
  interactionDetector,
  riskDetector,
  type Strata,
  strataFromLabels,
} from '../spatial/geodetector.js';
import { optimalDiscretisation } from '../spatial/opgd.js';
import type { DetectorSpec } from './spec.js';

type Detector = (typeof DetectorSpec)['_output'];

const spec = { kind: 'text', zh: '设定', en: 'Specification' } as const;
const p = { kind: 'num', zh: 'p 值', en: 'p', pValue: true } as const;
const METHODS = {
  category: { zh: '按原值', en: 'categories' },
  quantile: { zh: '分位数', en: 'quantiles' },
  equal: { zh: '等间距', en: 'equal intervals' },
  optimal: { zh: '最优离散化', en: 'optimal' },
} as const;
const OPGD_NAMES = {
  equal: { zh: '等间距', en: 'equal' },
  natural: { zh: '自然断点', en: 'natural (Jenks)' },
  quantile: { zh: '分位数', en: 'quantile' },
  geometric: { zh: '几何间隔', en: 'geometric' },
  sd: { zh: '标准差', en: 'standard deviation' },
} as const;
const TYPES = {
  'nonlinear-weaken': { zh: '非线性减弱', en: 'nonlinear-weaken' },
  'uni-weaken': { zh: '单因子非线性减弱', en: 'uni-weaken' },
  'bi-enhance': { zh: '双因子增强', en: 'bi-enhance' },
  independent: { zh: '独立', en: 'independent' },
  'nonlinear-enhance': { zh: '非线性增强', en: 'nonlinear-enhance' },
} as const;

export const GD_FACTOR = table({
  name: 'spatial_detector_factor',
  file: 'spatial_detector_factor.csv',
  zh: '地理探测器：因子探测',
  en: 'Geographical detector: factor detector',
  report: true,
  columns: {
    spec,
    period: { kind: 'period', zh: '时期', en: 'Period' },
    factor: { kind: 'text', zh: '因子', en: 'Factor' },
    method: { kind: 'text', zh: '分层方式', en: 'Stratification', values: METHODS },
    strata: { kind: 'int', zh: '层数', en: 'Strata' },
    n: { kind: 'int', zh: '观测值', en: 'N' },
    q: { kind: 'num', zh: 'q 值', en: 'q' },
    f: { kind: 'num', zh: 'F', en: 'F' },
    lambda: { kind: 'num', zh: '非中心参数 λ', en: 'Non-centrality λ' },
    p,
    /** Pooled specifications (pooled: true; their period cell lists the periods): how many periods; written only when some specification is pooled. */
    pooled: { kind: 'int', zh: '合并的时期数', en: 'Periods pooled', optional: true },
    /** Strata holding one unit (kept: their within variance is 0); written only when some factor has one. */
    singletons: { kind: 'int', zh: '仅含一个单元的层数', en: 'Singleton strata', optional: true },
  },
});

export const GD_INTERACTION = table({
  name: 'spatial_detector_interaction',
  file: 'spatial_detector_interaction.csv',
  zh: '地理探测器：交互作用探测',
  en: 'Geographical detector: interaction detector',
  report: true,
  columns: {
    spec,
    factor1: { kind: 'text', zh: '因子 1', en: 'Factor 1' },
    factor2: { kind: 'text', zh: '因子 2', en: 'Factor 2' },
    q1: { kind: 'num', zh: 'q(X1)', en: 'q(X1)' },
    q2: { kind: 'num', zh: 'q(X2)', en: 'q(X2)' },
    q12: { kind: 'num', zh: 'q(X1∩X2)', en: 'q(X1∩X2)' },
    strata: { kind: 'int', zh: '叠加层数', en: 'Overlay strata' },
    type: { kind: 'text', zh: '交互类型', en: 'Interaction', values: TYPES },
  },
});

export const GD_RISK = table({
  name: 'spatial_detector_risk',
  file: 'spatial_detector_risk.csv',
  zh: '地理探测器：风险区探测',
  en: 'Geographical detector: risk detector',
  report: true,
  columns: {
    spec,
    factor: { kind: 'text', zh: '因子', en: 'Factor' },
    stratum1: { kind: 'text', zh: '分层 1', en: 'Stratum 1' },
    stratum2: { kind: 'text', zh: '分层 2', en: 'Stratum 2' },
    mean1: { kind: 'num', zh: '均值 1', en: 'Mean 1' },
    mean2: { kind: 'num', zh: '均值 2', en: 'Mean 2' },
    t: { kind: 'num', zh: 't', en: 't' },
    df: { kind: 'int', zh: '自由度', en: 'df' },
    p,
  },
});

export const GD_ECOLOGICAL = table({
  name: 'spatial_detector_ecological',
  file: 'spatial_detector_ecological.csv',
  zh: '地理探测器：生态探测',
  en: 'Geographical detector: ecological detector',
  report: true,
  columns: {
    spec,
    factor1: { kind: 'text', zh: '因子 1', en: 'Factor 1' },
    factor2: { kind: 'text', zh: '因子 2', en: 'Factor 2' },
    f: { kind: 'num', zh: 'F', en: 'F' },
    df1: { kind: 'int', zh: '自由度 1', en: 'df1' },
    df2: { kind: 'int', zh: '自由度 2', en: 'df2' },
    p,
  },
});

/** The OPGD grid of each factor with method: optimal (every method × number of classes and its q; the chosen one marked). */
export const GD_DISCRETISATION = table({
  name: 'spatial_detector_discretisation',
  file: 'spatial_detector_discretisation.csv',
  zh: '地理探测器：最优离散化',
  en: 'Geographical detector: optimal discretisation',
  report: true,
  columns: {
    spec,
    factor: { kind: 'text', zh: '因子', en: 'Factor' },
    method: { kind: 'text', zh: '离散化方法', en: 'Method', values: OPGD_NAMES },
    classes: { kind: 'int', zh: '分类数', en: 'Classes' },
    q: { kind: 'num', zh: 'q 值', en: 'q' },
    chosen: { kind: 'int', zh: '选中（1）', en: 'Chosen (1)' },
    breaks: { kind: 'text', zh: '分割点', en: 'Breaks' },
  },
});

export interface DetectorRows {
  discretisation: Row<typeof GD_DISCRETISATION.columns>[];
  factor: Row<typeof GD_FACTOR.columns>[];
  interaction: Row<typeof GD_INTERACTION.columns>[];
  risk: Row<typeof GD_RISK.columns>[];
  ecological: Row<typeof GD_ECOLOGICAL.columns>[];
}

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
const fmt = (x: number) => String(Number(x.toPrecision(6)));

/**
 * Rows of the four detector tables for one specification. `attributes`: the unit attributes (text, one entry per unit
 * of `panel`, '' when empty), the categorical factors a column of the data cannot hold.
 */
export function detectorRows(panel: ModelPanel, attributes: ReadonlyMap<string, readonly string[]>, d: Detector, path: string): DetectorRows {
  const nU = panel.units.length;
  const yAll = panel.resolve(d.y);
  if (!yAll)
    fail('E_SPATIAL_DATA', `${path}.y: "${d.y}" is neither a score of this run nor a column of the data`, {
      location: { path: `${path}.y` },
      hint: `known: ${panel.known().slice(0, 20).join(', ')}`,
    });
  const hasY = (k: number) => {
    for (let u = 0; u < nU; u++) if (Number.isFinite(yAll[k * nU + u])) return true;
    return false;
  };
  const periodIndex = (v: string | number, at: string) => {
    const k = panel.periods.indexOf(String(v));
    if (k < 0) fail('E_SPATIAL_DATA', `${at}: no period ${v}`, { location: { path: at }, hint: `periods: ${panel.periods.join(', ')}` });
    return k;
  };
  // The periods analysed: one (period, default the last with y), or with pooled every listed period (default: all with y).
  let ts: number[];
  if (d.pooled === true) {
    if (d.period !== undefined)
      fail('E_SPATIAL_MODEL', `${path}.period: a pooled detector takes its periods from periods, not period`, {
        location: { path: `${path}.period` },
        hint: 'remove period, or list the pooled periods under periods',
      });
    ts = d.periods ? d.periods.map((v, j) => periodIndex(v, `${path}.periods.${j}`)) : panel.periods.map((_, k) => k).filter(hasY);
    ts = [...new Set(ts)].sort((a, b) => a - b);
    if (ts.length < 2)
      fail('E_SPATIAL_DATA', `${path}.pooled: "${d.y}" has data in ${ts.length} period(s); pooling needs at least 2`, { location: { path: `${path}.pooled` } });
  } else {
    if (d.periods !== undefined)
      fail('E_SPATIAL_MODEL', `${path}.periods: periods are pooled only with pooled: true`, {
        location: { path: `${path}.periods` },
        hint: 'set pooled: true, or give one period under period',
      });
    let t = -1;
    if (d.period === undefined) {
      for (let k = 0; k < panel.periods.length; k++) if (hasY(k)) t = k;
      if (t < 0) fail('E_SPATIAL_DATA', `${path}.y: "${d.y}" has no value`, { location: { path: `${path}.y` } });
    } else t = periodIndex(d.period, `${path}.period`);
    ts = [t];
  }
  // Per factor: a label (category) per unit or a value per unit-period (row k·nU + u of the panel); an observation is a
  // unit-period with y and every factor (pooled: unit attributes repeat over the periods).
  const cols = d.factors.map((f, i) => {
    const fp = `${path}.factors.${i}.column`;
    const attr = attributes.get(f.column);
    if (attr) {
      if (f.method !== 'category')
        fail('E_SPATIAL_MODEL', `${fp}: "${f.column}" is a unit attribute (text): use method: category`, { location: { path: `${path}.factors.${i}.method` } });
      return { labels: attr.map((g) => (g === '' || g === undefined ? undefined : g)), values: undefined };
    }
    const v = panel.resolve(f.column);
    if (!v)
      fail('E_SPATIAL_DATA', `${fp}: "${f.column}" is neither a unit attribute, a score nor a data column`, {
        location: { path: fp },
        hint: `unit attributes: ${[...attributes.keys()].join(', ') || '(none)'}`,
      });
    return { labels: undefined, values: v };
  });
  const keep: number[] = []; // panel rows k·nU + u, period by period
  for (const k of ts)
    for (let u = 0; u < nU; u++) {
      if (!Number.isFinite(yAll[k * nU + u])) continue;
      if (cols.every((c) => (c.labels ? c.labels[u] !== undefined : Number.isFinite((c.values as Float64Array)[k * nU + u])))) keep.push(k * nU + u);
    }
  const y = Float64Array.from(keep, (r) => yAll[r]);
  const pooled = d.pooled === true;
  const used = ts.filter((k) => keep.some((r) => Math.floor(r / nU) === k));
  if (y.length < 3)
    fail(
      'E_SPATIAL_DATA',
      `${path}: ${y.length} ${pooled ? 'unit-period(s)' : 'unit(s)'} have y and every factor in ${pooled ? 'the pooled periods' : `period ${panel.periods[ts[0]]}`}`,
      {
        location: { path },
        hint: 'the geographical detector needs at least 3 units with complete data',
      },
    );
  const fromLabels = (l: string[]) => {
    const r = strataFromLabels(l);
    return { s: r.strata, labels: r.labels };
  };
  const disc: DetectorRows['discretisation'] = [];
  const strata: { s: Strata; labels: string[] }[] = d.factors.map((f, i) => {
    const c = cols[i];
    if (c.labels) return fromLabels(keep.map((r) => c.labels[r % nU] as string));
    const x = Float64Array.from(keep, (r) => (c.values as Float64Array)[r]);
    if (f.method === 'category') return fromLabels(Array.from(x, (v) => String(v)));
    let b: Float64Array;
    if (f.method === 'optimal') {
      const r = optimalDiscretisation(y, x, { path: `${path}.factors.${i}` });
      b = Float64Array.from(r.breaks).sort();
      for (const c of r.grid)
        disc.push({
          spec: d.name,
          factor: f.column,
          method: c.method,
          classes: c.classes,
          q: fin(c.q),
          chosen: c === r.grid.find((g) => g.method === r.method && g.classes === r.classes) ? 1 : 0,
          breaks: Array.from(c.breaks, fmt).join(' '),
        });
    } else b = discretisationBreaks(x, f.method, f.classes);
    const s = discretise(x, b);
    const u = b.filter((v, k) => k === 0 || v !== b[k - 1]);
    const labels: string[] = new Array(s.count);
    for (let i2 = 0; i2 < x.length; i2++) {
      let k = 0;
      while (k < u.length - 2 && x[i2] > u[k + 1]) k++;
      labels[s.codes[i2]] ??= `${k === 0 ? '[' : '('}${fmt(u[k])}, ${fmt(u[k + 1])}]`;
    }
    return { s, labels };
  });
  strata.forEach((st, i) => {
    if (st.s.count < 2 || st.s.count >= y.length)
      fail('E_SPATIAL_MODEL', `${path}.factors.${i}: "${d.factors[i].column}" has ${st.s.count} strata for ${y.length} ${pooled ? 'unit-periods' : 'units'}`, {
        location: { path: `${path}.factors.${i}` },
        hint: 'a factor needs at least 2 strata and fewer strata than units',
      });
  });
  const out: DetectorRows = { discretisation: disc, factor: [], interaction: [], risk: [], ecological: [] };
  const name = d.name;
  const col = (i: number) => d.factors[i].column;
  if (d.detectors.includes('factor'))
    strata.forEach((st, i) => {
      const r = factorDetector(y, st.s);
      out.factor.push({
        spec: name,
        period: pooled ? pooledPeriods(panel.periods, used) : periodCell(panel.periods[ts[0]]),
        pooled: pooled ? used.length : null,
        factor: col(i),
        method: d.factors[i].method,
        strata: st.s.count,
        n: y.length,
        q: fin(r.q),
        f: fin(r.f),
        lambda: fin(r.lambda),
        p: fin(r.p),
        singletons: r.singletons,
      });
    });
  if (d.detectors.includes('risk'))
    strata.forEach((st, i) => {
      for (const r of riskDetector(y, st.s))
        out.risk.push({
          spec: name,
          factor: col(i),
          stratum1: st.labels[r.i],
          stratum2: st.labels[r.j],
          mean1: r.meanI,
          mean2: r.meanJ,
          t: fin(r.t),
          df: fin(r.df),
          p: fin(r.p),
        });
    });
  for (let i = 0; i < strata.length; i++)
    for (let j = i + 1; j < strata.length; j++) {
      if (d.detectors.includes('interaction')) {
        const r = interactionDetector(y, strata[i].s, strata[j].s, { dropSingletons: d.dropSingletons === true });
        out.interaction.push({ spec: name, factor1: col(i), factor2: col(j), q1: fin(r.q1), q2: fin(r.q2), q12: fin(r.q12), strata: r.strata, type: r.type });
      }
      if (d.detectors.includes('ecological')) {
        const r = ecologicalDetector(y, strata[i].s, strata[j].s);
        out.ecological.push({ spec: name, factor1: col(i), factor2: col(j), f: fin(r.f), df1: r.df1, df2: r.df2, p: fin(r.p) });
      }
    }
  return out;
}

/**
 * The periods of a pooled detector as its factor table writes them in the period column: `first–last` when they are a
 * run of consecutive periods of the panel, else the list.
 */
export function pooledPeriods(periods: readonly string[], used: readonly number[]): string {
  const run = used.every((k, j) => j === 0 || k === used[j - 1] + 1);
  return run && used.length > 1 ? `${periods[used[0]]}–${periods[used[used.length - 1]]}` : used.map((k) => periods[k]).join(', ');
}
