/**
 * Small readers for the loosely typed `opts` records the impute, treat and normalise kernels
 * receive from the orchestrator. Each one checks the type, applies the documented default and
 * fails with `E_BAD_OPTION` naming the step, the method and the option, so a typo in a spec
 * becomes a readable error rather than NaN. (Shared by pipeline/impute, treat and normalise.)
 */
import { fail } from '../../core/errors.js';

/** Which step/method an option belongs to, for error messages: `treat method "boxcox"`. */
export type OptOwner = string;

function bad(owner: OptOwner, key: string, want: string, got: unknown): never {
  fail('E_BAD_OPTION', `${owner}: option "${key}" must be ${want} (got ${JSON.stringify(got) ?? String(got)})`, {
    hint: `fix or remove "${key}" in the step options`,
    data: { option: key, value: got },
  });
}

/** First key of `keys` present (not undefined) in `opts`, so COINr-style aliases can be accepted. */
function pick(opts: Record<string, unknown>, keys: readonly string[]): [string, unknown] {
  for (const k of keys) if (opts[k] !== undefined && opts[k] !== null) return [k, opts[k]];
  return [keys[0], undefined];
}

/** A finite number option (aliases allowed); `def` when absent. */
export function numOpt(owner: OptOwner, opts: Record<string, unknown>, keys: string | readonly string[], def: number): number {
  const [k, v] = pick(opts, typeof keys === 'string' ? [keys] : keys);
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(owner, k, 'a finite number', v);
  return v;
}

/** A required finite number option. */
export function reqNumOpt(owner: OptOwner, opts: Record<string, unknown>, keys: string | readonly string[], hint: string): number {
  const list = typeof keys === 'string' ? [keys] : keys;
  const [k, v] = pick(opts, list);
  if (v === undefined) {
    fail('E_MISSING_OPTION', `${owner}: option "${k}" is required`, { hint, data: { option: k } });
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(owner, k, 'a finite number', v);
  return v;
}

/** A boolean option; `def` when absent. */
export function boolOpt(owner: OptOwner, opts: Record<string, unknown>, keys: string | readonly string[], def: boolean): boolean {
  const [k, v] = pick(opts, typeof keys === 'string' ? [keys] : keys);
  if (v === undefined) return def;
  if (typeof v !== 'boolean') bad(owner, k, 'true or false', v);
  return v;
}

/** A string option restricted to `allowed`; `def` when absent. */
export function enumOpt<T extends string>(owner: OptOwner, opts: Record<string, unknown>, key: string, allowed: readonly T[], def: T): T {
  const v = opts[key];
  if (v === undefined || v === null) return def;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) bad(owner, key, `one of ${allowed.join(', ')}`, v);
  return v as T;
}

/** A numeric tuple option of length `len` (e.g. `[0, 100]`); `def` when absent. */
export function tupleOpt(owner: OptOwner, opts: Record<string, unknown>, keys: string | readonly string[], len: number | readonly number[], def?: number[]): number[] {
  const [k, v] = pick(opts, typeof keys === 'string' ? [keys] : keys);
  const lens = typeof len === 'number' ? [len] : len;
  const want = `an array of ${lens.join(' or ')} finite numbers`;
  if (v === undefined) {
    if (def) return def;
    fail('E_MISSING_OPTION', `${owner}: option "${k}" is required`, { hint: `give "${k}" as ${want}`, data: { option: k } });
  }
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) bad(owner, k, want, v);
  const arr = Array.from(v as ArrayLike<unknown>);
  if (!lens.includes(arr.length) || arr.some((e) => typeof e !== 'number' || !Number.isFinite(e))) bad(owner, k, want, v);
  return arr as number[];
}
