/**
 * Figure export: ECharts SSR → SVG, resvg → 300-dpi PNG with a CJK font, and the refusal to draw
 * Chinese text without one. Glyphs are proven by ink: the PNG written by svgToPng is decoded with
 * resvg itself (an SVG <image> of the PNG, rendered to RGBA pixels) and the non-white pixels inside
 * the title box are counted with the CJK font and with no font at all.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterEach, describe, expect, it } from 'vitest';
import { CJK_FONT_CANDIDATES, findCjkFont, hasCjk, renderSvg, svgToPng, writeFigures } from '../../src/io/write/figures.js';
import type { RunBundle } from '../../src/report/bundle.js';
import type { ChartSpec } from '../../src/report/charts/index.js';
import { catchNqpf } from './catch-nqpf.js';

const cjk = findCjkFont({ env: {} });
const TITLE = '新质生产力指数排名';

/** A small chart with a Chinese title at the top (title box ≈ y 8–32 CSS px, centred). */
function smallChart(title = TITLE): ChartSpec {
  return {
    id: 'small',
    titleZh: title,
    titleEn: 'Ranking',
    section: 'results',
    kind: 'chart',
    width: 320,
    height: 200,
    option: {
      animation: false,
      backgroundColor: '#ffffff',
      title: { text: title, left: 'center', top: 8, textStyle: { fontSize: 18 } },
      xAxis: { type: 'category', data: ['A', 'B'] },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: [1, 2] }],
    },
  };
}

