/**
 * Start a worker thread on a sibling module of the caller: from the compiled package (dist/), or,
 * when the caller runs from the TypeScript sources (vitest, tsx), from the compiled twin of the
 * sibling when dist/ is up to date with src/ (a worker then starts in ~0.1 s instead of loading
 * tsx and transpiling its module graph, seconds on a busy machine), else from the sources through
 * tsx (registered inside the worker first).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Newest mtime of the .ts files below `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const fresh = new Map<string, boolean>();

/** The compiled twin (`dist/…/<name>.js`) of source module `file` when dist/ is newer than every source, else undefined. */
export function compiledTwin(file: string): string | undefined {
  let src = dirname(file);
  while (src !== dirname(src) && !(src.endsWith(`${sep}src`) && existsSync(join(dirname(src), 'package.json')))) src = dirname(src);
  if (!src.endsWith(`${sep}src`)) return undefined;
  const dist = join(dirname(src), 'dist');
  let ok = fresh.get(src);
  if (ok === undefined) {
    const stamp = join(dist, '.build-stamp');
    ok = existsSync(stamp) && statSync(stamp).mtimeMs >= newest(src);
    fresh.set(src, ok);
  }
  const twin = join(dist, relative(src, file)).replace(/\.ts$/, '.js');
  return ok && existsSync(twin) ? twin : undefined;
}

/**
 * `new Worker` on `<dir of here>/<name>.ts` (sources) or `.js` (compiled; in the CLI bundle its script `<name>.cjs` when the
 * build made one, which starts faster: scripts/build-dist.mjs, SCRIPTS); `here` is the caller's `import.meta.url`.
 */
export function spawnSiblingWorker(here: string, name: string, options: WorkerOptions = {}): Worker {
  if (here.endsWith('.ts')) {
    const target = fileURLToPath(new URL(`./${name}.ts`, here));
    const twin = compiledTwin(target);
    if (twin) return new Worker(pathToFileURL(twin), options);
    // The package's ESM entry (its CJS twin resolves its loader hooks relative to the wrong folder in a worker).
    const api = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/index\.cjs$/, 'index.mjs'),
    ).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(target).href)}); }).catch((e) => { console.error(e); process.exit(1); });`;
    return new Worker(code, { ...options, eval: true });
  }
  const script = new URL(`./${name}.cjs`, here);
  return new Worker(existsSync(script) ? script : new URL(`./${name}.js`, here), options);
}
