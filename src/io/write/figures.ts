/**
 * Figure export (node side): ECharts server-side rendering of a {@link ChartSpec} to SVG, SVG →
 * PNG at print resolution with resvg and a CJK font, and `writeFigures` for a whole run.
 *
 * Why a font check: resvg draws nothing (or tofu boxes in other renderers) for glyphs missing from
 * the loaded fonts, so a figure with Chinese labels rendered without a CJK font silently loses its
 * text. {@link svgToPng} therefore refuses with `E_NO_CJK_FONT` when the SVG contains CJK text and
 * no CJK font is found, instead of writing an unreadable figure.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { fail } from '../../core/errors.js';
import type { RunBundle } from '../../report/bundle.js';
import type { FigureCharts } from '../../report/charts/index.js';
import type { ChartLang, ChartOptions, ChartSpec } from '../../report/charts/types.js';
import type { ReportGeo } from '../../report/geo/types.js';
import { writeFileAtomic } from './atomic.js';
import { echartsFor, hasMap, registerMap } from './echarts-load.js';
import { subsetFontFile } from './font-subset.js';

/**
 * resvg (its native binding), loaded when a PNG is first asked for: the figures worker of a run
 * without PNG figures (the default) never loads it.
 */
const resvg = (): typeof import('@resvg/resvg-js') => createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');

/** Font files tried, in order, after NQPF_CJK_FONT: Noto Sans/Serif CJK (Debian/Ubuntu/Fedora/Arch/macOS Homebrew), WenQuanYi, Source Han. */
export const CJK_FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/OTF/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/source-han-sans/SourceHanSansSC-Regular.otf',
  '/usr/share/fonts/adobe-source-han-sans/SourceHanSansSC-Regular.otf',
  '/usr/share/fonts/opentype/adobe-source-han-sans/SourceHanSansCN-Regular.otf',
  '/Library/Fonts/NotoSansCJKsc-Regular.otf',
  '/System/Library/Fonts/PingFang.ttc',
  'C:\\Windows\\Fonts\\msyh.ttc',
  'C:\\Windows\\Fonts\\simhei.ttf',
];

/** Where the CJK font came from. */
export interface CjkFont {
  path: string;
  source: 'NQPF_CJK_FONT' | 'system';
}

