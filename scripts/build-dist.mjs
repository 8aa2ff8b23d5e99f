/**
 * Compile src/ to dist/ for running: one ES module per source file, transpiled by esbuild (no
 * bundling, no type check — `npm test` type-checks; `npm run build` emits the same modules with
 * tsc plus the .d.ts files for the published package). Runs on `npm ci` / `npm install` in a clone
 * (the `prepare` script), and from bin/nqpf.js when a source file is newer than the last build, so
 * the CLI always runs compiled code that matches the sources.
 *
 * The new tree is written beside dist/ and swapped in by renames, so a process starting meanwhile
 * sees the old or the new build, never half of one. dist/.build-stamp is written last; its mtime
 * is the build time bin/nqpf.js compares with the sources'.
 *
 * dist/bundle/ (when src/ has the CLI) holds the same code bundled for the command line
 * (`buildBundle`): the CLI entry and every worker module, one file each, their shared code in a few
 * chunks, with zod, yaml and cac inside; the other packages stay in node_modules. Starting from it
 * loads ≈ 60 files instead of ≈ 320 ES modules and ≈ 130 package modules, each resolved, read and
 * linked in turn: ≈ 0.1–0.25 s less at every start of the CLI and of its worker threads.
 * bin/nqpf.js runs it (main.cjs, see SCRIPTS) when it is there; `npm pack` builds it after tsc
 * (`node scripts/build-dist.mjs --bundle`).
 *
 * Plain JavaScript (no tsx): it must run before anything is compiled.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isStale as distIsStale, newestSource } from './dist-stale.mjs';

export { newestSource };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts source below `dir` (not .d.ts). */
export function sourceFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Whether `distDir` is missing or older than a file of `srcDir` (scripts/dist-stale.mjs, which bin/nqpf.js loads alone). */
export function isStale(srcDir = join(ROOT, 'src'), distDir = join(ROOT, 'dist')) {
  return distIsStale(srcDir, distDir);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Take `<distDir>.lock` (so that processes started together build once, and none swaps dist/
 * while another loads it). A lock older than a minute is a dead builder's and is taken over.
 * Returns false when another process built meanwhile (dist/ is no longer stale).
 */
async function lock(file, srcDir, distDir) {
  for (;;) {
    try {
      closeSync(openSync(file, 'wx'));
      return true;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    try {
      if (Date.now() - statSync(file).mtimeMs > 60_000) rmSync(file, { force: true });
    } catch {}
    await sleep(50);
    if (!existsSync(file) && !isStale(srcDir, distDir)) return false;
  }
}

/** Transpile `srcDir` into `distDir` (replaced as a whole). Returns the number of modules written (0: another process built it). */
export async function buildDist(srcDir = join(ROOT, 'src'), distDir = join(ROOT, 'dist')) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(distDir), { recursive: true });
  const lockFile = `${distDir}.lock`;
  if (!(await lock(lockFile, srcDir, distDir))) return 0;
  try {
    return await buildLocked(build, srcDir, distDir);
  } finally {
    rmSync(lockFile, { force: true });
  }
}

async function buildLocked(build, srcDir, distDir) {
  const entryPoints = sourceFiles(srcDir);
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const tmp = `${distDir}.tmp-${tag}`;
  try {
    await build({
      entryPoints,
      outdir: tmp,
      outbase: srcDir,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      bundle: false,
      sourcemap: 'linked',
      logLevel: 'error',
    });
    await buildBundle(srcDir, join(tmp, 'bundle'), build);
    writeFileSync(join(tmp, '.build-stamp'), `${new Date().toISOString()}\n`);
    const old = `${distDir}.old-${tag}`;
    if (existsSync(distDir)) renameSync(distDir, old);
    renameSync(tmp, distDir);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return entryPoints.length;
}

const BUNDLED_PACKAGES = new Set(['zod', 'yaml', 'cac']);
const EXTERNAL_PACKAGES = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies ?? {})
  .filter((p) => !BUNDLED_PACKAGES.has(p))
  .flatMap((p) => [p, `${p}/*`]);

