/**
 * The label columns of a table held by columns (units, periods, groups) as functions that say what
 * they are, so a table can be handed to another thread: its numeric columns as typed arrays, these
 * as their values and pattern ({@link ColumnSpec}), from which the other thread builds the same
 * column ({@link columnFromSpec}) — the CSV writer thread (workers/csv-writer-run.ts).
 */
import type { CsvColumn } from './csv-write.js';

/** Row i of a column by pattern: `cycle` → values[i mod n] (a period-major table's units), `block` → values[⌊i / n⌋] (its periods). */
export interface ColumnSpec {
  kind: 'cycle' | 'block';
  values: readonly (string | number | null)[];
  n: number;
}

const specs = new WeakMap<object, ColumnSpec>();

/** The column whose row i is values[i mod n]. */
export function cycleColumn(values: readonly (string | number | null)[], n: number): CsvColumn {
  const f = (i: number) => values[i % n];
  specs.set(f, { kind: 'cycle', values, n });
  return f;
}

/** The column whose row i is values[⌊i / n⌋]. */
export function blockColumn(values: readonly (string | number | null)[], n: number): CsvColumn {
  const f = (i: number) => values[Math.floor(i / n)];
  specs.set(f, { kind: 'block', values, n });
  return f;
}

/** What a column made by {@link cycleColumn} or {@link blockColumn} is; undefined for any other function. */
export function columnSpecOf(c: CsvColumn): ColumnSpec | undefined {
  return typeof c === 'function' ? specs.get(c) : undefined;
}

/** The column a spec describes (the same cells as the column it was taken from). */
export function columnFromSpec(s: ColumnSpec): CsvColumn {
  return s.kind === 'cycle' ? cycleColumn(s.values, s.n) : blockColumn(s.values, s.n);
}
