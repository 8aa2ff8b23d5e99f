/**
 * analyses.valueChains.years (issue 18): a panel of input–output tables, one file per year (`{year}` in
 * the file name), computed year by year into tables with a year column. Reference: the 2019 table is
 * test/reference/gvc/oecd_split_aggregated.csv (a small OECD-layout table), the 2020 table the same with
 * every number doubled — by hand, A = Z diag(X)⁻¹, V and B are unchanged (2z/2x = z/x exactly in binary)
 * while Y, E and X double, so every KWW/WWZ term, exports and output double exactly and participation,
 * position, upstreamness and downstreamness stay the same. The 2019 rows equal a run of that table alone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalysisTable } from '../../src/analysis/context.js';
import { runProject } from '../../src/app/run-project.js';
import { readRunDir } from '../../src/io/read/run-dir.js';
import { methodsText } from '../../src/report/methods-text.js';
import { valueChainCharts } from '../../src/report/charts/gvc.js';

const dir = mkdtempSync(join(tmpdir(), 'nqpf-gvc-panel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csv = readFileSync(resolve(import.meta.dirname, '../reference/gvc/oecd_split_aggregated.csv'), 'utf8');
const doubled = csv
  .trim()
  .split('\n')
  .map((l, i) => (i === 0 ? l : l.replace(/(^|,)(-?\d+)(?=,|$)/g, (_, sep: string, v: string) => `${sep}${2 * Number(v)}`)))
  .join('\n');
writeFileSync(join(dir, 'icio_2019.csv'), csv);
writeFileSync(join(dir, 'icio_2020.csv'), `${doubled}\n`);
writeFileSync(join(dir, 'icio_single.csv'), csv);
const demo = resolve(import.meta.dirname, '../../examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');

async function run(section: string): Promise<AnalysisTable[]> {
  const spec = join(dir, `spec-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    spec,
    `title: panel
data: { file: ${JSON.stringify(demo)}, unit: province, period: year, synthetic: true }
framework: { builtin: nqpf-three-factor }
steps: { impute: { method: linear }, normalise: { method: minmax, range: [0, 1], scope: pooled } }
analyses:
  valueChains: ${section}
`,
  );
  const r = await runProject(spec, { dryRun: true });
  return r.analyses?.tables ?? [];
}

const objects = (tables: AnalysisTable[], name: string) => {
  const t = tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, r[j]])));
};

describe('analyses.valueChains.years: a panel of tables', () => {
  const measures = '[kww, participation, upstreamness, wwz, leontief]';
  it('every table has a year column first; 2019 equals the table run alone; 2020 (every number doubled) doubles the flows and keeps the ratios', async () => {
    const panel = await run(`{ intermediate: "icio_{year}.csv", years: [2019, 2020], measures: ${measures}, exporters: [CHN] }`);
    const single = await run(`{ intermediate: icio_single.csv, measures: ${measures}, exporters: [CHN] }`);
    const flows: Record<string, string[]> = {
      gvc_kww: ['exports', 'DVA_FIN', 'DVA_INT', 'DVA_INTrex', 'RDV_FIN', 'RDV_INT', 'DDC', 'FVA_FIN', 'FVA_INT', 'FDC', 'vax', 'rdv', 'dva', 'fva', 'pdc'],
      gvc_position: ['exports', 'iv', 'fv'],
      gvc_upstreamness: ['output', 'value_added', 'exports'],
      gvc_wwz: ['exports', 'final_exports', 'dva', 'rdv', 'fva', 'pdc', 'DVA_FIN', 'MDC'],
      gvc_leontief: ['value_added'],
    };
    const same: Record<string, string[]> = {
      gvc_kww: [],
      gvc_position: ['participation', 'position'],
      gvc_upstreamness: ['upstreamness', 'downstreamness'],
      gvc_wwz: [],
      gvc_leontief: [],
    };
    for (const name of Object.keys(flows)) {
      const t = panel.find((x) => x.name === name);
      const s = single.find((x) => x.name === name);
      expect(t?.header[0], name).toBe('year');
      expect(t?.header.slice(1), name).toEqual(s?.header);
      const rows = objects(panel, name);
      const one = objects(single, name);
      const y19 = rows.filter((r) => r.year === 2019);
      const y20 = rows.filter((r) => r.year === 2020);
      expect(rows.length, name).toBe(2 * one.length);
      expect(
        y19.map(({ year, ...r }) => r),
        name,
      ).toEqual(one);
      y20.forEach((r, i) => {
        for (const k of flows[name]) expect(r[k], `${name} ${k} row ${i}`).toBe(2 * Number(y19[i][k]));
        for (const k of same[name]) expect(r[k], `${name} ${k} row ${i}`).toBe(y19[i][k]);
      });
    }
    // the charts show the latest year and say which
    const bundle = {
      run: { nqpf: 'test', synthetic: false, seed: 1, spec: {}, inputs: [] },
      tables: new Map(panel.map((t) => [t.name, t])),
    } as unknown as Parameters<typeof valueChainCharts>[0];
    const charts = valueChainCharts(bundle, 'en');
    const scatter = charts.find((c) => c.id === 'gvc_position_scatter');
    expect(JSON.stringify(scatter)).toMatch(/GVC position and participation \(2020\)/);
    const option = scatter?.option as { series: { data: unknown[] }[] } | undefined;
    const pts = option?.series[0].data;
    expect(pts).toHaveLength(4);
  });

  it('years without {year} in the file name, or a year listed twice, fail at the spec with the field named', async () => {
    await expect(run('{ intermediate: icio_single.csv, years: [2019, 2020] }')).rejects.toThrow(/intermediate must hold \{year\}/);
    await expect(run('{ intermediate: "icio_{year}.csv", years: [2019, 2019] }')).rejects.toThrow(/a year is listed twice/);
  });

  it('a missing year names its file', async () => {
    await expect(run('{ intermediate: "icio_{year}.csv", years: [2019, 2021] }')).rejects.toThrow(/icio_2021\.csv/);
  });

  it('methods text (zh, en) states the years and, for measure production, the four parts with their formulas and Wang et al. (2017)', async () => {
    const spec = join(dir, 'spec-methods.yaml');
    writeFileSync(
      spec,
      `title: panel
data: { file: ${JSON.stringify(demo)}, unit: province, period: year, synthetic: true }
framework: { builtin: nqpf-three-factor }
steps: { impute: { method: linear }, normalise: { method: minmax, range: [0, 1], scope: pooled } }
outputs: { report: false }
analyses:
  valueChains: { intermediate: "icio_{year}.csv", years: [2019, 2020], measures: [kww, production] }
`,
    );
    const out = join(dir, 'out-methods');
    await runProject(spec, { out });
    const bundle = await readRunDir(out);
    const text = (lang: 'zh' | 'en') => {
      const m = methodsText(bundle, lang);
      return { body: m.paragraphs.map((p) => p.text).join('\n'), refs: m.references.join('\n') };
    };
    const zh = text('zh');
    const en = text('en');
    expect(zh.body).toContain('各年份的投入产出表分别计算，结果按年份列出（2019、2020）');
    expect(en.body).toContain("Each year's input–output table is computed on its own and the results are listed by year (2019, 2020)");
    for (const t of [zh.body, en.body]) for (const f of ['V̂LŶ^D', 'V̂LŶ^F', 'V̂LA^F LŶ^D', 'V̂LA^F(BŶ − LŶ^D)']) expect(t).toContain(f);
    expect(zh.body).toContain('前向参与度 = (简单 + 复杂)/增加值');
    expect(en.body).toContain('forward participation = (simple + complex) / value added');
    expect(en.refs).toMatch(/Measures of participation in global value chains and global business cycles/);
  });
});