function isFile(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The CJK font file to embed glyphs from: `NQPF_CJK_FONT` when set (authoritative — if it names no
 * file the result is undefined, so a mistyped setting is reported rather than silently replaced),
 * else the first existing file of {@link CJK_FONT_CANDIDATES}. `env` and `candidates` are injectable
 * for tests. Cost: a few stat calls.
 */
export function findCjkFont(options: { env?: Record<string, string | undefined>; candidates?: readonly string[] } = {}): CjkFont | undefined {
  const env = options.env ?? process.env;
  const set = env.NQPF_CJK_FONT;
  if (set !== undefined && set !== '') return isFile(set) ? { path: set, source: 'NQPF_CJK_FONT' } : undefined;
  for (const p of options.candidates ?? CJK_FONT_CANDIDATES) if (isFile(p)) return { path: p, source: 'system' };
  return undefined;
}

/** CJK Unified Ideographs (+ extension A, compatibility), kana, hangul, CJK punctuation and full-width forms. */
const CJK_RE = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/** True when the text contains characters that need a CJK font. */
export function hasCjk(text: string): boolean {
  return CJK_RE.test(text);
}

/**
 * ECharts/zrender number SVG ids and classes with process-global counters (zr3-cls-17,
 * zr3-c2 …), so the same chart rendered twice in one process differs. Renumber them in order of
 * first appearance so identical charts give identical bytes.
 *
 * Its cost (≈ 0.1 s of CPU for the city example's 38 figures) is the new string, not the regular
 * expression: a hand-written scan that copies nothing while the ids are already in order costs the
 * same, since zrender's ids are never in order (for 21 of those 38 charts, the largest among them,
 * not even when its counters are reset per chart, as tried on the build of echarts-ssr.ts).
 */
export function stableIds(svg: string): string {
  const seen = new Map<string, string>();
  const perKind = new Map<string, number>();
  return svg.replace(/zr\d+-([A-Za-z]+)-?(\d+)/g, (m, kind: string) => {
    let v = seen.get(m);
    if (v === undefined) {
      const k = perKind.get(kind) ?? 0;
      perKind.set(kind, k + 1);
      v = `zr0-${kind}-${k}`;
      seen.set(m, v);
    }
    return v;
  });
}

/**
 * Server-side render of one chart to an SVG string (ECharts SSR, SVG renderer). The chart is always
 * disposed, also when ECharts throws (an undisposed SSR chart keeps Node from exiting). Map charts
 * need their map registered with `echarts.registerMap(spec.mapName, geoJson)` first.
 */
export function renderSvg(spec: ChartSpec): string {
  if (spec.kind === 'map' && spec.mapName && !hasMap(spec.mapName)) {
    fail('E_FIGURE_MAP', `map "${spec.mapName}" of chart "${spec.id}" is not registered`, {
      hint: 'register the geometry with echarts.registerMap(name, geoJson) before rendering map charts',
    });
  }
  const echarts = echartsFor(spec.option);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(spec.option);
    return stableIds(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Output resolution; the CSS-pixel size is scaled by dpi/96. Default 300. */
  dpi?: number;
  /** Font file with CJK glyphs (default: {@link findCjkFont}()). */
  fontFile?: string;
  /**
   * Override resvg's font options entirely (tests use `{ fontFiles: [], loadSystemFonts: false }`
   * to render without any font); skips the CJK font check.
   */
  font?: ResvgRenderOptions['font'];
  /**
   * Cut the font down to the SVG's characters first ({@link subsetFontFile}; default true): resvg
   * re-reads the font file per text run, so a 19 MB CJK collection costs ~10 ms a label. False
   * loads `fontFile` as it is.
   */
  subset?: boolean;
  /** Family name of the font in `fontFile` (default 'Noto Sans CJK SC'). */
  fontFamily?: string;
}

/**
 * SVG → PNG with resvg at `dpi` (scale dpi/96, so 300 dpi = 3.125 × the CSS size), white background.
 * Fonts: the CJK font file (Noto Sans CJK covers Latin too), used as the default sans-serif family;
 * system fonts are not scanned when a CJK font is present (faster and reproducible). Throws
 * `E_NO_CJK_FONT` when the SVG has CJK text and no CJK font is available. Cost: proportional to the
 * pixel count (≈ 0.1–0.5 s for a 2500 × 1560 figure).
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const { Resvg } = resvg();
  return new Resvg(unclipped(svg), resvgOptions(svg, options)).render().asPng();
}

/**
 * The SVG without its clip-path references, for rasterising. The figures' series are not clipped
 * (`clip: false`, their axes cover the data), but ECharts still wraps every line in a clip rectangle
 * (its entry animation's), and resvg draws each clip path as a mask the size of the whole image: a
 * 300-dpi PNG of 12 lines took ~0.9 s instead of ~0.3 s. The SVG files keep them.
 */
export function unclipped(svg: string): string {
  return svg.replace(/ clip-path="url\(#[^)"]*\)"/g, '');
}

/** {@link svgToPng} on resvg's worker threads (several figures render in parallel). */
export async function svgToPngAsync(svg: string, options: PngOptions = {}): Promise<Buffer> {
  return (await resvg().renderAsync(unclipped(svg), resvgOptions(svg, options))).asPng();
}

/** The worker's script (CommonJS, evaluated): sync resvg render + PNG encoding per message, so both run off the main thread. */
const PNG_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Resvg } = require(workerData.resvg);
parentPort.on('message', (m) => {
  try {
    parentPort.postMessage({ i: m.i, png: new Resvg(m.svg, m.options).render().asPng() });
  } catch (e) {
    parentPort.postMessage({ i: m.i, error: String((e && e.message) || e) });
  }
});`;

/**
 * Many SVGs → PNGs on worker threads (one per core, at most 4): resvg's rendering and its PNG
 * encoding (a third of the time) both run in parallel; `renderAsync` encodes on the main thread.
 * Options as {@link svgToPng}; they are resolved (and the CJK font checked) before any work starts.
 */
export async function svgsToPng(svgs: readonly string[], options: PngOptions = {}): Promise<Buffer[]> {
  const all = svgs.map((svg) => resvgOptions(svg, options));
  const out = new Array<Buffer>(svgs.length);
  const n = Math.max(1, Math.min(4, availableParallelism(), svgs.length));
  if (svgs.length === 0) return out;
  const resvg = createRequire(import.meta.url).resolve('@resvg/resvg-js');
  let next = 0;
  const run = (): Promise<void> =>
    new Promise<void>((done, reject) => {
      const w = new Worker(PNG_WORKER, { eval: true, workerData: { resvg } });
      const send = (): void => {
        if (next >= svgs.length) {
          void w.terminate().then(() => done(), reject);
          return;
        }
        const i = next++;
        w.postMessage({ i, svg: unclipped(svgs[i]), options: all[i] });
      };
      w.on('message', (m: { i: number; png?: Uint8Array; error?: string }) => {
        if (m.error !== undefined || !m.png) {
          next = svgs.length;
          void w.terminate();
          reject(new Error(`PNG rendering failed: ${m.error}`));
          return;
        }
        out[m.i] = Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength);
        send();
      });
      w.on('error', reject);
      send();
    });
  await Promise.all(Array.from({ length: n }, run));
  return out;
}

/** resvg options for {@link svgToPng}: zoom dpi/96, white background, fonts as documented there. */
function resvgOptions(svg: string, options: PngOptions): ResvgRenderOptions {
  const dpi = options.dpi ?? 300;
  if (!(dpi > 0) || !Number.isFinite(dpi)) fail('E_FIGURE_DPI', `invalid dpi ${dpi}`, { hint: 'give a positive resolution such as 300' });
  let font: ResvgRenderOptions['font'];
  if (options.font) font = options.font;
  else {
    const file = options.fontFile ?? findCjkFont()?.path;
    const small = file && options.subset !== false ? subsetFontFile(file, [svg]) : undefined;
    if (small) font = { loadSystemFonts: false, fontFiles: [small.path], defaultFontFamily: small.family || 'Noto Sans CJK SC' };
    else if (file) font = { loadSystemFonts: false, fontFiles: [file], defaultFontFamily: options.fontFamily ?? 'Noto Sans CJK SC' };
    else if (hasCjk(svgText(svg))) {
      const env = process.env.NQPF_CJK_FONT;
      fail(
        'E_NO_CJK_FONT',
        env
          ? `NQPF_CJK_FONT points to "${env}", which is not a font file, and the figure has Chinese text`
          : 'no CJK font found and the figure has Chinese text',
        {
          hint: 'install one (Debian/Ubuntu: `sudo apt-get install fonts-noto-cjk`) or set NQPF_CJK_FONT to a .ttc/.otf/.ttf file with Chinese glyphs',
        },
      );
    } else font = { loadSystemFonts: true };
  }
  return { font, fitTo: { mode: 'zoom', value: dpi / 96 }, background: '#ffffff', logLevel: 'off' };
}

/** The character data of an SVG (text between tags), for the CJK check. */
function svgText(svg: string): string {
  return svg.replace(/<[^>]*>/g, ' ');
}

/**
 * The run's map geometry as the report chooses it; undefined when none matches (no map figures then).
 * The map readers load here, when the caller has not passed the map (a run passes the one it chose for
 * the report, so the figures worker loads neither them nor the maps' data).
 */
async function runMap(bundle: RunBundle, opts: { geojson?: string; idProperty?: string }): Promise<ReportGeo | undefined> {
  const { reportGeoForRun, reportUnits } = await import('../read/geo.js');
  const units = reportUnits(bundle);
  if (!units.length) return undefined;
  return (await reportGeoForRun(bundle, units, { geojson: opts.geojson, idProperty: opts.idProperty })).geo;
}

/** What {@link writeFigures} wrote. */
export interface FiguresWritten {
  dir: string;
  charts: { id: string; svg: string; png: string; titleZh: string; titleEn: string; section: string }[];
}

/** Options of {@link writeFigures} (and of {@link drawTaken}, which must be given the same ones). */
export type FigureOptions = Omit<ChartOptions, 'map'> & {
  dpi?: number;
  png?: boolean;
  map?: ReportGeo | false;
  geojson?: string;
  idProperty?: string;
};

/**
 * The charts of a run drawn by two threads (src/io/workers/figures-run.ts: the figures worker and,
 * once its own outputs are written, the main thread): each thread takes the next chart from one
 * shared counter, so the split follows whichever thread is free, and {@link writeFigures} writes
 * every file. An SVG is the same whichever thread draws it ({@link stableIds}), so the files do not
 * depend on the split. The figures worker may have drawn some charts before it was handed the run
 * directory (the construction's, while the run computed): those are among {@link others}'.
 */
export interface ChartQueue {
  /** Called once with the number of charts, before the first {@link take}. */
  start(n: number): void;
  /** The index of the next chart to draw; the chart count or more when none is left. */
  take(): number;
  /** The SVGs of the charts the other thread took (index → SVG), once it has drawn them. */
  others(): Promise<ReadonlyMap<number, string>>;
}

/**
 * The charts of a run (as writeFigures draws them): `charts` when the caller built them from the same
 * bundle and options (report/charts figureCharts: a run builds them on its main thread, so the figures
 * worker neither loads the chart modules nor is sent the tables), else built here. Their map is
 * registered with ECharts.
 */
async function runCharts(bundle: RunBundle, lang: ChartLang, opts: FigureOptions, charts?: FigureCharts): Promise<FigureCharts> {
  let c = charts;
  if (!c) {
    const geo = opts.map === false ? undefined : (opts.map ?? (await runMap(bundle, opts)));
    const { figureCharts } = await import('../../report/charts/index.js');
    c = figureCharts(bundle, lang, { ...opts, map: geo });
  }
  if (c.geo) registerMap(c.geo.mapName, c.geo.features);
  return c;
}

/**
 * The helping side of a {@link ChartQueue}: the run's charts (as {@link writeFigures} builds them
 * from the same bundle, language and options), drawing each index `take` hands out until none is
 * left; index → SVG. Yields to the event loop between charts, so this thread's other work goes on.
 */
export async function drawTaken(
  bundle: RunBundle,
  lang: ChartLang,
  opts: FigureOptions,
  take: () => number,
  charts?: FigureCharts,
): Promise<Map<number, string>> {
  const { specs } = await runCharts(bundle, lang, opts, charts);
  const out = new Map<number, string>();
  for (let i = take(); i < specs.length; i = take()) {
    out.set(i, renderSvg(specs[i]));
    await new Promise((r) => setImmediate(r));
  }
  return out;
}

/**
 * Render every chart the run's tables allow (report/charts allCharts) to `<dir>/figures/<id>.svg` and
 * `<id>.png` (300 dpi), plus `figures/figures.json` listing the figures with the run's provenance
 * (nqpf version, seed, input hashes, SYNTHETIC notice). The CJK font is resolved once before anything
 * is written, so a missing font fails fast. Map figures (score, LISA, coupling class) use the map the
 * report would use (`reportGeoForRun`: `geojson`, the spec's GeoJSON weights file, the China or world
 * map), registered with ECharts for server-side rendering; `map: false` leaves them out. The
 * provenance footer follows `captions`, else the spec's `outputs.figureCaptions` (default true).
 * `queue`: the charts are shared with another thread ({@link ChartQueue}); this one writes every file.
 * `charts`: the charts as report/charts figureCharts builds them from this bundle and `opts`, when the
 * caller has built them (`bundle` then serves only its run.json, for figures.json), or those charts in
 * drawing order with their report order (`order`; the files and figures.json follow it).
 */
export async function writeFigures(
  bundle: RunBundle,
  dir: string,
  lang: ChartLang,
  opts: FigureOptions = {},
  queue?: ChartQueue,
  charts?: FigureCharts,
): Promise<FiguresWritten> {
  const wantPng = opts.png !== false;
  const { specs, geo, captions, order } = await runCharts(bundle, lang, opts, charts);
  const out = join(dir, 'figures');
  const fontFile = findCjkFont()?.path;
  const svgs = new Array<string>(specs.length);
  let next = 0;
  const take = queue ? queue.take : () => next++;
  queue?.start(specs.length);
  let drawn = 0;
  for (let i = take(); i < specs.length; i = take(), drawn++) svgs[i] = renderSvg(specs[i]);
  if (drawn < specs.length) {
    for (const [i, svg] of await queue!.others()) svgs[i] = svg;
    for (let i = 0; i < specs.length; i++) if (svgs[i] === undefined) throw new Error(`figure ${specs[i].id} was drawn by neither thread`);
  }
  // Fail before writing anything when a figure needs a CJK font that is missing.
  if (!fontFile && wantPng) svgs.forEach((svg) => resvgOptions(svg, { dpi: opts.dpi }));
  // One font cut down to the characters of all figures (see font-subset.ts): rendering then costs
  // pixels, not font reads.
  const small = wantPng && fontFile ? subsetFontFile(fontFile, svgs) : undefined;
  const pngFont = small ? { fontFile: small.path, fontFamily: small.family || undefined, subset: false } : { fontFile };
  const pngs = wantPng ? await svgsToPng(svgs, { dpi: opts.dpi ?? 300, ...pngFont }) : [];
  await mkdir(out, { recursive: true });
  const written: FiguresWritten['charts'] = [];
  // In report order: `order` when the charts are held in drawing order (the construction's first, see FigureCharts).
  for (const i of order ?? specs.keys()) {
    const s = specs[i];
    const svgPath = join(out, `${s.id}.svg`);
    const pngPath = join(out, `${s.id}.png`);
    await writeFile(svgPath, svgs[i], 'utf8');
    if (wantPng) await writeFile(pngPath, pngs[i]);
    written.push({ id: s.id, svg: svgPath, png: wantPng ? pngPath : '', titleZh: s.titleZh, titleEn: s.titleEn, section: s.section });
  }
  const run = bundle.run;
  const manifest = {
    nqpf: run.nqpf,
    title: run.title,
    seed: run.seed,
    synthetic: run.synthetic,
    notice: (run as Record<string, unknown>).notice,
    inputs: run.inputs,
    language: lang,
    dpi: wantPng ? (opts.dpi ?? 300) : null,
    ...(captions ? {} : { captions: false }),
    ...(geo && specs.some((s) => s.kind === 'map') ? { map: { source: geo.source, licence: geo.licence } } : {}),
    figures: written.map(({ id, titleZh, titleEn, section }) => ({ id, section, titleZh, titleEn, svg: `${id}.svg`, png: wantPng ? `${id}.png` : null })),
  };
  await writeFileAtomic(join(out, 'figures.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir: out, charts: written };
}
