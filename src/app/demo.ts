import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Path of the bundled demo spec (examples/demo/demo.yaml), from the sources or the installed package. */
export function demoSpecPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'examples', 'demo', 'demo.yaml');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error('bundled demo spec examples/demo/demo.yaml not found');
}
