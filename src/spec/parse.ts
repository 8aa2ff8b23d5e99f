/**
 * Spec text → validated {@link Spec}. Pure: the caller passes the environment for
 * `${VAR}` / `${VAR:-default}` interpolation. Every problem becomes one NqpfError
 * (`E_SPEC`) whose message lists each issue with its path (`steps.weight.method`),
 * the value found and the allowed values.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { z } from 'zod';
import { fail, nearest } from '../core/errors.js';
import { envReferences, type EnvReference } from './env-refs.js';
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

/**
 * Resource limits of {@link parseYaml}, checked before and while the `yaml` library builds the
 * document: a spec is a small hand-written file, so these are generous for real specs and keep a
 * hostile one (a deeply nested flow sequence, an alias bomb, a huge mapping) from exhausting
 * memory or time.
 */
export interface YamlLimits {
  /** Longest text in characters (default 1 MiB). Checked before parsing. */
  maxChars: number;
  /** Deepest nesting of flow (`[`/`{`) and block (indentation, `- `) collections (default 64). Checked before parsing. */
  maxDepth: number;
  /** Most alias nodes (`*name`) in the document (default 10 000). */
  maxAliases: number;
  /** Most nodes the aliases expand to, summed over every alias (default 100 000). Harmless reuse stays far below; a "billion laughs" document is refused. */
  maxAliasExpansion: number;
}

export const YAML_LIMITS: Readonly<YamlLimits> = Object.freeze({ maxChars: 1024 * 1024, maxDepth: 64, maxAliases: 10_000, maxAliasExpansion: 100_000 });

function yamlFail(message: string, file: string, row?: number, column?: number, hint?: string): never {
  fail('E_SPEC_YAML', message, { location: { file, row, column }, hint: hint ?? 'check indentation and quoting near that line' });
}

/**
 * Check size and nesting depth of YAML text without parsing it (one linear pass): flow
 * collections (`[`, `{` outside quoted scalars and comments), block collections (indentation
 * levels and compact `- `/`? ` indicators); block scalar (`|`, `>`) content is skipped. Throws
 * `E_SPEC_YAML` naming the line. The count errs on the high side, never the low one.
 */
