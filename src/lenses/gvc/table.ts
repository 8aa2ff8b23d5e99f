/**
 * The generic in-memory inter-country input–output (ICIO) table of the value-chain lens (issue 18),
 * and its validation. Pure: the readers (io/read/icio.ts) build an {@link IcioInput} from files and
 * pass the file name for the error locations.
 *
 * Layout (the one decompr, OECD ICIO and WIOD share): n = G·N sectors ordered country by country,
 * industries in the same order within each country; sector index k = g·N + i.
 * - Z: n × n intermediate use, row-major (row = supplying sector, column = using sector);
 * - Y: n × (G·F) final demand, F categories per destination country, country-major (the F columns of
 *   country 1, then of country 2 …); the table keeps Y summed by destination (n × G);
 * - X: gross output (n), default Σ_j Z_ij + Σ_c Y_ic;
 * - VA: value added (n), default X_j − Σ_i Z_ij.
 *
 * Validation (E_ICIO_TABLE / E_ICIO_BALANCE, each naming the sector and the row/column):
 * labels non-empty and unique; shapes; every value finite; Z ≥ 0, X ≥ 0, VA ≥ 0; Y may be negative
 * (net changes in inventories are a final-demand category in ICIO tables, negative in some years —
 * allowed and counted in `negativeFinal`; see upstreamness.ts for the inventory adjustment);
 * row balance |Σ_j Z_ij + Σ_c Y_ic − X_i| ≤ tol·max(1, |X_i|) and, when VA is given, column
 * balance |Σ_i Z_ij + VA_j − X_j| ≤ tol·max(1, |X_j|). Default tol = 1e-6 (relative; published tables
 * round to 0.1 or 1e-3 of a unit, so pass a looser tolerance for them, e.g. 1e-3).
 * A sector with X = 0 must have a zero row and column (its coefficients are then 0, as decompr sets them).
 */
import { fail } from '../../core/errors.js';

/** What a reader or the API passes in. Arrays are row-major. */
export interface IcioInput {
  countries: readonly string[];
  industries: readonly string[];
  /** n × n intermediate use. */
  Z: ArrayLike<number>;
  /** n × (G·F) final demand, F ≥ 1 categories per destination country (country-major). */
  Y: ArrayLike<number>;
  /** Gross output; default: row sums of Z and Y. */
  X?: ArrayLike<number>;
  /** Value added; default: X − column sums of Z. */
  VA?: ArrayLike<number>;
  /** Net changes in inventories by sector (n), if the table states them (upstreamness adjustment). */
  inventories?: ArrayLike<number>;
}

/** Options of {@link icioTable}. */
export interface IcioOptions {
  /** Relative balance tolerance (default 1e-6): |Σ − X| ≤ tol·max(1, |X|). */
  tolerance?: number;
  /** File the table came from (error locations). */
  file?: string;
}

/** A validated ICIO table. */
export interface IcioTable {
  countries: string[];
  industries: string[];
  /** Countries G, industries N, sectors n = G·N. */
  G: number;
  N: number;
  n: number;
  /** `country.industry` per sector (decompr's row names). */
  sectors: string[];
  Z: Float64Array;
  /** n × G final demand by destination country (categories summed). */
  Y: Float64Array;
  X: Float64Array;
  VA: Float64Array;
  inventories?: Float64Array;
  /** Largest relative row-balance gap found (≤ tolerance). */
  balanceGap: number;
  /** Number of negative final-demand entries (inventory draw-downs), allowed. */
  negativeFinal: number;
}

/** Default relative balance tolerance of {@link icioTable}. */
export const ICIO_TOLERANCE = 1e-6;

function checkLabels(what: string, labels: readonly string[], file?: string): void {
  if (labels.length === 0) fail('E_ICIO_TABLE', `no ${what} given`, { location: { file } });
  const seen = new Set<string>();
  for (const l of labels) {
    if (typeof l !== 'string' || l.trim() === '') fail('E_ICIO_TABLE', `an empty ${what.replace(/ies$/, 'y').replace(/s$/, '')} label`, { location: { file } });
    if (seen.has(l)) fail('E_ICIO_TABLE', `${what} label "${l}" appears twice`, { location: { file } });
    seen.add(l);
  }
}

/**
 * Validate an ICIO table and bring it to the lens's form (Y summed by destination, X and VA filled).
 * Cost O(n² + n·G·F).
 * @example icioTable({ countries: ['A', 'B'], industries: ['x'], Z: [1, 2, 3, 4], Y: [7, 0, 0, 3] })
 */
