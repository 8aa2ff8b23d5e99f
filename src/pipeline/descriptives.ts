/**
 * Descriptive statistics of the indicators — "Table 1" of every paper (issue 12): for each
 * indicator of the framework the number of observed values N, the mean, the sample standard
 * deviation (denominator n − 1, R `sd`), the minimum and the maximum, over all unit-periods
 * pooled and per period.
 *
 * The values are the indicators as defined — after the denominate step (a ratio indicator is the
 * ratio), before imputation, treatment and normalisation — so N counts the values the data hold
 * and the statistics are in the indicator's own unit of measurement. Missing values are skipped.
 * Written as `descriptives.csv`, a results.xlsx sheet, a section of report.html and the first
 * tables of tables.docx. Pure: no I/O. Cost O(indicators × unit-periods).
 */
import { sd as sampleSd } from '../kernels/moments.js';
import { count, mean } from '../kernels/sum.js';
import type { AnalysisTable } from '../analysis/context.js';
import { L, paperCell, table, type PaperContext, type PaperTable, type Row } from '../analysis/descriptor.js';
import type { Framework } from '../core/framework.js';
import type { Panel } from '../core/panel.js';

/** The period label of the pooled rows (all unit-periods together). */
export const POOLED = 'pooled';

/** descriptives.csv: one row per indicator and period, the pooled row first. */
export const DESCRIPTIVES = table({
  name: 'descriptives',
  file: 'descriptives.csv',
  zh: '指标描述性统计',
  en: 'Descriptive statistics of the indicators',
  report: { omit: ['name'] },
  columns: {
    indicator: { kind: 'text', zh: '指标', en: 'Indicator', ref: 'node' },
    name: { kind: 'text', zh: '指标名称', en: 'Name' },
    measure: { kind: 'text', zh: '计量单位', en: 'Unit of measurement' },
    period: { kind: 'period', zh: '时期', en: 'Period', optional: true, values: { [POOLED]: { zh: '全部时期', en: 'All periods' } } },
    n: { kind: 'int', zh: '观测数', en: 'N' },
    mean: { kind: 'num', zh: '均值', en: 'Mean' },
    sd: { kind: 'num', zh: '标准差', en: 'SD' },
    min: { kind: 'num', zh: '最小值', en: 'Min' },
    max: { kind: 'num', zh: '最大值', en: 'Max' },
  },
});

type DescRow = Row<typeof DESCRIPTIVES.columns>;

/** Smallest and largest non-missing value (NaN when none); no sort, so NaN cannot reorder anything. */
function extent(x: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/** N, mean, sample sd (n − 1), min, max of the non-missing values of `x`. */
export function describe(x: ArrayLike<number>): { n: number; mean: number; sd: number; min: number; max: number } {
  const n = count(x);
  const [min, max] = extent(x);
  return { n, mean: n ? mean(x) : NaN, sd: n > 1 ? sampleSd(x, 1) : NaN, min, max };
}

/**
 * The descriptives table of a run: indicators of `framework` in framework order, values from
 * `panel` (the denominated data set), names in `lang`; per indicator the pooled row, then one row
 * per period (none for a cross-section, which has no period column).
 *
 * @example
 *   describeIndicators(result.datasets.denominated, result.framework, 'zh').rows[0]
 *   // ['higher_edu_share', '就业人员中大专及以上学历占比', '%', 'pooled', 372, 18.2, 7.9, 4.1, 52.3]
 */
export function describeIndicators(panel: Panel, framework: Framework, lang: 'zh' | 'en'): AnalysisTable {
  const nU = panel.units.length;
  const rows: DescRow[] = [];
  for (const code of framework.indicators) {
    const x = panel.values.get(code);
    const node = framework.nodes.get(code);
    if (!x || !node) continue;
    const name = (lang === 'zh' ? node.nameZh || node.nameEn : node.nameEn || node.nameZh) || code;
    const at = { indicator: code, name, measure: node.unit ?? '' };
    rows.push({ ...at, ...(panel.hasPeriod ? { period: POOLED } : {}), ...describe(x) });
    if (panel.hasPeriod)
      panel.periods.forEach((p, t) => rows.push({ ...at, period: /^-?\d+$/.test(p) ? Number(p) : p, ...describe(x.subarray(t * nU, (t + 1) * nU)) }));
  }
  return DESCRIPTIVES.build(rows, { include: panel.hasPeriod ? ['period'] : [] });
}

/**
 * Paper tables of the descriptives: [the pooled table (one row per indicator: name, unit of
 * measurement, N, mean, SD, min, max), the per-period table (indicator × period)]; either is
 * undefined when the run has no such rows (a cross-section has no per-period table).
 */
export function descriptivesPaperTables(c: PaperContext): [PaperTable | undefined, PaperTable | undefined] {
  const t = c.table(DESCRIPTIVES.name);
  if (!t) return [undefined, undefined];
  const r = DESCRIPTIVES.read(t);
  const stats = ['n', 'mean', 'sd', 'min', 'max'] as const;
  const hasPeriod = r.has('period');
  const pooled = r.rows.filter((x) => !hasPeriod || x.period === POOLED);
  const byPeriod = hasPeriod ? r.rows.filter((x) => x.period !== POOLED) : [];
  const withMeasure = pooled.some((x) => x.measure !== null && x.measure !== '');
  const note = L(
    c,
    '注：指标取原始值（经分母处理，未经插补与标准化）；观测数为非缺失值个数；标准差为样本标准差（分母为 n − 1）。',
    'Note: indicators as observed (after the denominate step, before imputation and normalisation); N counts the non-missing values; SD is the sample standard deviation (denominator n − 1).',
  );
  const periods = [...new Set(byPeriod.map((x) => String(x.period)))];
  const [p0, p1] = [periods[0], periods[periods.length - 1]];
  const years = periods.length > 0 && /^\d{4}$/.test(p0) && /^\d{4}$/.test(p1);
  const span = !periods.length ? '' : years ? `${p0}—${p1} 年` : `${c.period(p0)}—${c.period(p1)}`;
  const first: PaperTable = {
    caption: L(c, `指标描述性统计${span ? `（${span}）` : ''}`, `Descriptive statistics of the indicators${span ? `, ${p0}–${p1}` : ''}`),
    ...DESCRIPTIVES.paper(['indicator', ...(withMeasure ? (['measure'] as const) : []), ...stats], c.lang),
    rows: pooled.map((x) => [paperCell(c, DESCRIPTIVES, 'indicator', x.indicator), ...(withMeasure ? [x.measure] : []), ...stats.map((k) => x[k])]),
    notes: [note],
  };
  const second: PaperTable | undefined = byPeriod.length
    ? {
        caption: L(c, '分时期的指标描述性统计', 'Descriptive statistics of the indicators by period'),
        ...DESCRIPTIVES.paper(['indicator', 'period', ...stats], c.lang),
        rows: byPeriod.map((x, i) => [
          i > 0 && byPeriod[i - 1].indicator === x.indicator ? '' : paperCell(c, DESCRIPTIVES, 'indicator', x.indicator),
          x.period,
          ...stats.map((k) => x[k]),
        ]),
        notes: [note],
      }
    : undefined;
  return [first.rows.length ? first : undefined, second];
}