export function prescanYaml(text: string, file = 'spec', limits: Partial<YamlLimits> = {}): void {
  const { maxChars, maxDepth } = { ...YAML_LIMITS, ...limits };
  if (text.length > maxChars)
    yamlFail(
      `YAML too large: ${text.length} characters (limit ${maxChars})`,
      file,
      undefined,
      undefined,
      'a spec is a short text file; keep data in the uploaded files',
    );
  const n = text.length;
  const indents: number[] = [];
  let flow = 0;
  let blockDepth = 0;
  let line = 1;
  let i = 0;
  /** -1: not in a block scalar; else the indentation of its parent line. */
  let blockParent = -1;
  let blockContent = -1;
  const tooDeep = (depth: number) => {
    if (depth > maxDepth)
      yamlFail(`YAML nesting deeper than ${maxDepth} levels (line ${line})`, file, line, undefined, 'flatten the structure; a spec needs only a few levels');
  };
  while (i < n) {
    // ---- start of a line
    let indent = 0;
    while (i + indent < n && text[i + indent] === ' ') indent++;
    const first = i + indent < n ? text[i + indent] : '\n';
    const blank = first === '\n' || first === '\r' || (first === '#' && flow === 0);
    if (blockParent >= 0) {
      if (blank && first !== '#') {
        i = skipLine(text, i);
        line++;
        continue;
      }
      if (blockContent < 0 && indent > blockParent) blockContent = indent;
      if (blockContent >= 0 && indent >= blockContent) {
        i = skipLine(text, i);
        line++;
        continue;
      }
      blockParent = -1;
      blockContent = -1;
    }
    if (blank) {
      i = skipLine(text, i);
      line++;
      continue;
    }
    i += indent;
    let atStart = true; // a scalar may start here (quotes, flow collections, block scalar indicators)
    if (flow === 0) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      blockDepth = indents.length;
      // compact nested block collections on one line: "- - - x", "? - x"
      while (i + 1 < n && (text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        blockDepth++;
        i += 2;
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      }
      tooDeep(blockDepth);
    }
    const lineIndent = indent;
    // ---- the rest of the line (quoted scalars may continue on later lines)
    while (i < n && text[i] !== '\n') {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      if (c === '#' && (i === 0 || /[ \t]/.test(text[i - 1]))) {
        while (i < n && text[i] !== '\n') i++;
        break;
      }
      if (atStart && (c === '"' || c === "'")) {
        i++;
        while (i < n) {
          const d = text[i];
          if (d === '\n') line++;
          if (c === '"' && d === '\\') {
            if (text[i + 1] === '\n') line++;
            i += 2;
            continue;
          }
          if (d === c) {
            if (c === "'" && text[i + 1] === "'") {
              i += 2;
              continue;
            }
            break;
          }
          i++;
        }
        i++;
        atStart = false;
        continue;
      }
      if (c === '[' || c === '{') {
        if (flow > 0 || atStart) {
          flow++;
          tooDeep(blockDepth + flow);
          atStart = true;
        } else atStart = false;
        i++;
        continue;
      }
      if ((c === ']' || c === '}') && flow > 0) {
        flow--;
        i++;
        atStart = false;
        continue;
      }
      if (c === ',' && flow > 0) {
        atStart = true;
        i++;
        continue;
      }
      if ((c === ':' || c === '-' || c === '?') && (i + 1 >= n || /[ \t\r\n,\]}]/.test(text[i + 1]) || (c === ':' && flow > 0))) {
        atStart = true;
        i++;
        continue;
      }
      if ((c === '|' || c === '>') && atStart && flow === 0) {
        let j = i + 1;
        while (j < n && /[0-9+-]/.test(text[j])) j++;
        while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
        if (j >= n || text[j] === '\n' || text[j] === '\r' || text[j] === '#') {
          blockParent = lineIndent;
          blockContent = -1;
          while (i < n && text[i] !== '\n') i++;
          break;
        }
      }
      if ((c === '!' || c === '&') && atStart) {
        // a tag or an anchor: a scalar may still start after it
        while (i < n && !/[ \t\r\n,[\]{}]/.test(text[i])) i++;
        continue;
      }
      // any other token: a plain scalar (or alias) up to the next indicator
      atStart = false;
      i++;
    }
    if (i < n) {
      i++; // the newline
      line++;
    }
  }
}

function skipLine(text: string, i: number): number {
  const j = text.indexOf('\n', i);
  return j < 0 ? text.length : j + 1;
}

/**
 * Check the parsed document's aliases before converting it: no alias to an unknown or enclosing
 * anchor, at most `maxAliases` aliases, and their expansion (an alias counts the nodes of what it
 * names, aliases inside included) at most `maxAliasExpansion` nodes. Also refuses duplicate keys
 * (in linear time; the library's own check is quadratic in the number of keys).
 */
