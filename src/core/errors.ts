/**
 * One error path for nqpf (conventions §3). Every error the user can cause is an
 * {@link NqpfError}: a stable code, a message, where it happened (data file + row/column,
 * or a spec path such as `steps.weight.method`) and a hint. Nothing below io/ prints;
 * the CLI formats these and exits 1.
 */

import { ERRORS, type ErrorCode } from './messages.js';

export type { ErrorCode } from './messages.js';

/** Where an error (or warning) happened. Rows are 1-based as a spreadsheet shows them (header = row 1). */
export interface Location {
  /** Data or spec file the problem is in. */
  file?: string;
  /** 1-based row in the file (the header row is row 1). */
  row?: number;
  /** Column name or 1-based column number. */
  column?: string | number;
  /** Path inside the spec, dot-separated (`steps.weight.method`). */
  path?: string;
}

export interface ErrorDetail {
  location?: Location;
  /** What the user can do about it. */
  hint?: string;
  /** Structured extras for programmatic use (e.g. unknown names and suggestions). */
  data?: unknown;
}

export class NqpfError extends Error {
  readonly code: ErrorCode;
  readonly location?: Location;
  readonly hint?: string;
  readonly data?: unknown;

  constructor(code: ErrorCode, message: string, detail: ErrorDetail = {}) {
    super(message);
    this.name = 'NqpfError';
    this.code = code;
    this.location = detail.location;
    this.hint = detail.hint;
    this.data = detail.data;
  }

  /**
   * The plain-data form that crosses a thread or process boundary (postMessage, JSON). `data` is
   * kept only when it is JSON data (a function or a cycle would make the message uncloneable).
   */
  toJSON(): ErrorJSON {
    let data: unknown;
    try {
      data = this.data === undefined ? undefined : JSON.parse(JSON.stringify(this.data));
    } catch {
      data = undefined;
    }
    return {
      name: 'NqpfError',
      code: this.code,
      message: this.message,
      ...(this.location ? { location: { ...this.location } } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
      ...(data !== undefined ? { data } : {}),
    };
  }

  /** Rebuild an error sent with {@link errorToJSON}: an NqpfError with its code, location, hint and data. */
  static fromJSON(j: ErrorJSON): NqpfError {
    return new NqpfError(isErrorCode(j.code) ? j.code : 'E_INTERNAL', j.message, { location: j.location, hint: j.hint, data: j.data });
  }

  /** Human-readable form: `file:row:column: message` + hint. */
  format(): string {
    const where = formatLocation(this.location);
    const head = where ? `${where}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

/** An error as plain data (see {@link NqpfError.toJSON}). */
export interface ErrorJSON {
  name: string;
  code: string;
  message: string;
  location?: Location;
  hint?: string;
  data?: unknown;
}

/**
 * Any thrown value as {@link ErrorJSON}, for every thread boundary (robustness workers, the column
 * pool, the workbench's run/preview/spec workers): an NqpfError keeps everything; anything else
 * becomes `E_INTERNAL` with its message.
 */
export function errorToJSON(e: unknown): ErrorJSON {
  if (e instanceof NqpfError) return e.toJSON();
  return { name: e instanceof Error ? e.name : 'Error', code: 'E_INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** Whether `code` is in the catalogue (core/messages.ts). */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

export function formatLocation(loc?: Location): string {
  if (!loc) return '';
  const parts: string[] = [];
  if (loc.file) {
    let s = loc.file;
    if (loc.row !== undefined) s += `:${loc.row}`;
    if (loc.column !== undefined) s += `:${loc.column}`;
    parts.push(s);
  } else {
    if (loc.row !== undefined) parts.push(`row ${loc.row}`);
    if (loc.column !== undefined) parts.push(`column ${loc.column}`);
  }
  if (loc.path) parts.push(loc.path);
  return parts.join(' ');
}

/** Throw an {@link NqpfError}. */
export function fail(code: ErrorCode, message: string, detail: ErrorDetail = {}): never {
  throw new NqpfError(code, message, detail);
}

/** `invalid <what>: "x" (known: a, b, c)` — the registry error for unknown method names. */
export function unknownName(what: string, name: string, known: readonly string[], path?: string): never {
  const near = nearest(name, known, 1);
  fail('E_UNKNOWN_METHOD', `invalid ${what}: "${name}" (known: ${known.join(', ')})`, {
    location: path ? { path } : undefined,
    hint: near.length ? `did you mean "${near[0]}"?` : undefined,
  });
}

/** Levenshtein distance on code points (works for Chinese names too). */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  const m = s.length;
  const n = t.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** The `k` known strings closest to `name` by edit distance (ties keep catalogue order). */
export function nearest(name: string, known: readonly string[], k = 3): string[] {
  const lower = name.toLowerCase();
  const scored = known.map((c, i) => ({ c, i, d: editDistance(lower, c.toLowerCase()) }));
  scored.sort((a, b) => a.d - b.d || a.i - b.i);
  const limit = Math.max(2, Math.ceil(Array.from(name).length / 2));
  return scored
    .filter((s) => s.d <= limit)
    .slice(0, k)
    .map((s) => s.c);
}
