/**
 * Atomic output: a run's directory (or a single file) appears complete or not at all, so a
 * crash or error midway never leaves half-written results that look valid.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fail } from '../core/errors.js';

function tmpName(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

async function exists(p: string): Promise<'dir' | 'file' | false> {
  try {
    const s = await lstat(p);
    return s.isDirectory() ? 'dir' : 'file';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Remove the directories `mkdir -p` created (deepest first), stopping at the first non-empty one. */
async function removeCreated(parent: string, created: string | undefined): Promise<void> {
  if (!created) return;
  let d = parent;
  const stop = resolve(created);
  for (;;) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
    if (resolve(d) === stop) return;
    const up = dirname(d);
    if (up === d) return;
    d = up;
  }
}

/**
 * Write a directory atomically.
 *
 * 1. create `<parent>/.nqpf-tmp-<random>` next to `finalDir` (same file system, so rename is atomic);
 * 2. `await write(tmpDir)`;
 * 3. if `finalDir` exists, rename it aside to `<parent>/.nqpf-old-<random>`; rename the temp dir
 *    to `finalDir`; delete the old one (if the rename fails the old directory is put back).
 *
 * On any error the temp dir (and any parent directories this call created) is deleted and the
 * error rethrown, so no partial output is left behind. `finalDir` must not be an existing file
 * (`E_OUTPUT_NOT_DIR`).
 */
export async function writeDirAtomic(finalDir: string, write: (tmpDir: string) => Promise<void>): Promise<void> {
  const target = resolve(finalDir);
  const parent = dirname(target);
  if ((await exists(target)) === 'file') {
    fail('E_OUTPUT_NOT_DIR', `output path ${target} exists and is a file, not a directory`, {
      location: { file: finalDir },
      hint: 'choose another output directory or remove the file',
    });
  }
  const created = await mkdir(parent, { recursive: true });
  const tmp = join(parent, tmpName('.nqpf-tmp-'));
  try {
    await mkdir(tmp);
    await write(tmp);
    let old: string | undefined;
    if (await exists(target)) {
      old = join(parent, tmpName('.nqpf-old-'));
      await rename(target, old);
    }
    try {
      await rename(tmp, target);
    } catch (e) {
      if (old) await rename(old, target).catch(() => undefined);
      throw e;
    }
    if (old) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    await removeCreated(parent, created).catch(() => undefined);
    throw e;
  }
}

/**
 * Write a file atomically: write `<dir>/.nqpf-tmp-<random>-<name>`, flush it to disk, rename over
 * `path`. On error the temp file is removed and `path` is untouched. Parent directories are created.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path);
  const parent = dirname(target);
  const created = await mkdir(parent, { recursive: true });
  const tmp = join(parent, `${tmpName('.nqpf-tmp-')}-${basename(target)}`);
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    await removeCreated(parent, created).catch(() => undefined);
    throw e;
  }
}
