/**
 * A small run bundle with every table the report's charts read, whose unit, group, indicator,
 * dimension and factor names are hostile strings (markup, quotes, ampersands): for the chart-layer
 * tests (tooltips escape every name; figures and report charts of the same chart share a title).
 */
import type { ReportCell, RunBundle } from '../../src/report/bundle.js';
import type { ReportGeo } from '../../src/report/geo/index.js';

/** A map with one square per unit, matched through the `unit` property; feature names are hostile too. */
export function hostileGeo(): ReportGeo {
  return {
    kind: 'custom',
    mapName: 'nqpf-custom',
    source: 'test',
    licence: 'none',
    idProperty: 'unit',
    features: {
      type: 'FeatureCollection',
      features: HOSTILE_UNITS.map((u, i) => ({
        type: 'Feature',
        properties: { name: `<img src=x onerror=1> f${i}`, unit: u },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [i, 0],
              [i + 1, 0],
              [i + 1, 1],
              [i, 1],
              [i, 0],
            ],
          ],
        },
      })),
    } as unknown as ReportGeo['features'],
  };
}

export const HOSTILE_UNITS = ['<img src=x onerror="window.__xss=1">', '"><script>window.__xss=2</script>', `Tom & Jerry's`, 'plain'];
export const HOSTILE_GROUPS = ['<b>East</b>', `"West" & 'co'`];
export const HOSTILE_FACTORS = ['<svg onload=x>', 'w"><i>'];
export const NODES: Record<string, { parent: string | null; type: string; zh: string; en: string }> = {
  IDX: { parent: null, type: 'aggregate', zh: '指数<img src=x>', en: 'Index "<script>"' },
  D1: { parent: 'IDX', type: 'aggregate', zh: '维度一<u>', en: "Dim 'one' & <b>" },
  D2: { parent: 'IDX', type: 'aggregate', zh: '维度二', en: 'Dim <i>two</i>' },
  D3: { parent: 'IDX', type: 'aggregate', zh: '维度三&', en: 'Dim three' },
  i1: { parent: 'D1', type: 'indicator', zh: '指标一<img>', en: 'ind "one"' },
  i2: { parent: 'D2', type: 'indicator', zh: '指标二', en: "ind 'two' <u>" },
  i3: { parent: 'D3', type: 'indicator', zh: '指标三<br>', en: 'ind <svg> three' },
};
const PERIODS = [2020, 2021, 2022];
const SCORES = ['IDX', 'D1', 'D2', 'D3'];
const groupOf = (i: number) => HOSTILE_GROUPS[i % 2];
const v = (i: number, k: number, s = 0) => Math.round(1000 * (0.2 + 0.15 * i + 0.05 * k + 0.03 * s)) / 1000;

