/**
 * The spec model of the front end: a plain object (the parsed `nqpf.yaml`) that the forms edit;
 * the YAML shown, saved and run is always generated from it (or typed by the user, in which case
 * the model is re-parsed from the text). Pure: no DOM.
 */
import YAML from 'yaml';
import type { FrameworkNodeSpec } from '../../src/core/framework-types.js';

export type SpecModel = Record<string, any>;

/** The spec of a new project. */
export function defaultSpec(title: string, lang: 'zh' | 'en'): SpecModel {
  return {
    title,
    seed: 20240101,
    data: { file: '', unit: '' },
    units: {},
    framework: { builtin: 'nqpf-three-factor' },
    steps: {},
    outputs: { language: lang },
  };
}

/** Top-level keys and steps in the order the docs use; other keys follow in model order. */
const TOP_ORDER = ['title', 'description', 'seed', 'data', 'units', 'framework', 'steps', 'analyses', 'robustness', 'outputs'];
const STEP_ORDER = ['denominate', 'impute', 'screen', 'treat', 'normalise', 'weight', 'aggregate'];

function ordered(obj: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (Object.prototype.hasOwnProperty.call(obj, k)) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out)) out[k] = obj[k];
  return out;
}

/** YAML text of a model (block style; top-level keys and steps in canonical order). */
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

/** `obj[path[0]][path[1]]…`, creating objects on the way. */
export function ensurePath(obj: SpecModel, path: string[]): Record<string, any> {
  let o = obj;
  for (const k of path) {
    if (!o[k] || typeof o[k] !== 'object' || Array.isArray(o[k])) o[k] = {};
    o = o[k];
  }
  return o;
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
    for (const n of nodes) if (n.parent && out.has(n.parent) && !out.has(n.code)) {
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
  for (let i = nodes.length - 1; i >= 0; i--) if (drop.has(nodes[i].code)) {
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
export const SAATY_SCALE: [number, string][] = [9, 8, 7, 6, 5, 4, 3, 2, 1].map((v) => [v, String(v)] as [number, string]).concat([2, 3, 4, 5, 6, 7, 8, 9].map((v) => [1 / v, `1/${v}`] as [number, string]));

/** Label of a Saaty value (nearest scale entry). */
export function saatyLabel(x: number): string {
  let best = SAATY_SCALE[0];
  for (const s of SAATY_SCALE) if (Math.abs(Math.log(s[0]) - Math.log(x)) < Math.abs(Math.log(best[0]) - Math.log(x))) best = s;
  return best[1];
}

/** Robustness presets of the small form. */
export type RobustnessPreset = 'normalisation' | 'weighting' | 'weights';

/** The spec `robustness` section for N replications and the chosen presets. */
export function robustnessSection(spec: SpecModel, replications: number, presets: RobustnessPreset[]): SpecModel {
  const factors: SpecModel[] = [];
  const range = spec.steps?.normalise?.range ?? [0, 100];
  if (presets.includes('normalisation')) {
    factors.push({ name: 'normalisation', type: 'alternatives', path: 'steps.normalise', alternatives: [{ method: 'minmax', range, scope: 'pooled' }, { method: 'minmax', range, scope: 'period' }] });
  }
  if (presets.includes('weighting')) factors.push({ name: 'weighting', type: 'alternatives', path: 'steps.weight.method', alternatives: ['entropy', 'critic', 'equal'] });
  if (presets.includes('weights')) factors.push({ name: 'weights', type: 'weights', noise: 0.25 });
  return { factors, uncertainty: { replications } };
}
