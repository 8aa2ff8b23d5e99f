/**
 * Chart option builders against a fresh demo run: every expected chart is built, options are plain
 * JSON in publication style, and series data equal the run's CSV tables — read here with the
 * tests' own CSV parser (parseCsvSimple), not with the report's reader — or quantities recomputed in
 * the test by a different route (group means, missing shares, OLS slope of the β scatter).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRunDir } from '../../src/io/read/run-dir.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { allCharts, CHART_FAMILIES, getChartFamily, type ChartSpec } from '../../src/report/charts/index.js';
import { catchNqpf } from '../io/catch-nqpf.js';
import { demoRun } from '../helpers/demo-run.js';
import { close, parseCsvSimple } from '../helpers/shared.js';

let out = '';
let bundle: RunBundle;
let zh: ChartSpec[];
let en: ChartSpec[];

/** A run table as header + rows of strings (independent parse). */
function csv(name: string): { h: string[]; rows: string[][]; col: (r: string[], c: string) => string } {
  const all = parseCsvSimple(readFileSync(join(out, `${name}.csv`), 'utf8').replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
  const h = all[0];
  return { h, rows: all.slice(1), col: (r, c) => r[h.indexOf(c)] };
}

/** A chart by id (fails when absent). */
function chart(list: ChartSpec[], id: string): ChartSpec {
  const c = list.find((s) => s.id === id);
  if (!c) throw new Error(`chart ${id} missing`);
  return c;
}

// Loose views of the option (the builders return plain JSON).
type Any = Record<string, any>;
const opt = (c: ChartSpec): Any => c.option as Any;
const series = (c: ChartSpec): Any[] => opt(c).series as Any[];
/** Value of a data item: a number, null, an array, or an object with `value`. */
const val = (d: unknown): any => (d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Any).value : d);

function expectClose(a: number, b: number, what: string): void {
  expect(close(a, b, 1e-9), `${what}: ${a} vs ${b}`).toBe(true);
}