export function hostileRunBundle(): RunBundle {
  const tables = new Map<string, { name: string; header: string[]; rows: ReportCell[][] }>();
  const put = (name: string, header: string[], rows: ReportCell[][]) => tables.set(name, { name, header, rows });
  const eachUP = (f: (u: string, i: number, p: number, k: number) => ReportCell[]) => PERIODS.flatMap((p, k) => HOSTILE_UNITS.map((u, i) => f(u, i, p, k)));
  const inds = Object.keys(NODES).filter((c) => NODES[c].type === 'indicator');
  const dims = ['D1', 'D2', 'D3'];

  put(
    'framework',
    ['code', 'parent', 'level', 'type', 'nameZh', 'nameEn'],
    Object.entries(NODES).map(([c, x]) => [c, x.parent, x.type === 'indicator' ? 1 : 2, x.type, x.zh, x.en]),
  );
  put(
    'weights',
    ['node', 'name', 'parent', 'level', 'nominal', 'effective', 'global', 'method'],
    Object.entries(NODES).map(([c, x]) => [c, x.en, x.parent ?? '', 0, 1 / 3, 1 / 3, x.parent === null ? 1 : 1 / 3, 'equal']),
  );
  put(
    'data_raw',
    ['unit', 'period', ...inds],
    eachUP((u, i, p, k) => [u, p, ...inds.map((_, j) => ((i + k + j) % 5 === 0 ? null : v(i, k, j)))]),
  );
  put(
    'ranks',
    ['unit', 'period', 'region', ...SCORES.flatMap((s) => [s, `${s}_rank`, `${s}_group_rank`])],
    eachUP((u, i, p, k) => [u, p, groupOf(i), ...SCORES.flatMap((_, s) => [v(i, k, s), HOSTILE_UNITS.length - i, 2 - Math.floor(i / 2)])]),
  );
  put(
    'inequality',
    [
      'score',
      'period',
      'n',
      'mean',
      'gini',
      'cv',
      'dagum_G',
      'dagum_Gw',
      'dagum_Gnb',
      'dagum_Gt',
      'share_Gw',
      'share_Gnb',
      'share_Gt',
      'theil_T',
      'theil_T_within',
      'theil_T_between',
      'theil_T_between_share',
      'theil_L',
    ],
    PERIODS.map((p, k) => ['IDX', p, 4, 0.5, 0.2 + k / 100, 0.4, 0.2, 0.05, 0.1, 0.05, 0.25, 0.5, 0.25, 0.08, 0.03, 0.05, 0.6, 0.07]),
  );
  put(
    'dagum_groups',
    ['score', 'period', 'group_j', 'group_h', 'kind', 'G_jh', 'D_jh'],
    PERIODS.flatMap((p) => [
      ['IDX', p, HOSTILE_GROUPS[0], HOSTILE_GROUPS[0], 'within', 0.1, null],
      ['IDX', p, HOSTILE_GROUPS[1], HOSTILE_GROUPS[1], 'within', 0.12, null],
      ['IDX', p, HOSTILE_GROUPS[0], HOSTILE_GROUPS[1], 'between', 0.3, 0.5],
    ]),
  );
  put(
    'density',
    ['score', 'period', 'group', 'x', 'density'],
    PERIODS.flatMap((p) => ['all', ...HOSTILE_GROUPS].flatMap((g) => [0, 0.25, 0.5, 0.75, 1].map((x) => ['IDX', p, g, x, 1 + x]))),
  );
  put(
    'markov_transitions',
    ['score', 'condition', 'from_class', 'to_class', 'count', 'probability', 'from_total'],
    ['all', 'lag class 1'].flatMap((c) => [1, 2].flatMap((a) => [1, 2].map((b) => ['IDX', c, a, b, 3, a === b ? 0.75 : 0.25, 4]))),
  );
  put(
    'spatial_global',
    ['score', 'period', 'statistic', 'value', 'expectation', 'z_randomisation', 'p_randomisation', 'p_permutation', 'permutations'],
    PERIODS.map((p, k) => ['IDX', p, 'moran', 0.3 + k / 10, -1 / 3, 2, 0.04, null, 0]),
  );
  put(
    'spatial_local',
    ['score', 'unit', 'period', 'value', 'z', 'lag_z', 'Ii', 'p_Ii', 'p_permutation', 'quadrant', 'cluster'],
    eachUP((u, i, p) => ['IDX', u, p, v(i, 0), i - 1.5, (i - 1.5) / 2, 0.1, 0.2, 0.03, ['LL', 'LH', 'HL', 'HH'][i], i === 3 ? 'HH' : 'ns']),
  );
  put(
    'convergence_sigma',
    ['score', 'period', 'n', 'sd', 'cv', 'sd_log'],
    PERIODS.map((p, k) => ['IDX', p, 4, 0.2 - k / 100, 0.4, 0.3]),
  );
  put(
    'obstacle_indicators',
    ['unit', 'period', ...inds],
    eachUP((u, _i, p) => [u, p, 0.5, 0.3, 0.2]),
  );
  put(
    'obstacle_dimensions',
    ['unit', 'period', ...dims],
    eachUP((u, _i, p) => [u, p, 0.5, 0.3, 0.2]),
  );
  put(
    'coupling',
    ['unit', 'period', ...dims, 'C', 'T', 'D', 'class'],
    eachUP((u, i, p, k) => [u, p, 0.3, 0.4, 0.5, 0.9, 0.4, 0.5 + i / 10 + k / 100, 5 + i]),
  );
  put(
    'uncertainty',
    ['score', 'unit', 'period', 'nominal_rank', 'mean_rank', 'median_rank', 'p05_rank', 'p95_rank', 'mean_abs_rank_shift', 'replications'],
    eachUP((u, i, p) => ['IDX', u, p, i + 1, i + 1.2, i + 1, Math.max(1, i), Math.min(4, i + 2), 0.5, 100]),
  );
  put(
    'sensitivity',
    ['target', 'unit', 'period', 'factor', 'S1', 'S1_lo', 'S1_hi', 'ST', 'ST_lo', 'ST_hi', 'convergence'],
    [
      ...HOSTILE_FACTORS.map((f) => ['mean_abs_rank_shift', '', '', f, 0.4, 0.3, 0.5, 0.6, 0.5, 0.7, 0.01]),
      ...HOSTILE_UNITS.flatMap((u) => HOSTILE_FACTORS.map((f) => ['unit_rank', u, 2022, f, 0.2, null, null, 0.3, null, null, null])),
    ],
  );
  put(
    'leave_one_out',
    ['indicator_removed', 'mean_abs_rank_shift', 'max_abs_rank_shift', 'spearman', 'kendall', 'largest_changes'],
    inds.map((c, j) => [c, 0.5 + j, 2 + j, 0.9, 0.8, `${HOSTILE_UNITS[j]} +${j + 1}`]),
  );
  put(
    'method_comparison',
    ['factor', 'choice', 'spearman', 'kendall', 'mean_abs_rank_shift', 'largest_changes'],
    [[HOSTILE_FACTORS[0], '<i>x</i>', 0.9, 0.8, 0.5, HOSTILE_UNITS[0]]],
  );
  // DEA efficiency (src/lenses/efficiency): scores of model GTFP; GML steps whose geometric means are known by hand —
  // EC 1, 4, 1, 1/4 (mean 1) and TC 2 for every unit (mean 2) in each step, the index EC × TC (mean 2).
  put(
    'efficiency_scores',
    ['model', 'unit', 'period', 'score', 'efficiency', 'efficient', 'status'],
    eachUP((u, i, p, k) => ['GTFP', u, p, 0.5 + 0.1 * i + 0.05 * k, 0.5 + 0.1 * i + 0.05 * k, 0, 'optimal']),
  );
  const EC = [1, 4, 1, 0.25];
  put(
    'efficiency_ml',
    ['model', 'index', 'unit', 'from', 'to', 'ec', 'tc', 'ml', 'cumulative', 'status', 'note'],
    PERIODS.slice(1).flatMap((p, k) => HOSTILE_UNITS.map((u, i) => ['GML', 'gml', u, PERIODS[k], p, EC[i], 2, EC[i] * 2, null, 'optimal', ''])),
  );
  return {
    run: {
      nqpf: '9.9.9',
      title: 'T <b>',
      synthetic: false,
      seed: 1,
      inputs: [{ role: 'data', path: 'd.csv', sha256: 'ab'.repeat(32) }],
      spec: { outputs: { language: 'zh' }, analyses: { score: 'IDX', group: 'region' } },
      warnings: [],
    },
    tables,
  };
}
