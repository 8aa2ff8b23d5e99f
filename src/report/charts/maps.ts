/**
 * Map figures (kind 'map'), drawn when the caller passes the run's map geometry
 * (`ChartOptions.map`, chosen by `reportGeoForRun` as for the report):
 * - `map_score_<period>`: choropleth of the analysed score in the first and the latest period, on
 *   one colour scale over all periods (from `ranks`), so the two maps compare;
 * - `map_lisa`: LISA clusters of the latest period (HH/LL/HL/LH at the run's significance, else
 *   not significant; from `spatial_local`'s `cluster`), labels in the chart language (高-高 …);
 * - `map_coupling`: the ten coupling coordination classes of the latest period (from `coupling`);
 * - `map_efficiency`: DEA efficiency of the latest period (from `efficiency_scores`; the model named by
 *   `analyses.score`, else the first), one colour scale over all periods.
 * Units are matched to features with the report's rules (`matchUnitsToFeatures`); a China map
 * says it is a schematic map (no 审图号). The renderer needs the geometry registered under
 * `mapName` (`echarts.registerMap`).
 */
import { COORDINATION_CLASSES } from '../../analysis/coupling/coupling.js';
import { lisaLabel } from '../../analysis/spatial/labels.js';
import type { RunBundle } from '../bundle.js';
import { matchUnitsToFeatures } from '../geo/match.js';
import { shownModel } from './efficiency-data.js';
import { analysisScore, chartContext, ci, fmt, getter, makeSpec, num, periodsOf, scoreRows, str, table, titled } from './common.js';
import { withOutlines } from './outlines.js';
import { TITLES } from './titles.js';
import type { ChartLang, ChartOptions, ChartSpec } from './types.js';

/** Sequential colours of the score map (light = low), ColorBrewer YlGnBu. */
const SCORE_COLOURS = ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'];
/** Sequential colours of the efficiency map (light = low), ColorBrewer OrRd. */
const EFFICIENCY_COLOURS = ['#fff7ec', '#fdd49e', '#fc8d59', '#d7301f', '#7f0000'];
/** LISA cluster colours (as the report's map). */
const LISA_COLOURS: Record<string, string> = { HH: '#c23b3b', LL: '#2f6fb0', HL: '#f4a582', LH: '#92c5de', ns: '#d9d9d9' };
/** Coupling classes 1 (extreme imbalance, dark red) … 10 (high-quality coordination, dark blue), as the report's map. */
const CLASS_COLOURS = ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'];

function mapSeries(mapName: string, data: Record<string, unknown>[]): Record<string, unknown> {
  return {
    type: 'map',
    map: mapName,
    top: 80,
    bottom: 40,
    left: 150,
    right: 20,
    roam: false,
    // A figure is a static picture: no label in any state (ECharts' defaults show the region's name on
    // hover and selection, and build a hidden text for each region to do so), no selection.
    select: { disabled: true, label: { show: false } },
    emphasis: { label: { show: false } },
    label: { show: false },
    itemStyle: { borderColor: '#ffffff', borderWidth: 0.6, areaColor: '#eeeeee' },
    data,
  };
}

/** Legend of a map's classes: at the left, above the footer (no `text`: ECharts then hides the piece labels). */
function pieces(ps: { value: number; label: string; color: string }[]): Record<string, unknown> {
  return {
    type: 'piecewise',
    left: 12,
    bottom: 40,
    orient: 'vertical',
    itemWidth: 16,
    itemHeight: 11,
    showLabel: true,
    textStyle: { fontSize: 11 },
    pieces: ps,
  };
}

