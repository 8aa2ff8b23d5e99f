/**
 * Atomic, owner-respecting output: a run's directory (or a single file) appears complete or not
 * at all, and nothing nqpf did not write is ever deleted or overwritten.
 *
 * The rules (docs/spec.md "Output directory"):
 * - a new directory is created; an existing one is written only when it is empty or carries
 *   nqpf's marker file `.nqpf-output.json` (the list of files nqpf wrote there); `force` also
 *   allows an existing non-empty directory nqpf did not create — its files are kept;
 * - never: a filesystem root, the home directory, the current directory or one of its parents,
 *   or a directory that holds an input (spec, data, framework, weights …) — not even with `force`;
 * - a file already in the directory that nqpf did not write stays, byte for byte (hard-linked into
 *   the new directory before the swap); one whose name an output would take stops the run
 *   (`E_OUTPUT_CONFLICT`), since replacing it would delete it;
 * - temporary directories are `.nqpf-tmp-<pid>-<random>` beside the output and carry the marker
 *   from their first byte on; one left by a killed run (its process gone) is removed by the next
 *   run into the same parent, and a previous output set aside during the swap
 *   (`.nqpf-old-<pid>-<random>-<name>`) is put back when the kill fell between the two renames.
 */
import { randomBytes } from 'node:crypto';
import {
  copyFile,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { NqpfError, fail } from '../../core/errors.js';

/** The marker file nqpf keeps in every directory it writes. */
export const OUTPUT_MARKER = '.nqpf-output.json';

interface Marker {
  nqpf: string;
  /** Relative paths (with `/`) of every file nqpf wrote; absent while a temporary directory is written. */
  files?: string[];
}

export interface WriteDirOptions {
  /** Write into an existing non-empty directory nqpf did not create, keeping every file in it. */
  force?: boolean;
  /** Input files (absolute or relative to the working directory): the output may neither be nor contain one. */
  protect?: readonly string[];
  /** Version recorded in the marker. */
  version?: string;
  /** Checked just before the output is put in place: an aborted signal leaves everything as it was. */
  signal?: AbortSignal;
  /** Working directory for the "not the current directory" rule (default: process.cwd()). */
  cwd?: string;
  /** Home directory for the "not the home directory" rule (default: os.homedir()). */
  home?: string;
}

function rand(): string {
  return randomBytes(6).toString('hex');
}

async function kind(p: string): Promise<'dir' | 'file' | 'link' | false> {
  try {
    const s = await lstat(p);
    return s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'link' : 'file';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

async function real(p: string): Promise<string> {
  // The real path of p, or of its deepest existing ancestor joined with the rest.
  const rest: string[] = [];
  let cur = resolve(p);
  for (;;) {
    try {
      return join(await realpath(cur), ...rest.reverse());
    } catch {
      const up = dirname(cur);
      if (up === cur) return resolve(p);
      rest.push(basename(cur));
      cur = up;
    }
  }
}

/** a equals b or lies inside b. */
function within(a: string, b: string): boolean {
  const r = relative(b, a);
  return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && !/^[A-Za-z]:/.test(r));
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

async function readMarker(dir: string): Promise<Marker | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, OUTPUT_MARKER), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const m = JSON.parse(text) as Marker;
    if (typeof m.nqpf !== 'string') return undefined;
    if (m.files !== undefined && !(Array.isArray(m.files) && m.files.every((f) => typeof f === 'string'))) return undefined;
    return m;
  } catch {
    return undefined;
  }
}

/**
 * The files nqpf wrote in a run directory made before the marker existed: run.json (with its
 * `nqpf` version) lists the outputs; `figures/` stands for everything below it.
 */
async function legacyOwned(dir: string): Promise<((rel: string) => boolean) | undefined> {
  try {
    const run = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as { nqpf?: unknown; outputs?: unknown };
    if (typeof run.nqpf !== 'string' || !Array.isArray(run.outputs)) return undefined;
    const names = new Set(['run.json', ...run.outputs.filter((x): x is string => typeof x === 'string')]);
    return (rel) => names.has(rel) || [...names].some((n) => n.endsWith('/') && rel.startsWith(n));
  } catch {
    return undefined;
  }
}

