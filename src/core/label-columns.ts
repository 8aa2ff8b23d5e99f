/**
 * Label columns of large tables held by columns (units, periods, scores) as functions that say what
 * they are: row i is values[⌊i / div⌋ mod mod]. A table handed to another thread (the CSV writer
 * thread, io/workers/csv-writer-run.ts) sends such a column as its values and pattern, from which the
 * other thread builds the same column ({@link patternColumnOf}, {@link patternColumn}).
 */

export type LabelCell = string | number | null;

/** Row i of a pattern column: values[⌊i / div⌋ mod mod] (mod: Infinity for none). */
export interface ColumnPattern {
  values: readonly LabelCell[];
  div: number;
  mod: number;
}

const patterns = new WeakMap<object, ColumnPattern>();

/** The column whose row i is values[⌊i / div⌋ mod mod]: div 1, mod n cycles through n values (a period-major table's units); div n, mod ∞ repeats each value n times (its periods). */
export function patternColumn(values: readonly LabelCell[], div: number, mod = Infinity): (i: number) => LabelCell {
  const f =
    div === 1 && mod !== Infinity
      ? (i: number) => values[i % mod]
      : mod === Infinity
        ? (i: number) => values[Math.floor(i / div)]
        : (i: number) => values[Math.floor(i / div) % mod];
  patterns.set(f, { values, div, mod });
  return f;
}

/** What a column made by {@link patternColumn} is; undefined for any other function or value. */
export function patternColumnOf(c: unknown): ColumnPattern | undefined {
  return typeof c === 'function' ? patterns.get(c) : undefined;
}
