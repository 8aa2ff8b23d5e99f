/**
 * The label columns of a run's tables held by columns (units, periods, groups): pattern columns
 * (core/label-columns.ts), which can be handed to the CSV writer thread (workers/csv-writer-run.ts).
 */
import { patternColumn } from '../../core/label-columns.js';
import type { CsvColumn } from './csv-write.js';

/** The column whose row i is values[i mod n]. */
export function cycleColumn(values: readonly (string | number | null)[], n: number): CsvColumn {
  return patternColumn(values, 1, n);
}

/** The column whose row i is values[⌊i / n⌋]. */
export function blockColumn(values: readonly (string | number | null)[], n: number): CsvColumn {
  return patternColumn(values, n);
}