interface Entry {
  rel: string;
  kind: 'dir' | 'file' | 'link';
}

/** Every entry below dir (relative paths with `/`), directories before their contents. */
async function walk(dir: string, prefix = ''): Promise<Entry[]> {
  const out: Entry[] = [];
  const names = (await readdir(dir)).sort();
  for (const n of names) {
    const rel = prefix ? `${prefix}/${n}` : n;
    const k = await kind(join(dir, n));
    if (!k) continue;
    out.push({ rel, kind: k });
    if (k === 'dir') out.push(...(await walk(join(dir, n), rel)));
  }
  return out;
}

/** A temporary file of {@link writeFileAtomic}, left by a killed writer. */
const TMP_FILE = /(^|\/)\.nqpf-tmp-[0-9a-f]{12}-[^/]*$/;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const DAY = 24 * 3600 * 1000;

/**
 * Clear what a killed nqpf left beside `target`: its temporary directories (only those that carry
 * the marker and whose process is gone, or older than a day), and a previous output of `target`
 * that was set aside when the kill came — put back when `target` is missing, else removed.
 */
export async function cleanStale(target: string): Promise<void> {
  const parent = dirname(target);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  const name = basename(target);
  for (const n of names.sort()) {
    const m = /^\.nqpf-(tmp|old)-(\d+)-([0-9a-f]{12})(?:-(.*))?$/.exec(n);
    if (!m) continue;
    const p = join(parent, n);
    if ((await kind(p)) !== 'dir' || !(await readMarker(p))) continue;
    const pid = Number(m[2]);
    const age = Date.now() - (await stat(p)).mtimeMs;
    if (pid === process.pid || (pidAlive(pid) && age < DAY)) continue;
    if (m[1] === 'tmp') {
      await rm(p, { recursive: true, force: true });
    } else if (m[4] === name) {
      if (!(await kind(target))) await rename(p, target);
      else if (await readMarker(target)) await removeOwned(p, target, undefined);
    }
  }
}

/**
 * Empty `dir` of what nqpf may delete — files in `owned` (nqpf's own, or kept copies of a user's
 * files already linked into `keepIn`) — and move anything else (a file that appeared meanwhile)
 * into `keepIn`. The directory itself is removed when nothing is left in it.
 */
