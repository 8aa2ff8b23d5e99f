/**
 * analyses.sde on a small run: the centre and its migration against hand-computed values (planar)
 * and an independent spherical computation (lon/lat), the paper tables, and the located errors.
 */
import { describe, expect, it } from 'vitest';
import { buildFramework } from '../../../src/core/framework.js';
import type { Panel } from '../../../src/core/panel.js';
import { runAnalyses } from '../../../src/analysis/run.js';
import { tableCells } from '../../../src/io/write/docx-tables.js';
import { sdeAnalysis, SDE, SDE_MIGRATION } from '../../../src/analysis/sde/analysis.js';
import type { MethodsWriter } from '../../../src/analysis/descriptor.js';
import { REFERENCES } from '../../../src/report/references.js';
import { resolveLog } from '../../../src/pipeline/log.js';
import { executeLog } from '../../../src/pipeline/run.js';
import { AnalysesSpec, StepsSpec } from '../../../src/spec/schema.js';

// x = 1, 2, 3, 4 (2020) and 2, 3, 4, 5 (2021); min-max [0, 1] pooled → (x − 1)/4:
// 2020: 0, .25, .5, .75; 2021: .25, .5, .75, 1.
const panel = (): Panel => ({
  units: ['a', 'b', 'c', 'd'],
  periods: ['2020', '2021'],
  periodValues: [2020, 2021],
  hasPeriod: true,
  indicators: ['x', 'y'],
  values: new Map([
    ['x', Float64Array.from([1, 2, 3, 4, 2, 3, 4, 5])],
    ['y', Float64Array.from([4, 1, 3, 2, 5, 1, 2, 2])],
  ]),
  attributes: new Map([
    ['px', ['0', '4', '0', '4']],
    ['py', ['0', '0', '4', '4']],
    // Capitals of Beijing, Shanghai, Chengdu, Guangzhou (as in the province registry).
    ['lon', ['116.41', '121.47', '104.07', '113.26']],
    ['lat', ['39.9', '31.23', '30.57', '23.13']],
  ]),
});
const fw = buildFramework([{ code: 'I' }, { code: 'X', parent: 'I' }, { code: 'Y', parent: 'I' }, { code: 'x', parent: 'X' }, { code: 'y', parent: 'Y' }]);
const run = (sde: object, normalise: object = { method: 'minmax', range: [0, 1] }) => {
  const result = executeLog({ raw: panel(), framework: fw, log: resolveLog(StepsSpec.parse({ normalise }), fw) });
  return runAnalyses({ result, spec: AnalysesSpec.parse({ sde }), seed: 1 });
};
const rowsOf = (r: ReturnType<typeof run>, name: string) => {
  const t = r.tables.find((x) => x.name === name)!;
  return t.rows.map((row) => Object.fromEntries(t.header.map((h, j) => [h, row[j]])));
};

