/**
 * Built-in spatial weights for China's 31 provinces, and economic-distance weights for any units
 * (`analyses.weights.method`: `contiguity`, `distance`, `economic`):
 *
 * - {@link weightsProvinceContiguity}: queen contiguity of the provinces' land borders
 *   (`core/units/contiguity.ts`), Hainan linked by a convention (`hainan`, default Guangdong);
 * - {@link weightsCapitalDistance}: inverse great-circle distance between the provincial capitals
 *   of the unit registry, w_ij = d_ij^−power for d_ij ≤ cutoff (km);
 * - {@link weightsEconomicDistance}: w_ij = 1/|x̄_i − x̄_j| from one value per unit (e.g. GDP per
 *   capita, its mean over the periods: {@link unitLevels});
 * - {@link weightsNested}: nested geographic × economic weights (product, scaled or weighted).
 *
 * Every builder then follows the shared conventions of ./weights.ts (`style` W/B, `islands`).
 * Units are the data's unit names; the province builders take each unit's GB/T 2260 code
 * ({@link provinceCodes}).
 */
import { fail } from '../../core/errors.js';
import { HAINAN_DEFAULT, provinceContiguityPairs, type HainanRule } from '../../core/units/contiguity.js';
import { PROVINCES } from '../../core/units/provinces.js';
import { UnitRegistry } from '../../core/units/registry.js';
import type { SpatialWeights } from './types.js';
import { pointDistance, weightsFromCoordinates, weightsFromMatrix, weightsFromPairs, type WeightsOptions } from './weights.js';

const BY_CODE = new Map(PROVINCES.map((p) => [p.code, p]));

/**
 * The GB/T 2260 code of each unit: its `code` attribute when that is a province code, else the
 * province registry's match of its name (北京, 北京市, Beijing, 110000 …). Units that are not one of
 * the 31 provinces fail with `E_ANALYSIS_WEIGHTS` naming them, as do two units of one province.
 */
export function provinceCodes(units: readonly string[], codeAttribute?: readonly string[], path?: string, method = 'contiguity'): string[] {
  const reg = UnitRegistry.provinces();
  const out: string[] = [];
  const bad: string[] = [];
  units.forEach((u, i) => {
    const a = codeAttribute?.[i];
    const code = a !== undefined && BY_CODE.has(a) ? a : reg.lookup(u)?.code;
    if (code === undefined) bad.push(u);
    else out.push(code);
  });
  if (bad.length) {
    fail(
      'E_ANALYSIS_WEIGHTS',
      `method: ${method} is built for China's 31 provinces; ${bad.length} unit${bad.length > 1 ? 's are' : ' is'} not a province: ${bad.join(', ')}`,
      {
        location: path ? { path: `${path}.method` } : undefined,
        hint: 'for other units give a file (pairs, GAL, GeoJSON, matrix) or coordinates with method knn or idw',
        data: { units: bad },
      },
    );
  }
  const seen = new Map<string, string>();
  units.forEach((u, i) => {
    const prev = seen.get(out[i]);
    if (prev !== undefined) {
      fail('E_ANALYSIS_WEIGHTS', `units "${prev}" and "${u}" are the same province (${out[i]})`, {
        location: path ? { path: `${path}.method` } : undefined,
        hint: 'each province must be one unit',
      });
    }
    seen.set(out[i], u);
  });
  return out;
}

/** Capital coordinates lon0, lat0, lon1, lat1, … (degrees) of the provinces `codes`, in that order. */
export function capitalCoordinates(codes: readonly string[]): Float64Array {
  const xy = new Float64Array(2 * codes.length);
  codes.forEach((c, i) => {
    const p = BY_CODE.get(c);
    xy[2 * i] = p ? p.lon : NaN;
    xy[2 * i + 1] = p ? p.lat : NaN;
  });
  return xy;
}

/** Options of {@link weightsProvinceContiguity}. */
export interface ContiguityOptions extends WeightsOptions {
  /** Hainan's links (no land border): `guangdong` (default), `guangdong-guangxi`, `none` (an island). */
  hainan?: HainanRule;
}

/**
 * Queen contiguity of the provinces `codes` (one per unit, `units` order): the land-border pairs
 * among them, plus Hainan's conventional links when both ends are present. A province whose
 * neighbours are all absent from the data is an island (`islands`; `nearest` uses the capitals'
 * great-circle distances unless `coordinates` are given). Default style `W`. Cost O(n + pairs).
 *
 * @example weightsProvinceContiguity(['北京', '天津', '河北'], ['110000', '120000', '130000']) // each row sums to 1
 */
