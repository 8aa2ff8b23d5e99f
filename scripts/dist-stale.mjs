/**
 * Whether dist/ is older than a source file: the check bin/nqpf.js makes at every start in a clone
 * (and scripts/build-dist.mjs before building). Kept apart from build-dist.mjs so that the fresh
 * case loads one small module, and written for speed: ≈ 360 directory reads and stat calls with
 * plain string paths (path.join and Math.max over ≈ 320 files cost about as much again).
 *
 * Plain JavaScript (no tsx): it must run before anything is compiled.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';

/** Newest modification time (ms) of the .ts sources below `dir` (not .d.ts); 0 when there are none. */
export function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    let m = 0;
    if (e.isDirectory()) m = newestSource(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) m = statSync(p).mtimeMs;
    if (m > t) t = m;
  }
  return t;
}

/** Whether `distDir` is missing or older than a .ts file below `srcDir`. */
export function isStale(srcDir, distDir) {
  const stamp = `${distDir}/.build-stamp`;
  if (!existsSync(stamp)) return true;
  return newestSource(srcDir) > statSync(stamp).mtimeMs;
}
