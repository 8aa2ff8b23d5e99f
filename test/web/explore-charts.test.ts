/**
 * The workbench explorer draws the chart layer's charts (web/src/explore-charts.ts → src/report/
 * charts/view): for a run's ranks.csv the map, the ranking bar and the unit page carry the same
 * titles as the report and the figures, the map holds every province, and tooltips are canvas
 * rich text with names as written.
 */
import { describe, expect, it } from 'vitest';
import { chinaProvinces } from '../../src/io/read/geo.js';
import { allCharts } from '../../src/report/charts/index.js';
import { TITLES } from '../../src/report/charts/titles.js';
import { VIEW_CHARTS } from '../../src/report/charts/view/index.js';
import type { RunBundle } from '../../src/report/bundle.js';
import { ranksView } from '../../web/src/explore-charts.js';
import type { CsvTable } from '../../web/src/csv.js';

const PROVINCES = ['北京', '天津', '河北', '上海', '广东'];
const HOSTILE = '<img src=x onerror=1>';

function ranks(units: string[]): CsvTable {
  const header = ['unit', 'period', 'region', 'IDX', 'IDX_rank', 'D1', 'D1_rank'];
  const rows = [2022, 2023].flatMap((p) =>
    units.map((u, i) => [
      u,
      String(p),
      i % 2 ? 'East' : 'West',
      String(0.9 - i / 10 + (p - 2022) / 100),
      String(i + 1),
      String(0.5 + i / 10),
      String(units.length - i),
    ]),
  );
  return { header, rows };
}
const title = (o: Record<string, unknown> | null) => (o!.title as { text: string }).text;

describe('workbench explorer charts (chart layer)', () => {
  it('map and ranking bar of the chosen score and period: titles of the catalogue, every province on the map, rich-text tooltips', async () => {
    const d = { table: ranks(PROVINCES), scores: ['IDX', 'D1'], attrs: ['region'] };
    const { view, S } = ranksView(d, (c) => (c === 'IDX' ? ['D1'] : []), 'zh', await chinaProvinces());
    S.p = 1;
    const m = VIEW_CHARTS.map(view)!;
    expect(title(m)).toBe(TITLES.scoreMap({ zh: 'IDX', en: 'IDX' }, '2023').zh);
    const data = (m.series as { data: { name: string; value: number; unit: string }[] }[])[0].data;
    expect(data.map((x) => x.unit)).toEqual(PROVINCES);
    expect(data.every((x) => typeof x.value === 'number')).toBe(true);
    expect((m.tooltip as { renderMode?: string }).renderMode).toBe('richText');
    S.score = 'D1';
    S.p = 0;
    const bar = VIEW_CHARTS.rankingBar(view)!;
    expect(title(bar)).toBe('2022年D1排名');
    S.lang = 'en';
    expect(title(VIEW_CHARTS.rankingBar(view))).toBe('Ranking by D1, 2022');
  });

  it('the ranking bar has the title of the ranking figure of the same run', () => {
    const d = { table: ranks(PROVINCES), scores: ['IDX', 'D1'], attrs: ['region'] };
    const { view, S } = ranksView(d, () => [], 'zh');
    S.p = 1;
    const t = d.table;
    const bundle: RunBundle = {
      run: { nqpf: '', synthetic: false, seed: 0, spec: { analyses: { score: 'IDX' } }, inputs: [] },
      tables: new Map([['ranks', { name: 'ranks', header: t.header, rows: t.rows.map((r) => r.map((v, j) => (j >= 3 ? Number(v) : v))) }]]),
    };
    for (const lang of ['zh', 'en'] as const) {
      S.lang = lang;
      const fig = allCharts(bundle, lang).find((c) => c.id === 'ranking')!;
      expect(title(VIEW_CHARTS.rankingBar(view))).toBe(lang === 'zh' ? fig.titleZh : fig.titleEn);
    }
  });

  it("the unit page charts the unit's score and its components; hostile unit names stay text", () => {
    const units = [HOSTILE, 'B "b"', 'C & c'];
    const d = { table: ranks(units), scores: ['IDX', 'D1'], attrs: ['region'] };
    const { view, S } = ranksView(d, (c) => (c === 'IDX' ? ['D1'] : []), 'en');
    Object.assign(S, { score: 'IDX', unit: HOSTILE });
    const o = VIEW_CHARTS.unitScores(view)!;
    expect(title(o)).toBe(`${HOSTILE}: IDX and its components over time`);
    expect((o.series as { name: string; data: number[] }[]).map((s) => [s.name, s.data])).toEqual([
      ['IDX', [0.9, 0.91]],
      ['D1', [0.5, 0.5]],
    ]);
    expect(VIEW_CHARTS.map(view)).toBeNull(); // no geometry: the explorer shows the bar chart
    const bar = VIEW_CHARTS.rankingBar(view)!;
    const f = (bar.tooltip as { formatter: (ps: unknown[]) => string }).formatter;
    expect(f([{ dataIndex: 2 }])).toContain(HOSTILE);
  });

  it('scores are named, not coded, when the framework names them (新质生产力指数, not IDX)', async () => {
    const d = { table: ranks(PROVINCES), scores: ['IDX', 'D1'], attrs: ['region'] };
    const names: Record<string, { zh: string; en: string }> = {
      IDX: { zh: '新质生产力指数', en: 'NQPF index' },
      D1: { zh: '新型劳动者', en: 'New-type labourers' },
    };
    const nameOf = (c: string) => names[c] ?? { zh: c, en: c };
    const { view, S } = ranksView(d, (c) => (c === 'IDX' ? ['D1'] : []), 'zh', await chinaProvinces(), nameOf);
    S.p = 1;
    expect(title(VIEW_CHARTS.map(view))).toBe(TITLES.scoreMap({ zh: '新质生产力指数', en: 'NQPF index' }, '2023').zh);
    expect(title(VIEW_CHARTS.rankingBar(view))).not.toContain('IDX');
    S.lang = 'en';
    expect(title(VIEW_CHARTS.rankingBar(view))).toContain('NQPF index');
    Object.assign(S, { score: 'IDX', unit: PROVINCES[0], lang: 'zh' });
    const unit = VIEW_CHARTS.unitScores(view)!;
    expect((unit.series as { name: string }[]).map((x) => x.name)).toEqual(['新质生产力指数', '新型劳动者']);
  });
});