export function weightsProvinceContiguity(units: string[], codes: readonly string[], opts: ContiguityOptions = {}): SpatialWeights {
  const hainan = opts.hainan ?? HAINAN_DEFAULT;
  if (hainan !== 'guangdong' && hainan !== 'guangdong-guangxi' && hainan !== 'none') {
    fail('E_BAD_OPTION', `invalid hainan rule: "${String(hainan)}" (known: guangdong, guangdong-guangxi, none)`, {
      location: opts.path ? { path: `${opts.path}.hainan` } : undefined,
    });
  }
  const name = new Map(codes.map((c, i) => [c, units[i]]));
  const pairs: [string, string][] = [];
  for (const [a, b] of provinceContiguityPairs(hainan)) {
    const ua = name.get(a);
    const ub = name.get(b);
    if (ua !== undefined && ub !== undefined) pairs.push([ua, ub]);
  }
  const own = opts.coordinates !== undefined;
  return weightsFromPairs(units, pairs, {
    ...opts,
    symmetric: true,
    coordinates: own ? opts.coordinates : capitalCoordinates(codes),
    metric: own ? opts.metric : 'greatcircle',
  });
}

/** Options of {@link weightsCapitalDistance}. */
export interface CapitalDistanceOptions extends WeightsOptions {
  /** Distance decay exponent (default 1). */
  power?: number;
  /** Largest distance linked, km (default: none, every pair). */
  cutoff?: number;
}

/**
 * Inverse great-circle distance between the provincial capitals: w_ij = d_ij^−power for every
 * j ≠ i with d_ij ≤ cutoff (km, haversine on the mean Earth radius), from the registry's capital
 * coordinates (0.01°). Default style `W`. Cost O(n²).
 *
 * @example weightsCapitalDistance(['北京', '天津'], ['110000', '120000'], { style: 'B' })
 */
export function weightsCapitalDistance(units: string[], codes: readonly string[], opts: CapitalDistanceOptions = {}): SpatialWeights {
  return weightsFromCoordinates(units, capitalCoordinates(codes), {
    ...opts,
    method: 'idw',
    metric: 'greatcircle',
    coordinates: undefined,
  });
}

/**
 * One value per unit from a period-major panel column (`col[t·n + u]`): the mean over the
 * periods with a value (missing values skipped; `period` undefined), or the value in period index
 * `period`. A unit without any value is NaN. Cost O(n · periods).
 */
export function unitLevels(col: ArrayLike<number>, nUnits: number, nPeriods: number, period?: number): Float64Array {
  const out = new Float64Array(nUnits);
  for (let u = 0; u < nUnits; u++) {
    if (period !== undefined) {
      out[u] = col[period * nUnits + u];
      continue;
    }
    let s = 0;
    let m = 0;
    for (let t = 0; t < nPeriods; t++) {
      const v = col[t * nUnits + u];
      if (v === v) {
        s += v;
        m++;
      }
    }
    out[u] = m ? s / m : NaN;
  }
  return out;
}

/** Options of {@link weightsEconomicDistance}. */
export interface EconomicDistanceOptions extends WeightsOptions {
  /** What `x` is, for messages (e.g. `"gdp_pc (mean over 2011–2022)"`). */
  label?: string;
}

/**
 * Economic-distance weights w_ij = 1/|x_i − x_j| for every pair i ≠ j (the "economic distance"
 * matrix, 经济距离矩阵, of the Chinese regional literature), from one value per unit
 * (`x`, e.g. GDP per capita averaged over the periods). A missing value fails with
 * `E_MISSING_VALUES` naming the units; two units with the same value (an infinite weight) fail
 * with `E_WEIGHTS_TIE` naming both. Default style `W`. Cost O(n²).
 *
 * @example weightsEconomicDistance(['A', 'B', 'C'], Float64Array.of(1, 2, 4), { style: 'B' })
 */
export function weightsEconomicDistance(units: string[], x: ArrayLike<number>, opts: EconomicDistanceOptions = {}): SpatialWeights {
  return weightsFromMatrix(units, economicRows(units, x, opts), { ...opts });
}

/** The raw economic-distance matrix 1/|x_i − x_j| (rows), with the checks of {@link weightsEconomicDistance}. */
function economicRows(units: string[], x: ArrayLike<number>, opts: EconomicDistanceOptions): Float64Array[] {
  const n = units.length;
  const what = opts.label ?? 'the economic variable';
  const loc = opts.path ? { path: `${opts.path}.column` } : undefined;
  if (x.length !== n) fail('E_BAD_INPUT', `economic distance needs one value per unit (${n}), got ${x.length}`, { location: loc });
  const miss = units.filter((_u, i) => !Number.isFinite(x[i]));
  if (miss.length) {
    fail('E_MISSING_VALUES', `economic distance: ${what} is missing for ${miss.length} unit${miss.length > 1 ? 's' : ''}: ${miss.join(', ')}`, {
      location: loc,
      hint: 'give every unit a value (in some period, when the mean over the periods is used), or choose another column or period',
      data: { units: miss },
    });
  }
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const r = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = Math.abs(x[i] - x[j]);
      if (dx === 0) {
        fail('E_WEIGHTS_TIE', `economic distance: "${units[i]}" and "${units[j]}" have the same ${what} (${x[i]}), so 1/|x_i − x_j| is infinite`, {
          location: loc,
          hint: 'use the mean over the periods (omit period), another period or another column',
          data: { units: [units[i], units[j]], value: x[i] },
        });
      }
      r[j] = 1 / dx;
    }
    rows.push(r);
  }
  return rows;
}

