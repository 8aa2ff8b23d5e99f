/**
 * The model frame: a formula's variables evaluated over a panel (units × periods, period-major
 * as everywhere in nqpf), then the rows with every value present (listwise deletion, counted).
 *
 * Lags and leads follow the period values: with numeric periods, l(x, 1) of 2015 is the 2014 value
 * (missing when 2014 is not in the panel); with text labels, the previous label in order.
 * `center` and `std` use every non-missing value of their argument over the whole panel (not the
 * estimation sample), as `egen … = mean()` in Stata. log/sqrt of values ≤ 0 / < 0 are refused with
 * the unit and period named (never a silent NaN).
 *
 * Pure: the caller resolves variable names to columns (`resolve`).
 */
import { fail } from '../../core/errors.js';
import { exprText, type Expr, type Formula } from './formula.js';

/** The panel a model is estimated on. */
export interface ModelPanel {
  units: readonly string[];
  periods: readonly string[];
  /** Numeric value of each period (the label when numeric); lags use it when every label is numeric. */
  periodValues: readonly number[];
  numericPeriods: boolean;
  /** A variable's column (length units × periods, period-major), or undefined when unknown. */
  resolve(name: string): Float64Array | undefined;
  /** Names a variable could be (for did-you-mean). */
  known(): readonly string[];
}

export interface ModelFrame {
  /** Observations kept. */
  n: number;
  /** Unit and period index (into the compacted `unitLabels` / `periodLabels`) of each kept row. */
  unit: Int32Array;
  period: Int32Array;
  unitLabels: string[];
  periodLabels: string[];
  /** Position of each kept row in the panel (t × units + u). */
  rows: Int32Array;
  y: Float64Array;
  yName: string;
  /** Regressor columns (no intercept), one per term. */
  X: Float64Array[];
  names: string[];
  /** Panel rows dropped because a value was missing (of those where the dependent variable exists or not). */
  dropped: number;
  /** Whether every unit has every period of the frame. */
  balanced: boolean;
}

/** Evaluate an expression over the panel (length units × periods). */
export function evaluate(e: Expr, p: ModelPanel, path: string, cache = new Map<string, Float64Array>()): Float64Array {
  const key = exprText(e);
  const hit = cache.get(key);
  if (hit) return hit;
  const nU = p.units.length;
  const N = nU * p.periods.length;
  let out: Float64Array;
  switch (e.kind) {
    case 'num':
      out = new Float64Array(N).fill(e.value);
      break;
    case 'var': {
      const v = p.resolve(e.name);
      if (!v) {
        const known = p.known();
        const near = known.filter((k) => k.toLowerCase() === e.name.toLowerCase() || k.startsWith(e.name) || e.name.startsWith(k)).slice(0, 3);
        fail('E_MODEL_VARIABLE', `${path}: "${e.name}" is neither a score of this run nor a column of the data`, {
          location: { path },
          hint: `${near.length ? `did you mean ${near.map((x) => `"${x}"`).join(' or ')}? ` : ''}variables: ${known.slice(0, 40).join(', ')}${known.length > 40 ? ', …' : ''}`,
        });
      }
      out = v;
      break;
    }
    case 'neg': {
      const a = evaluate(e.arg, p, path, cache);
      out = new Float64Array(N);
      for (let i = 0; i < N; i++) out[i] = -a[i];
      break;
    }
    case 'bin': {
      const a = evaluate(e.a, p, path, cache);
      const b = evaluate(e.b, p, path, cache);
      out = new Float64Array(N);
      const op = e.op;
      for (let i = 0; i < N; i++) {
        const x = a[i];
        const y = b[i];
        out[i] = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? (y === 0 ? Number.NaN : x / y) : x ** y;
      }
      break;
    }
    case 'call':
      out = call(e, p, path, cache);
      break;
  }
  cache.set(key, out);
  return out;
}

