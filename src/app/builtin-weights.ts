/**
 * The spatial weights `analyses.weights.method` builds without a file: the provinces' queen
 * contiguity (`contiguity`), the inverse distance between their capitals (`distance`) — for a
 * city panel the cities' queen or rook contiguity and the inverse distance between their polygon
 * centroids on the built-in city map (`analysis/spatial/city-builtin.ts`) —, economic
 * distance from a data column (`economic`) and the nested geographic × economic weights
 * (`nested`: distances from `coordinates`, else between the provincial capitals). The kernels are
 * in `analysis/spatial/builtin.ts`; here the spec is read against the run's units and data.
 */
import { fail, nearest, NqpfError } from '../core/errors.js';
import type { Panel } from '../core/panel.js';
import { problemOf, type Problem } from '../core/problems.js';
import { UnitRegistry } from '../core/units/registry.js';
import {
  capitalCoordinates,
  provinceCodes,
  unitLevels,
  weightsCapitalDistance,
  weightsEconomicDistance,
  weightsNested,
  weightsProvinceContiguity,
} from '../analysis/spatial/builtin.js';
import { cityCodes, weightsCityContiguity, weightsCityDistance } from '../analysis/spatial/city-builtin.js';
import type { SpatialWeights } from '../analysis/spatial/types.js';
import type { WeightsOptions } from '../analysis/spatial/weights.js';
import type { Spec } from '../spec/schema.js';

type WeightsSpec = NonNullable<Spec['analyses']['weights']>;

/** The methods built here (no file, no coordinates needed). */
export const BUILTIN_WEIGHTS = ['contiguity', 'distance', 'economic', 'nested'] as const;

/** True when `method` is built here. */
export function isBuiltinWeights(method: string | undefined): method is (typeof BUILTIN_WEIGHTS)[number] {
  return (BUILTIN_WEIGHTS as readonly string[]).includes(method ?? '');
}

/**
 * The problems of a built-in `w.method` that can be told before the run (for `nqpf validate`):
 * a file given too, units that are not provinces (contiguity, distance), economic's column
 * missing or unknown, a period not in the data. Values (missing, tied) are checked when the
 * weights are built, on the units the analyses see.
 */
export function checkBuiltinWeights(w: WeightsSpec, panel: Panel, path = 'analyses.weights'): Problem[] {
  if (!isBuiltinWeights(w.method)) return [];
  try {
    refuseFile(w, path);
    if (w.method === 'economic' || w.method === 'nested') {
      economicColumn(w, path);
      economicValues(w.column!, w.period, panel.units, panel.attributes, panel, path);
    }
    const cities = (w.method === 'contiguity' || w.method === 'distance') && builtinCityCodes(panel.units, panel.attributes, path);
    if (w.method !== 'economic' && !(w.method === 'nested' && w.coordinates) && !cities)
      provinceCodes(panel.units, panel.attributes.get('code'), path, w.method);
  } catch (e) {
    if (!(e instanceof NqpfError)) throw e;
    return [problemOf(e)];
  }
  return [];
}

function refuseFile(w: WeightsSpec, path: string): void {
  if (w.file !== undefined && isBuiltinWeights(w.method)) {
    fail('E_SPEC', `${path}: give either file or method: ${w.method}, not both`, {
      location: { path: `${path}.method` },
      hint: `method: ${w.method} builds the weights itself; remove file, or remove method to read the file`,
    });
  }
}

function economicColumn(w: WeightsSpec, path: string): string {
  if (!w.column) {
    fail('E_MISSING_OPTION', `${path}: method ${w.method} needs column (the economic variable x, e.g. GDP per capita)`, {
      location: { path: `${path}.column` },
      hint: `e.g. analyses: { weights: { method: ${w.method}, column: gdp_pc } }`,
    });
  }
  return w.column;
}

/**
 * The city codes of `units` when the run is a city panel (issue 19): the cn-cities registry's
 * attributes are there (`kind`), or the units are not all provinces and every one is a
 * prefecture-level city or municipality. Undefined for a province panel (and for units that are
 * neither, which then get the province builders' error).
 */
export function builtinCityCodes(units: readonly string[], attributes: Map<string, string[]>, path?: string): string[] | undefined {
  if (!attributes.has('kind')) {
    const prov = UnitRegistry.provinces();
    if (units.every((u) => prov.lookup(u))) return undefined;
  }
  return cityCodes(units, attributes.get('code'), path);
}

