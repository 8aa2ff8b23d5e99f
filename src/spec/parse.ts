/**
 * Spec text → validated {@link Spec}. Pure: the caller passes the environment for
 * `${VAR}` / `${VAR:-default}` interpolation. Every problem becomes one NqpfError
 * (`E_SPEC`) whose message lists each issue with its path (`steps.weight.method`),
 * the value found and the allowed values. A YAML error is reported by its likely cause — a
 * full-width colon, a tab, inconsistent indentation … (see yaml-slips.ts) — at the line and column
 * of the offending character, with a hint in English and Chinese.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { fail, nearest } from '../core/errors.js';
import { envReferences, type EnvReference } from './env-refs.js';
import { Spec } from './schema.js';
import { describeSlip, FULLWIDTH, repair, repairedLine, scanSlips, type Slip, type SlipKind } from './yaml-slips.js';

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

/** Slip kinds in the order they are tried: the most certain first. */
const SLIP_ORDER: readonly SlipKind[] = [
  'tab',
  'env-in-flow',
  'fullwidth-colon',
  'fullwidth-comma',
  'fullwidth-quote',
  'fullwidth-bracket',
  'colon-space',
  'missing-colon',
  'special-start',
  'indent',
];

/**
 * Bounds on the search for the cause of one error: texts longer than this are not searched (a
 * hand-written spec is a few kilobytes; a huge or hostile text gets the plain reading), and at most
 * this many characters are re-parsed in all (about 100 tries for a 10 kB spec).
 */
const DIAGNOSIS_MAX_TEXT = 64 * 1024;
const DIAGNOSIS_BUDGET = 1024 * 1024;

/**
 * The first error of `text` as 1-based line (and the error), or undefined when it parses. The
 * library's error positions are offsets; lines never move when a slip is repaired (repairs add no
 * line breaks).
 */
function firstYamlError(text: string): { line: number; col: number; error: YAMLError } | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter: lc });
  if (!doc.errors.length) return undefined;
  const pos = lc.linePos(doc.errors[0].pos[0]);
  return { line: pos.line, col: pos.col, error: doc.errors[0] };
}

/**
 * The slips that explain the first YAML error of `text`, in order: the first candidate (most
 * certain kind first, then document order) whose repair makes the text parse or moves the first
 * error to a later line; then, with that repaired, the next one (at most `rounds`).
 */
function findSlips(text: string, errLine: number, rounds = 5): { slips: Slip[]; fixed: string } {
  const slips: Slip[] = [];
  let cur = text;
  let line = errLine;
  let budget = DIAGNOSIS_BUDGET;
  for (let r = 0; r < rounds; r++) {
    const cands = scanSlips(cur).sort((a, b) => SLIP_ORDER.indexOf(a.kind) - SLIP_ORDER.indexOf(b.kind) || a.line - b.line || a.col - b.col);
    let found: { slip: Slip; fixed: string; next: number | undefined } | undefined;
    for (const c of cands) {
      if ((budget -= cur.length) < 0) break;
      const fixed = repair(cur, c);
      const e = firstYamlError(fixed);
      if (!e || e.line > line) {
        found = { slip: c, fixed, next: e?.line };
        break;
      }
    }
    if (!found) break;
    slips.push(found.slip);
    cur = found.fixed;
    if (found.next === undefined) break;
    line = found.next;
  }
  return { slips, fixed: cur };
}

