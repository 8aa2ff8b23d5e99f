/**
 * `nqpf run --out DIR` never deletes, overwrites or leaks what the user owns: it writes a new
 * directory, an empty one or one nqpf wrote before (its marker), and refuses `.`, a parent of the
 * spec or data, the home directory, a file-system root and any directory holding an input —
 * `--force` included. With `--force` (or in nqpf's own directory) a user's file is kept byte for
 * byte, and an output that would take its name stops the run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const DATA = `unit,year,a,b,c
u1,2020,1,10,5
u2,2020,2,20,4
u3,2020,3,40,3
u1,2021,2,15,6
u2,2021,3,25,5
u3,2021,5,30,2
`;

const SPEC = (extra = '') => `data: { file: data.csv, unit: unit, period: year }
framework:
  nodes:
    - { code: I }
    - { code: D1, parent: I }
    - { code: a, parent: D1 }
    - { code: b, parent: D1 }
    - { code: c, parent: I }
outputs: { report: false, docx: false, figures: none${extra} }
`;

/** Every file below dir with its SHA-256 (what a user would call "my files"). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

let study: string;
let cwd: string;
beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'nqpf-outdir-'));
  study = join(root, 'study');
  mkdirSync(study);
  writeFileSync(join(study, 'data.csv'), DATA);
  writeFileSync(join(study, 'spec.yaml'), SPEC());
  writeFileSync(join(study, 'raw_survey.csv'), 'private,1\n');
  cwd = process.cwd();
});
afterEach(() => {
  process.chdir(cwd);
});

async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    return { code: await main(['node', 'nqpf', ...args]), stderr };
  } finally {
    spy.mockRestore();
  }
}

const spec = () => join(study, 'spec.yaml');

describe('nqpf run --out: a directory the user owns', () => {
  it('refuses an existing non-empty directory nqpf did not write, naming its files, and changes nothing', async () => {
    const out = join(study, 'results');
    mkdirSync(out);
    writeFileSync(join(out, 'thesis.docx'), 'my thesis');
    const before = snapshot(study);
    const r = await runCli(['run', spec(), '--out', out, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_OUTPUT_NOT_EMPTY|not empty and was not written by nqpf/);
    expect(r.stderr).toContain('thesis.docx');
    expect(r.stderr).toContain('--force');
    expect(snapshot(study)).toEqual(before);
    expect(readdirSync(study).filter((f) => f.startsWith('.nqpf-'))).toEqual([]);
  });

  it('--force writes into it and keeps the user file byte for byte (same inode), also on a second run', async () => {
    const out = join(study, 'results');
    mkdirSync(join(out, 'notes'), { recursive: true });
    writeFileSync(join(out, 'thesis.docx'), 'my thesis');
    writeFileSync(join(out, 'notes', 'todo.txt'), 'todo');
    const ino = statSync(join(out, 'thesis.docx')).ino;
    for (const args of [['--force'], []]) {
      const r = await runCli(['run', spec(), '--out', out, '--quiet', ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(out, 'thesis.docx'), 'utf8')).toBe('my thesis');
      expect(readFileSync(join(out, 'notes', 'todo.txt'), 'utf8')).toBe('todo');
      expect(statSync(join(out, 'thesis.docx')).ino).toBe(ino);
      expect(existsSync(join(out, 'ranks.csv'))).toBe(true);
    }
    const marker = JSON.parse(readFileSync(join(out, '.nqpf-output.json'), 'utf8')) as { files: string[] };
    expect(marker.files).toContain('ranks.csv');
    expect(marker.files).not.toContain('thesis.docx');
    expect(readdirSync(study).filter((f) => f.startsWith('.nqpf-'))).toEqual([]);
  });

  it('--force never overwrites a user file that an output would replace (E_OUTPUT_CONFLICT) and leaves everything as it was', async () => {
    const out = join(study, 'results');
    mkdirSync(out);
    writeFileSync(join(out, 'ranks.csv'), 'my own ranks');
    const before = snapshot(study);
    const r = await runCli(['run', spec(), '--out', out, '--quiet', '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ranks.csv');
    expect(r.stderr).toMatch(/would be overwritten/);
    expect(snapshot(study)).toEqual(before);
    expect(readdirSync(study).filter((f) => f.startsWith('.nqpf-'))).toEqual([]);
  });

  it('re-running into its own directory replaces only its own files: a file the user added there stays', async () => {
    const out = join(study, 'results');
    expect((await runCli(['run', spec(), '--out', out, '--quiet'])).code).toBe(0);
    writeFileSync(join(out, 'my-notes.txt'), 'keep me');
    writeFileSync(join(study, 'spec.yaml'), SPEC(', xlsx: false'));
    const r = await runCli(['run', spec(), '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'my-notes.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(out, 'results.xlsx'))).toBe(false); // nqpf's own old output is replaced
  });

  it("an output directory written before the marker existed (run.json lists the outputs) is recognised as nqpf's", async () => {
    const out = join(study, 'results');
    expect((await runCli(['run', spec(), '--out', out, '--quiet'])).code).toBe(0);
    const { rmSync } = await import('node:fs');
    rmSync(join(out, '.nqpf-output.json'));
    writeFileSync(join(out, 'thesis.docx'), 'mine');
    const r = await runCli(['run', spec(), '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'thesis.docx'), 'utf8')).toBe('mine');
  });

  it('an empty existing directory is used', async () => {
    const out = join(study, 'empty');
    mkdirSync(out);
    const r = await runCli(['run', spec(), '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'run.json'))).toBe(true);
  });
});

describe('nqpf run --out: directories that are always refused, --force included', () => {
  const refused = async (args: string[], needle: RegExp) => {
    const before = snapshot(join(study, '..'));
    for (const force of [[], ['--force']]) {
      const r = await runCli(['run', spec(), '--quiet', ...args, ...force]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/E_OUTPUT_UNSAFE|refusing to write the outputs/);
      expect(r.stderr).toMatch(needle);
      expect(r.stderr).toMatch(/hint: /);
    }
    expect(snapshot(join(study, '..'))).toEqual(before);
    expect(readdirSync(join(study, '..')).filter((f) => f.startsWith('.nqpf-'))).toEqual([]);
  };

  it('--out . in the study folder (the current directory, which holds the spec and data)', async () => {
    process.chdir(study);
    await refused(['--out', '.'], /current directory|holds the input/);
  });

  it("outputs.dir: .. (the spec's parent)", async () => {
    writeFileSync(join(study, 'spec.yaml'), SPEC(', dir: ".."'));
    await refused([], /holds the input/);
  });

  it('the directory of the data file, given explicitly', async () => {
    await refused(['--out', study], /(is|holds) the input/);
  });

  it('a directory that holds the data file deeper down', async () => {
    const deep = join(study, 'in', 'deep');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'data.csv'), DATA);
    writeFileSync(join(study, 'spec.yaml'), SPEC().replace('file: data.csv', 'file: in/deep/data.csv'));
    await refused(['--out', join(study, 'in')], /holds the input/);
  });

  it('the home directory', async () => {
    const home = process.env.HOME;
    const fakeHome = join(study, '..', 'home');
    mkdirSync(fakeHome);
    writeFileSync(join(fakeHome, 'tax.pdf'), 'tax');
    process.env.HOME = fakeHome;
    try {
      await refused(['--out', fakeHome], /home directory/);
      await refused(['--out', join(study, '..')], /home directory/);
    } finally {
      process.env.HOME = home;
    }
  });

  it('a file-system root', async () => {
    const r = await runCli(['run', spec(), '--quiet', '--out', '/', '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/root of a file system/);
  });
});

describe('nqpf run: what a killed run left behind', () => {
  it('removes a stale marked temporary directory of a dead process, keeps an unmarked one and a live one', async () => {
    const parent = study;
    const dead = join(parent, '.nqpf-tmp-999999999-0123456789ab');
    mkdirSync(dead);
    writeFileSync(join(dead, '.nqpf-output.json'), '{"nqpf":"0.1.0"}\n');
    writeFileSync(join(dead, 'ranks.csv'), 'partial');
    const unmarked = join(parent, '.nqpf-tmp-999999999-aaaaaaaaaaaa');
    mkdirSync(unmarked);
    writeFileSync(join(unmarked, 'x.txt'), 'not nqpf');
    const live = join(parent, `.nqpf-tmp-${process.ppid}-bbbbbbbbbbbb`);
    mkdirSync(live);
    writeFileSync(join(live, '.nqpf-output.json'), '{"nqpf":"0.1.0"}\n');
    const r = await runCli(['run', spec(), '--out', join(parent, 'out'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(join(unmarked, 'x.txt'))).toBe(true);
    expect(existsSync(live)).toBe(true);
  });

  it('puts back a previous output that a kill left set aside between the two renames', async () => {
    const out = join(study, 'out');
    expect((await runCli(['run', spec(), '--out', out, '--quiet'])).code).toBe(0);
    writeFileSync(join(out, 'mine.txt'), 'mine');
    const before = snapshot(out);
    const { renameSync } = await import('node:fs');
    const aside = join(study, '.nqpf-old-999999999-0123456789ab-out');
    renameSync(out, aside);
    // The next run first restores it, then replaces nqpf's files in it: the user's file survives.
    const r = await runCli(['run', spec(), '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(aside)).toBe(false);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('mine');
    expect(Object.keys(snapshot(out)).sort()).toEqual(Object.keys(before).sort());
  });
});