/**
 * Build the weights of `w.method` (contiguity, distance, economic) for `units` (the scores'
 * units, with their `attributes`); `raw` is the data panel, where `economic` finds its column.
 * `common` carries style, islands, the spec path and coordinates given in the spec.
 */
export function buildBuiltinWeights(
  w: WeightsSpec,
  units: string[],
  attributes: Map<string, string[]>,
  raw: Panel | undefined,
  common: WeightsOptions & { path: string },
): SpatialWeights {
  const path = common.path;
  refuseFile(w, path);
  const cities = w.method === 'contiguity' || w.method === 'distance' ? builtinCityCodes(units, attributes, path) : undefined;
  if (cities && w.method === 'contiguity') {
    return weightsCityContiguity(units, cities, { ...common, coordinates: w.coordinates ? common.coordinates : undefined, rule: w.contiguity });
  }
  if (cities) return weightsCityDistance(units, cities, { style: common.style, islands: common.islands, path, power: w.power, cutoff: w.cutoff });
  if (w.method === 'contiguity') {
    const codes = provinceCodes(units, attributes.get('code'), path, 'contiguity');
    return weightsProvinceContiguity(units, codes, { ...common, coordinates: w.coordinates ? common.coordinates : undefined, hainan: w.hainan });
  }
  if (w.method === 'distance') {
    const codes = provinceCodes(units, attributes.get('code'), path, 'distance');
    return weightsCapitalDistance(units, codes, { style: common.style, islands: common.islands, path, power: w.power, cutoff: w.cutoff });
  }
  const column = economicColumn(w, path);
  const { x, label } = economicValues(column, w.period, units, attributes, raw, path);
  if (w.method === 'economic') return weightsEconomicDistance(units, x, { style: common.style, islands: common.islands, path, label });
  // nested: geographic distances from the given coordinates, else between the provincial capitals (km)
  const own = common.coordinates !== undefined;
  const xy = common.coordinates ?? capitalCoordinates(provinceCodes(units, attributes.get('code'), path, 'nested'));
  return weightsNested(units, xy, x, {
    style: common.style,
    islands: common.islands,
    path,
    label,
    metric: own ? common.metric : 'greatcircle',
    nesting: w.nesting,
    phi: w.phi,
    power: w.power,
    cutoff: w.cutoff,
  });
}

/**
 * One value per unit of `column`: a data column of `raw` (mean over the periods, or the value in
 * `period`) or, failing that, a numeric unit attribute (the same in every period).
 */
export function economicValues(
  column: string,
  period: string | number | undefined,
  units: string[],
  attributes: Map<string, string[]>,
  raw: Panel | undefined,
  path: string,
): { x: Float64Array; label: string } {
  const col = raw?.values.get(column);
  if (raw && col) {
    const nU = raw.units.length;
    const nT = raw.periods.length;
    let t: number | undefined;
    if (period !== undefined) {
      t = raw.periods.indexOf(String(period));
      if (t < 0) {
        fail('E_BAD_OPTION', `${path}.period: "${period}" is not a period of the data (periods: ${raw.periods.join(', ')})`, {
          location: { path: `${path}.period` },
          hint: 'omit period to use each unit’s mean over all periods',
        });
      }
    }
    const lv = unitLevels(col, nU, nT, t);
    const pos = new Map(raw.units.map((u, i) => [u, i]));
    const x = new Float64Array(units.length);
    units.forEach((u, i) => {
      const k = pos.get(u);
      x[i] = k === undefined ? NaN : lv[k];
    });
    const when = t !== undefined ? `in ${raw.periods[t]}` : nT > 1 && raw.hasPeriod ? `mean over ${raw.periods[0]}–${raw.periods[nT - 1]}` : '';
    return { x, label: when ? `${column} (${when})` : column };
  }
  const attr = attributes.get(column);
  if (attr) {
    const x = new Float64Array(units.length);
    units.forEach((_u, i) => {
      const s = (attr[i] ?? '').trim();
      x[i] = s === '' ? NaN : Number(s);
    });
    return { x, label: column };
  }
  const known = [...(raw?.indicators ?? []), ...attributes.keys()];
  const near = nearest(column, known, 2);
  fail('E_COLUMN_NOT_FOUND', `${path}.column: "${column}" is neither a data column the run read nor a unit attribute`, {
    location: { path: `${path}.column` },
    hint:
      `${near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}? ` : ''}` +
      'the run reads the framework’s indicator and denominator columns and the unit attributes ' +
      `(${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''})`,
  });
}
