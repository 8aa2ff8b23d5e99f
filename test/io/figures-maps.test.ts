/**
 * figures/ of a demo run (issue 12): the maps (score per period, LISA clusters, coupling classes)
 * and the 3-D kernel density figure are written as SVG, and as PNG when asked; the LISA legend is
 * Chinese under zh; density figures of [0, 1] scores show no value below 0; `captions: false` (and
 * the spec's `outputs.figureCaptions: false`) removes the provenance footer; the subset font holds
 * the figures' glyphs.
 *
 * Every figure of the demo is rendered to PNG once, at 24 dpi (each one's size checked); the 300-dpi PNGs and the
 * caption variants are drawn from the run's bundle cut to the tables of the figures they check (ranks, LISA,
 * coupling, density: 13 of the 36 figures) — the 36 figures at 300 dpi took ≈ 13.6 s of CPU, at 24 dpi 3.8 s.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRunDir } from '../../src/io/read/run-dir.js';
import { chinaProvinces } from '../../src/io/read/geo.js';
import { fontFaces, subsetFontFile, svgCodepoints } from '../../src/io/write/font-subset.js';
import { findCjkFont, writeFigures } from '../../src/io/write/figures.js';
import { writeReportOutputs } from '../../src/io/write/write-run.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { scoreSupport } from '../../src/report/charts/density.js';
import { allCharts } from '../../src/report/charts/index.js';
import { CHINA_LICENCE, CHINA_SOURCE } from '../../src/report/geo/index.js';
import { demoRunCopy } from '../helpers/demo-run.js';

// biome-ignore lint/suspicious/noExplicitAny: test access to plain option objects
type Any = any;

let out: string;
let bundle: RunBundle;
/** The run's bundle with only the tables of the figures the tests below look at (the maps, density, ranking). */
let checked: RunBundle;
const MAPS = ['map_score_2012', 'map_score_2023', 'map_lisa', 'map_coupling'];
const CHECKED_TABLES = ['ranks', 'spatial_local', 'coupling', 'density'];

beforeAll(async () => {
  // A copy: the tests below write figures into the run directory.
  out = await demoRunCopy();
  bundle = await readRunDir(out);
  checked = { ...bundle, tables: new Map([...bundle.tables].filter(([name]) => CHECKED_TABLES.includes(name))) };
}, 300_000);

/** The CSV's rows as objects (BOM stripped; the demo's cells hold no commas or quotes). */
function csv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(out, `${name}.csv`), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  const h = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [h[i], c])));
}