describe('analyses.sde', () => {
  it('planar: centre = score-weighted mean, migration distance, bearing and direction by hand', () => {
    const r = run({ scores: ['x'], coordinates: ['px', 'py'], metric: 'euclidean' });
    const s = rowsOf(r, 'sde');
    // 2020: Σw = 1.5, cx = (.25·4 + .75·4)/1.5 = 8/3, cy = (.5·4 + .75·4)/1.5 = 10/3.
    expect(s[0].centre_x).toBeCloseTo(8 / 3, 12);
    expect(s[0].centre_y).toBeCloseTo(10 / 3, 12);
    expect(s[0].n).toBe(4);
    // 2021: Σw = 2.5, cx = (.5·4 + 1·4)/2.5 = 2.4, cy = (.75·4 + 1·4)/2.5 = 2.8.
    expect(s[1].centre_x).toBeCloseTo(2.4, 12);
    expect(s[1].centre_y).toBeCloseTo(2.8, 12);
    const m = rowsOf(r, 'sde_migration');
    expect(m).toHaveLength(1);
    const dx = 2.4 - 8 / 3;
    const dy = 2.8 - 10 / 3;
    expect(m[0].from).toBe(2020);
    expect(m[0].to).toBe(2021);
    expect(m[0].distance).toBeCloseTo(Math.hypot(dx, dy), 12);
    expect(m[0].bearing).toBeCloseTo(180 + (Math.atan(dx / dy) * 180) / Math.PI, 9); // south-west quadrant: 206.57°
    expect(m[0].direction_en).toBe('SW');
    expect(m[0].direction_zh).toBe('西南');
    expect(m[0].elapsed).toBe(1);
    expect(m[0].speed).toBeCloseTo(Math.hypot(dx, dy), 12);
    expect(m[0].length_unit).toBe('coordinate units');
  });

  it('planar: the 2020 ellipse by hand (unit a has weight 0)', () => {
    const s = rowsOf(run({ scores: ['x'], coordinates: ['px', 'py'], metric: 'euclidean', correction: 'none' }), 'sde');
    // Points b (4,0) w .25, c (0,4) w .5, d (4,4) w .75; centre (8/3, 10/3); W = 1.5.
    const pts = [
      [4, 0, 0.25],
      [0, 4, 0.5],
      [4, 4, 0.75],
    ];
    const [cx, cy] = [8 / 3, 10 / 3];
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (const [x, y, w] of pts) {
      sxx += (w * (x - cx) ** 2) / 1.5;
      syy += (w * (y - cy) ** 2) / 1.5;
      sxy += (w * (x - cx) * (y - cy)) / 1.5;
    }
    const tr = sxx + syy;
    const det = sxx * syy - sxy * sxy;
    const l1 = tr / 2 + Math.sqrt((tr * tr) / 4 - det);
    const l2 = tr / 2 - Math.sqrt((tr * tr) / 4 - det);
    expect(s[0].sd_major).toBeCloseTo(Math.sqrt(l1), 12);
    expect(s[0].sd_minor).toBeCloseTo(Math.sqrt(l2), 12);
    expect(s[0].area).toBeCloseTo(Math.PI * Math.sqrt(l1 * l2), 12);
    // Major axis direction (eigenvector (sxy, l1 − sxx)) as an azimuth from north.
    const az = ((Math.atan2(sxy, l1 - sxx) * 180) / Math.PI + 360) % 180;
    expect(s[0].theta).toBeCloseTo(az, 9);
  });

  it('lon/lat (default): centre = weighted mean lon/lat, migration = great-circle km with its bearing (independent spherical formulas)', () => {
    const r = run({ scores: ['x'] });
    const s = rowsOf(r, 'sde');
    const lon = [116.41, 121.47, 104.07, 113.26];
    const lat = [39.9, 31.23, 30.57, 23.13];
    const w = [
      [0, 0.25, 0.5, 0.75],
      [0.25, 0.5, 0.75, 1],
    ];
    const centre = w.map((ws) => {
      const W = ws.reduce((a, v) => a + v, 0);
      return [ws.reduce((a, v, i) => a + v * lon[i], 0) / W, ws.reduce((a, v, i) => a + v * lat[i], 0) / W];
    });
    expect(s[0].centre_x).toBeCloseTo(centre[0][0], 10);
    expect(s[0].centre_y).toBeCloseTo(centre[0][1], 10);
    expect(s[0].length_unit).toBe('km');
    const rad = Math.PI / 180;
    const [l1, p1] = [centre[0][0] * rad, centre[0][1] * rad];
    const [l2, p2] = [centre[1][0] * rad, centre[1][1] * rad];
    // Spherical law of cosines and the initial bearing via the unit vectors' east/north components.
    const km = 6371.0088 * Math.acos(Math.min(1, Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(l2 - l1)));
    const east = Math.cos(p2) * Math.sin(l2 - l1);
    const north = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(l2 - l1);
    const m = rowsOf(r, 'sde_migration')[0];
    expect(m.distance as number).toBeCloseTo(km, 6);
    expect(m.bearing).toBeCloseTo((Math.atan2(east, north) / rad + 360) % 360, 6);
    // The ellipse is in km: its axes are of the order of the distances between capitals (~1,000 km).
    expect(s[0].sd_major as number).toBeGreaterThan(300);
    expect(s[0].sd_major as number).toBeLessThan(3000);
    expect(s[0].theta as number).toBeGreaterThanOrEqual(0);
    expect(s[0].theta as number).toBeLessThan(180);
  });

  it('coordinates default to analyses.weights.coordinates', () => {
    const result = executeLog({ raw: panel(), framework: fw, log: resolveLog(StepsSpec.parse({ normalise: { method: 'minmax', range: [0, 1] } }), fw) });
    const r = runAnalyses({
      result,
      spec: AnalysesSpec.parse({ weights: { coordinates: ['px', 'py'] }, sde: { scores: ['x'], metric: 'euclidean' } }),
      seed: 1,
    });
    expect(rowsOf(r, 'sde')[1].centre_x).toBeCloseTo(2.4, 12);
  });

  it('negative scores (z-scores) give a row without an ellipse and a note, not a crash', () => {
    const r = run({ scores: ['x'], coordinates: ['px', 'py'], metric: 'euclidean' }, { method: 'zscore' });
    const s = rowsOf(r, 'sde');
    expect(s[0].centre_x).toBeNull();
    expect(String(s[0].note)).toMatch(/negative weights/);
    expect(rowsOf(r, 'sde_migration')[0].note).toBe('no centre in one of the periods');
    expect(r.warnings.map((w) => w.code)).toContain('W_SDE');
  });

  it('missing or unusable coordinates stop with the spec path and the units', () => {
    expect(() => run({ coordinates: ['east', 'north'] })).toThrow(/analyses\.sde: unit attributes east and north not found/);
    const p = panel();
    p.attributes.set('lon', ['116.41', '400', '104.07', '']);
    const result = executeLog({ raw: p, framework: fw, log: resolveLog(StepsSpec.parse({}), fw) });
    try {
      runAnalyses({ result, spec: AnalysesSpec.parse({ sde: {} }), seed: 1 });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/2 units have no usable lon\/lat: b \("400", "31.23"\), d \("", "23.13"\)/);
      expect((e as { location?: { path?: string } }).location?.path).toBe('analyses.sde.coordinates');
    }
  });

  it('the spec section: defaults, documented choices, strict fields', () => {
    const s = AnalysesSpec.parse({ sde: {} }).sde!;
    expect(s).toEqual({ metric: 'greatcircle', correction: 'sqrt2', denominator: 'n' });
    expect(() => AnalysesSpec.parse({ sde: { corection: 'none' } })).toThrow();
    const cited: string[] = [];
    const en: MethodsWriter = {
      zh: false,
      t: (_zh, e) => e,
      cite: (...k) => (cited.push(...k), ` (${k.join('; ')})`),
      citeN: (k) => k,
      list: (xs) => xs.join(' and '),
      name: (c) => c,
      q: (c) => c,
      the: (c) => `the ${c}`,
      scoreLabel: (cs) => cs.join(', '),
      scoresOf: () => ['Index'],
      defaultScore: 'Index',
      groupText: () => '',
      analyses: {},
      periods: () => [],
      has: () => true,
      table: () => undefined,
    };
    const p = sdeAnalysis.methods({ ...s, denominator: 'n-2' }, en);
    expect(p.heading).toBe('Standard deviational ellipse and centre of gravity');
    expect(p.sentences.join(' ')).toContain('(n − 2)/n');
    expect(p.sentences.join(' ')).toContain('great-circle distance');
    expect(sdeAnalysis.methods({ ...s, metric: 'euclidean', correction: 'none' }, en).sentences.join(' ')).not.toMatch(/√2|great-circle/);
    expect([...new Set(cited)]).toEqual(['lefever', 'yuill']);
    for (const k of cited) expect(REFERENCES[k]).toBeDefined();
  });

  it('paper tables: the ellipse per period and the migration, with zh/en headers from the declarations', () => {
    const r = run({ scores: ['x'], coordinates: ['px', 'py'], metric: 'euclidean' });
    const get = (name: string) => r.tables.find((t) => t.name === name);
    const zh = sdeAnalysis.paperTables!({
      lang: 'zh',
      zh: true,
      table: get,
      name: (c) => (c === 'x' ? '指标 x' : c),
      ref: (_k, v) => (v === 'x' ? '指标 x' : v),
      period: (p) => String(p),
    });
    expect(zh.map((t) => t.caption)).toEqual(['指标 x 的重心与标准差椭圆参数', '指标 x 的重心迁移']);
    expect(zh[0].header).toEqual([
      '时期',
      SDE.columns.centre_x.zh,
      SDE.columns.centre_y.zh,
      '转角 θ（°）',
      '长轴标准差',
      '短轴标准差',
      '椭圆面积',
      '形状指数（短轴/长轴）',
    ]);
    expect(zh[1].rows[0]).toEqual([
      2020,
      2021,
      rowsOf(r, 'sde_migration')[0].distance,
      rowsOf(r, 'sde_migration')[0].bearing,
      '西南',
      rowsOf(r, 'sde_migration')[0].speed,
    ]);
    const en = sdeAnalysis.paperTables!({ lang: 'en', zh: false, table: get, name: (c) => c, ref: (_k, v) => v, period: (p) => String(p) });
    expect(en[1].header).toEqual(['From', 'To', 'Distance', 'Bearing (°)', SDE_MIGRATION.columns.direction_en.en, 'Speed']);
    expect(en[1].rows[0][4]).toBe('SW');
    // Word cells use each column's declared decimals: bearing 1 (206.6), distance and speed 2.
    const d = Math.hypot(2.4 - 8 / 3, 2.8 - 10 / 3).toFixed(2);
    expect(tableCells(en[1])[0]).toEqual(['2020', '2021', d, '206.6', 'SW', d]);
  });
});