export function mapCharts(bundle: RunBundle, lang: ChartLang, opts: ChartOptions = {}): ChartSpec[] {
  const geo = opts.map;
  if (!geo) return [];
  const ctx = chartContext(bundle, lang, opts);
  const out: ChartSpec[] = [];
  const feature = (() => {
    const units = new Set<string>();
    for (const name of ['ranks', 'spatial_local', 'coupling', 'efficiency_scores']) {
      const t = table(bundle, name);
      const j = t ? ci(t, 'unit') : -1;
      if (t && j >= 0) for (const r of t.rows) units.add(str(r[j]));
    }
    return matchUnitsToFeatures([...units], geo.features, { idProperty: geo.idProperty }).featureOf;
  })();
  const chinaMap = geo.kind === 'china' || geo.kind === 'china-cities';
  const schematic = chinaMap ? ctx.t('示意图，非标准地图（无审图号）', 'schematic map, not an officially approved map') : '';
  const sub = (s: string): string => [s, schematic].filter((x) => x !== '').join(ctx.t('；', '; '));
  const spec = (a: { id: string; section: string; titleZh: string; titleEn: string; subtitle: string; option: Record<string, unknown> }): ChartSpec => ({
    ...makeSpec(ctx, { ...a, option: withOutlines(a.option, geo.outlines), width: 900, height: 720 }),
    kind: 'map',
    mapName: geo.mapName,
  });

  // Score maps: first and latest period, one colour scale.
  const ranks = table(bundle, 'ranks');
  const score = ctx.score;
  if (ranks && score && ci(ranks, score) >= 0) {
    const g = getter(ranks);
    const periods = periodsOf(ranks);
    const shown = periods.length === 0 ? [undefined] : [...new Set([periods[0], periods[periods.length - 1]])];
    const vals = ranks.rows.map((r) => num(g(r, score))).filter(Number.isFinite);
    if (vals.length) {
      const lo = Math.min(...vals);
      const hi = Math.max(...vals);
      const sBi = { zh: ctx.nodeZh(score), en: ctx.nodeEn(score) };
      for (const p of shown) {
        const data = ranks.rows
          .filter((r) => p === undefined || str(g(r, 'period')) === p)
          .filter((r) => feature.has(str(g(r, 'unit'))) && Number.isFinite(num(g(r, score))))
          .map((r) => ({ name: feature.get(str(g(r, 'unit'))), value: num(g(r, score)) }));
        if (!data.length) continue;
        out.push(
          spec({
            id: p === undefined ? 'map_score' : `map_score_${p.replace(/[^A-Za-z0-9_-]/g, '_')}`,
            section: 'results',
            ...titled(TITLES.scoreMap(sBi, p)),
            subtitle: sub(
              ctx.t(`颜色范围为各期共同范围 ${fmt(lo)}–${fmt(hi)}；灰色 = 无数据`, `one colour scale over all periods, ${fmt(lo)}–${fmt(hi)}; grey = no data`),
            ),
            option: {
              visualMap: {
                type: 'continuous',
                min: lo,
                max: hi,
                left: 12,
                bottom: 40,
                itemHeight: 160,
                calculable: false,
                precision: 3,
                text: [fmt(hi), fmt(lo)],
                textStyle: { fontSize: 11 },
                inRange: { color: SCORE_COLOURS },
              },
              series: [mapSeries(geo.mapName, data)],
            },
          }),
        );
      }
    }
  }

  // LISA clusters of the latest period.
  const loc = table(bundle, 'spatial_local');
  if (loc && ci(loc, 'cluster') >= 0) {
    const s = analysisScore(loc, bundle, opts);
    const g = getter(loc);
    const periods = periodsOf(loc);
    const p = periods[periods.length - 1];
    const cats = ['HH', 'LL', 'HL', 'LH', 'ns'];
    const data = scoreRows(loc, s)
      .filter((r) => p === undefined || str(g(r, 'period')) === p)
      .filter((r) => feature.has(str(g(r, 'unit'))) && cats.includes(str(g(r, 'cluster'))))
      .map((r) => ({ name: feature.get(str(g(r, 'unit'))), value: cats.indexOf(str(g(r, 'cluster'))) }));
    if (data.length) {
      const sBi = s ? { zh: ctx.nodeZh(s), en: ctx.nodeEn(s) } : { zh: '', en: '' };
      out.push(
        spec({
          id: 'map_lisa',
          section: 'spatial',
          ...titled(TITLES.lisa(sBi, p)),
          subtitle: sub(ctx.t('局部 Moran 指数的显著集聚；灰色 = 不显著', 'significant local Moran clusters; grey = not significant')),
          option: {
            visualMap: pieces(cats.map((c, i) => ({ value: i, label: lisaLabel(c, lang), color: LISA_COLOURS[c] }))),
            series: [mapSeries(geo.mapName, data)],
          },
        }),
      );
    }
  }

  // Coupling coordination classes of the latest period.
  const cp = table(bundle, 'coupling');
  if (cp && ci(cp, 'class') >= 0) {
    const g = getter(cp);
    const periods = periodsOf(cp);
    const p = periods[periods.length - 1];
    const data = cp.rows
      .filter((r) => p === undefined || str(g(r, 'period')) === p)
      .filter((r) => feature.has(str(g(r, 'unit'))) && num(g(r, 'class')) >= 1)
      .map((r) => ({ name: feature.get(str(g(r, 'unit'))), value: num(g(r, 'class')) }));
    if (data.length) {
      out.push(
        spec({
          id: 'map_coupling',
          section: 'coupling',
          ...titled(TITLES.couplingMap(p)),
          subtitle: sub(ctx.t('耦合协调度 D 的十个等级', 'the ten classes of the coordination degree D')),
          option: {
            visualMap: pieces(
              CLASS_COLOURS.map((c, i) => ({
                value: i + 1,
                label: `${i + 1} ${ctx.t(COORDINATION_CLASSES[i].zh, COORDINATION_CLASSES[i].en)}`,
                color: c,
              })).reverse(),
            ),
            series: [mapSeries(geo.mapName, data)],
          },
        }),
      );
    }
  }
  // Efficiency scores (DEA) of the latest period: the analysed score's model, else the first; one colour scale over all periods.
  const ef = table(bundle, 'efficiency_scores');
  const analysed = (bundle.run.spec.analyses as { score?: unknown } | undefined)?.score;
  const model = ef && shownModel(ef, typeof analysed === 'string' ? analysed : undefined);
  if (ef && model !== undefined && ci(ef, 'efficiency') >= 0) {
    const g = getter(ef);
    const mine = ef.rows.filter((r) => str(g(r, 'model')) === model && Number.isFinite(num(g(r, 'efficiency'))));
    const periods = periodsOf(ef);
    const p = periods[periods.length - 1];
    const vals = mine.map((r) => num(g(r, 'efficiency')));
    const data = mine
      .filter((r) => (p === undefined || str(g(r, 'period')) === p) && feature.has(str(g(r, 'unit'))))
      .map((r) => ({ name: feature.get(str(g(r, 'unit'))), value: num(g(r, 'efficiency')) }));
    if (data.length) {
      const lo = Math.min(...vals);
      const hi = Math.max(...vals);
      out.push(
        spec({
          id: 'map_efficiency',
          section: 'efficiency',
          ...titled(TITLES.efficiencyMap({ zh: ctx.nodeZh(model), en: ctx.nodeEn(model) }, p)),
          subtitle: sub(
            ctx.t(
              `DEA 效率得分；颜色范围为各期共同范围 ${fmt(lo)}–${fmt(hi)}；灰色 = 无数据`,
              `DEA efficiency; one colour scale over all periods, ${fmt(lo)}–${fmt(hi)}; grey = no data`,
            ),
          ),
          option: {
            visualMap: {
              type: 'continuous',
              min: lo,
              max: hi,
              left: 12,
              bottom: 40,
              itemHeight: 160,
              calculable: false,
              precision: 3,
              text: [fmt(hi), fmt(lo)],
              textStyle: { fontSize: 11 },
              inRange: { color: EFFICIENCY_COLOURS },
            },
            series: [mapSeries(geo.mapName, data)],
          },
        }),
      );
    }
  }
  return out;
}
