/**
 * Small spec + data projects in a temporary directory for framework tests (directions, overrides):
 * write the files, run the pipeline without outputs, read the index, catch a loading error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { NqpfError } from '../../src/core/errors.js';
import { loadProject } from '../../src/io/read/load-project.js';

/** Write `files` (name → text) into a new temporary directory; returns the path of its nqpf.yaml. */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-fw-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, 'nqpf.yaml');
}

/** A spec reading data.csv (unit column `unit`) with `framework` (indented lines) and `steps`, min-max to [0, 100], no output files. */
export const frameworkSpec = (framework: string, steps: string) => `data: { file: data.csv, unit: unit }
framework:
${framework}
steps:
  ${steps}
  normalise: { method: minmax, range: [0, 100] }
outputs: { docx: false, report: false, xlsx: false, figures: none }
`;

/** The index IDX of each unit, from a dry run. */
export async function index(specPath: string): Promise<number[]> {
  const r = await runProject(specPath, { dryRun: true });
  return [...r.result.datasets.aggregated.values.get('IDX')!];
}

/** The NqpfError loading the project throws. */
export async function loadError(specPath: string): Promise<NqpfError> {
  try {
    await loadProject(specPath);
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

export const close = (got: number[], want: number[]) => want.forEach((w, i) => expect(got[i], `unit ${i + 1}`).toBeCloseTo(w, 10));
