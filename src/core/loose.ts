/**
 * Reading loosely typed records (a recorded spec in run.json, a parsed table row) without
 * casts at every use: each helper returns the value when it has the wanted type, else a neutral
 * one (undefined, {} or []). And the two formats the methods text writes option values in.
 */

/** A record of unknown values. */
export type Loose = Record<string, unknown>;

export const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Loose => (isObj(v) ? v : {});
/** A string, or a number as written; else undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
/** A finite number; else undefined. */
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Format a number for running text: integers as integers, others with `d` decimals. */
export function fmt(x: number, d = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(d);
}

/** Format an option value compactly (arrays as [a, b], numbers as written in the spec). */
export function val(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(val).join(', ')}]`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (isObj(v))
    return Object.entries(v)
      .map(([k, x]) => `${k} ${val(x)}`)
      .join(', ');
  return String(v);
}

/** The last segment of a path (either separator). */
export function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}
