/**
 * scripts/build-dist.mjs: the compiled tree bin/nqpf.js runs. dist/ is stale exactly when a
 * source is newer than the last build; builds started together leave one complete tree (the
 * lock), and the compiled modules run.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main as cliMain } from '../../src/cli/main.js';
import { compiledTwin, spawnSiblingWorker } from '../../src/io/workers/worker-spawn.js';
// @ts-expect-error plain JavaScript module without types
import { buildBundle, buildDist, isStale } from '../../scripts/build-dist.mjs';

const dir = mkdtempSync(join(tmpdir(), 'nqpf-build-dist-'));
const src = join(dir, 'src');
const dist = join(dir, 'dist');
mkdirSync(join(src, 'a'), { recursive: true });
writeFileSync(join(src, 'a', 'b.ts'), 'export const b: number = 2;\n');
writeFileSync(join(src, 'main.ts'), "import { b } from './a/b.js';\nexport const main = (): number => b * 21;\n");
writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build-dist', () => {
  it('is stale before the first build, fresh after it, stale again when a source changes', async () => {
    expect(isStale(src, dist)).toBe(true);
    expect(await buildDist(src, dist)).toBe(2);
    expect(isStale(src, dist)).toBe(false);
    const mod = await import(pathToFileURL(join(dist, 'main.js')).href);
    expect(mod.main()).toBe(42);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(src, 'a', 'b.ts'), later, later);
    expect(isStale(src, dist)).toBe(true);
  });

  it('builds started together leave one complete tree and no temporary directories', async () => {
    writeFileSync(join(src, 'a', 'b.ts'), 'export const b: number = 3;\n');
    const later = new Date(Date.now() + 10_000);
    utimesSync(join(src, 'a', 'b.ts'), later, later);
    const counts = await Promise.all([buildDist(src, dist), buildDist(src, dist), buildDist(src, dist)]);
    expect(counts.filter((n: number) => n > 0).length).toBeGreaterThanOrEqual(1);
    expect(readdirSync(dir).sort()).toEqual(['dist', 'package.json', 'src']);
    expect(readdirSync(join(dist, 'a')).filter((f) => f.endsWith('.js'))).toEqual(['b.js']);
    const b = await import(`${pathToFileURL(join(dist, 'a', 'b.js')).href}?v=2`);
    expect(b.b).toBe(3);
  });
});

describe('the CLI bundle (dist/bundle/)', () => {
  it('has the entry main.js, its script main.cjs and one <name>.js per *-worker.ts module, and a worker started beside the code that starts it runs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nqpf-bundle-'));
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    mkdirSync(join(root, 'src', 'io', 'workers'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    writeFileSync(join(root, 'src', 'io', 'workers', 'twice.ts'), 'export const twice = (x: number): number => 2 * x;\n');
    writeFileSync(
      join(root, 'src', 'io', 'workers', 'echo-worker.ts'),
      "import { parentPort } from 'node:worker_threads';\nimport { twice } from './twice.js';\nparentPort!.once('message', (x: number) => parentPort!.postMessage(twice(x)));\n",
    );
    // As spawnSiblingWorker does: the worker module beside the code that starts it.
    writeFileSync(
      join(root, 'src', 'cli', 'main.ts'),
      "import { Worker } from 'node:worker_threads';\nimport { twice } from '../io/workers/twice.js';\n" +
        'export const main = (x: number): Promise<number> => new Promise((resolve) => {\n' +
        "  const w = new Worker(new URL('./echo-worker.js', import.meta.url));\n" +
        "  w.once('message', (y: number) => { void w.terminate(); resolve(twice(y)); });\n  w.postMessage(x);\n});\n" +
        'export const strict = (function (this: unknown): boolean {\n  return this === undefined;\n})();\n',
    );
    try {
      expect(await buildBundle(join(root, 'src'), join(root, 'dist', 'bundle'))).toBe(2);
      const files = readdirSync(join(root, 'dist', 'bundle')).filter((f) => f.endsWith('.js'));
      expect(files).toContain('main.js');
      expect(files).toContain('echo-worker.js');
      const mod = await import(pathToFileURL(join(root, 'dist', 'bundle', 'main.js')).href);
      expect(await mod.main(5)).toBe(20);
      // The script bin/nqpf.js runs (main.cjs): its import.meta.url is its own, so the worker starts from beside it too.
      expect(readdirSync(join(root, 'dist', 'bundle'))).toContain('main.cjs');
      const script = createRequire(import.meta.url)(join(root, 'dist', 'bundle', 'main.cjs'));
      expect(await script.main(5)).toBe(20);
      expect(script.strict).toBe(true); // strict, as the modules are
      // A tree without the CLI gets no bundle.
      expect(await buildBundle(src, join(root, 'none'))).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('bundle and start-up', () => {
  it("bundles `import { z } from 'zod'` as the namespace, so only the parts of zod in use are in it, with the same messages", async () => {
    const root = mkdtempSync(join(tmpdir(), 'nqpf-bundle-zod-'));
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), join(root, 'node_modules'));
    const code =
      "import { z } from 'zod';\nconst Spec = z.strictObject({ a: z.string().default('x'), n: z.number().int().min(1) });\n" +
      'export const main = (x: unknown): unknown => { const r = Spec.safeParse(x); return r.success ? r.data : r.error.issues.map((i) => i.message); };\n';
    writeFileSync(join(root, 'src', 'cli', 'main.ts'), code);
    try {
      expect(await buildBundle(join(root, 'src'), join(root, 'dist', 'bundle'))).toBe(1);
      const js = readdirSync(join(root, 'dist', 'bundle')).filter((f) => f.endsWith('.js'));
      const bytes = js.reduce((s, f) => s + readFileSync(join(root, 'dist', 'bundle', f)).length, 0);
      const text = js.map((f) => readFileSync(join(root, 'dist', 'bundle', f), 'utf8')).join('');
      expect(text).not.toContain('zod/v4/locales/ru.js'); // the whole of zod has 60 locales
      expect(text).toContain('zod/v4/locales/en.js');
      expect(bytes).toBeLessThan(400_000); // all of zod: ≈ 760 kB
      const bundled = await import(pathToFileURL(join(root, 'dist', 'bundle', 'main.js')).href);
      const cjs = readFileSync(join(root, 'dist', 'bundle', 'main.cjs'), 'utf8');
      expect(cjs).not.toContain('zod/v4/locales/ru.js');
      expect(cjs.length).toBeLessThan(400_000);
      const script = createRequire(import.meta.url)(join(root, 'dist', 'bundle', 'main.cjs'));
      writeFileSync(join(root, 'src', 'cli', 'plain.ts'), code);
      expect(await buildDist(join(root, 'src'), join(root, 'dist-plain'))).toBe(2);
      const plain = await import(pathToFileURL(join(root, 'dist-plain', 'cli', 'plain.js')).href);
      for (const x of [{ n: 2 }, { a: 3, n: 0.5 }, { n: 1, b: 1 }, null]) {
        expect(bundled.main(x)).toEqual(plain.main(x));
        expect(script.main(x)).toEqual(plain.main(x));
      }
      expect(bundled.main({ n: 0 })).toEqual(['Too small: expected number to be >=1']);
      expect(script.main({ n: 0 })).toEqual(['Too small: expected number to be >=1']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('`nqpf --version` prints what the CLI prints, without loading it', async () => {
    let out = '';
    const spy = vi.spyOn(console, 'info').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`)); // cac prints with console.info
    try {
      expect(await cliMain(['node', 'nqpf', '--version'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out).toMatch(/^nqpf\/\d+\.\d+\.\d+/);
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'nqpf.js');
    for (const flag of ['--version', '-v']) {
      const r = spawnSync(process.execPath, [bin, flag], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(out);
    }
  });
});

describe('workers started from the sources run their compiled twin when dist/ is fresh', () => {
  const tree = (fresh: boolean) => {
    const root = mkdtempSync(join(tmpdir(), 'nqpf-twin-'));
    mkdirSync(join(root, 'src', 'w'), { recursive: true });
    mkdirSync(join(root, 'dist', 'w'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(root, 'src', 'w', 'job.ts'), '');
    writeFileSync(join(root, 'dist', 'w', 'job.js'), '');
    writeFileSync(join(root, 'dist', '.build-stamp'), '');
    const t = new Date(Date.now() + (fresh ? -10_000 : 10_000));
    utimesSync(join(root, 'src', 'w', 'job.ts'), t, t);
    return root;
  };
  it('fresh: the twin; stale or outside a package src/: undefined (tsx then loads the source)', () => {
    const a = tree(true);
    expect(compiledTwin(join(a, 'src', 'w', 'job.ts'))).toBe(join(a, 'dist', 'w', 'job.js'));
    const b = tree(false);
    expect(compiledTwin(join(b, 'src', 'w', 'job.ts'))).toBeUndefined();
    expect(compiledTwin(join(a, 'test', 'fixture.ts'))).toBeUndefined();
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  });
});

describe('workers started from the bundle', () => {
  it("start from the worker's CommonJS script (<name>.cjs) when the build made one, else from its module", async () => {
    const root = mkdtempSync(join(tmpdir(), 'nqpf-script-worker-'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    writeFileSync(join(root, 'echo-worker.js'), "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage('module');\n");
    writeFileSync(join(root, 'echo-worker.cjs'), "require('node:worker_threads').parentPort.postMessage('script');\n");
    const first = (): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const w = spawnSiblingWorker(pathToFileURL(join(root, 'main.js')).href, 'echo-worker');
        w.once('message', (m) => {
          void w.terminate();
          resolve(m);
        });
        w.once('error', reject);
      });
    try {
      expect(await first()).toBe('script');
      rmSync(join(root, 'echo-worker.cjs'));
      expect(await first()).toBe('module');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