function call(e: Extract<Expr, { kind: 'call' }>, p: ModelPanel, path: string, cache: Map<string, Float64Array>): Float64Array {
  const a = evaluate(e.args[0], p, path, cache);
  const nU = p.units.length;
  const nT = p.periods.length;
  const N = nU * nT;
  const out = new Float64Array(N);
  const domain = (ok: (x: number) => boolean, what: string) => {
    const badAt: string[] = [];
    for (let i = 0; i < N; i++)
      if (!Number.isNaN(a[i]) && !ok(a[i]) && badAt.length < 5) badAt.push(`${p.units[i % nU]} ${p.periods[Math.floor(i / nU)]} (${a[i]})`);
    if (badAt.length)
      fail('E_MODEL_DOMAIN', `${path}: ${e.fn}(${exprText(e.args[0])}) needs ${what} values; not at ${badAt.join(', ')}`, {
        location: { path },
        hint: e.fn === 'log' || e.fn === 'log10' ? 'use log(x + 1) for counts with zeros, or drop those observations from the data' : undefined,
      });
  };
  switch (e.fn) {
    case 'log':
    case 'log10':
      domain((x) => x > 0, 'positive');
      for (let i = 0; i < N; i++) out[i] = e.fn === 'log' ? Math.log(a[i]) : Math.log10(a[i]);
      return out;
    case 'sqrt':
      domain((x) => x >= 0, 'non-negative');
      for (let i = 0; i < N; i++) out[i] = Math.sqrt(a[i]);
      return out;
    case 'exp':
    case 'abs':
      for (let i = 0; i < N; i++) out[i] = e.fn === 'exp' ? Math.exp(a[i]) : Math.abs(a[i]);
      return out;
    case 'I':
      return a;
    case 'center':
    case 'std': {
      let s = 0;
      let m = 0;
      for (let i = 0; i < N; i++)
        if (!Number.isNaN(a[i])) {
          s += a[i];
          m++;
        }
      const mean = s / m;
      let ss = 0;
      for (let i = 0; i < N; i++) if (!Number.isNaN(a[i])) ss += (a[i] - mean) ** 2;
      const sd = Math.sqrt(ss / (m - 1));
      for (let i = 0; i < N; i++) out[i] = e.fn === 'center' ? a[i] - mean : (a[i] - mean) / sd;
      return out;
    }
    case 'lag':
    case 'lead':
    case 'diff': {
      const k = e.fn === 'lead' ? -e.k : e.k;
      // Source period of each period t: the one k periods earlier (by value when numeric).
      const src = new Int32Array(nT).fill(-1);
      if (p.numericPeriods) {
        const pos = new Map(p.periodValues.map((v, t) => [v, t]));
        for (let t = 0; t < nT; t++) src[t] = pos.get(p.periodValues[t] - k) ?? -1;
      } else for (let t = 0; t < nT; t++) src[t] = t - k >= 0 && t - k < nT ? t - k : -1;
      for (let t = 0; t < nT; t++)
        for (let u = 0; u < nU; u++) {
          const lagged = src[t] < 0 ? Number.NaN : a[src[t] * nU + u];
          out[t * nU + u] = e.fn === 'diff' ? a[t * nU + u] - lagged : lagged;
        }
      return out;
    }
  }
}