function checkNodes(doc: Document, lineCounter: LineCounter, file: string, limits: YamlLimits): void {
  const anchors = new Map<string, Node>();
  const size = new Map<Node, number>();
  const open = new Set<Node>();
  let aliases = 0;
  let expansion = 0;
  const where = (node: { range?: [number, number, number] | null } | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]) : undefined);
  const walk = (node: unknown): number => {
    if (node === null || node === undefined) return 0;
    if (isAlias(node)) {
      const pos = where(node);
      if (++aliases > limits.maxAliases)
        yamlFail(
          `too many aliases: more than ${limits.maxAliases} (line ${pos?.line ?? '?'})`,
          file,
          pos?.line,
          pos?.col,
          'write the values out instead of repeating aliases',
        );
      const target = anchors.get(node.source);
      if (!target)
        yamlFail(`unknown alias *${node.source} (line ${pos?.line ?? '?'}): its anchor &${node.source} must come before it`, file, pos?.line, pos?.col);
      if (open.has(target)) yamlFail(`recursive alias *${node.source} (line ${pos?.line ?? '?'}): it is inside the node it names`, file, pos?.line, pos?.col);
      const s = size.get(target) ?? 1;
      expansion += s;
      if (expansion > limits.maxAliasExpansion) {
        yamlFail(
          `too many aliases: they expand to more than ${limits.maxAliasExpansion} nodes (line ${pos?.line ?? '?'})`,
          file,
          pos?.line,
          pos?.col,
          'aliases that repeat aliases grow exponentially; write the values out instead',
        );
      }
      return s;
    }
    if (!isNode(node)) return 0;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isScalar(node)) {
      size.set(node, 1);
      return 1;
    }
    open.add(node);
    let s = 1;
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items as Pair[]) {
        const k = pair.key;
        if (isScalar(k) && k.value !== '<<') {
          const id = `${typeof k.value}:${String(k.value)}`;
          if (seen.has(id)) {
            const pos = where(k);
            yamlFail(
              `duplicate key "${String(k.value).slice(0, 80)}" (line ${pos?.line ?? '?'})`,
              file,
              pos?.line,
              pos?.col,
              'each key may appear once in a mapping',
            );
          }
          seen.add(id);
        }
        s += walk(k) + walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) s += walk(item);
    }
    open.delete(node);
    size.set(node, s);
    return s;
  };
  walk(doc.contents);
}

/**
 * Parse YAML text into a plain object, with YAML syntax errors located by line and column. Size,
 * nesting depth and aliases are limited ({@link YamlLimits}); every problem is an `E_SPEC_YAML`
 * error with its line.
 */
export function parseYaml(text: string, file = 'spec', limits: Partial<YamlLimits> = {}): unknown {
  const lim = { ...YAML_LIMITS, ...limits };
  prescanYaml(text, file, lim);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    yamlFail(`YAML syntax error: ${e.message.split('\n')[0].slice(0, 300)}`, file, pos?.line, pos?.col);
  }
  checkNodes(doc, lineCounter, file, lim);
  try {
    // Aliases were bounded above; the library's own count would refuse harmless reuse.
    return doc.toJS({ maxAliasCount: -1 }) ?? {};
  } catch (e) {
    yamlFail(`YAML error: ${(e instanceof Error ? e.message : String(e)).slice(0, 300)}`, file);
  }
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
        const shown = keys.slice(0, 20).map((k) => `"${k.length > 80 ? `${k.slice(0, 80)}…` : k}"`);
        return `${path}: unknown field${keys.length > 1 ? 's' : ''} ${shown.join(', ')}${keys.length > 20 ? ` … and ${keys.length - 20} more` : ''}`;
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

