/**
 * The spec model of the front end. The single source of truth is the user's spec *document*: the
 * YAML text parsed with the `yaml` library's Document API, which keeps comments, key order and
 * formatting. Forms never rebuild the spec from their own state: each form field reads its value
 * from the spec and, when changed, produces {@link SpecEdit}s — set or delete one path — that are
 * applied to the document ({@link applyEdits}); everything the forms do not know (other analyses,
 * robustness settings, outputs, aliases, extra node fields, comments) is left as it is. The plain
 * object forms read ({@link SpecModel}) is derived from the document after every edit. Pure: no DOM.
 */
import YAML, { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FrameworkNodeSpec } from '../../src/core/framework-types.js';
import { NQPF_NORMALISE } from '../../src/frameworks/normalise.js';

export type SpecModel = Record<string, any>;

/** The spec of a new project: the built-in three-factor framework, normalised onto [0, 1]. */
export function defaultSpec(title: string, lang: 'zh' | 'en'): SpecModel {
  return {
    title,
    seed: 20240101,
    data: { file: '', unit: '' },
    units: {},
    framework: { builtin: 'nqpf-three-factor' },
    // the built-in NQPF frameworks are measured on [0, 1], as their literature does (src/frameworks/normalise.ts)
    steps: { normalise: { method: NQPF_NORMALISE.method, range: [...NQPF_NORMALISE.range], scope: NQPF_NORMALISE.scope } },
    outputs: { language: lang },
  };
}

/** Top-level keys and steps in the order the docs use; other keys follow in model order. */
const TOP_ORDER = ['title', 'description', 'seed', 'data', 'units', 'framework', 'steps', 'analyses', 'robustness', 'outputs'];
const STEP_ORDER = ['denominate', 'impute', 'screen', 'treat', 'normalise', 'weight', 'aggregate'];

function ordered(obj: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (Object.hasOwn(obj, k)) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out)) out[k] = obj[k];
  return out;
}

/**
 * YAML text of a spec the front end builds itself (a new project): block style, canonical key
 * order, empty values dropped. Never used on a user's spec — that is edited as a document.
 */
