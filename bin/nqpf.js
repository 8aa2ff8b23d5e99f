#!/usr/bin/env node
// nqpf command-line shim: runs the compiled dist/. In a source checkout (src/ present) dist/ is
// built on install (`prepare`) and rebuilt here, in about a second, whenever a source file is newer
// than the last build (scripts/build-dist.mjs), so the CLI never runs stale code and never pays
// for transpiling on every start. Without esbuild (a checkout installed with --omit=dev) it falls
// back to running the sources through tsx when that is installed.
//
// Ctrl-C is caught before anything is loaded, so an interrupt at any moment reaches the command
// (which then writes nothing, says "interrupted" and exits with 130); a second Ctrl-C exits at once.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// A run executes most of its code (ECharts, the writers, each analysis) once or a few times, so V8's
// optimising compiler spent more CPU compiling it (its background threads ≈ 3 s of the city example's
// ≈ 7 s of CPU) than the compiled code saved. A larger interrupt budget (8 × V8's default of 100 KB of
// bytecode run before a function is considered for optimisation) compiles only what runs long; set
// before the CLI is loaded, it holds for this thread and the worker threads it starts. Measured (CPU,
// alternated, idle 2-core machine): city example 7.0 -> 5.7-6.3 s, ASEM 1.24 -> 1.01 s, ASEM robustness
// 1.99 -> 1.62 s; the firm-scale robustness run (≈ 11 s) unchanged within noise.
setFlagsFromString('--interrupt-budget=800000');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // `nqpf --version` alone: the line the CLI prints (cac's `<name>/<version> <platform>-<arch>
  // node-<version>`), from package.json, whose version src/version.ts equals (a test checks both),
  // without loading the CLI or checking the build: a start as fast as Node's own.
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  process.stdout.write(`nqpf/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else await start();

async function start() {
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  });
  // A parent that spawned nqpf with an IPC channel learns from here on Ctrl-C is handled.
  if (process.send) process.send('nqpf:interruptible');

  // The bundled CLI when the build made one (scripts/build-dist.mjs: fewer files to load): its
  // CommonJS script main.cjs (one file to read and compile, see SCRIPTS there), else its ES module
  // entry; else the compiled modules.
  const bundled = join(root, 'dist', 'bundle', 'main.js');
  const script = join(root, 'dist', 'bundle', 'main.cjs');
  let mod;
  const check = join(root, 'scripts', 'dist-stale.mjs');
  if (existsSync(join(root, 'src', 'cli', 'main.ts')) && existsSync(check)) {
    // The check alone (one small module, ≈ 13 ms of stat calls); the builder only when it is needed.
    const { isStale } = await import(pathToFileURL(check).href);
    if (isStale(join(root, 'src'), join(root, 'dist'))) {
      try {
        const build = await import(pathToFileURL(join(root, 'scripts', 'build-dist.mjs')).href);
        await build.buildDist();
      } catch (e) {
        if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
        // No esbuild (dev dependencies omitted): run the sources through tsx if it is there.
        const { register } = await import('tsx/esm/api');
        register();
        mod = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
      }
    }
  }
  if (!mod && existsSync(script)) mod = createRequire(import.meta.url)(script);
  mod ??= await import(pathToFileURL(existsSync(bundled) ? bundled : join(root, 'dist', 'cli', 'main.js')).href);
  process.exitCode = await mod.main(process.argv, { interrupt: interrupt.signal });
}
