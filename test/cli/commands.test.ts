/**
 * The CLI commands end to end: init → validate, run determinism (identical bytes for identical
 * spec/data/seed), provenance in run.json, GBK input. `nqpf demo` (synthetic data flagged in every
 * output) is checked where the README's commands run, as a user runs it (test/readme.test.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { VERSION } from '../../src/version.js';
import { listFilesRecursive } from '../helpers/shared.js';

async function runCli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  try {
    return { code: await main(['node', 'nqpf', ...args]), stderr, stdout };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('nqpf init → validate → run', () => {
  it('scaffolds a project whose spec validates against its own template', async () => {
    const dir = join(tmp('nqpf-init-'), 'study');
    const r = await runCli(['init', '--framework', 'nqpf-tech-digital-green', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'data.csv', 'framework.csv', 'nqpf.yaml']);
    // Spec, framework, units and columns fit the template; its cells are still empty, which
    // validate reports as run would (one line per indicator), instead of saying "ok".
    const v = await runCli(['validate', join(dir, 'nqpf.yaml')]);
    expect(v.code, v.stderr).toBe(1);
    const n = Number(/^error: (\d+) problems in data\.csv:$/m.exec(v.stderr)?.[1]);
    expect(n).toBeGreaterThan(10);
    expect(v.stderr.split('\n').filter((l) => /^ {2}data\.csv:\w+: indicator \w+ has no values \(all 372 cells/.test(l))).toHaveLength(n);
    // Running it fails with the same list instead of producing NaN.
    const run = await runCli(['run', join(dir, 'nqpf.yaml'), '--out', join(dir, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${n} problems in data.csv`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // A non-empty directory is refused.
    const again = await runCli(['init', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not empty');
  });

  it('refuses an unknown built-in framework with the known names', async () => {
    const r = await runCli(['init', '--framework', 'nqpf-three-facter', join(tmp('nqpf-init-'), 'x')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nqpf-three-factor');
  });
});

describe('nqpf run: determinism and provenance', () => {
  const data = 'province,year,x,y\n北京,2020,1,5\n上海,2020,3,2\n广东,2020,2,9\n北京,2021,2,6\n上海,2021,4,1\n广东,2021,3,8\n';
  const spec = `title: 测试
data: { file: data.csv, unit: province, period: year }
units: { registry: cn-provinces, label: en }
framework:
  nodes:
    - { code: I, nameZh: 指数 }
    - { code: x, parent: I }
    - { code: y, parent: I, direction: -1 }
steps:
  normalise: { method: minmax, range: [0, 1] }
  weight: { method: entropy }
`;

  it('writes identical bytes for identical spec, data and seed; records version, hashes, encoding and seed', async () => {
    const dir = tmp('nqpf-det-');
    writeFileSync(join(dir, 'data.csv'), iconv.encode(data, 'gbk'));
    writeFileSync(join(dir, 'spec.yaml'), spec);
    const a = await runCli(['run', join(dir, 'spec.yaml'), '--out', join(dir, 'a'), '--seed', '7', '--quiet']);
    const b = await runCli(['run', join(dir, 'spec.yaml'), '--out', join(dir, 'b'), '--seed', '7', '--quiet']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const files = listFilesRecursive(join(dir, 'a'));
    expect(listFilesRecursive(join(dir, 'b'))).toEqual(files);
    for (const f of files) expect(sha(join(dir, 'b', f)), f).toBe(sha(join(dir, 'a', f)));
    const run = JSON.parse(readFileSync(join(dir, 'a', 'run.json'), 'utf8'));
    expect(run.nqpf).toBe(VERSION);
    expect(run.seed).toBe(7);
    expect(run.spec.seed).toBe(7);
    const d = run.inputs.find((i: { role: string }) => i.role === 'data');
    expect(d.encoding).toBe('gb18030');
    expect(d.sha256).toBe(sha(join(dir, 'data.csv')));
    expect(run.inputs.find((i: { role: string }) => i.role === 'spec').sha256).toBe(sha(join(dir, 'spec.yaml')));
    expect(run.log.map((e: { step: string }) => e.step)).toEqual(['denominate', 'impute', 'screen', 'treat', 'normalise', 'weight', 'aggregate']);
    // GBK names were decoded and matched through the registry (label: en).
    const ranks = readFileSync(join(dir, 'a', 'ranks.csv'), 'utf8');
    expect(ranks).toContain('Beijing');
    expect(ranks).toContain('Guangdong');
    // Inputs untouched.
    expect(readFileSync(join(dir, 'data.csv'))).toEqual(iconv.encode(data, 'gbk'));
  });

  it('nqpf schema prints the JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).properties.steps).toBeDefined();
  });
});

describe('version', () => {
  it('src/version.ts equals package.json', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });
});
