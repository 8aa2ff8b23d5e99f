/**
 * `${VAR}` references of a spec, so that what nqpf records (run.json, the report's provenance)
 * shows the reference as the user wrote it — `${NQPF_SHARED:-../shared}/data.csv` — and not the
 * value it took on this machine (a home directory, a token), unless the spec asks for the values
 * (`outputs.recordEnvValues: true`).
 */
import type { Spec } from './schema.js';

export interface EnvReference {
  /** Path of the string in the spec (`data.file`, `analyses.weights.file`). */
  path: string[];
  /** The string as written, with its `${…}`. */
  text: string;
}

const REF = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}/;

/** Every string of the parsed (not yet interpolated) spec that holds a `${…}` reference. */
export function envReferences(raw: unknown, path: string[] = []): EnvReference[] {
  if (typeof raw === 'string') return REF.test(raw) ? [{ path, text: raw }] : [];
  if (Array.isArray(raw)) return raw.flatMap((v, i) => envReferences(v, [...path, String(i)]));
  if (raw && typeof raw === 'object') return Object.entries(raw).flatMap(([k, v]) => envReferences(v, [...path, k]));
  return [];
}

/** The spec as nqpf records it: a deep copy with each reference put back where it was interpolated. */
export function recordedSpec(spec: Spec, refs: readonly EnvReference[]): Spec {
  const copy = structuredClone(spec);
  if (spec.outputs.recordEnvValues) return copy;
  for (const r of refs) {
    let cur: unknown = copy;
    for (const k of r.path.slice(0, -1)) {
      if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, k)) {
        cur = undefined;
        break;
      }
      cur = (cur as Record<string, unknown>)[k];
    }
    const last = r.path[r.path.length - 1];
    if (cur && typeof cur === 'object' && last !== undefined && Object.hasOwn(cur, last) && typeof (cur as Record<string, unknown>)[last] === 'string') {
      (cur as Record<string, unknown>)[last] = r.text;
    }
  }
  return copy;
}

/**
 * What to say when a file the spec named through a `${VAR}` reference is not there: `message` is
 * added to "file not found" and `hint` replaces the generic one. For `NQPF_SHARED` — the reference
 * data the examples and tests read from `../shared` beside the repository — it says that those data
 * are not shipped with nqpf. Undefined when the string at `path` (`data.file`, …) holds no reference.
 */
export function missingFileNote(refs: readonly EnvReference[], path: string): { message: string; hint: string } | undefined {
  const ref = refs.find((r) => r.path.join('.') === path);
  if (!ref) return undefined;
  const vars = [...ref.text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  if (vars.includes('NQPF_SHARED'))
    return {
      message: 'this example needs the reference data ../shared (NQPF_SHARED), which is not shipped with nqpf',
      hint: `${path} is ${ref.text}: put the shared data directory beside the repository or set NQPF_SHARED to it, or point ${path} at your own file`,
    };
  return {
    message: `${path} is ${ref.text}`,
    hint: `check that ${vars.map((v) => `\${${v}}`).join(', ')} is set and points where the file is`,
  };
}
