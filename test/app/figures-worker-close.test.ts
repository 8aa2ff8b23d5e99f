/**
 * A caller's figures worker (the CLI starts one before the spec is read, so ECharts loads while the
 * data are read) is stopped as soon as the spec says no figures are drawn: it must not load ECharts
 * on another core for the whole data reading of a large panel. Shown with a data file that does not
 * exist: the spec is read, then reading the data fails — the worker was closed in between only when
 * the spec has `figures: none` (or the run is a dry run); otherwise closing is left to the caller.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import type { FiguresWorker } from '../../src/io/workers/figures-run.js';

function spec(outputs: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-figures-close-'));
  const file = join(dir, 'nqpf.yaml');
  writeFileSync(
    file,
    [
      'title: figures worker',
      'seed: 1',
      `data: { file: ${JSON.stringify(join(dir, 'missing.csv'))}, unit: province, period: year }`,
      'framework: { builtin: nqpf-three-factor }',
      outputs,
      '',
    ].join('\n'),
  );
  return file;
}

async function closedBeforeDataFailed(outputs: string, dryRun = false): Promise<number> {
  let closes = 0;
  const worker = { close: () => void closes++, lend: () => false } as unknown as FiguresWorker;
  await expect(runProject(spec(outputs), { figuresWorker: worker, dryRun, workers: 1, env: {} })).rejects.toMatchObject({ code: expect.any(String) });
  return closes;
}

describe("the caller's figures worker", () => {
  it('is closed once the spec is read when it says figures: none', async () => {
    expect(await closedBeforeDataFailed('outputs: { figures: none }')).toBe(1);
  });
  it('is closed once the spec is read for a dry run', async () => {
    expect(await closedBeforeDataFailed('outputs: { figures: svg }', true)).toBe(1);
  });
  it('is left to its caller when figures are drawn', async () => {
    expect(await closedBeforeDataFailed('outputs: { figures: svg }')).toBe(0);
  });
});