/** Plain-language reading of a YAML library error without an identified slip: [message, hint]. */
function plainYamlError(e: YAMLError, line: number, col: number, lineText: string): [string, string] {
  const at = `line ${line}, column ${col}`;
  const atZh = `第 ${line} 行第 ${col} 列`;
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return [
        `tab character in the indentation at ${at}: YAML indents with spaces only`,
        `replace the tab with spaces (2 per level is usual; set the editor to insert spaces for Tab)\n  提示：${atZh}的缩进里有 Tab 制表符，YAML 只能用空格缩进（通常每层 2 个空格；可在编辑器中设置 Tab 键插入空格）`,
      ];
    case 'BAD_DQ_ESCAPE':
      return [
        `backslash in double quotes at ${at}: inside "…" a backslash starts an escape sequence (a Windows path such as "C:\\Users\\…" is read wrongly)`,
        `write the path with forward slashes (C:/Users/…) or in single quotes ('C:\\Users\\…')\n  提示：${atZh}的双引号内有反斜杠"\\"，YAML 会把它当作转义符；Windows 路径请改用正斜杠（C:/Users/…）或单引号（'C:\\Users\\…'）`,
      ];
    case 'BAD_SCALAR_START': {
      const ch = /character (\S)/.exec(e.message)?.[1] ?? lineText.charAt(col - 1);
      return [
        `the value at ${at} starts with "${ch}", a character YAML reserves: such a value must be quoted`,
        `put the value in quotes, e.g. "${ch}…"\n  提示：${atZh}的取值以 YAML 保留字符"${ch}"开头，须给整个取值加引号，如 "${ch}…"`,
      ];
    }
    case 'BLOCK_AS_IMPLICIT_KEY': {
      const m = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s+([^\s"'#[{][^#]*?:\s.*)$/.exec(lineText);
      if (m) {
        const [, , key, value] = m;
        return [
          `the value of "${key}" at line ${line} holds ": ", which YAML reads as a second key on the same line`,
          `put "${value.trim()}" on its own line, indented under "${key}:" (or write ${key}: {${value.trim()}}); if the ` +
            `colon is part of the text, put the value in quotes\n  提示：第 ${line} 行"${key}"的取值中含有": "，YAML 会把它当作同一行的第二个键；` +
            `请把"${value.trim()}"另起一行并缩进在"${key}:"之下（或写作 ${key}: {${value.trim()}}）；若冒号是文字的一部分，请给取值加引号`,
        ];
      }
      break;
    }
    case 'BLOCK_IN_FLOW':
    case 'UNEXPECTED_TOKEN':
      if (/block-seq-ind|Block collections are not allowed within flow/.test(e.message) && /(:\s+|,\s*|\[\s*)-\s*($|[,}\]#])/.test(lineText))
        return [
          `a lone "-" at ${at}: YAML reads it as the start of a list item`,
          `put it in quotes ("-"), or for a direction write -1 or 负向\n  提示：${atZh}单独的"-"在 YAML 中表示列表项；请加引号写作 "-"，方向可写 -1 或 负向`,
        ];
      if (e.code === 'BLOCK_IN_FLOW')
        return [
          `inside [ ] or { } at ${at}: items must be separated by ASCII commas ", ", and a value holding ": " or ", " must be quoted`,
          `check the commas and quotes inside the brackets\n  提示：${atZh}位于方括号或花括号内：各项须用半角逗号分隔，含有": "或", "的取值须加引号`,
        ];
      break;
    default:
      break;
  }
  return [
    `YAML cannot read the structure at ${at}: check the indentation and the "key: value" form of this line and the one above`,
    'each field is "key: value" with an ASCII colon and a space; fields of one level start in the same column ' +
      '(spaces, not tabs); a value that contains ": " or starts with [ { * & ! | > @ needs quotes\n  提示：' +
      `请检查${atZh}及上一行：每个字段写作"键: 值"（半角冒号加空格）；同一层的字段须从同一列开始（只用空格缩进，不用 Tab）；取值中含有": "或以 [ { * & ! | > @ 开头时须加引号`,
  ];
}

/**
 * Throw the E_SPEC_YAML error of the library error `e` of `text`, named by its likely cause: a tab
 * (located at the tab), an identified slip (yaml-slips.ts: located at the offending character,
 * with the repaired line as what to write; further slips found after repairing it are listed),
 * else a plain reading of the library's error. The library's own message is kept in `data.yaml`.
 */
function explainYamlError(text: string, file: string, e: YAMLError, lc: LineCounter): never {
  const pos = lc.linePos(e.pos[0]);
  const lines = text.split('\n');
  const yaml = { code: e.code, message: e.message.split('\n')[0].slice(0, 300), line: pos.line, col: pos.col };
  if (e.code !== 'TAB_AS_INDENT' && e.code !== 'BAD_DQ_ESCAPE' && e.code !== 'BAD_SCALAR_START' && text.length <= DIAGNOSIS_MAX_TEXT) {
    const { slips } = findSlips(text, pos.line);
    if (slips.length) {
      const first = slips[0];
      const { message, hint } = describeSlip(first, repairedLine(text, first));
      const more = slips.slice(1).map((x) => x.line);
      fail('E_SPEC_YAML', `${message}${more.length ? ` (the same kind of slip may also be on line${more.length > 1 ? 's' : ''} ${more.join(', ')})` : ''}`, {
        location: { file, row: first.line, column: first.col },
        hint,
        data: { slip: first.kind, yaml, more },
      });
    }
  }
  let { line, col } = pos;
  const lineText = (lines[line - 1] ?? '').replace(/\r$/, '');
  if (e.code === 'TAB_AS_INDENT') {
    const tab = lineText.search(/\t/);
    if (tab >= 0) col = tab + 1;
  }
  if (e.code === 'BAD_DQ_ESCAPE') {
    const bs = lineText.indexOf('\\', Math.max(0, col - 1));
    if (bs >= 0) col = bs + 1;
  }
  const [message, hint] = plainYamlError(e, line, col, lineText);
  fail('E_SPEC_YAML', message, { location: { file, row: line, column: col }, hint, data: { yaml } });
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
        yamlFail(
          `unknown alias *${node.source} (line ${pos?.line ?? '?'}): its anchor &${node.source} must come before it`,
          file,
          pos?.line,
          pos?.col,
          'a value that starts with "*" is read as an alias; if it is text (a file pattern, a footnote mark), put it in ' +
            `quotes: "*${node.source}"\n  提示：以"*"开头的取值会被 YAML 当作别名；若它是普通文字，请加引号，如 "*${node.source}"`,
        );
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
  if (doc.errors.length) explainYamlError(text, file, doc.errors[0], lineCounter);
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
  /** The YAML text: a value of the wrong type that holds full-width punctuation (`title：…`) is reported at its line and column. */
  text?: string;
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
        hint:
          `set ${vars.join(', ') || 'the variable'} to` +
          ` ${t.expected === 'number' ? 'a number (e.g. 42, 0.5)' : 'true or false'}\n  ` +
          `提示：${path} 需要${t.expected === 'number' ? '数字' : ' true 或 false'}，但环境变量 ${vars.join('、')} 的值是 ${JSON.stringify(v)}`,
        data: { variables: vars, value: v },
      });
    }
    (parent as Record<string, unknown>)[key] = value;
    changed = true;
  }
  return changed;
}