/**
 * The sources import zod as `import { z } from 'zod'`: a namespace object that esbuild must build
 * whole, so the bundle held all of zod (≈ 760 kB: its 60 locales, JSON Schema conversion, …),
 * compiled by every thread that validates or declares a spec (≈ 0.1 s of CPU each). Bundled as
 * `import * as z from 'zod'`, the same bindings are read as properties of the module namespace,
 * which esbuild tree-shakes to what is used (≈ 170 kB); zod registers its English messages when
 * its first schema is built, so nothing else changes. The rewrite touches the import line only
 * (lines and columns stay, so do the source maps).
 */
const ZOD_IMPORT = /^import \{ z \} from 'zod';$/m;
const zodNamespace = {
  name: 'nqpf-zod-namespace',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!ZOD_IMPORT.test(text)) return undefined;
      return { contents: text.replace(ZOD_IMPORT, "import * as z from 'zod';"), loader: 'ts' };
    });
  },
};

/**
 * The entries also written as one CommonJS script each, `<name>.cjs` beside the ES module bundle:
 * the CLI's thread (bin/nqpf.js runs main.cjs) and the worker threads a run starts
 * (src/io/workers/worker-spawn.ts starts `<name>.cjs` when it is there). Node 20 loads an ES module
 * graph through its module loader chunk by chunk (resolve, read, compile, link, evaluate); a script
 * is read and compiled once, and inside it a module reached only by a dynamic import stays a
 * function that runs when it is first imported, so a start still loads only what it needs (a
 * single ES module file does not: it evaluates every module at once, ≈ 450 ms more CPU for
 * `nqpf validate`). A module's `import.meta.url` is the script's URL, so the code finds the files
 * beside it (worker entries, package files) as from the chunks. Not the workers with a top-level
 * await (the DEA helper, the workbench's run and preview workers), which a script cannot have.
 * CPU (user + sys) of whole runs, ES module bundle → scripts, alternated, load 18–40 (so ± 100–200
 * ms a run): asem-coinr medians of 9, three times: 3,440 → 3,230, 2,550 → 2,530 (paired
 * differences' median −80), main.cjs alone 2,410 → 2,270 (7); asem-robustness (default workers,
 * 5) 3,890 → 3,740; the CN example (5) 6,920 → 6,270 with main.cjs alone. A figures worker
 * started and loaded with ECharts: 344 → 298 ms (11 alternated). Same output files (seven
 * examples, `--workers 1` and `2`).
 *
 * Measured and left out: V8's code cache (`new vm.Script(…, { cachedData })`). For main.cjs, made
 * after a whole run so that it held the lazily compiled functions too, ≈ 20–60 ms less CPU a run,
 * in the noise; made at build time right after compiling, nothing. For ECharts in the figures
 * worker (its top-level evaluation, not its compilation, is most of its load) ≈ 120 ms less CPU
 * only with a cache made after drawing the same run's charts; made after drawing a set of sample
 * charts at build time, 25–45 ms, in the noise.
 */
export const SCRIPTS = ['main', 'figures-worker', 'robustness-worker', 'column-worker', 'dense-worker', 'csv-writer-worker'];

/**
 * Bundle the CLI of `srcDir` into `outDir` (nothing when `srcDir` has no cli/main.ts): entries
 * `main` (cli/main.ts) and, by file name, every `*-worker.ts` module — a worker is started from
 * the `<name>.js` beside the module that starts it (src/io/workers/worker-spawn.ts), which in the
 * bundle is this directory. ES modules split into shared chunks (dynamic imports stay lazy), zod,
 * yaml and cac bundled and every other dependency external, Node 20. Returns the number of entries.
 */
