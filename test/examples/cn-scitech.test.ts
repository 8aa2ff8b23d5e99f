/**
 * Acceptance: examples/cn-scitech-entropy-topsis.yaml against a second, deliberately plain
 * implementation written here (row objects and Math.log, no nqpf code): derived ratios, linear
 * interpolation within province with constant ends, pooled min-max over 372 province-years,
 * pooled entropy weights (0·ln0 = 0, no shift), Σ w_j y_j, dimension weighted means and TOPSIS
 * with pooled ideal/anti-ideal.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { runProject, type RunProjectResult } from '../../src/app/run-project.js';
import { close, parseCsvSimple, sharedAvailable, sharedDir, sharedPath } from '../helpers/shared.js';

const examples = resolve(import.meta.dirname, '../../examples');
const env = { NQPF_SHARED: sharedDir };
const INPUTS = ['rd_intensity', 'rd_fte', 'researcher_fte', 'basic_share', 'budget_share'];
const OUTPUTS = ['patent_app_invention', 'patent_valid_invention', 'sci_papers', 'techmarket_out_value'];
const ALL = [...INPUTS, ...OUTPUTS];

/** The whole method, written out plainly. Returns per "province|year" key the expected scores. */
function reference() {
  const rows = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/cn_provinces_scitech_2011_2022.csv'), 'utf8'));
  const h = rows[0];
  const get = (r: string[], c: string) => (r[h.indexOf(c)] === '' ? NaN : Number(r[h.indexOf(c)]));
  const data = new Map<string, Map<number, Record<string, number>>>();
  for (const r of rows.slice(1)) {
    if (r.length < 2) continue;
    const rec: Record<string, number> = {};
    for (const c of ['rd_intensity', 'rd_fte', 'researcher_fte', ...OUTPUTS]) rec[c] = get(r, c);
    rec.basic_share = get(r, 'rd_basic') / get(r, 'rd_total_internal');
    rec.budget_share = get(r, 'budget_scitech') / get(r, 'budget_total');
    if (!data.has(r[0])) data.set(r[0], new Map());
    data.get(r[0])!.set(Number(r[1]), rec);
  }
  // Linear interpolation within province, constant beyond the first/last observation.
  for (const byYear of data.values()) {
    const years = [...byYear.keys()].sort((a, b) => a - b);
    for (const c of ALL) {
      const obs = years.filter((y) => !Number.isNaN(byYear.get(y)![c]));
      for (const y of years) {
        if (!Number.isNaN(byYear.get(y)![c]) || obs.length === 0) continue;
        const before = obs.filter((o) => o < y);
        const after = obs.filter((o) => o > y);
        let v: number;
        if (!before.length) v = byYear.get(after[0])![c];
        else if (!after.length) v = byYear.get(before[before.length - 1])![c];
        else {
          const y0 = before[before.length - 1];
          const y1 = after[0];
          const a = byYear.get(y0)![c];
          const b = byYear.get(y1)![c];
          v = a + ((b - a) * (y - y0)) / (y1 - y0);
        }
        byYear.get(y)![c] = v;
      }
    }
  }
  const keys: string[] = [];
  const recs: Record<string, number>[] = [];
  for (const [p, byYear] of data)
    for (const [y, rec] of byYear) {
      keys.push(`${p}|${y}`);
      recs.push(rec);
    }
  // Pooled min-max to [0, 1].
  const norm = recs.map(() => ({}) as Record<string, number>);
  for (const c of ALL) {
    const xs = recs.map((r) => r[c]);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    recs.forEach((r, i) => (norm[i][c] = (r[c] - lo) / (hi - lo)));
  }
  // Pooled entropy weights.
  const n = recs.length;
  const d: Record<string, number> = {};
  for (const c of ALL) {
    const s = norm.reduce((a, r) => a + r[c], 0);
    let e = 0;
    for (const r of norm) {
      const p = r[c] / s;
      if (p > 0) e += p * Math.log(p);
    }
    d[c] = 1 - -e / Math.log(n);
  }
  const dsum = ALL.reduce((a, c) => a + d[c], 0);
  const w: Record<string, number> = Object.fromEntries(ALL.map((c) => [c, d[c] / dsum]));
  // Scores.
  const v = norm.map((r) => Object.fromEntries(ALL.map((c) => [c, w[c] * r[c]])));
  const vmax = Object.fromEntries(ALL.map((c) => [c, Math.max(...v.map((r) => r[c]))]));
  const vmin = Object.fromEntries(ALL.map((c) => [c, Math.min(...v.map((r) => r[c]))]));
  const out = new Map<string, { Index: number; Inputs: number; Outputs: number; Index_topsis: number }>();
  keys.forEach((k, i) => {
    const r = norm[i];
    const sumIn = INPUTS.reduce((a, c) => a + w[c], 0);
    const sumOut = OUTPUTS.reduce((a, c) => a + w[c], 0);
    const dp = Math.sqrt(ALL.reduce((a, c) => a + (v[i][c] - vmax[c]) ** 2, 0));
    const dm = Math.sqrt(ALL.reduce((a, c) => a + (v[i][c] - vmin[c]) ** 2, 0));
    out.set(k, {
      Index: ALL.reduce((a, c) => a + w[c] * r[c], 0),
      Inputs: INPUTS.reduce((a, c) => a + w[c] * r[c], 0) / sumIn,
      Outputs: OUTPUTS.reduce((a, c) => a + w[c] * r[c], 0) / sumOut,
      Index_topsis: dm / (dp + dm),
    });
  });
  return { scores: out, weights: w, n };
}

