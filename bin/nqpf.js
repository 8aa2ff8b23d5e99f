#!/usr/bin/env node
// nqpf command-line shim. In a source checkout it runs the TypeScript sources through tsx;
// an installed package runs the compiled dist/.
//
// Ctrl-C is caught before anything is loaded, so an interrupt at any moment reaches the command
// (which then writes nothing, says "interrupted" and exits with 130); a second Ctrl-C exits at once.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
// A parent that spawned nqpf with an IPC channel learns from here on Ctrl-C is handled.
if (process.send) process.send('nqpf:interruptible');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src', 'cli', 'main.ts');
let mod;
if (existsSync(src)) {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(pathToFileURL(src).href);
} else {
  mod = await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
}
process.exitCode = await mod.main(process.argv, { interrupt: interrupt.signal });
