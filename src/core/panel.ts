/**
 * The columnar panel every step works on (conventions: "Columnar panel").
 *
 * Units × periods × indicators; each indicator is one `Float64Array` of length
 * `units.length * periods.length`, NaN = missing, laid out **period-major**:
 * `index = t * nUnits + u`, so one period is the contiguous `subarray(t*nU, (t+1)*nU)`.
 * A cross-section has exactly one period whose label is "" (`hasPeriod = false`).
 */
export interface Panel {
  /** Canonical unit codes, in output order. */
  units: string[];
  /** Period labels as written in the data, sorted ascending. */
  periods: string[];
  /** Numeric position of each period (the label when numeric, else its index); used for interpolation. */
  periodValues: number[];
  /** False for a single cross-section without a period column. */
  hasPeriod: boolean;
  /** Indicator (column) codes in input order. */
  indicators: string[];
  /** Values per indicator code. */
  values: Map<string, Float64Array>;
  /** Unit attributes (region group, names, codes, coordinates as text) keyed by attribute name; each array has one entry per unit. */
  attributes: Map<string, string[]>;
}

export function nUnits(p: Panel): number {
  return p.units.length;
}

export function nPeriods(p: Panel): number {
  return p.periods.length;
}

/** A deep copy whose arrays can be modified without touching `p`. */
export function clonePanel(p: Panel): Panel {
  const values = new Map<string, Float64Array>();
  for (const [k, v] of p.values) values.set(k, v.slice());
  const attributes = new Map<string, string[]>();
  for (const [k, v] of p.attributes) attributes.set(k, v.slice());
  return {
    ...p,
    units: p.units.slice(),
    periods: p.periods.slice(),
    periodValues: p.periodValues.slice(),
    indicators: p.indicators.slice(),
    values,
    attributes,
  };
}

/** Values of indicator `code` in period `t` (a view, not a copy). */
export function periodSlice(p: Panel, code: string, t: number): Float64Array {
  const n = p.units.length;
  const col = p.values.get(code);
  if (!col) throw new Error(`panel has no indicator "${code}"`);
  return col.subarray(t * n, (t + 1) * n);
}

/** Group index per unit for attribute `attr` (-1 where the attribute is empty), and the group labels. */
export function groupIndex(p: Panel, attr: string): { index: Int32Array; labels: string[] } | undefined {
  const a = p.attributes.get(attr);
  if (!a) return undefined;
  const labels: string[] = [];
  const pos = new Map<string, number>();
  const index = new Int32Array(a.length);
  a.forEach((g, i) => {
    if (g === '' || g === undefined) {
      index[i] = -1;
      return;
    }
    let k = pos.get(g);
    if (k === undefined) {
      k = labels.length;
      labels.push(g);
      pos.set(g, k);
    }
    index[i] = k;
  });
  return { index, labels };
}