export async function buildBundle(srcDir = join(ROOT, 'src'), outDir = join(ROOT, 'dist', 'bundle'), build) {
  const main = join(srcDir, 'cli', 'main.ts');
  if (!existsSync(main)) return 0;
  build ??= (await import('esbuild')).build;
  const entryPoints = { main };
  for (const f of sourceFiles(srcDir)) {
    const name = basename(f, '.ts');
    if (!name.endsWith('-worker')) continue;
    if (entryPoints[name]) throw new Error(`two worker modules named ${name}: ${entryPoints[name]} and ${f}`);
    entryPoints[name] = f;
  }
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    splitting: true,
    plugins: [zodNamespace],
    // zod, yaml and cac are bundled too (≈ 130 modules loaded one by one otherwise); every other
    // package stays in node_modules (native, WebAssembly or loaded lazily).
    external: EXTERNAL_PACKAGES,
    // yaml is CommonJS and requires node: built-ins: give the bundle a require.
    banner: { js: "import { createRequire as __nqpfCreateRequire } from 'node:module';\nconst require = __nqpfCreateRequire(import.meta.url);" },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'error',
  });
  // The same entries again as CommonJS scripts (SCRIPTS), drawing with dist/bundle/echarts-ssr.cjs (echartsSsr).
  const ssr = await echartsSsr(srcDir, outDir, build);
  await build({
    entryPoints: Object.fromEntries(Object.entries(entryPoints).filter(([k]) => SCRIPTS.includes(k))),
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    plugins: [zodNamespace, ...ssr],
    external: EXTERNAL_PACKAGES,
    define: { 'import.meta.url': '__nqpfModuleUrl' },
    banner: { js: CJS_BANNER },
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'error',
  });
  return Object.keys(entryPoints).length;
}

/** Strict, as the modules are (esbuild's own directive would come after the banner, where it does nothing); import.meta.url is the script's URL. */
const CJS_BANNER = "'use strict';\nvar __nqpfModuleUrl = require('node:url').pathToFileURL(__filename).href;";

/**
 * The ECharts the scripts draw figures with: `<outDir>/echarts-ssr.cjs`, src/io/write/echarts-ssr.ts
 * bundled with the part of ECharts and zrender it registers (the charts and components the figures
 * draw, the SVG renderer), minified (names kept) and with ECharts' production branches only
 * (dist/echarts.js, which the modules load, is the production build too); the scripts load it in
 * place of src/io/write/echarts-load.ts (the whole of ECharts from that single-file build). Loading
 * it costs the figures worker ≈ 100 ms of CPU instead of ≈ 200 ms. Returns the plugins that make
 * the scripts load it (none when src/ has no echarts-ssr.ts).
 */
export async function echartsSsr(srcDir, outDir, build) {
  const ssr = join(srcDir, 'io', 'write', 'echarts-ssr.ts');
  const load = join(srcDir, 'io', 'write', 'echarts-load.ts');
  if (!existsSync(ssr)) return [];
  await build({
    entryPoints: { 'echarts-ssr': ssr },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    minify: true,
    keepNames: true,
    external: EXTERNAL_PACKAGES.filter((p) => p !== 'echarts' && p !== 'echarts/*'),
    define: { 'import.meta.url': '__nqpfModuleUrl', 'process.env.NODE_ENV': '"production"' },
    banner: { js: CJS_BANNER },
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'error',
  });
  return [
    {
      name: 'nqpf-echarts-ssr',
      setup(b) {
        b.onResolve({ filter: /[\\/]echarts-load\.js$/ }, (args) =>
          resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === load ? { path: './echarts-ssr.cjs', external: true } : undefined,
        );
      },
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = performance.now();
  if (process.argv.includes('--bundle')) {
    // After `tsc` (npm pack): add dist/bundle/ to the tree tsc wrote.
    const n = await buildBundle();
    console.log(`dist/bundle/: ${n} entries bundled in ${Math.round(performance.now() - t0)} ms`);
  } else {
    const n = await buildDist();
    console.log(`dist/: ${n} modules compiled in ${Math.round(performance.now() - t0)} ms`);
  }
}
