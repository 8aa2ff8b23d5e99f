/**
 * Acceptance: each kind of bad input gets a clear error (file:row:column or spec path, with a
 * hint), `nqpf run` exits non-zero, and no output directory (nor temp directory) is left behind.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const DATA = `unit,year,a,b,c
u1,2020,1,10,5
u2,2020,2,20,4
u3,2020,3,40,3
u1,2021,2,15,6
u2,2021,3,25,5
u3,2021,5,30,2
`;

const FW = `framework:
  nodes:
    - { code: I }
    - { code: D1, parent: I }
    - { code: D2, parent: I }
    - { code: a, parent: D1 }
    - { code: b, parent: D1 }
    - { code: c, parent: D2 }
`;

function project(spec: string, data = DATA): { dir: string; spec: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-err-'));
  writeFileSync(join(dir, 'data.csv'), data);
  writeFileSync(join(dir, 'spec.yaml'), spec);
  return { dir, spec: join(dir, 'spec.yaml'), out: join(dir, 'out') };
}

async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(['node', 'nqpf', ...args]);
    return { code, stderr };
  } finally {
    spy.mockRestore();
  }
}

const baseSpec = (extra = '', fw = FW) => `data: { file: data.csv, unit: unit, period: year }\n${fw}${extra}`;

async function expectFailure(spec: string, data: string | undefined, ...needles: (string | RegExp)[]) {
  const p = project(spec, data);
  const r = await runCli(['run', p.spec, '--out', p.out]);
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stderr).toMatch(/^error: /m);
  for (const n of needles) expect(r.stderr).toMatch(n);
  expect(existsSync(p.out)).toBe(false);
  expect(readdirSync(p.dir).filter((f) => f.startsWith('.nqpf-tmp'))).toEqual([]);
  return r.stderr;
}

afterEach(() => vi.restoreAllMocks());

describe('nqpf run on bad input', () => {
  it('succeeds on the good project (control) and writes the output directory', async () => {
    // The tables and run.json only: the report, Word, workbook and figures are not what this file tests.
    const p = project(baseSpec('outputs: { report: false, docx: false, xlsx: false, figures: none }\n'));
    const r = await runCli(['run', p.spec, '--out', p.out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(p.out, 'run.json'))).toBe(true);
  });

  it('duplicate unit-period rows: lists the keys and rows', async () => {
    await expectFailure(baseSpec(), DATA + 'u2,2021,9,9,9\n', /duplicate/i, /u2/, /2021/, /data\.csv/);
  });

  it('non-numeric cell: names file, row and column', async () => {
    await expectFailure(baseSpec(), DATA.replace('u2,2020,2,20,4', 'u2,2020,2,abc,4'), /data\.csv:3:b/, /abc/);
  });

  it('framework cycle', async () => {
    const fw = FW.replace('{ code: D2, parent: I }', '{ code: D2, parent: X }\n    - { code: X, parent: D2 }');
    await expectFailure(baseSpec('', fw), undefined, /cycle/, /D2 → X → D2|X → D2 → X/);
  });

  it('unknown parent, with a suggestion', async () => {
    await expectFailure(
      baseSpec('', FW.replace('{ code: c, parent: D2 }', '{ code: c, parent: D3 }')),
      undefined,
      /unknown parent "D3"/,
      /framework\.nodes\[5\]\.parent/,
      /did you mean/,
    );
  });

  it('zero-range indicator under min-max', async () => {
    await expectFailure(
      baseSpec('steps: { normalise: { method: minmax } }'),
      DATA.replace(/,5\n|,4\n|,3\n|,6\n|,2\n/g, ',7\n'),
      /\bc\b/,
      /range|constant/i,
      /steps\.normalise/,
    );
  });

  it('non-positive values under the geometric mean', async () => {
    await expectFailure(
      baseSpec('steps: { normalise: { method: minmax, range: [0, 1] }, aggregate: { method: geometric } }'),
      undefined,
      /geometric/i,
      /positive|≤ ?0|non-positive/i,
      /steps\.aggregate/,
    );
  });

  it('non-positive values under a log transform', async () => {
    await expectFailure(
      baseSpec('steps: { treat: { method: log } }'),
      DATA.replace('u1,2020,1,10,5', 'u1,2020,0,10,5'),
      /log/i,
      /positive|≤ ?0|non-positive/i,
      /steps\.treat/,
    );
  });

  it('AHP matrix that is not reciprocal', async () => {
    await expectFailure(
      baseSpec('steps: { weight: { nodes: { I: { method: ahp, ahp: { matrix: [[1, 3], [3, 1]] } } } } }'),
      undefined,
      /recipro/i,
      /steps\.weight\.nodes\.I/,
    );
  });

  it('AHP matrix with CR > 0.1', async () => {
    const fw = `framework:
  nodes:
    - { code: I }
    - { code: a, parent: I }
    - { code: b, parent: I }
    - { code: c, parent: I }
`;
    // a ≻ b (9), b ≻ c (9) but c ≻ a (9): grossly inconsistent.
    await expectFailure(
      baseSpec(
        'steps: { weight: { nodes: { I: { method: ahp, ahp: { matrix: [[1, 9, 0.1111111111111111], [0.1111111111111111, 1, 9], [9, 0.1111111111111111, 1]] } } } } }',
        fw,
      ),
      undefined,
      /CR|consisten/i,
      /0\.1/,
      /steps\.weight\.nodes\.I/,
    );
  });

  it('misspelt method name: path and allowed values', async () => {
    await expectFailure(baseSpec('steps: { weight: { method: entropi } }'), undefined, /steps\.weight\.method/, /"entropy"/, /did you mean "entropy"/);
  });

  it('missing data file: names the resolved path', async () => {
    await expectFailure(baseSpec().replace('data.csv', 'nope.csv'), undefined, /nope\.csv/);
  });

  it('unknown command exits non-zero', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown command');
  });
});