export function icioTable(input: IcioInput, opts: IcioOptions = {}): IcioTable {
  const file = opts.file;
  const tol = opts.tolerance ?? ICIO_TOLERANCE;
  checkLabels('countries', input.countries, file);
  checkLabels('industries', input.industries, file);
  const countries = [...input.countries];
  const industries = [...input.industries];
  const G = countries.length;
  const N = industries.length;
  const n = G * N;
  const sectors = countries.flatMap((c) => industries.map((i) => `${c}.${i}`));
  const loc = (row?: number, column?: string | number) => ({ location: { file, row, column } });
  if (input.Z.length !== n * n) {
    fail('E_ICIO_TABLE', `Z has ${input.Z.length} values; ${G} countries × ${N} industries need ${n} × ${n} = ${n * n}`, loc());
  }
  if (input.Y.length % n !== 0 || input.Y.length === 0 || (input.Y.length / n) % G !== 0) {
    fail('E_ICIO_TABLE', `final demand has ${input.Y.length} values: need ${n} rows × a multiple of ${G} columns (categories per destination country)`, loc());
  }
  const cols = input.Y.length / n;
  const F = cols / G;
  if (input.X && input.X.length !== n) fail('E_ICIO_TABLE', `output has ${input.X.length} values, need ${n}`, loc(undefined, 'output'));
  if (input.VA && input.VA.length !== n) fail('E_ICIO_TABLE', `value added has ${input.VA.length} values, need ${n}`, loc(undefined, 'value added'));
  if (input.inventories && input.inventories.length !== n) {
    fail('E_ICIO_TABLE', `inventories have ${input.inventories.length} values, need ${n}`, loc(undefined, 'inventories'));
  }
  const Z = Float64Array.from(input.Z);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const z = Z[i * n + j];
      if (!Number.isFinite(z)) fail('E_ICIO_TABLE', `Z[${sectors[i]}, ${sectors[j]}] is not a number`, loc(i + 1, sectors[j]));
      if (z < 0) fail('E_ICIO_TABLE', `Z[${sectors[i]}, ${sectors[j]}] = ${z} is negative (intermediate use must be ≥ 0)`, loc(i + 1, sectors[j]));
    }
  }
  const Y = new Float64Array(n * G);
  let negativeFinal = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < cols; c++) {
      const y = Number(input.Y[i * cols + c]);
      if (!Number.isFinite(y)) fail('E_ICIO_TABLE', `final demand of ${sectors[i]}, column ${c + 1}, is not a number`, loc(i + 1, c + 1));
      if (y < 0) negativeFinal++;
      Y[i * G + Math.floor(c / F)] += y;
    }
  }
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      s += Z[i * n + j];
      colSum[j] += Z[i * n + j];
    }
    for (let g = 0; g < G; g++) s += Y[i * G + g];
    rowSum[i] = s;
  }
  const X = input.X ? Float64Array.from(input.X) : Float64Array.from(rowSum);
  let balanceGap = 0;
  for (let i = 0; i < n; i++) {
    const x = X[i];
    if (!Number.isFinite(x)) fail('E_ICIO_TABLE', `output of ${sectors[i]} is not a number`, loc(i + 1, 'output'));
    if (x < 0) fail('E_ICIO_TABLE', `output of ${sectors[i]} = ${x} is negative`, loc(i + 1, 'output'));
    const gap = Math.abs(rowSum[i] - x) / Math.max(1, Math.abs(x));
    if (gap > tol) {
      fail(
        'E_ICIO_BALANCE',
        `row ${sectors[i]}: intermediate use + final demand = ${rowSum[i]} but output = ${x} (relative gap ${gap.toExponential(3)} > ${tol})`,
        {
          ...loc(i + 1, 'output'),
          hint: 'check the row against the table, or pass a looser tolerance for a table published in rounded units',
        },
      );
    }
    if (gap > balanceGap) balanceGap = gap;
  }
  const VA = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    if (input.VA) {
      const v = Number(input.VA[j]);
      if (!Number.isFinite(v)) fail('E_ICIO_TABLE', `value added of ${sectors[j]} is not a number`, loc(undefined, sectors[j]));
      const gap = Math.abs(colSum[j] + v - X[j]) / Math.max(1, Math.abs(X[j]));
      if (gap > tol) {
        fail(
          'E_ICIO_BALANCE',
          `column ${sectors[j]}: inputs + value added = ${colSum[j] + v} but output = ${X[j]} (relative gap ${gap.toExponential(3)} > ${tol})`,
          {
            ...loc(undefined, sectors[j]),
          },
        );
      }
      VA[j] = v;
    } else VA[j] = X[j] - colSum[j];
    if (VA[j] < -tol * Math.max(1, X[j])) {
      fail('E_ICIO_TABLE', `value added of ${sectors[j]} = ${VA[j]} is negative (intermediate inputs exceed output)`, loc(undefined, sectors[j]));
    }
    if (X[j] === 0 && (colSum[j] !== 0 || rowSum[j] !== 0)) {
      fail('E_ICIO_TABLE', `${sectors[j]} has zero output but non-zero inputs or uses`, loc(j + 1, sectors[j]));
    }
  }
  let inventories: Float64Array | undefined;
  if (input.inventories) {
    inventories = Float64Array.from(input.inventories);
    inventories.forEach((v, i) => {
      if (!Number.isFinite(v)) fail('E_ICIO_TABLE', `inventories of ${sectors[i]} are not a number`, loc(i + 1, 'inventories'));
    });
  }
  return { countries, industries, G, N, n, sectors, Z, Y, X, VA, inventories, balanceGap, negativeFinal };
}