/** How {@link weightsNested} combines the geographic and the economic part. */
export type Nesting = 'product' | 'scaled' | 'weighted';
export const NESTINGS: readonly Nesting[] = ['product', 'scaled', 'weighted'];

/** Options of {@link weightsNested}. */
export interface NestedOptions extends EconomicDistanceOptions {
  /** product (default), scaled or weighted. */
  nesting?: Nesting;
  /** weighted: the share φ of the geographic part (default 0.5). */
  phi?: number;
  /** Distance decay exponent of the geographic part (default 1). */
  power?: number;
  /** Largest distance linked in the geographic part (default: none). */
  cutoff?: number;
}

/**
 * Nested geographic × economic weights (经济地理嵌套矩阵) from point coordinates `xy` (x0,y0,x1,y1,…; `metric`
 * euclidean or greatcircle, km) and one economic value per unit `x`. The geographic part is g_ij = d_ij^−power for
 * 0 < d_ij ≤ cutoff, the economic part e_ij = 1/|x_i − x_j| (checks of {@link weightsEconomicDistance}). `nesting`:
 *
 * - `product` (default): w_ij = g_ij · e_ij — near and economically alike units are linked strongest;
 * - `scaled`: w_ij = g_ij · x_j / x̄ (W = W_d · diag(x_1/x̄, …, x_n/x̄), x̄ the mean; economically larger neighbours
 *   weigh more) — needs x > 0;
 * - `weighted`: w_ij = φ·g_ij/Σ_k g_ik + (1 − φ)·e_ij/Σ_k e_ik (each part row-standardised first), φ = `phi`.
 *
 * Then `style` (W divides each row by its sum, B sets every link to 1) and `islands` as everywhere. Cost O(n²).
 *
 * @example weightsNested(['A', 'B', 'C'], Float64Array.of(0, 0, 1, 0, 3, 0), Float64Array.of(1, 2, 4), { nesting: 'product' })
 */
export function weightsNested(units: string[], xy: Float64Array, x: ArrayLike<number>, opts: NestedOptions = {}): SpatialWeights {
  const n = units.length;
  const nesting = opts.nesting ?? 'product';
  const loc = (f: string) => (opts.path ? { path: `${opts.path}.${f}` } : undefined);
  if (!NESTINGS.includes(nesting)) fail('E_BAD_OPTION', `invalid nesting: "${String(nesting)}" (known: ${NESTINGS.join(', ')})`, { location: loc('nesting') });
  const phi = opts.phi ?? 0.5;
  if (!(phi >= 0 && phi <= 1)) fail('E_BAD_OPTION', `nested weights: phi must lie in [0, 1], got ${phi}`, { location: loc('phi') });
  const power = opts.power ?? 1;
  const cutoff = opts.cutoff ?? Infinity;
  if (!(Number.isFinite(power) && power > 0)) fail('E_BAD_OPTION', `nested weights: power must be a positive number, got ${power}`, { location: loc('power') });
  if (!(cutoff > 0)) fail('E_BAD_OPTION', `nested weights: cutoff must be > 0, got ${cutoff}`, { location: loc('cutoff') });
  if (xy.length !== 2 * n) fail('E_BAD_INPUT', `nested weights need coordinates of ${n} units, got ${xy.length / 2}`, { location: loc('coordinates') });
  const metric = opts.metric ?? 'euclidean';
  const econ = economicRows(units, x, opts);
  const geo: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const r = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = pointDistance(xy, i, j, metric);
      if (!(d > 0)) {
        fail('E_BAD_INPUT', `units "${units[i]}" and "${units[j]}" have the same coordinates; inverse-distance weights are infinite`, {
          location: loc('coordinates'),
          hint: 'fix the coordinates',
        });
      }
      if (d <= cutoff) r[j] = Math.pow(d, -power);
    }
    geo.push(r);
  }
  let mean = 0;
  if (nesting === 'scaled') {
    const bad = units.filter((_u, i) => !(x[i] > 0));
    if (bad.length) {
      fail('E_BAD_INPUT', `nested weights (scaled): the economic variable must be positive, not for ${bad.join(', ')}`, {
        location: loc('column'),
        hint: 'scaled nesting weighs neighbours by x_j / x̄; use a positive variable (e.g. GDP per capita) or nesting: product',
      });
    }
    for (let i = 0; i < n; i++) mean += x[i] / n;
  }
  const sum = (r: Float64Array) => r.reduce((a, b) => a + b, 0);
  const rows = geo.map((g, i) => {
    const e = econ[i];
    const out = new Float64Array(n);
    if (nesting === 'product') for (let j = 0; j < n; j++) out[j] = g[j] * e[j];
    else if (nesting === 'scaled') for (let j = 0; j < n; j++) out[j] = (g[j] * x[j]) / mean;
    else {
      const sg = sum(g);
      const se = sum(e);
      for (let j = 0; j < n; j++) out[j] = (sg > 0 ? (phi * g[j]) / sg : 0) + (se > 0 ? ((1 - phi) * e[j]) / se : 0);
    }
    return out;
  });
  return weightsFromMatrix(units, rows, { style: opts.style, islands: opts.islands, path: opts.path, coordinates: xy, metric });
}
