/**
 * Geographical-detector figures (src/report/charts/spatial-detector.ts): the q bar chart and the interaction heat map
 * built from the declared detector tables, zh and en, through the spatial chart family (figures/ and the workbench draw
 * it, in the section spatial_models).
 */
import { describe, expect, it } from 'vitest';
import type { RunBundle } from '../../src/report/bundle.js';
import { CHART_FAMILIES } from '../../src/report/charts/index.js';
import { detectorCharts } from '../../src/report/charts/spatial-detector.js';

// biome-ignore lint/suspicious/noExplicitAny: chart options are untyped JSON
type Any = Record<string, any>;

const bundle: RunBundle = {
  run: { nqpf: 'test', seed: 1, synthetic: false, spec: {}, inputs: [] } as unknown as RunBundle['run'],
  tables: new Map([
    [
      'spatial_detector_factor',
      {
        name: 'spatial_detector_factor',
        header: ['spec', 'period', 'factor', 'method', 'strata', 'n', 'q', 'f', 'lambda', 'p'],
        rows: [
          ['2022', 2022, 'region', 'category', 4, 31, 0.62, 10, 3, 0.001],
          ['2022', 2022, 'rd_fte', 'quantile', 4, 31, 0.35, 4, 1, 0.04],
          ['2022', 2022, 'papers', 'optimal', 5, 31, 0.1, 1, 0.2, 0.5],
        ],
      },
    ],
    [
      'spatial_detector_interaction',
      {
        name: 'spatial_detector_interaction',
        header: ['spec', 'factor1', 'factor2', 'q1', 'q2', 'q12', 'strata', 'type'],
        rows: [
          ['2022', 'region', 'rd_fte', 0.62, 0.35, 0.8, 12, 'bi-enhance'],
          ['2022', 'region', 'papers', 0.62, 0.1, 0.75, 14, 'nonlinear-enhance'],
          ['2022', 'rd_fte', 'papers', 0.35, 0.1, 0.4, 10, 'bi-enhance'],
        ],
      },
    ],
  ]),
};

describe('geographical detector figures', () => {
  it('q bars sorted with stars; interaction matrix with q on the diagonal; zh and en titles', () => {
    const en = detectorCharts(bundle, 'en');
    const zh = detectorCharts(bundle, 'zh');
    expect(en.map((c) => c.id)).toEqual(['spatial_detector_q_2022', 'spatial_detector_interaction_2022']);
    expect(zh.map((c) => c.titleZh)).toEqual(['2022：地理探测器因子 q 值', '2022：地理探测器交互作用 q(X1∩X2)']);
    const bars = en[0].option as Any;
    expect(bars.yAxis.data).toEqual(['papers', 'rd_fte', 'region']);
    expect(bars.series[0].data.map((d: Any) => d.label.formatter)).toEqual(['0.100', '0.350**', '0.620***']);
    const heat = en[1].option as Any;
    expect(heat.xAxis.data).toEqual(['region', 'rd_fte', 'papers']);
    const cells = heat.series[0].data.map((d: Any) => d.value);
    expect(cells).toContainEqual([0, 1, 0.8]);
    expect(cells).toContainEqual([1, 2, 0.4]);
    expect(cells).toContainEqual([0, 0, 0.62]);
    expect(cells).toContainEqual([2, 2, 0.1]);
    expect(cells).toHaveLength(6);
  });

  it('drawn by the spatial family; nothing without the tables', () => {
    expect(CHART_FAMILIES.spatial(bundle, 'en').map((c) => c.id)).toContain('spatial_detector_interaction_2022');
    expect(new Set(detectorCharts(bundle, 'en').map((c) => c.section))).toEqual(new Set(['spatial_models']));
    expect(detectorCharts({ run: bundle.run, tables: new Map() }, 'en')).toEqual([]);
  });
});
