/**
 * Start a worker thread on a sibling module of the caller, from the TypeScript sources (a
 * checkout, tests: tsx is registered inside the worker first) or from the compiled package.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `new Worker` on `<dir of here>/<name>.ts` (sources) or `.js` (compiled); `here` is the caller's `import.meta.url`. */
export function spawnSiblingWorker(here: string, name: string, options: WorkerOptions = {}): Worker {
  if (here.endsWith('.ts')) {
    // The package's ESM entry (its CJS twin resolves its loader hooks relative to the wrong folder in a worker).
    const api = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/index\.cjs$/, 'index.mjs'),
    ).href;
    const target = new URL(`./${name}.ts`, here).href;
    const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); }).catch((e) => { console.error(e); process.exit(1); });`;
    return new Worker(code, { ...options, eval: true });
  }
  return new Worker(new URL(`./${name}.js`, here), options);
}