async function removeOwned(dir: string, keepIn: string, owned: ((rel: string) => boolean) | undefined): Promise<void> {
  const marker = await readMarker(dir);
  const legacy = marker?.files ? undefined : await legacyOwned(dir);
  const listed = new Set(marker?.files ?? []);
  const isOwned = (rel: string) => rel === OUTPUT_MARKER || listed.has(rel) || TMP_FILE.test(rel) || !!legacy?.(rel) || !!owned?.(rel);
  const entries = await walk(dir);
  // The marker goes last: a kill while this runs leaves it beside whatever is still there, so the
  // next run's cleanStale() recognises the rest as nqpf's and finishes the job.
  for (const e of entries) {
    if (e.kind === 'dir' || e.rel === OUTPUT_MARKER) continue;
    const p = join(dir, e.rel);
    if (isOwned(e.rel)) {
      await unlink(p);
      continue;
    }
    const dest = join(keepIn, e.rel);
    if (await kind(dest)) {
      if (await sameFile(p, dest)) await unlink(p); // a second link of a file kept in keepIn
      continue; // else it cannot be moved without overwriting: it stays where it is
    }
    await mkdir(dirname(dest), { recursive: true });
    await rename(p, dest);
  }
  for (const e of entries.reverse()) if (e.kind === 'dir') await rmdir(join(dir, e.rel)).catch(() => undefined);
  if (entries.some((e) => e.rel === OUTPUT_MARKER)) await unlink(join(dir, OUTPUT_MARKER));
  await rmdir(dir).catch(() => undefined);
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([lstat(a), lstat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function list(names: string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} … (${names.length} in all)`;
}

/** Refuse output directories that would put a user's files at risk (see the module comment). */
async function checkTarget(target: string, opts: WriteDirOptions): Promise<void> {
  const t = await real(target);
  const unsafe = (why: string, hint = 'choose a new directory for the outputs, e.g. --out results/run1') =>
    fail('E_OUTPUT_UNSAFE', `refusing to write the outputs to ${target}: ${why}`, { location: { file: target }, hint });
  if (dirname(t) === t) unsafe('it is the root of a file system');
  const home = await real(opts.home ?? homedir());
  if (within(home, t)) unsafe(t === home ? 'it is your home directory' : 'it contains your home directory');
  const cwd = await real(opts.cwd ?? process.cwd());
  if (within(cwd, t)) unsafe(t === cwd ? 'it is the current directory' : 'it contains the current directory');
  for (const p of opts.protect ?? []) {
    const rp = await real(p);
    if (within(rp, t))
      unsafe(`it ${rp === t ? 'is' : 'holds'} the input ${p}`, 'write the outputs to a directory of their own, e.g. --out results/run1 beside the spec');
  }
}

function ioError(e: unknown, target: string): never {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof NqpfError) throw e;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    EBUSY: 'a file is in use by another program',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'a path is too long',
  };
  if (err && typeof err.code === 'string' && why[err.code]) {
    fail('E_OUTPUT_WRITE', `could not write the outputs to ${target}: ${why[err.code]} (${err.code}${err.path ? ` at ${err.path}` : ''})`, {
      location: { file: target },
      hint:
        err.code === 'ENOSPC' || err.code === 'EDQUOT'
          ? 'free some space or choose another --out directory; nothing was changed'
          : 'check the permissions of the directory or choose another --out directory; nothing was changed',
    });
  }
  throw e;
}

/**
 * Write a directory atomically (see the module comment for what is refused and what is kept).
 *
 * 1. create `<parent>/.nqpf-tmp-<pid>-<random>` next to `finalDir` (same file system, so rename is
 *    atomic), marked as nqpf's;
 * 2. `await write(tmpDir)`; record the files written in the marker; link the files of the existing
 *    directory that nqpf did not write into the new one;
 * 3. if `finalDir` exists, rename it aside, rename the temp dir to `finalDir`, then empty the old
 *    one of nqpf's files (if the second rename fails the old directory is put back).
 *
 * On any error the temp dir (and any parent directories this call created) is deleted and the
 * error rethrown: the previous output, if any, is untouched. A full disk or a permission problem
 * becomes `E_OUTPUT_WRITE` naming the directory.
 */
export async function writeDirAtomic(finalDir: string, write: (tmpDir: string) => Promise<void>, opts: WriteDirOptions = {}): Promise<void> {
  const target = resolve(finalDir);
  const parent = dirname(target);
  const k = await kind(target);
  if (k === 'file' || k === 'link') {
    fail('E_OUTPUT_NOT_DIR', `output path ${target} exists and is ${k === 'link' ? 'a symbolic link' : 'a file'}, not a directory`, {
      location: { file: finalDir },
      hint: 'choose another output directory',
    });
  }
  await checkTarget(target, opts);
  await cleanStale(target).catch(() => undefined);
  let owned: (rel: string) => boolean = () => false;
  let foreign: Entry[] = [];
  if (k === 'dir' && (await kind(target)) === 'dir') {
    const marker = await readMarker(target);
    const legacy = marker?.files ? undefined : await legacyOwned(target);
    const listed = new Set(marker?.files ?? []);
    owned = (rel) => rel === OUTPUT_MARKER || listed.has(rel) || TMP_FILE.test(rel) || !!legacy?.(rel);
    const entries = await walk(target);
    foreign = entries.filter((e) => !owned(e.rel) && !(e.kind === 'dir' && entries.some((x) => x.rel.startsWith(e.rel + '/') && owned(x.rel))));
    const userFiles = foreign.filter((e) => e.kind !== 'dir');
    if (!marker && !legacy && userFiles.length && !opts.force) {
      fail(
        'E_OUTPUT_NOT_EMPTY',
        `refusing to write the outputs to ${target}: the directory exists, is not empty and was not written by nqpf (it holds ${list(userFiles.map((e) => e.rel))})`,
        {
          location: { file: finalDir },
          hint: 'choose a new directory (e.g. --out results/run1); --force writes into it and keeps every file already there',
        },
      );
    }
  }
  let created: string | undefined;
  const tmp = join(parent, `.nqpf-tmp-${process.pid}-${rand()}`);
  try {
    created = await mkdir(parent, { recursive: true });
    await mkdir(tmp);
    const version = opts.version ?? 'unknown';
    await writeFile(join(tmp, OUTPUT_MARKER), JSON.stringify({ nqpf: version } satisfies Marker) + '\n');
    await write(tmp);
    const written = (await walk(tmp)).filter((e) => e.kind !== 'dir' && e.rel !== OUTPUT_MARKER).map((e) => e.rel);
    const writtenSet = new Set(written);
    const clash = foreign.filter((e) => e.kind !== 'dir' && writtenSet.has(e.rel)).map((e) => e.rel);
    if (clash.length) {
      fail(
        'E_OUTPUT_CONFLICT',
        `refusing to write the outputs to ${target}: ${list(clash)} ${clash.length > 1 ? 'are' : 'is'} not nqpf's and would be overwritten`,
        {
          location: { file: finalDir },
          hint: 'move or rename those files, or choose another --out directory; nothing was changed',
        },
      );
    }
    for (const e of foreign) await keep(join(target, e.rel), join(tmp, e.rel), e.kind);
    await writeFile(join(tmp, OUTPUT_MARKER), JSON.stringify({ nqpf: version, files: written } satisfies Marker, null, 1) + '\n');
    if (opts.signal?.aborted) throw new NqpfError('E_ABORTED', 'interrupted; nothing was written');
    let old: string | undefined;
    if (await kind(target)) {
      old = join(parent, `.nqpf-old-${process.pid}-${rand()}-${basename(target)}`);
      await rename(target, old);
    }
    try {
      await rename(tmp, target);
    } catch (e) {
      if (old) await rename(old, target).catch(() => undefined);
      throw e;
    }
    if (old) {
      const kept = new Set(foreign.map((e) => e.rel));
      await removeOwned(old, target, (rel) => owned(rel) || kept.has(rel));
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    await removeCreated(parent, created).catch(() => undefined);
    ioError(e, target);
  }
}

