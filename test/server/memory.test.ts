import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { runMemoryError } from '../../src/server/memory-guard.js';
import { runWorker } from '../../src/server/workers.js';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startTestServer } from './helpers.js';

const DEMO_DIR = resolve(import.meta.dirname, '../../examples/demo');
const DEMO_CSV = 'nqpf_demo_provinces_2012_2023_SYNTHETIC.csv';

const FIXTURES = new URL('./fixtures/alloc-worker.ts', import.meta.url).href;

async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (e) {
    return e;
  }
}

describe('run memory cap (ArrayBuffer memory, outside the V8 heap limit)', () => {
  it('a worker that keeps allocating typed arrays is stopped by the in-worker guard with E_RUN_MEMORY naming the cap', async () => {
    const e = await outcome(
      runWorker(
        'alloc-worker',
        { mode: 'async', capMb: 96, maxMb: 1024 },
        { here: FIXTURES, timeoutMs: 120_000, resourceLimits: { maxOldGenerationSizeMb: 256 }, memoryError: () => runMemoryError(96) },
      ),
    );
    expect(e).toBeInstanceOf(NqpfError);
    expect((e as NqpfError).code).toBe('E_RUN_MEMORY');
    expect((e as NqpfError).message).toContain('96 MB');
    expect((e as NqpfError).hint).toContain('NQPF_RUN_MEMORY_MB');
  });

  it('a worker that allocates in a loop that never yields is stopped by the parent (resident memory growth)', async () => {
    const e = await outcome(
      runWorker(
        'alloc-worker',
        { mode: 'sync', maxMb: 1024 },
        { here: FIXTURES, timeoutMs: 120_000, memoryCapBytes: 160 * 1024 * 1024, memorySampleMs: 50, memoryError: () => runMemoryError(160) },
      ),
    );
    expect(e).toBeInstanceOf(NqpfError);
    expect((e as NqpfError).code).toBe('E_RUN_MEMORY');
  });

  it('below the cap the same worker finishes (the cap is what stops it)', async () => {
    const r = await runWorker<{ allocatedMb: number }>(
      'alloc-worker',
      { mode: 'async', capMb: 512, maxMb: 48 },
      { here: FIXTURES, timeoutMs: 120_000, memoryCapBytes: 512 * 1024 * 1024, memoryError: () => runMemoryError(512) },
    );
    expect(r.allocatedMb).toBe(48);
  });

  it('a workbench run over its memory cap fails with E_RUN_MEMORY naming the cap and how to raise it; the server keeps answering', async () => {
    const t = await startTestServer({ limits: { runs: { maxMemoryMb: 16, workers: 1 } } });
    try {
      const spec = `data: { file: ${DEMO_CSV}, unit: province, period: year, synthetic: true }\nunits: { registry: cn-provinces }\nframework: { builtin: nqpf-three-factor }\n`;
      const p = (await t.call('POST', '/api/projects', { name: 'mem', spec_yaml: spec })).json();
      expect((await t.upload(p.id, DEMO_CSV, await readFile(join(DEMO_DIR, DEMO_CSV)))).status).toBe(201);
      const run = (await t.call('POST', `/api/projects/${p.id}/runs`, {})).json();
      expect((await t.call('GET', '/api/health')).status).toBe(200);
      await t.s.runs.wait(p.id, run.run_id);
      const rec = (await t.call('GET', `/api/projects/${p.id}/runs/${run.run_id}`)).json();
      expect(rec.status).toBe('failed');
      expect(rec.error).toMatch(/stopped: the run needed more than 16 MB of memory/);
      expect(rec.error).toContain('NQPF_RUN_MEMORY_MB');
      expect((await t.call('GET', '/api/health')).status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});
