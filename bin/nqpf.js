#!/usr/bin/env node
// nqpf command-line shim. In a source checkout it runs the TypeScript sources through tsx;
// an installed package runs the compiled dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
process.exitCode = await mod.main(process.argv);
