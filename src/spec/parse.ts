/**
 * Spec text → validated {@link Spec}. Pure: the caller passes the environment for
 * `${VAR}` / `${VAR:-default}` interpolation. Every problem becomes one NqpfError
 * (`E_SPEC`) whose message lists each issue with its path (`steps.weight.method`),
 * the value found and the allowed values.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { fail, nearest } from '../core/errors.js';
import { Spec } from './schema.js';

export interface ParseSpecOptions {
  /** Spec file name, for messages. */
  file?: string;
  /** Variables for `${VAR}` interpolation (e.g. process.env). */
  env?: Record<string, string | undefined>;
}

/** Replace `${VAR}` and `${VAR:-default}` in string scalars; an unset variable without default is an error. */
export function interpolate(value: unknown, env: Record<string, string | undefined>, path: string[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, def: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (def !== undefined) return def;
      fail('E_SPEC_ENV', `environment variable ${name} is not set (used at ${path.join('.') || 'spec'})`, {
        location: { path: path.join('.') },
        hint: `set ${name} or write \${${name}:-default}`,
      });
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, String(i)]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolate(v, env, [...path, k]);
    return out;
  }
  return value;
}

/** Parse YAML text into a plain object, with YAML syntax errors located by line and column. */
export function parseYaml(text: string, file = 'spec'): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    fail('E_SPEC_YAML', `YAML syntax error: ${e.message.split('\n')[0]}`, { location: { file, row: pos?.line, column: pos?.col }, hint: 'check indentation and quoting near that line' });
  }
  return doc.toJS({ maxAliasCount: 100 }) ?? {};
}

function getAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k as string];
  }
  return cur;
}

/** Render zod issues as `path: problem` lines with the value found and allowed values. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((iss) => {
    const path = iss.path.map(String).join('.') || '(root)';
    const found = getAt(input, iss.path);
    switch (iss.code) {
      case 'invalid_value': {
        const allowed = (iss as { values: unknown[] }).values.map((v) => JSON.stringify(v));
        const near = typeof found === 'string' ? nearest(found, (iss as { values: unknown[] }).values.map(String), 1) : [];
        return `${path}: invalid value ${JSON.stringify(found)} (allowed: ${allowed.join(', ')})${near.length ? ` — did you mean "${near[0]}"?` : ''}`;
      }
      case 'unrecognized_keys': {
        const keys = (iss as { keys: string[] }).keys;
        const parent = getAt(input, iss.path);
        void parent;
        return `${path}: unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
      }
      case 'invalid_type':
        if (found === undefined) return `${path}: required field is missing`;
        return `${path}: ${iss.message.replace(/^Invalid input: /, '')} (found ${JSON.stringify(found)})`;
      default:
        return `${path}: ${iss.message}${found !== undefined && typeof found !== 'object' ? ` (found ${JSON.stringify(found)})` : ''}`;
    }
  });
}

/** Known top-level and step field names, for "did you mean" on unknown keys. */
function suggestKeys(issues: readonly z.core.$ZodIssue[]): string | undefined {
  for (const iss of issues) {
    if (iss.code !== 'unrecognized_keys') continue;
    const shape = shapeAt(iss.path);
    if (!shape) continue;
    const k = (iss as { keys: string[] }).keys[0];
    const near = nearest(k, shape, 1);
    if (near.length) return `"${k}" at ${iss.path.join('.') || 'top level'}: did you mean "${near[0]}"?`;
  }
  return undefined;
}

function shapeAt(path: readonly PropertyKey[]): string[] | undefined {
  // Walk the schema's object shapes along the path (records and arrays are skipped).
  let cur: unknown = Spec;
  for (const k of path) {
    const def = (cur as { def?: { type?: string; shape?: Record<string, unknown>; innerType?: unknown; valueType?: unknown; element?: unknown } })?.def;
    if (!def) return undefined;
    let node: unknown = cur;
    // unwrap defaults/optionals/prefaults
    for (let i = 0; i < 5; i++) {
      const dd = (node as { def?: { innerType?: unknown } }).def;
      if (dd?.innerType) node = dd.innerType;
      else break;
    }
    const nd = (node as { def: { type: string; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown } }).def;
    if (nd.type === 'object' && nd.shape) cur = nd.shape[k as string];
    else if (nd.type === 'record') cur = nd.valueType;
    else if (nd.type === 'array') cur = nd.element;
    else return undefined;
    if (!cur) return undefined;
  }
  let node: unknown = cur;
  for (let i = 0; i < 5; i++) {
    const dd = (node as { def?: { innerType?: unknown } }).def;
    if (dd?.innerType) node = dd.innerType;
    else break;
  }
  const nd = (node as { def?: { type: string; shape?: Record<string, unknown> } }).def;
  return nd?.type === 'object' && nd.shape ? Object.keys(nd.shape) : undefined;
}

/** Validate an already-parsed object against the schema. */
export function validateSpec(input: unknown, file = 'spec'): Spec {
  const r = Spec.safeParse(input);
  if (r.success) return r.data;
  const lines = describeIssues(r.error.issues, input);
  const first = r.error.issues[0];
  fail('E_SPEC', `invalid spec${lines.length > 1 ? ` (${lines.length} problems)` : ''}:\n  ${lines.join('\n  ')}`, {
    location: { file, path: first.path.map(String).join('.') },
    hint: suggestKeys(r.error.issues) ?? 'see schema/nqpf.schema.json or `nqpf init` for a complete example',
    data: { issues: r.error.issues },
  });
}

/** YAML text → interpolated, validated spec. */
export function parseSpec(text: string, opts: ParseSpecOptions = {}): Spec {
  const file = opts.file ?? 'spec';
  const raw = parseYaml(text, file);
  const interpolated = interpolate(raw, opts.env ?? {});
  return validateSpec(interpolated, file);
}
