/**
 * Reference frontiers of a panel for the efficiency lens: which periods' unit-periods form the technology that
 * the DMUs of period t are scored against.
 * - `contemporaneous`: period t only (one frontier per period);
 * - `sequential`: every period ≤ t (Tulkens & Vanden Eeckaut 1995; Shestalova 2003; Oh & Heshmati 2010): technology
 *   does not regress, so a frontier once reached stays available;
 * - `window`: the trailing window of w periods t − w + 1, …, t (fewer at the start of the panel) — a moving
 *   frontier in the spirit of the window analysis of Charnes, Clark, Cooper & Golany (1985), but each unit-period
 *   is scored once, against the window that ends at its period (not averaged over every window holding it);
 * - `global`: all periods pooled (Pastor & Lovell 2005; Oh 2010).
 */
import { fail } from '../../core/errors.js';
import type { DeaData } from './models.js';

export type Frontier = 'contemporaneous' | 'sequential' | 'window' | 'global';

/** Indices of the periods (0 … T − 1) whose unit-periods form the frontier of period t. */
export function frontierPeriods(t: number, T: number, frontier: Frontier, window = 3, path?: string): number[] {
  if (!(t >= 0 && t < T)) fail('E_INTERNAL', `period ${t} outside 0 … ${T - 1}`);
  if (frontier === 'window' && !(Number.isInteger(window) && window >= 1))
    fail('E_DEA_SPEC', `the window width must be a whole number ≥ 1 (got ${window})`, {
      location: path ? { path: `${path}.window` } : undefined,
      hint: 'e.g. window: 3',
    });
  const from = frontier === 'contemporaneous' ? t : frontier === 'window' ? Math.max(0, t - window + 1) : 0;
  const to = frontier === 'global' ? T - 1 : t;
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/**
 * Pool the DMUs of several periods (each a {@link DeaData} with the same variables) into one reference technology,
 * in the order given; `offset[k]` is the first column of `periods[k]` in the pool.
 */
export function pool(periods: readonly DeaData[]): { data: DeaData; offset: number[] } {
  const first = periods[0];
  const sb = first.sb ?? 0;
  const n = periods.reduce((a, p) => a + p.n, 0);
  const x = new Float64Array(n * first.m);
  const y = new Float64Array(n * first.s);
  const yb = new Float64Array(n * sb);
  const offset: number[] = [];
  let at = 0;
  for (const p of periods) {
    offset.push(at);
    x.set(p.x, at * first.m);
    y.set(p.y, at * first.s);
    if (sb) yb.set(p.yb as Float64Array, at * sb);
    at += p.n;
  }
  const dmus = periods.flatMap((p, k) => (p.dmus ?? Array.from({ length: p.n }, (_, j) => `DMU${j + 1}`)).map((d) => `${d} [${k + 1}]`));
  return {
    data: { ...first, n, x, y, ...(sb ? { yb, sb } : {}), dmus },
    offset,
  };
}