describe('writeFigures(demo run)', () => {
  it('writes every figure as PNG; the maps and the 3-D density as SVG and 300-dpi PNG, with the map source in figures.json', async () => {
    // every figure of the run, at 24 dpi: a PNG of the CSS size × 24/96
    const all = await writeFigures(bundle, join(out, 'zh-png24'), 'zh', { png: true, dpi: 24 });
    const specs = allCharts(bundle, 'zh', {
      map: { kind: 'china', mapName: 'china', features: await chinaProvinces(), source: CHINA_SOURCE, licence: CHINA_LICENCE },
    });
    expect(all.charts.map((c) => c.id)).toEqual(specs.map((c) => c.id));
    expect(all.charts.length).toBeGreaterThan(30);
    for (const [i, c] of all.charts.entries()) {
      const png = readFileSync(c.png);
      expect(png.subarray(1, 4).toString('latin1'), c.id).toBe('PNG');
      expect(png.readUInt32BE(16), c.id).toBe(Math.round((specs[i].width * 24) / 96));
    }
    const dir = join(out, 'zh-png');
    const w = await writeFigures(checked, dir, 'zh', { png: true });
    const ids = w.charts.map((c) => c.id);
    expect(ids.length).toBeLessThan(all.charts.length);
    for (const id of [...MAPS, 'density_3d']) {
      expect(ids, id).toContain(id);
      const svg = readFileSync(join(dir, 'figures', `${id}.svg`), 'utf8');
      expect(svg.startsWith('<svg'), id).toBe(true);
      const png = readFileSync(join(dir, 'figures', `${id}.png`));
      expect(png.subarray(1, 4).toString('latin1'), id).toBe('PNG');
      // 300 dpi: the CSS size × 300/96 (IHDR width at byte 16).
      const spec = specs.find((c) => c.id === id)!;
      expect(png.readUInt32BE(16), id).toBe(Math.round((spec.width * 300) / 96));
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'figures', 'figures.json'), 'utf8'));
    expect(manifest.map).toEqual({ source: CHINA_SOURCE, licence: CHINA_LICENCE });
    expect(manifest.captions).toBeUndefined();
    // The score map's provinces and values are the ranks table's latest period.
    const lisa = readFileSync(join(dir, 'figures', 'map_lisa.svg'), 'utf8');
    for (const label of ['高-高', '低-低', '高-低', '低-高', '不显著']) expect(lisa).toContain(label);
    expect(lisa).not.toMatch(/High-high|Not significant/);
  }, 300_000);

  it('map options: score values equal ranks.csv, LISA and coupling classes equal their tables, Chinese legends under zh', async () => {
    const map = { kind: 'china' as const, mapName: 'china', features: await chinaProvinces(), source: CHINA_SOURCE, licence: CHINA_LICENCE };
    const zh = allCharts(bundle, 'zh', { map });
    const en = allCharts(bundle, 'en', { map });
    for (const id of MAPS) {
      const c = zh.find((x) => x.id === id)!;
      expect(c.kind, id).toBe('map');
      expect(c.mapName).toBe('china');
      expect((c.option as Any).title.subtext).toMatch(/示意图/);
    }
    const ranks = csv('ranks').filter((r) => r.period === '2023');
    const score = zh.find((x) => x.id === 'map_score_2023')!;
    const data = (score.option as Any).series[0].data as { name: string; value: number }[];
    expect(data.length).toBe(31);
    for (const r of ranks) expect(data.find((d) => d.name === r.unit)?.value, r.unit).toBe(Number(r.NQPF));
    const all = csv('ranks').map((r) => Number(r.NQPF));
    expect((score.option as Any).visualMap).toMatchObject({ min: Math.min(...all), max: Math.max(...all) });
    const cats = ['HH', 'LL', 'HL', 'LH', 'ns'];
    const lisaZh = zh.find((x) => x.id === 'map_lisa')!.option as Any;
    expect(lisaZh.visualMap.pieces.map((p: Any) => p.label)).toEqual(['高-高', '低-低', '高-低', '低-高', '不显著']);
    expect((en.find((x) => x.id === 'map_lisa')!.option as Any).visualMap.pieces.map((p: Any) => p.label)).toEqual([
      'High-high',
      'Low-low',
      'High-low',
      'Low-high',
      'Not significant',
    ]);
    const loc = csv('spatial_local').filter((r) => r.period === '2023' && r.score === 'NQPF');
    for (const r of loc) expect(lisaZh.series[0].data.find((d: Any) => d.name === r.unit)?.value, r.unit).toBe(cats.indexOf(r.cluster));
    const cp = csv('coupling').filter((r) => r.period === '2023');
    const cpl = zh.find((x) => x.id === 'map_coupling')!.option as Any;
    for (const r of cp) expect(cpl.series[0].data.find((d: Any) => d.name === r.unit)?.value, r.unit).toBe(Number(r.class));
    expect(cpl.visualMap.pieces.map((p: Any) => p.label)).toContain('10 优质协调');
    // Without geometry there are no maps.
    expect(allCharts(bundle, 'zh').some((c) => c.kind === 'map')).toBe(false);
  });

  it('density figures of [0, 1] scores show no value below 0; density_3d is an oblique waterfall of one profile per period', () => {
    const zh = allCharts(bundle, 'zh');
    for (const id of ['density_lines', 'density_groups']) {
      const o = zh.find((c) => c.id === id)!.option as Any;
      expect(o.xAxis.min, id).toBe(0);
      for (const s of o.series) for (const [x] of s.data as number[][]) expect(x, id).toBeGreaterThanOrEqual(0);
    }
    expect(csv('density').some((r) => Number(r.x) < 0)).toBe(true); // the estimate itself spills below 0
    const d3 = zh.find((c) => c.id === 'density_3d')!;
    const g = (d3.option as Any).graphic as Any[];
    const periods = [...new Set(csv('density').map((r) => r.period))];
    expect(g.filter((e) => e.type === 'polygon').length).toBe(periods.length);
    const texts = g.filter((e) => e.type === 'text').map((e) => String(e.style.text));
    for (const p of periods) expect(texts).toContain(p);
    // The value axis's tick labels (under the front baseline) start at 0.
    const ticks = g.filter((e) => e.type === 'text' && e.style.verticalAlign === 'top' && /^-?\d/.test(e.style.text)).map((e) => Number(e.style.text));
    expect(Math.min(...ticks)).toBe(0);
    expect((d3.option as Any).title.subtext).toMatch(/\[0, 1\]/);
  });

  it('scoreSupport: [0, 1] for [0, 1] scores, [0, ∞) for non-negative ones, none when a score is negative', () => {
    const ranks = bundle.tables.get('ranks')!;
    const j = ranks.header.indexOf('NQPF');
    const scaled = (f: (v: number) => number): RunBundle =>
      ({
        ...bundle,
        tables: new Map([...bundle.tables, ['ranks', { ...ranks, rows: ranks.rows.map((r) => r.map((c, k) => (k === j ? f(Number(c)) : c))) }]]),
      }) as RunBundle;
    expect(scoreSupport(bundle, 'NQPF')).toEqual([0, 1]);
    expect(
      scoreSupport(
        scaled((v) => 100 * v),
        'NQPF',
      ),
    ).toEqual([0, Infinity]);
    expect(
      scoreSupport(
        scaled((v) => v - 0.5),
        'NQPF',
      ),
    ).toBeUndefined();
    const lines = allCharts(
      scaled((v) => 100 * v),
      'en',
    ).find((c) => c.id === 'density_lines')!.option as Any;
    expect(lines.xAxis.min).toBe(0);
    expect(lines.xAxis.max).toBeUndefined();
  });

  it('captions: false (or outputs.figureCaptions: false) leaves out the provenance footer, keeping the SYNTHETIC notice', async () => {
    const dir = join(out, 'en-nocap');
    await writeFigures(checked, dir, 'en', { png: false, captions: false });
    const seed = String(bundle.run.seed);
    for (const id of ['ranking', 'density_3d', 'map_lisa']) {
      const svg = readFileSync(join(dir, 'figures', `${id}.svg`), 'utf8');
      expect(svg, id).not.toContain(`seed ${seed}`);
      expect(svg, id).not.toContain('SHA-256');
      expect(svg, id).toContain('SYNTHETIC');
    }
    expect(JSON.parse(readFileSync(join(dir, 'figures', 'figures.json'), 'utf8')).captions).toBe(false);
    const withCap = join(out, 'en-cap');
    await writeFigures(checked, withCap, 'en', { png: false, map: false });
    expect(readFileSync(join(withCap, 'figures', 'ranking.svg'), 'utf8')).toContain(`seed ${seed}`);
    expect(existsSync(join(withCap, 'figures', 'map_lisa.svg'))).toBe(false);
    const spec = { ...(bundle.run.spec as object), outputs: { ...(bundle.run.spec as Any).outputs, figureCaptions: false } };
    const paper = join(out, 'en-paper');
    await writeFigures({ ...checked, run: { ...checked.run, spec } } as RunBundle, paper, 'en', { png: false, map: false });
    expect(readFileSync(join(paper, 'figures', 'ranking.svg'), 'utf8')).not.toContain(`seed ${seed}`);
    // `nqpf report --no-captions`: the run directory's figures, drawn on the figures worker.
    await writeReportOutputs(out, { lang: 'zh', report: false, docx: false, figures: 'svg', captions: false });
    expect(readFileSync(join(out, 'figures', 'map_lisa.svg'), 'utf8')).not.toContain(`seed ${seed}`);
    expect(JSON.parse(readFileSync(join(out, 'figures', 'figures.json'), 'utf8')).captions).toBe(false);
  }, 300_000);

  it('the subset font is the Simplified Chinese face cut to the figures’ characters', () => {
    const font = findCjkFont();
    if (!font) return;
    const svgs = ['<svg><text>新质生产力 高-高 &#x4e2d;</text></svg>'];
    const cps = svgCodepoints(svgs);
    for (const ch of '新质生产力高中A0') expect(cps, ch).toContain(ch.codePointAt(0));
    const small = subsetFontFile(font.path, svgs, join(out, 'fonts'))!;
    expect(small).toBeDefined();
    const bytes = readFileSync(small.path);
    expect(bytes.length).toBeLessThan(200_000);
    const faces = fontFaces(bytes);
    expect(faces).toHaveLength(1);
    if (/Noto Sans CJK/.test(font.path)) expect(faces[0].family).toBe('Noto Sans CJK SC');
    // Cached: the same characters give the same file.
    expect(subsetFontFile(font.path, svgs, join(out, 'fonts'))!.path).toBe(small.path);
  });
});
