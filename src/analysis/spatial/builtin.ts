/**
 * Built-in spatial weights for China's 31 provinces, and economic-distance weights for any units
 * (`analyses.weights.method`: `contiguity`, `distance`, `economic`):
 *
 * - {@link weightsProvinceContiguity}: queen contiguity of the provinces' land borders
 *   (`core/units/contiguity.ts`), Hainan linked by a convention (`hainan`, default Guangdong);
 * - {@link weightsCapitalDistance}: inverse great-circle distance between the provincial capitals
 *   of the unit registry, w_ij = d_ij^−power for d_ij ≤ cutoff (km);
 * - {@link weightsEconomicDistance}: w_ij = 1/|x̄_i − x̄_j| from one value per unit (e.g. GDP per
 *   capita, its mean over the periods: {@link unitLevels}).
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
import { weightsFromCoordinates, weightsFromMatrix, weightsFromPairs, type WeightsOptions } from './weights.js';

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
  return weightsFromMatrix(units, rows, { ...opts });
}
