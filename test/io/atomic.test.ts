import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_MARKER, writeDirAtomic, writeFileAtomic } from '../../src/io/write/atomic.js';
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
    expect(JSON.parse(await readFile(join(out, OUTPUT_MARKER), 'utf8')).files).toEqual(['a.csv']);
    expect(await readFile(join(out, 'a.csv'), 'utf8')).toBe('x\n1\n');
  });

  it('writeDirAtomic replaces its own earlier output (marker) and removes the old files, leaving no sibling', async () => {
    const base = await mkdtemp(join(root, 'replace-'));
    const out = join(base, 'out');
    await writeDirAtomic(out, async (tmp) => writeFile(join(tmp, 'old.txt'), 'old'));
    expect(JSON.parse(await readFile(join(out, OUTPUT_MARKER), 'utf8')).files).toEqual(['old.txt']);
    await writeDirAtomic(out, async (tmp) => writeFile(join(tmp, 'new.txt'), 'new'));
    expect((await readdir(out)).sort()).toEqual([OUTPUT_MARKER, 'new.txt']);
    expect(await readdir(base)).toEqual(['out']);
  });

  it('writeDirAtomic refuses a non-empty directory without the marker (E_OUTPUT_NOT_EMPTY) unless forced, and then keeps its files', async () => {
    const base = await mkdtemp(join(root, 'foreign-'));
    const out = join(base, 'out');
    await mkdir(out);
    await writeFile(join(out, 'thesis.docx'), 'mine');
    const e = await catchNqpfAsync(() => writeDirAtomic(out, async (tmp) => writeFile(join(tmp, 'a.csv'), 'x')));
    expect(e.code).toBe('E_OUTPUT_NOT_EMPTY');
    expect(await readdir(out)).toEqual(['thesis.docx']);
    await writeDirAtomic(out, async (tmp) => writeFile(join(tmp, 'a.csv'), 'x'), { force: true });
    expect((await readdir(out)).sort()).toEqual([OUTPUT_MARKER, 'a.csv', 'thesis.docx']);
    expect(await readFile(join(out, 'thesis.docx'), 'utf8')).toBe('mine');
  });

  it('writeDirAtomic moves a file the user drops into the old directory during the write into the new one', async () => {
    const base = await mkdtemp(join(root, 'race-'));
    const out = join(base, 'out');
    await writeDirAtomic(out, async (tmp) => writeFile(join(tmp, 'a.csv'), '1'));
    await writeDirAtomic(out, async (tmp) => {
      await writeFile(join(out, 'late.txt'), 'arrived while nqpf was writing');
      await writeFile(join(tmp, 'a.csv'), '2');
    });
    expect(await readFile(join(out, 'late.txt'), 'utf8')).toBe('arrived while nqpf was writing');
    expect(await readFile(join(out, 'a.csv'), 'utf8')).toBe('2');
    expect(await readdir(base)).toEqual(['out']);
  });

  it('writeDirAtomic(aborted signal) leaves the previous output as it was', async () => {
    const base = await mkdtemp(join(root, 'abort-'));
    const out = join(base, 'out');
    await writeDirAtomic(out, async (tmp) => writeFile(join(tmp, 'a.csv'), '1'));
    const ac = new AbortController();
    const e = await catchNqpfAsync(() =>
      writeDirAtomic(
        out,
        async (tmp) => {
          await writeFile(join(tmp, 'a.csv'), '2');
          ac.abort();
        },
        { signal: ac.signal },
      ),
    );
    expect(e.code).toBe('E_ABORTED');
    expect(await readFile(join(out, 'a.csv'), 'utf8')).toBe('1');
    expect(await readdir(base)).toEqual(['out']);
  });

  it('writeDirAtomic turns a full disk (ENOSPC) into E_OUTPUT_WRITE naming the directory, with nothing left behind', async () => {
    const base = await mkdtemp(join(root, 'enospc-'));
    const out = join(base, 'out');
    const e = await catchNqpfAsync(() =>
      writeDirAtomic(out, async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: join(out, 'x.csv') });
      }),
    );
    expect(e.code).toBe('E_OUTPUT_WRITE');
    expect(e.message).toContain(out);
    expect(e.message).toMatch(/no space left/);
    expect(e.hint).toMatch(/free some space/);
    expect(await readdir(base)).toEqual([]);
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
