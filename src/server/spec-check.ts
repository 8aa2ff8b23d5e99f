/**
 * Spec checks of the workbench, pure (no I/O): parse and validate spec YAML, and require that every
 * file the spec names is the bare name of a file uploaded to the project. Runs inside the spec
 * worker (./spec-worker.ts) so that a hostile spec cannot block or kill the server.
 */
import { NqpfError, fail } from '../core/errors.js';
import { parseSpec, prescanYaml } from '../spec/parse.js';
import type { Spec } from '../spec/schema.js';
import { safeFileName } from './security.js';

/**
 * Every file a spec reads, as `[spec path, value]`: data.file, units.file, framework.file,
 * analyses.weights.file, outputs.map.geojson. Used to require that each is the bare name of an
 * uploaded file (a workbench spec can read nothing else on the server).
 */
export function specFileRefs(spec: Spec): [string, string][] {
  const out: [string, string][] = [['data.file', spec.data.file]];
  if (spec.units.file !== undefined) out.push(['units.file', spec.units.file]);
  if (spec.framework.file !== undefined) out.push(['framework.file', spec.framework.file]);
  const wf = spec.analyses?.weights?.file;
  if (wf !== undefined) out.push(['analyses.weights.file', wf]);
  const geo = spec.outputs.map?.geojson;
  if (geo !== undefined) out.push(['outputs.map.geojson', geo]);
  return out;
}

/** A value shown in a message: at most 80 characters, control characters escaped. */
function shown(v: string): string {
  return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
}

/**
 * Parse `specYaml` (no environment: `${VAR}` without default is an error) and check that every file
 * it names is one of `fileNames`. Throws `E_SPEC…` or `E_SPEC_FILE` (with the spec path).
 */
export function checkSpecForProject(specYaml: string, fileNames: readonly string[]): Spec {
  const spec = parseSpec(specYaml, { file: 'nqpf.yaml', env: {} });
  for (const [path, value] of specFileRefs(spec)) {
    if (safeFileName(value) === undefined) {
      // The value is not echoed: it may be a path on the server.
      fail('E_SPEC_FILE', `${path}: only the name of a file uploaded to this project is allowed here (no folders, no absolute paths)`, {
        location: { path },
        hint: 'in the workbench a spec names uploaded files by their name only; upload the file, then use its name',
      });
    }
    if (!fileNames.includes(value)) {
      fail('E_SPEC_FILE', `${path}: ${shown(value)} has not been uploaded to this project`, {
        location: { path },
        hint: fileNames.length ? `uploaded files: ${fileNames.slice(0, 20).join(', ')}` : 'upload the file first',
      });
    }
  }
  return spec;
}

/** Result of POST /api/validate. */
export interface ValidateResult {
  ok: boolean;
  errors: { code: string; message: string; path?: string; row?: number; column?: string | number; hint?: string }[];
  /** The spec's title (when valid). */
  title?: string | null;
}

/** Validate spec YAML text; with `fileNames`, also check that the files it names are uploaded. Never throws. */
export function validateSpecText(text: string, fileNames?: readonly string[]): ValidateResult {
  try {
    const spec = fileNames ? checkSpecForProject(text, fileNames) : parseSpec(text, { file: 'nqpf.yaml', env: {} });
    return { ok: true, errors: [], title: spec.title ?? null };
  } catch (e) {
    if (!(e instanceof NqpfError)) return { ok: false, errors: [{ code: 'E_INTERNAL', message: 'validation failed' }] };
    const issues = (e.data as { issues?: { path: PropertyKey[]; message: string; code?: string }[] } | undefined)?.issues;
    if (e.code === 'E_SPEC' && Array.isArray(issues) && issues.length) {
      return {
        ok: false,
        errors: issues.slice(0, 50).map((i) => ({ code: 'E_SPEC', message: clip(i.message), path: clip(i.path.map(String).join('.')), hint: e.hint })),
      };
    }
    return {
      ok: false,
      errors: [{ code: e.code, message: e.message, path: e.location?.path, row: e.location?.row, column: e.location?.column, hint: e.hint }],
    };
  }
}

/** A message of at most 500 characters (a zod issue lists every unknown key). */
function clip(s: string): string {
  return s.length > 500 ? `${s.slice(0, 500)}…` : s;
}

/** The cheap checks (size, nesting depth) done before a worker is started; undefined when they pass. */
export function precheckSpecText(text: string): ValidateResult | undefined {
  try {
    prescanYaml(text, 'nqpf.yaml');
    return undefined;
  } catch (e) {
    if (!(e instanceof NqpfError)) throw e;
    return { ok: false, errors: [{ code: e.code, message: e.message, row: e.location?.row, column: e.location?.column, hint: e.hint }] };
  }
}