const ASCII: Record<string, string> = {
  '，': ', ',
  '；': ', ',
  '、': ', ',
  '（': '[',
  '）': ']',
  '【': '[',
  '】': ']',
  '［': '[',
  '］': ']',
  '｛': '{',
  '｝': '}',
  '．': '.',
  '－': '-',
};

/** The ASCII character a full-width one stands for (the colon with its space), or undefined. */
function toAscii(c: string, next: string | undefined): string | undefined {
  if (c === '：') return next === undefined || /\s/.test(next) ? ':' : ': ';
  if (/[０-９]/.test(c)) return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  if (/[“”「」『』]/.test(c)) return '"';
  if (/[‘’]/.test(c)) return "'";
  return ASCII[c];
}

/**
 * A value of the wrong type (or an unknown key) that holds full-width punctuation or digits points
 * to an input-method slip the YAML grammar accepted: `data:\n  file：d.csv` makes `data` the text
 * "file：d.csv". Returns the slip at the offending character of the text, if one is found.
 */
function slipInIssues(text: string, issues: readonly z.core.$ZodIssue[], input: unknown): { slip: Slip; issue: z.core.$ZodIssue } | undefined {
  const lines = text.split('\n');
  for (const iss of issues) {
    const found = getAt(input, iss.path);
    const strings =
      iss.code === 'unrecognized_keys'
        ? (iss as { keys: string[] }).keys
        : (iss.code === 'invalid_type' || iss.code === 'invalid_union') && typeof found === 'string'
          ? [found]
          : [];
    for (const str of strings) {
      const m = FULLWIDTH.exec(str);
      if (!m) continue;
      const ch = m[0];
      // The word holding the character, as written on one line of the text.
      const before = str.slice(0, m.index).split(/\s/).pop() ?? '';
      const fragment = before + ch;
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (/^\s*#/.test(l)) continue;
        const at = l.indexOf(fragment);
        if (at < 0) continue;
        const col = at + before.length + 1;
        const offset = lines.slice(0, i).reduce((n, x) => n + x.length + 1, 0) + col - 1;
        const kind: SlipKind =
          ch === '：'
            ? 'fullwidth-colon'
            : /[，；、]/.test(ch)
              ? 'fullwidth-comma'
              : /[“”‘’「」『』]/.test(ch)
                ? 'fullwidth-quote'
                : /[（）【】［］｛｝]/.test(ch)
                  ? 'fullwidth-bracket'
                  : 'fullwidth-digit';
        // The repair shown as "write: …": the colon alone; otherwise every full-width character from the word on.
        const edits: Slip['edits'] = [];
        const lineStart = offset - (col - 1);
        const from = kind === 'fullwidth-colon' ? col - 1 : at;
        const to = kind === 'fullwidth-colon' ? col : l.length;
        for (let j = from; j < to; j++) {
          const rep = toAscii(l[j], l[j + 1]);
          if (rep !== undefined) edits.push({ offset: lineStart + j, length: 1, text: rep });
        }
        return { slip: { kind, line: i + 1, col, char: ch, edits }, issue: iss };
      }
    }
  }
  return undefined;
}

/**
 * Validate an already-parsed (and interpolated) object against the schema. With `ctx.envRefs`, a
 * number or boolean field given as `${VAR}` is read as one; with `ctx.text`, a wrong value caused
 * by full-width punctuation is reported at its line and column (`E_SPEC_YAML`).
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
  if (ctx.text !== undefined) {
    const hit = slipInIssues(ctx.text, issues, input);
    if (hit) {
      const { message, hint } = describeSlip(hit.slip, repairedLine(ctx.text, hit.slip));
      fail('E_SPEC_YAML', `${message} (so ${lines[issues.indexOf(hit.issue)]})`, {
        location: { file, row: hit.slip.line, column: hit.slip.col },
        hint,
        data: { slip: hit.slip.kind, issues },
      });
    }
  }
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
  const spec = validateSpec(interpolate(raw, opts.env ?? {}), file, { envRefs, text });
  return { raw, envRefs, spec };
}

/** YAML text → interpolated, validated spec. */
export function parseSpec(text: string, opts: ParseSpecOptions = {}): Spec {
  return parseSpecDocument(text, opts).spec;
}