/** Put a user's entry into the new directory without touching the original: a hard link (a copy where links fail). */
async function keep(from: string, to: string, k: Entry['kind']): Promise<void> {
  if (k === 'dir') {
    await mkdir(to, { recursive: true });
    return;
  }
  await mkdir(dirname(to), { recursive: true });
  if (k === 'link') {
    await symlink(await readlink(from), to);
    return;
  }
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
    const s = await stat(from);
    await utimes(to, s.atime, s.mtime);
  }
}

/** Add files written later by nqpf (e.g. `nqpf report`) to a directory's marker. */
export async function recordOutputs(dir: string, files: readonly string[], version = 'unknown'): Promise<void> {
  const m = await readMarker(dir);
  const legacy = m?.files ? undefined : await legacyOwned(dir);
  const all = new Set(m?.files ?? []);
  if (!m?.files && legacy) for (const e of await walk(dir)) if (e.kind !== 'dir' && legacy(e.rel)) all.add(e.rel);
  for (const e of await walk(dir)) if (e.kind !== 'dir' && files.some((f) => e.rel === f || (f.endsWith('/') && e.rel.startsWith(f)))) all.add(e.rel);
  await writeFileAtomic(join(dir, OUTPUT_MARKER), JSON.stringify({ nqpf: m?.nqpf ?? version, files: [...all].sort() } satisfies Marker, null, 1) + '\n');
}

/**
 * Write a file atomically: write `<dir>/.nqpf-tmp-<random>-<name>`, flush it to disk, rename over
 * `path`. On error the temp file is removed and `path` is untouched. Parent directories are created.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path);
  const parent = dirname(target);
  const created = await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.nqpf-tmp-${rand()}-${basename(target)}`);
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