/** Decode a PNG to RGBA pixels with resvg (an SVG whose only content is the PNG as an image). */
function decodePng(png: Buffer, w: number, h: number): { pixels: Buffer; width: number; height: number } {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}" ` +
    `height="${h}"><image width="${w}" height="${h}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const r = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { pixels: r.pixels, width: r.width, height: r.height };
}

/** Non-white pixels (any channel < 200) inside a box given in CSS pixels scaled by `s`. */
function ink(img: { pixels: Buffer; width: number }, box: { x0: number; y0: number; x1: number; y1: number }, s: number): number {
  let n = 0;
  for (let y = Math.floor(box.y0 * s); y < Math.ceil(box.y1 * s); y++) {
    for (let x = Math.floor(box.x0 * s); x < Math.ceil(box.x1 * s); x++) {
      const i = 4 * (y * img.width + x);
      if (img.pixels[i] < 200 || img.pixels[i + 1] < 200 || img.pixels[i + 2] < 200) n++;
    }
  }
  return n;
}

const savedEnv = process.env.NQPF_CJK_FONT;
afterEach(() => {
  if (savedEnv === undefined) delete process.env.NQPF_CJK_FONT;
  else process.env.NQPF_CJK_FONT = savedEnv;
});

describe('renderSvg', () => {
  it('renders a non-empty <svg> of the chart size holding the title text', () => {
    const svg = renderSvg(smallChart());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('width="320"');
    expect(svg).toContain('height="200"');
    expect(svg).toContain(TITLE);
    expect(svg.length).toBeGreaterThan(1000);
  });

  it('disposes the chart and reports an unregistered map as E_FIGURE_MAP', () => {
    const e = catchNqpf(() =>
      renderSvg({ ...smallChart(), kind: 'map', mapName: 'nqpf-no-such-map', option: { series: [{ type: 'map', map: 'nqpf-no-such-map' }] } }),
    );
    expect(e.code).toBe('E_FIGURE_MAP');
  });
});

describe('findCjkFont', () => {
  it('NQPF_CJK_FONT wins when it names a file, and is authoritative when it names nothing', () => {
    const any = CJK_FONT_CANDIDATES.find((p) => existsSync(p));
    if (any) expect(findCjkFont({ env: { NQPF_CJK_FONT: any } })).toEqual({ path: any, source: 'NQPF_CJK_FONT' });
    expect(findCjkFont({ env: { NQPF_CJK_FONT: '/nonexistent/font.ttc' } })).toBeUndefined();
    expect(findCjkFont({ env: {}, candidates: ['/nonexistent/a.ttc'] })).toBeUndefined();
    expect(findCjkFont({ env: {}, candidates: ['/nonexistent/a.ttc', import.meta.filename] })).toEqual({ path: import.meta.filename, source: 'system' });
  });

  it('hasCjk detects Chinese and full-width punctuation only', () => {
    expect(hasCjk('Index 2023')).toBe(false);
    expect(hasCjk('指数')).toBe(true);
    expect(hasCjk('a（b）')).toBe(true);
  });
});

describe.skipIf(!cjk)('svgToPng with a CJK font', () => {
  it('writes a 300-dpi PNG (size × 300/96) whose title box has ink only when the CJK font is loaded', () => {
    const spec = smallChart();
    const svg = renderSvg(spec);
    const s = 300 / 96;
    const withFont = svgToPng(svg, { dpi: 300, fontFile: cjk!.path });
    expect(withFont.subarray(1, 4).toString('latin1')).toBe('PNG');
    const noFont = svgToPng(svg, { dpi: 300, font: { fontFiles: [], loadSystemFonts: false } });
    const a = decodePng(withFont, Math.round(spec.width * s), Math.round(spec.height * s));
    const b = decodePng(noFont, Math.round(spec.width * s), Math.round(spec.height * s));
    expect(a.width).toBe(Math.round(320 * s));
    expect(a.height).toBe(Math.round(200 * s));
    const box = { x0: 60, y0: 6, x1: 260, y1: 34 };
    const inkFont = ink(a, box, s);
    const inkNone = ink(b, box, s);
    // 9 CJK glyphs at 18 px drawn at 3.125× cover thousands of device pixels; without glyphs ≈ none.
    expect(inkFont).toBeGreaterThan(2000);
    expect(inkFont).toBeGreaterThan(10 * (inkNone + 1));
    // The plot area (bars) is drawn either way: the difference is the text, not the figure.
    const bars = { x0: 40, y0: 60, x1: 300, y1: 160 };
    expect(ink(b, bars, s)).toBeGreaterThan(1000);
  });

  it('the default dpi is 300', () => {
    const svg = renderSvg(smallChart('Index'));
    const png = svgToPng(svg, { fontFile: cjk!.path });
    // PNG IHDR: width and height at bytes 16–23
    expect(png.readUInt32BE(16)).toBe(Math.round((320 * 300) / 96));
    expect(png.readUInt32BE(20)).toBe(Math.round((200 * 300) / 96));
  });
});

describe('E_NO_CJK_FONT', () => {
  it('is raised when NQPF_CJK_FONT points to nothing and the figure has Chinese text', () => {
    process.env.NQPF_CJK_FONT = '/nonexistent/nqpf-font.ttc';
    const e = catchNqpf(() => svgToPng(renderSvg(smallChart()), { dpi: 96 }));
    expect(e.code).toBe('E_NO_CJK_FONT');
    expect(e.message).toContain('/nonexistent/nqpf-font.ttc');
    expect(e.hint).toContain('fonts-noto-cjk');
    expect(e.hint).toContain('NQPF_CJK_FONT');
  });

  it('is not raised for a figure without Chinese text', () => {
    process.env.NQPF_CJK_FONT = '/nonexistent/nqpf-font.ttc';
    const png = svgToPng(renderSvg(smallChart('Index ranking')), { dpi: 96 });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('writeFigures fails before writing when a Chinese figure has no font', async () => {
    process.env.NQPF_CJK_FONT = '/nonexistent/nqpf-font.ttc';
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-fig-nofont-'));
    await expect(writeFigures(tinyBundle(), dir, 'zh', { dpi: 96 })).rejects.toMatchObject({ code: 'E_NO_CJK_FONT' });
    expect(existsSync(join(dir, 'figures'))).toBe(false);
  });
});

/** Three units × two periods: ranking and trends charts only. */
function tinyBundle(): RunBundle {
  return {
    run: {
      nqpf: '9.9.9',
      seed: 42,
      synthetic: true,
      notice: 'SYNTHETIC DATA',
      spec: { units: { group: 'region', registry: 'cn-provinces' } },
      inputs: [{ role: 'data', path: 'd.csv', sha256: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789' }],
    },
    tables: new Map([
      [
        'ranks',
        {
          name: 'ranks',
          header: ['unit', 'period', 'region', 'Index', 'Index_rank', 'Index_group_rank'],
          rows: [
            ['北京', 2022, 'East', 0.5, 1, 1],
            ['山西', 2022, 'Central', 0.2, 3, 1],
            ['上海', 2022, 'East', 0.4, 2, 2],
            ['北京', 2023, 'East', 0.6, 1, 1],
            ['山西', 2023, 'Central', 0.3, 3, 1],
            ['上海', 2023, 'East', 0.45, 2, 2],
          ],
        },
      ],
    ]),
  };
}

describe.skipIf(!cjk)('writeFigures', () => {
  it('writes figures/<id>.svg and .png for every chart plus a manifest with provenance', async () => {
    delete process.env.NQPF_CJK_FONT;
    const dir = mkdtempSync(join(tmpdir(), 'nqpf-fig-'));
    const r = await writeFigures(tinyBundle(), dir, 'en', { dpi: 150 });
    // The units are provinces: the score maps of the first and latest period are drawn on the China map.
    expect(r.charts.map((c) => c.id)).toEqual(['ranking', 'trends_units', 'trends_groups', 'map_score_2022', 'map_score_2023']);
    for (const c of r.charts) {
      const svg = readFileSync(c.svg, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('SYNTHETIC');
      expect(svg).toContain('seed 42');
      const png = readFileSync(c.png);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    expect(readFileSync(join(dir, 'figures', 'ranking.svg'), 'utf8')).toContain('Beijing');
    const m = JSON.parse(readFileSync(join(dir, 'figures', 'figures.json'), 'utf8'));
    expect(m).toMatchObject({ nqpf: '9.9.9', seed: 42, synthetic: true, language: 'en', dpi: 150 });
    expect(m.inputs[0].sha256).toMatch(/^abcdef/);
    expect(m.figures.map((f: { png: string }) => f.png)).toEqual([
      'ranking.png',
      'trends_units.png',
      'trends_groups.png',
      'map_score_2022.png',
      'map_score_2023.png',
    ]);
  });
});