/** Build the frame of `f` over `p` (listwise deletion over the dependent variable and every term). */
export function buildFrame(f: Formula, p: ModelPanel, path: string): ModelFrame {
  const cache = new Map<string, Float64Array>();
  const nU = p.units.length;
  const N = nU * p.periods.length;
  const yAll = evaluate(f.lhs, p, path, cache);
  const xAll = f.terms.map((t) => {
    const cols = t.factors.map((x) => evaluate(x, p, path, cache));
    if (cols.length === 1) return cols[0];
    const out = new Float64Array(N).fill(1);
    for (const c of cols) for (let i = 0; i < N; i++) out[i] *= c[i];
    return out;
  });
  // Rows with every value finite, column by column (a mask, then the kept positions).
  const bad = new Uint8Array(N);
  for (const c of [yAll, ...xAll]) for (let i = 0; i < N; i++) if (!Number.isFinite(c[i])) bad[i] = 1;
  let n = 0;
  for (let i = 0; i < N; i++) n += 1 - bad[i];
  const keep = new Int32Array(n);
  for (let i = 0, r = 0; i < N; i++) if (!bad[i]) keep[r++] = i;
  const unit = new Int32Array(n);
  const period = new Int32Array(n);
  // Compact unit / period indices in panel order.
  const nT = p.periods.length;
  const uSeen = new Uint8Array(nU);
  const tSeen = new Uint8Array(nT);
  for (let r = 0; r < n; r++) {
    const i = keep[r];
    const t = (i / nU) | 0;
    uSeen[i - t * nU] = 1;
    tSeen[t] = 1;
  }
  const unitLabels: string[] = [];
  const periodLabels: string[] = [];
  const uMap = new Int32Array(nU).fill(-1);
  const tMap = new Int32Array(nT).fill(-1);
  uSeen.forEach((seen, u) => {
    if (seen) {
      uMap[u] = unitLabels.length;
      unitLabels.push(p.units[u]);
    }
  });
  tSeen.forEach((seen, t) => {
    if (seen) {
      tMap[t] = periodLabels.length;
      periodLabels.push(p.periods[t]);
    }
  });
  for (let r = 0; r < n; r++) {
    const i = keep[r];
    const t = (i / nU) | 0;
    unit[r] = uMap[i - t * nU];
    period[r] = tMap[t];
  }
  // Columns of the kept rows. A complete panel shares the columns: data sets are read-only (nothing in
  // the lenses writes into a frame's y or X; the estimators transform into new arrays).
  const pick = (c: Float64Array) => {
    if (n === N) return c;
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = c[keep[r]];
    return out;
  };
  const y = pick(yAll);
  const X = xAll.map(pick);
  return {
    n,
    unit,
    period,
    unitLabels,
    periodLabels,
    rows: keep,
    y,
    yName: f.lhsName,
    X,
    names: f.terms.map((t) => t.name),
    dropped: N - n,
    balanced: n === unitLabels.length * periodLabels.length,
  };
}

/**
 * A {@link ModelPanel} from long records (one per unit-period): the library entry point for data
 * outside a run (e.g. a CSV read by the caller). Units in order of first appearance; periods sorted
 * (numerically when every label is a number). A repeated unit-period is an error naming both rows.
 */
export function panelFromRecords(unit: readonly string[], period: readonly string[], columns: Readonly<Record<string, ArrayLike<number>>>): ModelPanel {
  const units = [...new Set(unit)];
  const numeric = period.every((p) => /^-?\d+(\.\d+)?$/.test(p));
  const periods = [...new Set(period)].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  const uIx = new Map(units.map((u, i) => [u, i]));
  const tIx = new Map(periods.map((p, i) => [p, i]));
  const nU = units.length;
  const N = nU * periods.length;
  const cols = new Map<string, Float64Array>();
  const seen = new Int32Array(N).fill(-1);
  unit.forEach((u, r) => {
    const at = tIx.get(period[r])! * nU + uIx.get(u)!;
    if (seen[at] >= 0)
      fail('E_DUPLICATE_ROWS', `unit ${u}, period ${period[r]} on records ${seen[at] + 1} and ${r + 1}`, { hint: 'one record per unit and period' });
    seen[at] = r;
  });
  for (const [name, v] of Object.entries(columns)) {
    const out = new Float64Array(N).fill(Number.NaN);
    for (let i = 0; i < N; i++) if (seen[i] >= 0) out[i] = v[seen[i]];
    cols.set(name, out);
  }
  return {
    units,
    periods,
    periodValues: periods.map((p, i) => (numeric ? Number(p) : i)),
    numericPeriods: numeric,
    resolve: (name) => cols.get(name),
    known: () => [...cols.keys()],
  };
}