/** What {@link validateSpec} may know besides the parsed object, to explain a failure better. */
export interface ValidateContext {
  /** The spec's `${VAR}` references (from the parsed, not yet interpolated object; see env-refs.ts): a number or boolean field given as `${VAR}` is read as one. */
  envRefs?: readonly EnvReference[];
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Places where an issue (or a branch of a union issue) expected a number or a boolean. */
function typedTargets(
  issues: readonly z.core.$ZodIssue[],
  base: readonly PropertyKey[] = [],
  inUnion = false,
): { path: PropertyKey[]; expected: 'number' | 'boolean'; inUnion: boolean }[] {
  const out: { path: PropertyKey[]; expected: 'number' | 'boolean'; inUnion: boolean }[] = [];
  for (const iss of issues) {
    const path = [...base, ...iss.path];
    if (iss.code === 'invalid_type' && (iss.expected === 'number' || iss.expected === 'boolean'))
      out.push({ path, expected: iss.expected as 'number' | 'boolean', inUnion });
    else if (iss.code === 'invalid_union') for (const branch of (iss as { errors: z.core.$ZodIssue[][] }).errors) out.push(...typedTargets(branch, path, true));
  }
  return out;
}

/**
 * A number or boolean field given as `${VAR}` is a string after interpolation: read it as the
 * number (or `true`/`false`) it holds, where the schema expects one. A value that is not one is
 * an error naming the field and the variable (`E_SPEC_ENV_VALUE`). Returns whether anything changed.
 */
function coerceEnvValues(input: unknown, issues: readonly z.core.$ZodIssue[], refs: readonly EnvReference[], file: string): boolean {
  const byPath = new Map(refs.map((r) => [r.path.join('.'), r]));
  let changed = false;
  for (const t of typedTargets(issues)) {
    const ref = byPath.get(t.path.map(String).join('.'));
    if (!ref) continue;
    const parent = getAt(input, t.path.slice(0, -1));
    const key = t.path[t.path.length - 1] as string;
    if (!parent || typeof parent !== 'object') continue;
    const v = (parent as Record<string, unknown>)[key];
    if (typeof v !== 'string') continue;
    const s = v.trim();
    let value: number | boolean | undefined;
    if (t.expected === 'number' && NUMBER_TEXT.test(s)) value = Number(s);
    if (t.expected === 'boolean' && /^(true|false)$/i.test(s)) value = s.toLowerCase() === 'true';
    if (value === undefined) {
      if (t.inUnion) continue;
      const path = t.path.map(String).join('.');
      const vars = [...ref.text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
      fail('E_SPEC_ENV_VALUE', `${path}: ${ref.text} gives ${JSON.stringify(v)}, which is not ${t.expected === 'number' ? 'a number' : 'true or false'}`, {
        location: { file, path },
        hint: `set ${vars.join(', ') || 'the variable'} to ${t.expected === 'number' ? 'a number (e.g. 42, 0.5)' : 'true or false'}\n  提示：${path} 需要${t.expected === 'number' ? '数字' : ' true 或 false'}，但环境变量 ${vars.join('、')} 的值是 ${JSON.stringify(v)}`,
        data: { variables: vars, value: v },
      });
    }
    (parent as Record<string, unknown>)[key] = value;
    changed = true;
  }
  return changed;
}

/**
 * Validate an already-parsed (and interpolated) object against the schema. With `ctx.envRefs`, a
 * number or boolean field given as `${VAR}` is read as one.
 */
export function validateSpec(input: unknown, file = 'spec', ctx: ValidateContext = {}): Spec {
  let r = Spec.safeParse(input);
  if (r.success) return r.data;
  if (ctx.envRefs?.length) {
    input = structuredClone(input);
    for (let round = 0; round < 4 && !r.success; round++) {
      if (!coerceEnvValues(input, r.error.issues, ctx.envRefs, file)) break;
      r = Spec.safeParse(input);
    }
    if (r.success) return r.data;
  }
  const issues = r.error.issues;
  const refs = new Map((ctx.envRefs ?? []).map((x) => [x.path.join('.'), x.text]));
  const lines = describeIssues(issues, input).map((l, i) => {
    const ref = refs.get(issues[i].path.map(String).join('.'));
    return ref ? `${l} (from ${ref})` : l;
  });
  const first = issues[0];
  fail('E_SPEC', `invalid spec${lines.length > 1 ? ` (${lines.length} problems)` : ''}:\n  ${lines.join('\n  ')}`, {
    location: { file, path: first.path.map(String).join('.') },
    hint: suggestKeys(issues) ?? 'see schema/nqpf.schema.json or `nqpf init` for a complete example',
    data: { issues },
  });
}

/**
 * YAML text → the parsed object as written (`raw`, for the `${VAR}` references a run records), the
 * references, and the interpolated, validated spec.
 */
export function parseSpecDocument(text: string, opts: ParseSpecOptions = {}): { raw: unknown; envRefs: EnvReference[]; spec: Spec } {
  const file = opts.file ?? 'spec';
  const raw = parseYaml(text, file);
  const envRefs = envReferences(raw);
  const spec = validateSpec(interpolate(raw, opts.env ?? {}), file, { envRefs });
  return { raw, envRefs, spec };
}

/** YAML text → interpolated, validated spec. */
export function parseSpec(text: string, opts: ParseSpecOptions = {}): Spec {
  return parseSpecDocument(text, opts).spec;
}
