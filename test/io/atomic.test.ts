import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDirAtomic, writeFileAtomic } from '../../src/io/atomic.js';
import { catchNqpfAsync } from './catch-nqpf.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nqpf-atomic-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeDirAtomic', () => {
  it('writeDirAtomic creates the directory with what the writer wrote, via a .nqpf-tmp- sibling', async () => {
    const base = await mkdtemp(join(root, 'ok-'));
    const out = join(base, 'out');
    let seen = '';
    await writeDirAtomic(out, async (tmp) => {
      seen = tmp;
      await writeFile(join(tmp, 'a.csv'), 'x\n1\n');
    });
    expect(seen.startsWith(join(base, '.nqpf-tmp-'))).toBe(true);
    expect(await readdir(base)).toEqual(['out']);
    expect(await readFile(join(out, 'a.csv'), 'utf8')).toBe('x\n1\n');
  });

  it('writeDirAtomic replaces an existing directory and removes the old one', async () => {
    const base = await mkdtemp(join(root, 'replace-'));
    const out = join(base, 'out');
    await mkdir(out);
    await writeFile(join(out, 'old.txt'), 'old');
    await writeDirAtomic(out, async (tmp) => writeFile(join(tmp, 'new.txt'), 'new'));
    expect(await readdir(out)).toEqual(['new.txt']);
    expect(await readdir(base)).toEqual(['out']);
  });

  it('writeDirAtomic(failing writer) leaves neither the final nor the temp dir and rethrows', async () => {
    const base = await mkdtemp(join(root, 'fail-'));
    const out = join(base, 'out');
    await expect(
      writeDirAtomic(out, async (tmp) => {
        await writeFile(join(tmp, 'half.csv'), 'partial');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readdir(base)).toEqual([]);
  });

  it('writeDirAtomic(failing writer, existing output) keeps the old output untouched', async () => {
    const base = await mkdtemp(join(root, 'keep-'));
    const out = join(base, 'out');
    await mkdir(out);
    await writeFile(join(out, 'old.txt'), 'old');
    await expect(writeDirAtomic(out, async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await readdir(base)).toEqual(['out']);
    expect(await readFile(join(out, 'old.txt'), 'utf8')).toBe('old');
  });

  it('writeDirAtomic(failing writer, missing parents) removes the parents it created', async () => {
    const base = await mkdtemp(join(root, 'parents-'));
    await expect(writeDirAtomic(join(base, 'a', 'b', 'out'), async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await readdir(base)).toEqual([]);
  });

  it('writeDirAtomic(path that is a file) fails with E_OUTPUT_NOT_DIR', async () => {
    const base = await mkdtemp(join(root, 'file-'));
    await writeFile(join(base, 'out'), 'x');
    const e = await catchNqpfAsync(() => writeDirAtomic(join(base, 'out'), async () => undefined));
    expect(e.code).toBe('E_OUTPUT_NOT_DIR');
  });
});

describe('writeFileAtomic', () => {
  it('writeFileAtomic writes or replaces a file and leaves no temp file', async () => {
    const base = await mkdtemp(join(root, 'file-ok-'));
    const p = join(base, 'sub', 'r.json');
    await writeFileAtomic(p, '{"a":1}');
    await writeFileAtomic(p, new TextEncoder().encode('{"a":2}'));
    expect(await readFile(p, 'utf8')).toBe('{"a":2}');
    expect(await readdir(join(base, 'sub'))).toEqual(['r.json']);
  });

  it('writeFileAtomic(target is a directory) fails and leaves the directory and no temp file', async () => {
    const base = await mkdtemp(join(root, 'file-fail-'));
    await mkdir(join(base, 'r.json'));
    await expect(writeFileAtomic(join(base, 'r.json'), 'x')).rejects.toThrow();
    expect(await readdir(base)).toEqual(['r.json']);
  });
});