/** Throws on a function, a non-finite number or a class instance anywhere in the option. */
function assertPlainJson(x: unknown, path: string): void {
  if (typeof x === 'function') throw new Error(`function at ${path}`);
  if (typeof x === 'number' && !Number.isFinite(x)) throw new Error(`non-finite number at ${path}`);
  if (Array.isArray(x)) x.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`));
  else if (x !== null && typeof x === 'object') {
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) throw new Error(`class instance at ${path}`);
    for (const [k, v] of Object.entries(x)) assertPlainJson(v, `${path}.${k}`);
  }
}

const EXPECTED_IDS = [
  'missingness',
  'framework_weights',
  'weights_indicators',
  'ranking',
  'trends_units',
  'trends_groups',
  'profiles',
  'dagum_overall',
  'dagum_shares',
  'dagum_within',
  'dagum_between',
  'dagum_pairs',
  'theil',
  'density_lines',
  'density_surface',
  'density_3d',
  'density_groups',
  'markov_traditional',
  'markov_spatial_1',
  'markov_spatial_2',
  'markov_spatial_3',
  'markov_spatial_4',
  'moran_trend',
  'moran_scatter',
  'sigma_convergence',
  'beta_convergence',
  'obstacle_frequency',
  'obstacle_dimensions',
  'coupling_trend',
  'uncertainty_ranks',
  'sensitivity',
  'leave_one_out',
];

beforeAll(async () => {
  out = await demoRun();
  bundle = await readRunDir(out);
  zh = allCharts(bundle, 'zh');
  en = allCharts(bundle, 'en');
}, 120_000);

describe('allCharts(demo run)', () => {
  it('builds every expected chart id once, in zh and en', () => {
    for (const list of [zh, en]) {
      const ids = list.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of EXPECTED_IDS) expect(ids, id).toContain(id);
    }
  });

  it('options are plain JSON in publication style with the title of the language', () => {
    for (const [list, lang] of [
      [zh, 'zh'],
      [en, 'en'],
    ] as const) {
      for (const c of list) {
        assertPlainJson(c.option, c.id);
        expect(JSON.parse(JSON.stringify(c.option))).toEqual(JSON.parse(JSON.stringify(c.option)));
        expect(opt(c).animation, c.id).toBe(false);
        expect(opt(c).backgroundColor, c.id).toBe('#ffffff');
        expect(opt(c).title.text, c.id).toBe(lang === 'zh' ? c.titleZh : c.titleEn);
        expect(c.kind).toBe('chart');
        expect(c.width).toBeGreaterThan(300);
        expect(c.height).toBeGreaterThan(300);
        expect(c.titleZh).toMatch(/[\u4e00-\u9fff]/);
        expect(c.titleEn).not.toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('every chart carries the provenance footer and the SYNTHETIC notice', () => {
    const seed = String(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).seed);
    for (const c of en) {
      const texts = (opt(c).graphic as Any[]).map((g) => g.style?.text).filter((t): t is string => typeof t === 'string');
      expect(
        texts.some((t) => t.includes(`seed ${seed}`) && t.includes('nqpf ')),
        c.id,
      ).toBe(true);
      expect(
        texts.some((t) => t.includes('SYNTHETIC')),
        c.id,
      ).toBe(true);
    }
  });
});

describe('chart data equal the run tables', () => {
  it('ranking bar equals the ranks table of the latest period, ordered by NQPF_rank', () => {
    const t = csv('ranks');
    const latest = String(Math.max(...t.rows.map((r) => Number(t.col(r, 'period')))));
    const rows = t.rows.filter((r) => t.col(r, 'period') === latest).sort((a, b) => Number(t.col(a, 'NQPF_rank')) - Number(t.col(b, 'NQPF_rank')));
    const c = chart(zh, 'ranking');
    expect(opt(c).yAxis.data).toEqual(rows.map((r) => t.col(r, 'unit')));
    const s = series(c);
    rows.forEach((r, i) => {
      const present = s.map((x) => val(x.data[i])).filter((v) => v !== null && v !== undefined);
      expect(present.length, t.col(r, 'unit')).toBe(1);
      expect(present[0]).toBe(Number(t.col(r, 'NQPF')));
      // the bar is in its region's series
      const k = s.findIndex((x) => val(x.data[i]) !== null && val(x.data[i]) !== undefined);
      expect(s[k].name).toBe({ East: '东部', Central: '中部', West: '西部', Northeast: '东北' }[t.col(r, 'region')]);
    });
    expect(chart(en, 'ranking').option.yAxis).toMatchObject({ data: expect.arrayContaining(['Beijing', 'Inner Mongolia']) });
  });

  it('trends_groups equals group means recomputed from ranks.csv', () => {
    const t = csv('ranks');
    const periods = [...new Set(t.rows.map((r) => t.col(r, 'period')))].sort();
    const c = chart(en, 'trends_groups');
    expect(opt(c).xAxis.data).toEqual(periods);
    for (const g of ['East', 'Central', 'West', 'Northeast']) {
      const s = series(c).find((x) => x.name === g)!;
      periods.forEach((p, i) => {
        const xs = t.rows.filter((r) => t.col(r, 'period') === p && t.col(r, 'region') === g).map((r) => Number(t.col(r, 'NQPF')));
        expectClose(s.data[i], xs.reduce((a, b) => a + b, 0) / xs.length, `${g} ${p}`);
      });
    }
  });

  it('missingness cells equal the share of empty data_raw cells per unit and indicator, drawn where it is above 0', () => {
    const t = csv('data_raw');
    const c = chart(zh, 'missingness');
    const units: string[] = opt(c).yAxis.data;
    const inds = t.h.slice(2);
    expect(opt(c).xAxis.data.length).toBe(inds.length);
    const cells = new Map((series(c)[0].data as number[][]).map(([x, y, v]) => [`${x},${y}`, v]));
    let nonzero = 0;
    units.forEach((u, y) =>
      inds.forEach((ind, x) => {
        const rows = t.rows.filter((r) => r[0] === u);
        const share = rows.filter((r) => t.col(r, ind) === '').length / rows.length;
        if (share > 0) nonzero++;
        // only the cells with a missing value are drawn (0 % is the white between the grid lines)
        expect(cells.get(`${x},${y}`) ?? 0, `${u} ${ind}`).toBe(share);
      }),
    );
    expect(nonzero).toBeGreaterThan(0);
    expect(cells.size).toBe(nonzero);
    expect(opt(c).xAxis.splitLine.show && opt(c).yAxis.splitLine.show).toBe(true);
  });

  it('framework sunburst leaves and indicator bars equal the global weights', () => {
    const t = csv('weights');
    const leaves: { name: string; value: number }[] = [];
    const walk = (n: Any): void => (n.children ? n.children.forEach(walk) : void leaves.push(n as { name: string; value: number }));
    series(chart(en, 'framework_weights'))[0].data.forEach(walk);
    const ind = t.rows.filter((r) => t.col(r, 'level') === '1');
    expect(leaves.length).toBe(ind.length);
    expect(leaves.map((l) => l.value).sort()).toEqual(ind.map((r) => Number(t.col(r, 'global'))).sort());
    const bars = series(chart(en, 'weights_indicators'))[0].data.map(val) as number[];
    expect(bars).toEqual(ind.map((r) => Number(t.col(r, 'global'))).sort((a, b) => b - a));
    expectClose(
      bars.reduce((a, b) => a + b, 0),
      1,
      'weights sum',
    );
  });

  it('Dagum bars equal the inequality table and stack to G (G = Gw + Gnb + Gt)', () => {
    const t = csv('inequality');
    const c = chart(en, 'dagum_overall');
    const [w, nb, tv, g] = series(c);
    t.rows.forEach((r, i) => {
      expect(w.data[i]).toBe(Number(t.col(r, 'dagum_Gw')));
      expect(nb.data[i]).toBe(Number(t.col(r, 'dagum_Gnb')));
      expect(tv.data[i]).toBe(Number(t.col(r, 'dagum_Gt')));
      expect(val(g.data[i])).toBe(Number(t.col(r, 'dagum_G')));
      expectClose(w.data[i] + nb.data[i] + tv.data[i], val(g.data[i]), `period ${t.col(r, 'period')}`);
    });
    const shares = series(chart(en, 'dagum_shares'));
    t.rows.forEach((_, i) =>
      expectClose(
        shares.reduce((a, s) => a + val(s.data[i]), 0),
        1,
        'shares',
      ),
    );
    const th = series(chart(en, 'theil'));
    t.rows.forEach((r, i) => expectClose(th[0].data[i] + th[1].data[i], Number(t.col(r, 'theil_T')), 'Theil within + between'));
  });

  it('dagum_pairs heatmap equals G_jh of the latest period, symmetric', () => {
    const t = csv('dagum_groups');
    const last = String(Math.max(...t.rows.map((r) => Number(t.col(r, 'period')))));
    const c = chart(en, 'dagum_pairs');
    const groups: string[] = opt(c).xAxis.data;
    const cell = new Map((series(c)[0].data as Any[]).map((d) => [`${d.value[0]},${d.value[1]}`, d.value[2]]));
    for (const r of t.rows.filter((x) => t.col(x, 'period') === last)) {
      const a = groups.indexOf(t.col(r, 'group_j'));
      const b = groups.indexOf(t.col(r, 'group_h'));
      expect(cell.get(`${a},${b}`)).toBe(Number(t.col(r, 'G_jh')));
      expect(cell.get(`${b},${a}`)).toBe(Number(t.col(r, 'G_jh')));
    }
  });

  it('Markov heatmaps equal the transition probabilities, rows summing to 1', () => {
    const t = csv('markov_transitions');
    for (const [cond, id] of [
      ['all', 'markov_traditional'],
      ['lag class 2', 'markov_spatial_2'],
    ]) {
      const rows = t.rows.filter((r) => t.col(r, 'condition') === cond && t.col(r, 'probability') !== '');
      const cells = series(chart(en, id))[0].data as Any[];
      expect(cells.length).toBe(rows.length);
      for (const r of rows) {
        const hit = cells.find((d) => d.value[1] === Number(t.col(r, 'from_class')) - 1 && d.value[0] === Number(t.col(r, 'to_class')) - 1);
        expect(hit?.value[2]).toBe(Number(t.col(r, 'probability')));
      }
      const byRow = new Map<number, number>();
      for (const d of cells) byRow.set(d.value[1], (byRow.get(d.value[1]) ?? 0) + d.value[2]);
      for (const s of byRow.values()) expectClose(s, 1, `${id} row sum`);
    }
  });

  it('Moran scatter points equal spatial_local (latest period) and the slope line has slope I', () => {
    const t = csv('spatial_local');
    const last = String(Math.max(...t.rows.map((r) => Number(t.col(r, 'period')))));
    const rows = t.rows.filter((r) => t.col(r, 'period') === last);
    const c = chart(zh, 'moran_scatter');
    const pts = series(c)
      .filter((s) => s.type === 'scatter')
      .flatMap((s) => s.data as Any[]);
    expect(pts.length).toBe(rows.length);
    for (const r of rows) {
      const p = pts.find((d) => d.name === t.col(r, 'unit'))!;
      expect(p.value).toEqual([Number(t.col(r, 'z')), Number(t.col(r, 'lag_z'))]);
    }
    const g = csv('spatial_global');
    const I = Number(g.col(g.rows.find((r) => g.col(r, 'period') === last && g.col(r, 'statistic') === 'moran')!, 'value'));
    const line = series(c).find((s) => s.type === 'line')!.data as number[][];
    expectClose((line[1][1] - line[0][1]) / (line[1][0] - line[0][0]), I, 'slope');
    // Independent check: for row-standardised W, I is the OLS slope of lag_z on z (z has mean 0).
    const zs = rows.map((r) => Number(t.col(r, 'z')));
    const ls = rows.map((r) => Number(t.col(r, 'lag_z')));
    const slope = zs.reduce((a, z, i) => a + z * ls[i], 0) / zs.reduce((a, z) => a + z * z, 0);
    expectClose(slope, I, 'OLS slope of the Moran scatter');
    const trend = series(chart(en, 'moran_trend'))[0].data as Any[];
    const moranRows = g.rows.filter((r) => g.col(r, 'statistic') === 'moran');
    expect(trend.map(val)).toEqual(moranRows.map((r) => Number(g.col(r, 'value'))));
  });

  it('β scatter reproduces the absolute β estimate by OLS of growth on ln x0', () => {
    const c = chart(en, 'beta_convergence');
    const pts = (series(c)[0].data as Any[]).map((d) => d.value as number[]);
    expect(pts.length).toBe(31);
    const n = pts.length;
    const mx = pts.reduce((a, p) => a + p[0], 0) / n;
    const my = pts.reduce((a, p) => a + p[1], 0) / n;
    const b = pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
    const t = csv('convergence_beta');
    const est = Number(t.col(t.rows.find((r) => t.col(r, 'model') === 'absolute' && t.col(r, 'term') === 'ln_x0')!, 'estimate'));
    expect(Math.abs(b - est)).toBeLessThan(1e-9 * Math.max(1, Math.abs(est)));
    const sig = csv('convergence_sigma');
    const [cv, sdl] = series(chart(en, 'sigma_convergence'));
    expect(cv.data).toEqual(sig.rows.map((r) => Number(sig.col(r, 'cv'))));
    expect(sdl.data).toEqual(sig.rows.map((r) => Number(sig.col(r, 'sd_log'))));
  });

  it('density lines equal the density table and the surface subtitle says why it is flat', () => {
    const t = csv('density');
    const first = t.rows.filter((r) => t.col(r, 'period') === '2012' && t.col(r, 'group') === 'all');
    const s = series(chart(en, 'density_lines')).find((x) => x.name === '2012')!;
    // The scores lie in [0, 1]: the curves are shown on that support only (boundary-aware display).
    const onSupport = first.filter((r) => Number(t.col(r, 'x')) >= 0 && Number(t.col(r, 'x')) <= 1);
    expect(onSupport.length).toBeLessThan(first.length);
    expect(s.data).toEqual(onSupport.map((r) => [Number(t.col(r, 'x')), Number(t.col(r, 'density'))]));
    expect(opt(chart(en, 'density_lines')).xAxis).toMatchObject({ min: 0, max: 1 });
    expect(opt(chart(en, 'density_lines')).title.subtext).toMatch(/\[0, 1\]/);
    const surf = chart(en, 'density_surface');
    expect(opt(surf).title.subtext).toMatch(/ECharts GL/);
    expect(chart(zh, 'density_surface').option).toMatchObject({ title: { subtext: expect.stringMatching(/ECharts GL/) } });
    const cells = series(surf)[0].data as number[][];
    const d0 = cells.find((c) => c[0] === 0 && c[1] === 0)!;
    expect(d0[2]).toBe(Number(t.col(onSupport[0], 'density')));
  });

  it('obstacle frequency counts equal the obstacle_top rows per indicator', () => {
    const t = csv('obstacle_top');
    const c = chart(en, 'obstacle_frequency');
    const names: string[] = opt(c).yAxis.data;
    const counts = series(c)[0].data as number[];
    names.forEach((nm, i) => expect(counts[i], nm).toBe(t.rows.filter((r) => t.col(r, 'nameEn') === nm).length));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(t.rows.length);
    const dims = series(chart(en, 'obstacle_dimensions'));
    const sums = (opt(chart(en, 'obstacle_dimensions')).yAxis.data as string[]).map((_, i) => dims.reduce((a, s) => a + (val(s.data[i]) ?? 0), 0));
    for (const s of sums) expectClose(s, 1, 'dimension obstacle shares');
  });

  it('rank-interval plot equals the uncertainty table ordered by nominal rank; Sobol bars equal S1 and ST', () => {
    const t = csv('uncertainty');
    const last = String(Math.max(...t.rows.map((r) => Number(t.col(r, 'period')))));
    const rows = t.rows.filter((r) => t.col(r, 'period') === last).sort((a, b) => Number(t.col(a, 'nominal_rank')) - Number(t.col(b, 'nominal_rank')));
    const c = chart(zh, 'uncertainty_ranks');
    expect(opt(c).xAxis.data).toEqual(rows.map((r) => t.col(r, 'unit')));
    const [box, nominal] = series(c);
    rows.forEach((r, i) => {
      const m = Number(t.col(r, 'median_rank'));
      expect(box.data[i]).toEqual([Number(t.col(r, 'p05_rank')), m, m, m, Number(t.col(r, 'p95_rank'))]);
      expect(nominal.data[i]).toBe(Number(t.col(r, 'nominal_rank')));
    });
    const s = csv('sensitivity');
    const srows = s.rows.filter((r) => s.col(r, 'target') === 'mean_abs_rank_shift');
    const ss = series(chart(en, 'sensitivity'));
    expect(ss[0].data).toEqual(srows.map((r) => Number(s.col(r, 'S1'))));
    expect(ss[2].data).toEqual(srows.map((r) => Number(s.col(r, 'ST'))));
    expect(ss[1].data.map((d: number[]) => [d[0], d[4]])).toEqual(srows.map((r) => [Number(s.col(r, 'S1_lo')), Number(s.col(r, 'S1_hi'))]));
    const loo = csv('leave_one_out');
    const bars = (series(chart(en, 'leave_one_out'))[0].data as Any[]).map(val);
    expect(bars).toEqual(loo.rows.map((r) => Number(loo.col(r, 'mean_abs_rank_shift'))).sort((a, b) => b - a));
  });

  it('coupling trend equals mean D per period recomputed from coupling.csv', () => {
    const t = csv('coupling');
    const c = chart(en, 'coupling_trend');
    const periods: string[] = opt(c).xAxis.data;
    const all = series(c)[0].data as number[];
    periods.forEach((p, i) => {
      const ds = t.rows.filter((r) => t.col(r, 'period') === p).map((r) => Number(t.col(r, 'D')));
      expectClose(all[i], ds.reduce((a, b) => a + b, 0) / ds.length, `D ${p}`);
    });
  });
});

describe('allCharts with absent tables', () => {
  it('returns only what the tables allow', () => {
    expect(allCharts({ run: bundle.run, tables: new Map() }, 'zh')).toEqual([]);
    const onlyRanks = {
      run: bundle.run,
      tables: new Map([
        ['ranks', bundle.tables.get('ranks')!],
        ['framework', bundle.tables.get('framework')!],
      ]),
    };
    expect(allCharts(onlyRanks, 'en').map((c) => c.id)).toEqual(['ranking', 'trends_units', 'trends_groups', 'profiles']);
  });

  it('a cross-section (no period column) gets a ranking but no trends', () => {
    const ranks = {
      name: 'ranks',
      header: ['unit', 'grp', 'Index', 'Index_rank', 'Index_group_rank'],
      rows: [
        ['AUT', 'Europe', 61.9, 2, 2],
        ['BEL', 'Europe', 63.5, 1, 1],
        ['CHN', 'Asia', 50.1, 3, 1],
      ],
    };
    const b: RunBundle = { run: { ...bundle.run, synthetic: false, spec: { units: { group: 'grp' } } }, tables: new Map([['ranks', ranks]]) };
    const specs = allCharts(b, 'en');
    expect(specs.map((c) => c.id)).toEqual(['ranking']);
    expect(opt(specs[0]).yAxis.data).toEqual(['BEL', 'AUT', 'CHN']);
    expect(series(specs[0]).map((s) => s.name)).toEqual(['Europe', 'Asia']);
    expect((opt(specs[0]).graphic as Any[]).some((g) => /SYNTHETIC/.test(g.style.text))).toBe(false);
  });

  it('getChartFamily rejects an unknown family with a suggestion', () => {
    expect(getChartFamily('density')).toBe(CHART_FAMILIES.density);
    const e = catchNqpf(() => getChartFamily('densty', 'report.charts.0'));
    expect(e.code).toBe('E_UNKNOWN_METHOD');
    expect(e.message).toContain('densty');
    expect(e.hint).toContain('density');
  });
});