export function specToYaml(spec: SpecModel): string {
  const p = prune(spec) as Record<string, unknown>;
  const top = ordered(p, TOP_ORDER);
  if (top.steps && typeof top.steps === 'object' && !Array.isArray(top.steps)) top.steps = ordered(top.steps as Record<string, unknown>, STEP_ORDER);
  return YAML.stringify(top, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Parse YAML text into a model, or an error message. */
export function yamlToSpec(text: string): { spec?: SpecModel; error?: string } {
  try {
    const v = YAML.parse(text);
    if (v === null || v === undefined) return { spec: {} };
    if (typeof v !== 'object' || Array.isArray(v)) return { error: 'the spec must be a mapping (key: value lines)' };
    return { spec: v as SpecModel };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Drop empty objects and undefined values (so an untouched step is not written as `{}`), except required `data`/`framework`. */
function prune(v: unknown, depth = 0): unknown {
  if (Array.isArray(v)) return v.map((x) => prune(x, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || x === '') continue;
      const p = prune(x, depth + 1);
      if (p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0 && !(depth === 0 && (k === 'data' || k === 'framework'))) continue;
      out[k] = p;
    }
    return out;
  }
  return v;
}

/** The root of a flat node list (the node without parent). */
export function rootOf(nodes: readonly FrameworkNodeSpec[]): FrameworkNodeSpec | undefined {
  return nodes.find((n) => n.parent === undefined || n.parent === null || n.parent === '');
}

/** Children of `code` in list order. */
export function childrenOf(nodes: readonly FrameworkNodeSpec[], code: string): FrameworkNodeSpec[] {
  return nodes.filter((n) => n.parent === code);
}

/** `code` and all its descendants. */
export function subtree(nodes: readonly FrameworkNodeSpec[], code: string): Set<string> {
  const out = new Set([code]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of nodes)
      if (n.parent && out.has(n.parent) && !out.has(n.code)) {
        out.add(n.code);
        grew = true;
      }
  }
  return out;
}

/** Move `code` one place up (−1) or down (+1) among its siblings; returns whether it moved. */
export function moveSibling(nodes: FrameworkNodeSpec[], code: string, dir: -1 | 1): boolean {
  const node = nodes.find((n) => n.code === code);
  if (!node) return false;
  const sibs = nodes.map((n, i) => [n, i] as const).filter(([n]) => (n.parent ?? null) === (node.parent ?? null));
  const k = sibs.findIndex(([n]) => n === node);
  const other = sibs[k + dir];
  if (!other) return false;
  const i = sibs[k][1];
  const j = other[1];
  [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
  return true;
}

/** Re-parent `code` under `parent` (not into its own subtree); returns whether it changed. */
export function reparent(nodes: FrameworkNodeSpec[], code: string, parent: string): boolean {
  const node = nodes.find((n) => n.code === code);
  if (!node || !nodes.some((n) => n.code === parent) || subtree(nodes, code).has(parent) || node.parent === parent) return false;
  node.parent = parent;
  // keep it after the new siblings: move to the end of the list
  nodes.splice(nodes.indexOf(node), 1);
  nodes.push(node);
  return true;
}

/** Remove `code` and its descendants; returns the number removed. */
export function removeNode(nodes: FrameworkNodeSpec[], code: string): number {
  const drop = subtree(nodes, code);
  let n = 0;
  for (let i = nodes.length - 1; i >= 0; i--)
    if (drop.has(nodes[i].code)) {
      nodes.splice(i, 1);
      n++;
    }
  return n;
}

/** A code not yet used: `base`, `base_2`, `base_3`, … */
export function freshCode(nodes: readonly FrameworkNodeSpec[], base: string): string {
  const used = new Set(nodes.map((n) => n.code));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** Saaty scale values offered in the AHP editor, as [value, label]. */
export const SAATY_SCALE: [number, string][] = [9, 8, 7, 6, 5, 4, 3, 2, 1]
  .map((v) => [v, String(v)] as [number, string])
  .concat([2, 3, 4, 5, 6, 7, 8, 9].map((v) => [1 / v, `1/${v}`] as [number, string]));

/** Label of a Saaty value (nearest scale entry). */
export function saatyLabel(x: number): string {
  let best = SAATY_SCALE[0];
  for (const s of SAATY_SCALE) if (Math.abs(Math.log(s[0]) - Math.log(x)) < Math.abs(Math.log(best[0]) - Math.log(x))) best = s;
  return best[1];
}

// ------------------------------------------------------------------ the spec document

/** A path into the spec: object keys and array indices, e.g. ['steps', 'impute', 'method']. */
export type SpecPath = readonly (string | number)[];

/** One edit of the spec document: set `path` to `value`, or delete it when `value` is undefined. */
export interface SpecEdit {
  path: SpecPath;
  value: unknown;
}

/** The parsed spec document (comments, key order and formatting of the user's YAML kept). */
export type SpecDocument = Document;

/** Alias expansion limit, as the engine's parser (src/spec/parse.ts). */
const MAX_ALIASES = 100;

/** Parse spec text into a document (as the engine does: unique keys, YAML 1.2), or an error message. */
export function parseSpecDoc(text: string): { doc?: SpecDocument; error?: string } {
  let doc: Document;
  try {
    doc = YAML.parseDocument(text, { uniqueKeys: true });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (doc.errors.length) return { error: doc.errors[0].message };
  if (doc.contents === null || doc.contents === undefined || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === undefined))) {
    doc.contents = doc.createNode({}) as never;
  }
  if (!isMap(doc.contents)) return { error: 'the spec must be a mapping (key: value lines)' };
  try {
    doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  return { doc };
}

/** The plain value of the document (what the engine reads, before validation). */
export function specValue(doc: SpecDocument): SpecModel {
  const v = doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as SpecModel) : {};
}

/** The YAML text of the document (long lines are not folded; flow lists written `[a, b]` as users do). */
export function specText(doc: SpecDocument): string {
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Deep equality of plain (JSON-like) values; numbers by Object.is (so -0 ≠ 0, NaN = NaN). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** The value at `path` of a plain value (undefined when absent). */
export function getPath(value: unknown, path: SpecPath): unknown {
  let cur = value;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Whether `path` exists in a plain value. */
export function hasPath(value: unknown, path: SpecPath): boolean {
  if (!path.length) return true;
  const parent = getPath(value, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && Object.hasOwn(parent, path[path.length - 1]);
}

/** Keys of new top-level sections and steps are inserted in the order the docs use. */
const INSERT_ORDER: Record<string, readonly string[]> = {
  '': ['$schema', 'title', 'description', 'seed', 'data', 'units', 'framework', 'steps', 'analyses', 'robustness', 'outputs'],
  steps: ['denominate', 'impute', 'screen', 'treat', 'normalise', 'weight', 'aggregate'],
};

function keyOf(p: Pair): string {
  const k = isScalar(p.key) ? p.key.value : p.key;
  return String(k);
}

function findPair(map: YAMLMap, key: string | number): Pair | undefined {
  const k = String(key);
  return (map.items as Pair[]).find((p) => keyOf(p) === k);
}

function childNode(node: unknown, key: string | number): unknown {
  if (isMap(node)) return findPair(node, key)?.value ?? undefined;
  if (isSeq(node)) {
    const i = Number(key);
    return Number.isInteger(i) && i >= 0 && i < node.items.length ? node.items[i] : undefined;
  }
  return undefined;
}

/** Put `value` (a node) at `key` of a collection node: replace the pair's value, or add a pair in docs order. */
function putChild(doc: Document, coll: YAMLMap | YAMLSeq, key: string | number, value: Node, parentPath: SpecPath): void {
  if (isSeq(coll)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i > coll.items.length) throw new Error(`no item ${String(key)} at ${parentPath.join('.') || 'spec'}`);
    if (i === coll.items.length) coll.items.push(value);
    else coll.items[i] = value;
    return;
  }
  const pair = findPair(coll, key);
  if (pair) {
    pair.value = value;
    return;
  }
  const order = INSERT_ORDER[parentPath.join('.')];
  let pos = coll.items.length;
  const k = order ? order.indexOf(String(key)) : -1;
  if (order && k >= 0) {
    const later = (coll.items as Pair[]).findIndex((p) => order.indexOf(keyOf(p)) > k);
    if (later >= 0) pos = later;
  }
  coll.items.splice(pos, 0, doc.createPair(key, value) as never);
}

function newNode(doc: Document, value: unknown): Node {
  return doc.createNode(value, { aliasDuplicateObjects: false }) as Node;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** For each item of `b`, the index of an equal item of `a`, each used once (undefined when `b` is not a reordering of `a`). Cost O(n²) comparisons. */
function permutationOf(a: readonly unknown[], b: readonly unknown[]): number[] | undefined {
  if (a.length !== b.length || a.length < 2) return undefined;
  const used = new Set<number>();
  const out: number[] = [];
  for (const x of b) {
    const j = a.findIndex((y, k) => !used.has(k) && deepEqual(x, y));
    if (j < 0) return undefined;
    used.add(j);
    out.push(j);
  }
  return out;
}

/**
 * Make `node` (whose plain value is `oldV`) hold `newV` with the smallest change: unchanged
 * children keep their nodes (and comments); maps get keys set/removed; lists keep their common
 * head and tail. Returns a replacement node when `node` itself cannot be updated in place.
 */
function syncNode(doc: Document, node: unknown, oldV: unknown, newV: unknown): Node | undefined {
  if (deepEqual(oldV, newV)) return undefined;
  if (isMap(node) && isPlainObject(newV) && isPlainObject(oldV)) {
    for (const p of [...(node.items as Pair[])]) {
      if (!Object.hasOwn(newV, keyOf(p))) node.items.splice(node.items.indexOf(p as never), 1);
    }
    for (const [k, v] of Object.entries(newV)) {
      const pair = findPair(node, k);
      if (!pair) node.items.push(doc.createPair(k, newNode(doc, v)) as never);
      else {
        const r = syncNode(doc, pair.value, oldV[k], v);
        if (r) pair.value = r;
      }
    }
    return undefined;
  }
  if (isSeq(node) && Array.isArray(newV) && Array.isArray(oldV) && node.items.length === oldV.length) {
    let head = 0;
    while (head < oldV.length && head < newV.length && deepEqual(oldV[head], newV[head])) head++;
    let tail = 0;
    while (tail < oldV.length - head && tail < newV.length - head && deepEqual(oldV[oldV.length - 1 - tail], newV[newV.length - 1 - tail])) tail++;
    const oldMid = oldV.length - head - tail;
    const newMid = newV.length - head - tail;
    // items reordered (a list form's up / down): the nodes move with their comments
    const perm = oldMid === newMid ? permutationOf(oldV.slice(head, head + oldMid), newV.slice(head, head + newMid)) : undefined;
    if (perm) {
      const mid = node.items.slice(head, head + oldMid);
      node.items.splice(head, oldMid, ...perm.map((j) => mid[j]));
    } else if (oldMid === newMid) {
      for (let i = head; i < head + oldMid; i++) {
        const r = syncNode(doc, node.items[i], oldV[i], newV[i]);
        if (r) node.items[i] = r;
      }
    } else {
      node.items.splice(head, oldMid, ...newV.slice(head, head + newMid).map((v) => newNode(doc, v)));
    }
    return undefined;
  }
  if (isScalar(node) && !node.tag && oldV !== null && newV !== null && typeof oldV !== 'object' && typeof oldV === typeof newV) {
    // the node (and its comment) stays; the old number's notation (hex, exponent, digits) does not apply to the new value
    node.value = newV;
    delete node.format;
    delete node.minFractionDigits;
    return undefined;
  }
  return newNode(doc, newV);
}

/** Replace every alias by a copy of its target (values unchanged), so an edit changes one place only. */
function expandAliases(doc: Document): void {
  for (let round = 0; round < MAX_ALIASES + 1; round++) {
    let found = false;
    YAML.visit(doc, {
      Alias(_, node) {
        found = true;
        const target = node.resolve(doc);
        return target ? (target.clone() as Node) : newNode(doc, null);
      },
    });
    if (!found) break;
  }
  YAML.visit(doc, {
    Node(_, node) {
      if ('anchor' in node && node.anchor) node.anchor = undefined;
    },
  });
}

function hasAliases(doc: Document): boolean {
  let found = false;
  YAML.visit(doc, {
    Alias() {
      found = true;
      return YAML.visit.BREAK;
    },
  });
  return found;
}

/**
 * Set `path` to `value` in the document (delete it when `value` is undefined), changing nothing
 * else: missing parents are created as mappings, an object or list value is merged into the node
 * already there (unchanged parts keep their comments). Returns whether the spec changed.
 */
export function setPath(doc: SpecDocument, path: SpecPath, value: unknown): boolean {
  if (!path.length) throw new Error('setPath: empty path');
  if (value === undefined) return deletePath(doc, path);
  const before = specValue(doc);
  const cur = getPath(before, path);
  if (hasPath(before, path) && deepEqual(cur, value)) return false;
  if (hasAliases(doc)) expandAliases(doc);
  let node: unknown = doc.contents;
  let val: unknown = before;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    let child = childNode(node, key);
    const childVal = getPath(val, [key]);
    if (!isMap(child) && !isSeq(child)) {
      child = newNode(doc, {});
      putChild(doc, node as YAMLMap | YAMLSeq, key, child as Node, path.slice(0, i));
    }
    node = child;
    val = isMap(child) || isSeq(child) ? (childVal !== null && typeof childVal === 'object' ? childVal : {}) : {};
  }
  const last = path[path.length - 1];
  const existing = childNode(node, last);
  if (existing !== undefined && existing !== null) {
    const r = syncNode(doc, existing, cur, value);
    if (r) putChild(doc, node as YAMLMap | YAMLSeq, last, r, path.slice(0, -1));
  } else putChild(doc, node as YAMLMap | YAMLSeq, last, newNode(doc, value), path.slice(0, -1));
  return true;
}

/** Delete `path` from the document (a list item is removed from its list). Returns whether the spec changed. */
export function deletePath(doc: SpecDocument, path: SpecPath): boolean {
  if (!path.length) throw new Error('deletePath: empty path');
  if (!hasPath(specValue(doc), path)) return false;
  if (hasAliases(doc)) expandAliases(doc);
  let node: unknown = doc.contents;
  for (const k of path.slice(0, -1)) node = childNode(node, k);
  const last = path[path.length - 1];
  if (isMap(node)) {
    const pair = findPair(node, last);
    if (!pair) return false;
    node.items.splice(node.items.indexOf(pair as never), 1);
    return true;
  }
  if (isSeq(node)) {
    node.items.splice(Number(last), 1);
    return true;
  }
  return false;
}

/** Apply edits in order; returns whether the spec changed. */
export function applyEdits(doc: SpecDocument, edits: readonly SpecEdit[]): boolean {
  let changed = false;
  for (const e of edits) if (setPath(doc, e.path, e.value)) changed = true;
  return changed;
}

/** A document for a plain spec (a new project). */
export function docFromSpec(spec: SpecModel): SpecDocument {
  return parseSpecDoc(specToYaml(spec)).doc!;
}

// ------------------------------------------------------------------ form fields

/**
 * A form control bound to one place of the spec: `read` gives the value the control shows,
 * `write` the edits for a value the user chose — none when it equals what `read` shows, so a
 * control that is merely shown, or set to the value it shows, never changes the spec.
 */
export interface SpecField<V = unknown> {
  path: SpecPath;
  read(spec: SpecModel): V;
  write(spec: SpecModel, v: V): SpecEdit[];
}

/** A schema-driven option at `section.key` (a step option, an analysis option, an output option); shows `dflt` when absent; undefined deletes. */
export function optionField(section: SpecPath, key: string, dflt?: unknown): SpecField {
  const path = [...section, key];
  const read = (spec: SpecModel) => {
    const v = getPath(spec, path);
    return v === undefined ? dflt : v;
  };
  return { path, read, write: (spec, v) => (deepEqual(v, read(spec)) ? [] : [{ path, value: v }]) };
}

/**
 * The checkbox of an analysis: on while `analyses.<key>` exists (whatever it holds). Checking it
 * creates an empty section (the analysis runs with its defaults); unchecking deletes the section.
 */
export function analysisToggleField(key: string): SpecField<boolean> {
  const path = ['analyses', key];
  const read = (spec: SpecModel) => hasPath(spec, path);
  return { path, read, write: (spec, v) => (v === read(spec) ? [] : [{ path, value: v ? {} : undefined }]) };
}

/** A text/select control of `data.<key>` ('' = absent, deleted). */
export function dataField(key: 'layout' | 'unit' | 'period' | 'indicator' | 'value' | 'file' | 'sheet', dflt = ''): SpecField<string> {
  const path = ['data', key];
  const read = (spec: SpecModel) => {
    const v = getPath(spec, path);
    return typeof v === 'string' ? v : dflt;
  };
  return { path, read, write: (spec, v) => (v === read(spec) ? [] : [{ path, value: v === '' ? undefined : v }]) };
}

/** The unit registry select ('none' when absent; choosing none removes the field). */
export const registryField: SpecField<string> = {
  path: ['units', 'registry'],
  read: (spec) => (typeof spec.units?.registry === 'string' ? spec.units.registry : 'none'),
  write: (spec, v) => (v === registryField.read(spec) ? [] : [{ path: ['units', 'registry'], value: v === 'none' ? undefined : v }]),
};

/** The "synthetic data" checkbox (`data.synthetic`; unchecked removes the field). */
export const syntheticField: SpecField<boolean> = {
  path: ['data', 'synthetic'],
  read: (spec) => spec.data?.synthetic === true,
  write: (spec, v) => (v === syntheticField.read(spec) ? [] : [{ path: ['data', 'synthetic'], value: v ? true : undefined }]),
};

/** The alias of the unknown unit `name` (`units.aliases.<name>`; '' removes it, and the map when it becomes empty). */
export function aliasField(name: string): SpecField<string> {
  const path = ['units', 'aliases', name];
  const read = (spec: SpecModel) => {
    const v = getPath(spec, path);
    return typeof v === 'string' ? v : '';
  };
  return {
    path,
    read,
    write: (spec, raw) => {
      const v = raw.trim();
      if (raw === read(spec) || v === read(spec)) return [];
      if (v) return [{ path, value: v }];
      const aliases = getPath(spec, ['units', 'aliases']);
      const emptied = isPlainObject(aliases) && Object.keys(aliases).every((k) => k === name);
      return [{ path: emptied ? ['units', 'aliases'] : path, value: undefined }];
    },
  };
}

/** The "exclude" checkbox of the unit `name` (`units.exclude`; the list is removed when it becomes empty). */
export function excludeField(name: string): SpecField<boolean> {
  const path = ['units', 'exclude'];
  const list = (spec: SpecModel): unknown[] => (Array.isArray(spec.units?.exclude) ? spec.units.exclude : []);
  const read = (spec: SpecModel) => list(spec).includes(name);
  return {
    path,
    read,
    write: (spec, on) => {
      if (on === read(spec)) return [];
      const l = list(spec);
      if (on) return Array.isArray(spec.units?.exclude) ? [{ path: [...path, l.length], value: name }] : [{ path, value: [name] }];
      const next = l.filter((x) => x !== name);
      return [{ path, value: next.length ? next : undefined }];
    },
  };
}

/** Column suggestions of an upload, as in the preview API. */
export interface UploadSuggestions {
  unitColumn?: string;
  periodColumn?: string;
  registry: string;
}

/**
 * Edits for a newly uploaded data file: its name and the suggested unit/period columns and unit
 * registry (other data and units fields kept; defaults such as layout wide are not written).
 */
export function uploadEdits(spec: SpecModel, file: string, s: UploadSuggestions): SpecEdit[] {
  const edits: SpecEdit[] = [{ path: ['data', 'file'], value: file }];
  if (s.unitColumn) edits.push({ path: ['data', 'unit'], value: s.unitColumn });
  edits.push({ path: ['data', 'period'], value: s.periodColumn || undefined });
  if (s.registry === 'cn-provinces' || s.registry === 'cn-cities') {
    edits.push({ path: ['units', 'registry'], value: s.registry });
  } else {
    edits.push({ path: ['units', 'registry'], value: undefined });
    if (spec.units?.group === 'region') edits.push({ path: ['units', 'group'], value: undefined });
  }
  if (/SYNTHETIC/i.test(file)) edits.push({ path: ['data', 'synthetic'], value: true });
  return edits;
}

/** Framework choice: a built-in id, '__inline' (nodes) or '__file'. */
export const frameworkChoiceField: SpecField<string> = {
  path: ['framework'],
  read: (spec) => {
    const fw = spec.framework ?? {};
    return Array.isArray(fw.nodes) ? '__inline' : typeof fw.builtin === 'string' ? fw.builtin : fw.file ? '__file' : '__inline';
  },
  write: (spec, v) => frameworkChoiceEdits(spec, v, []),
};

/** Edits to switch the framework to `choice` (the other alternatives removed, other fields kept); `starter` = nodes of a new inline framework. */
export function frameworkChoiceEdits(spec: SpecModel, choice: string, starter: FrameworkNodeSpec[]): SpecEdit[] {
  if (choice === frameworkChoiceField.read(spec) || choice === '__file') return [];
  if (choice === '__inline')
    return [
      { path: ['framework', 'builtin'], value: undefined },
      { path: ['framework', 'file'], value: undefined },
      { path: ['framework', 'nodes'], value: starter },
    ];
  return [
    { path: ['framework', 'nodes'], value: undefined },
    { path: ['framework', 'file'], value: undefined },
    { path: ['framework', 'builtin'], value: choice },
  ];
}

/** Edit of an inline framework's node list (merged node by node: unchanged nodes and fields are untouched). */
export function nodesEdit(nodes: readonly FrameworkNodeSpec[]): SpecEdit {
  return { path: ['framework', 'nodes'], value: nodes };
}

/** A renamed framework node: its per-node weight settings follow it. */
export function renameWeightEdits(spec: SpecModel, from: string, to: string): SpecEdit[] {
  const w = getPath(spec, ['steps', 'weight', 'nodes', from]);
  if (w === undefined || from === to) return [];
  return [
    { path: ['steps', 'weight', 'nodes', from], value: undefined },
    { path: ['steps', 'weight', 'nodes', to], value: w },
  ];
}

/** The AHP matrix of the children of `code` (`steps.weight.nodes.<code>`; its other fields kept). */
export function ahpEdits(code: string, matrix: number[][], order: string[], consistent: boolean): SpecEdit[] {
  const base = ['steps', 'weight', 'nodes', code];
  return [
    { path: [...base, 'method'], value: 'ahp' },
    { path: [...base, 'ahp', 'matrix'], value: matrix.map((r) => r.slice()) },
    { path: [...base, 'ahp', 'order'], value: order.slice() },
    { path: [...base, 'ahp', 'allowInconsistent'], value: consistent ? undefined : true },
  ];
}

/** Robustness presets of the small form. */
export type RobustnessPreset = 'normalisation' | 'weighting' | 'weights';
export const ROBUSTNESS_PRESETS: readonly RobustnessPreset[] = ['normalisation', 'weighting', 'weights'];

function presetFactor(spec: SpecModel, preset: RobustnessPreset): SpecModel {
  const range = spec.steps?.normalise?.range ?? [0, 100];
  if (preset === 'normalisation')
    return {
      name: 'normalisation',
      type: 'alternatives',
      path: 'steps.normalise',
      alternatives: [
        { method: 'minmax', range, scope: 'pooled' },
        { method: 'minmax', range, scope: 'period' },
      ],
    };
  if (preset === 'weighting') return { name: 'weighting', type: 'alternatives', path: 'steps.weight.method', alternatives: ['entropy', 'critic', 'equal'] };
  return { name: 'weights', type: 'weights', noise: 0.25 };
}

/** The spec `robustness` section for N replications and the chosen presets (a spec without one). */
export function robustnessSection(spec: SpecModel, replications: number, presets: RobustnessPreset[]): SpecModel {
  return { factors: ROBUSTNESS_PRESETS.filter((p) => presets.includes(p)).map((p) => presetFactor(spec, p)), uncertainty: { replications } };
}

const factorsOf = (spec: SpecModel): SpecModel[] => (Array.isArray(spec.robustness?.factors) ? spec.robustness.factors : []);

/**
 * The preset checkbox `preset` of the robustness form, bound to the spec's own factors: checked
 * when a factor of that name exists; checking adds the preset factor, unchecking removes that
 * factor (never the last one). Without a robustness section it edits nothing (the form's choice
 * is used when the section is created).
 */
export function robustnessPresetField(preset: RobustnessPreset): SpecField<boolean> {
  const read = (spec: SpecModel) => factorsOf(spec).some((f) => f?.name === preset);
  return {
    path: ['robustness', 'factors'],
    read,
    write: (spec, on) => {
      if (!spec.robustness || on === read(spec)) return [];
      const fs = factorsOf(spec);
      if (on)
        return Array.isArray(spec.robustness.factors)
          ? [{ path: ['robustness', 'factors', fs.length], value: presetFactor(spec, preset) }]
          : [{ path: ['robustness', 'factors'], value: [presetFactor(spec, preset)] }];
      if (fs.length <= 1) return [];
      return [{ path: ['robustness', 'factors', fs.findIndex((f) => f?.name === preset)], value: undefined }];
    },
  };
}

/** Replications of the robustness form (`robustness.uncertainty.replications`); edits only an existing robustness section. */
export const replicationsField: SpecField<number | undefined> = {
  path: ['robustness', 'uncertainty', 'replications'],
  read: (spec) => {
    const v = getPath(spec, ['robustness', 'uncertainty', 'replications']);
    return typeof v === 'number' ? v : undefined;
  },
  write: (spec, v) =>
    !spec.robustness || v === undefined || v === replicationsField.read(spec) ? [] : [{ path: ['robustness', 'uncertainty', 'replications'], value: v }],
};

/** Edits that give a spec without robustness the form's section; none when the spec has one (it runs as it is). */
export function robustnessCreateEdits(spec: SpecModel, replications: number, presets: RobustnessPreset[]): SpecEdit[] {
  if (spec.robustness !== undefined && spec.robustness !== null) return [];
  return [{ path: ['robustness'], value: robustnessSection(spec, replications, presets) }];
}
