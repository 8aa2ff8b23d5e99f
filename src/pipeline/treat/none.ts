import type { TreatReport } from './types.js';

/** `none`: no treatment — a copy of `x` and a report saying nothing was done. Cost O(n). */
export function treatNone(x: Float64Array, _opts: Record<string, unknown> = {}): { values: Float64Array; report: TreatReport } {
  return { values: x.slice(), report: { method: 'none', treated: false, winsorised: 0, log: false } };
}
