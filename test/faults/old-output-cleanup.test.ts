/**
 * A run killed while it empties the previous output it set aside (`.nqpf-old-…`) must leave that
 * directory recognisable as nqpf's, so the next run finishes removing it. The kill is simulated by
 * an `unlink` that fails after k successful calls, for every k; the leftover is then renamed to a
 * process id that is not running (what a killed run leaves) and the next write must clear it.
 * (Its own folder: the module mock must not reach the shared-module test projects.)
 */
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const fault = vi.hoisted(() => ({ left: Number.POSITIVE_INFINITY }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    unlink: async (p: Parameters<typeof real.unlink>[0]) => {
      if (fault.left <= 0) throw Object.assign(new Error('simulated kill'), { code: 'ESIMKILL' });
      fault.left--;
      return real.unlink(p);
    },
  };
});

const { OUTPUT_MARKER, writeDirAtomic } = await import('../../src/io/write/atomic.js');

/** A process id that no running process has (beyond Linux's pid_max). */
const DEAD_PID = 4_194_400 + 7;

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await fsp.rm(r, { recursive: true, force: true });
});

async function writeOut(out: string, files: Record<string, string>) {
  await writeDirAtomic(out, async (tmp) => {
    for (const [rel, text] of Object.entries(files)) {
      await fsp.mkdir(join(tmp, rel, '..'), { recursive: true });
      await fsp.writeFile(join(tmp, rel), text);
    }
  });
}

describe('an interrupted removal of the previous output', () => {
  const first = { 'a.csv': '1', 'b.csv': '2', 'figures/f.svg': '<svg/>', 'run.json': '{}', 'z.xlsx': 'x' };
  const second = { 'a.csv': '10', 'c.csv': '3' };
  for (let k = 0; k <= Object.keys(first).length; k++) {
    it(`after ${k} file(s) removed: the leftover keeps its marker and the next run removes it`, async () => {
      const base = await fsp.mkdtemp(join(tmpdir(), 'nqpf-oldkill-'));
      roots.push(base);
      const out = join(base, 'out');
      await writeOut(out, first);
      await fsp.writeFile(join(out, 'note.txt'), "the user's note"); // not nqpf's: must survive everything
      fault.left = k;
      await expect(writeOut(out, second)).rejects.toThrow(/simulated kill/);
      fault.left = Number.POSITIVE_INFINITY;
      const left = (await fsp.readdir(base)).filter((n) => n.startsWith('.nqpf-old-'));
      expect(left).toHaveLength(1);
      expect(await fsp.readdir(join(base, left[0]))).toContain(OUTPUT_MARKER);
      expect(await fsp.readFile(join(out, 'a.csv'), 'utf8')).toBe('10'); // the new output is in place
      const dead = left[0].replace(/^\.nqpf-old-\d+-/, `.nqpf-old-${DEAD_PID}-`);
      await fsp.rename(join(base, left[0]), join(base, dead));
      await writeOut(out, second);
      expect(await fsp.readdir(base)).toEqual(['out']);
      expect((await fsp.readdir(out)).sort()).toEqual([OUTPUT_MARKER, 'a.csv', 'c.csv', 'note.txt']);
      expect(await fsp.readFile(join(out, 'note.txt'), 'utf8')).toBe("the user's note");
    });
  }
});