describe.skipIf(!sharedAvailable)('examples/cn-scitech-entropy-topsis.yaml', () => {
  let run: RunProjectResult;
  let ref: ReturnType<typeof reference>;
  beforeAll(async () => {
    run = await runProject(resolve(examples, 'cn-scitech-entropy-topsis.yaml'), { env, dryRun: true });
    ref = reference();
  });

  it('pools 372 province-years and uses the NBS regions from regions.csv', () => {
    const agg = run.result.datasets.aggregated;
    expect(agg.units.length * agg.periods.length).toBe(372);
    expect(ref.n).toBe(372);
    expect(agg.attributes.get('region')!.filter((r) => r === 'East').length).toBe(10);
  });

  it('entropy weights of the nine indicators equal the plain implementation', () => {
    const rows = run.result.weights.filter((w) => ALL.includes(w.node));
    expect(rows.length).toBe(9);
    for (const r of rows) expect(close(r.global, ref.weights[r.node]), `${r.node}: ${r.global} vs ${ref.weights[r.node]}`).toBe(true);
    expect(
      close(
        rows.reduce((a, r) => a + r.global, 0),
        1,
        1e-12,
      ),
    ).toBe(true);
  });

  it('Index = Σ w_j y_j, dimension means and TOPSIS closeness equal the plain implementation (1e-9)', () => {
    const agg = run.result.datasets.aggregated;
    const nU = agg.units.length;
    const bad: string[] = [];
    for (let t = 0; t < agg.periods.length; t++) {
      for (let u = 0; u < nU; u++) {
        const want = ref.scores.get(`${agg.units[u]}|${agg.periods[t]}`)!;
        for (const code of ['Index', 'Inputs', 'Outputs', 'Index_topsis'] as const) {
          const got = agg.values.get(code)![t * nU + u];
          if (!close(got, want[code])) bad.push(`${agg.units[u]} ${agg.periods[t]} ${code}: ${got} vs ${want[code]}`);
        }
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});

describe.skipIf(!sharedAvailable)('the raw long table with typos in province names', () => {
  it('stops with every unknown name and suggestions when no alias map is given', async () => {
    const { loadProject } = await import('../../src/io/read/load-project.js');
    const spec = resolve(examples, 'cn-scitech-long.yaml');
    // Same spec without its aliases/exclude: write a copy beside it in a temp dir.
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(resolve(tmpdir(), 'nqpf-long-'));
    const text = readFileSync(spec, 'utf8')
      .replace(/^ {2}aliases:.*$/m, '')
      .replace(/^ {2}exclude:.*$/m, '')
      .replace('${NQPF_SHARED:-../../shared}', sharedDir);
    writeFileSync(resolve(dir, 'spec.yaml'), text);
    let err: unknown;
    try {
      await loadProject(resolve(dir, 'spec.yaml'), { env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NqpfError);
    const e = err as NqpfError;
    expect(e.code).toBe('E_UNKNOWN_UNITS');
    for (const name of ['两藏', '内蒙占', '山两', '江两', '江四', '浙汀', '尔部地区']) expect(e.message).toContain(name);
    expect(e.message).toContain('西藏');
    expect(e.message).toContain('内蒙古');
    expect(e.message).toContain('浙江');
    expect(e.hint).toContain('aliases');
  });

  it('runs with the alias map and the excluded regional total', async () => {
    const r = await runProject(resolve(examples, 'cn-scitech-long.yaml'), { env, dryRun: true });
    const agg = r.result.datasets.aggregated;
    expect(agg.units.length).toBe(31);
    expect(agg.periods).toEqual(['2011', '2012', '2013', '2014', '2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022']);
    expect(r.project.warnings.some((w) => w.code === 'W_UNITS_EXCLUDED')).toBe(true);
  });
});
