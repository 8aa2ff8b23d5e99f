/**
 * A run bundle with the tables of analyses.spatial_models that the charts read (two detector specifications — 2022 and
 * 2011–2022 pooled — and the effects of two panel specifications, one with simulated intervals and Lee–Yu rows, one
 * with delta-method SEs only), with a name that is HTML. Used by test/report/spatial-models-view.test.ts and
 * test/browser/spatial-models-report.browser.test.ts.
 */
import type { RunBundle } from '../../src/report/bundle.js';

/** A factor / term name that is HTML. */
export const HOSTILE = '<img src=x onerror=alert(1)>&"\'';
const impHeader = ['spec', 'model', 'estimator', 'term', 'effect', 'estimate', 'se', 'z', 'p', 'se_sim', 'lower', 'upper'];
const imp = (spec: string, model: string, est: string, term: string, effect: string, v: number, se: number, lo: number | null, hi: number | null) => [
  spec,
  model,
  est,
  term,
  effect,
  v,
  se,
  v / se,
  0.01,
  se,
  lo,
  hi,
];

export function spatialBundle(): RunBundle {
  return {
    run: { nqpf: 'test', seed: 1, synthetic: false, spec: {}, inputs: [] } as unknown as RunBundle['run'],
    tables: new Map([
      [
        'spatial_detector_factor',
        {
          name: 'spatial_detector_factor',
          header: ['spec', 'period', 'factor', 'method', 'strata', 'n', 'q', 'f', 'lambda', 'p', 'pooled'],
          rows: [
            ['2022', 2022, 'region', 'category', 4, 31, 0.62, 10, 3, 0.001, null],
            ['2022', 2022, HOSTILE, 'quantile', 4, 31, 0.35, 4, 1, 0.04, null],
            ['2022', 2022, 'papers', 'optimal', 5, 31, 0.1, 1, 0.2, 0.5, null],
            ['2011–2022', '2011–2022', 'region', 'category', 4, 372, 0.33, 60, 1, 1e-28, 12],
            ['2011–2022', '2011–2022', 'papers', 'quantile', 4, 372, 0.58, 170, 2.3, 1e-60, 12],
          ],
        },
      ],
      [
        'spatial_detector_interaction',
        {
          name: 'spatial_detector_interaction',
          header: ['spec', 'factor1', 'factor2', 'q1', 'q2', 'q12', 'strata', 'type'],
          rows: [
            ['2022', 'region', HOSTILE, 0.62, 0.35, 0.8, 12, 'bi-enhance'],
            ['2022', 'region', 'papers', 0.62, 0.1, 0.75, 14, 'nonlinear-enhance'],
            ['2022', HOSTILE, 'papers', 0.35, 0.1, 0.4, 10, 'bi-enhance'],
            ['2011–2022', 'region', 'papers', 0.33, 0.58, 0.7, 16, 'bi-enhance'],
          ],
        },
      ],
      [
        'spatial_panel_impacts',
        {
          name: 'spatial_panel_impacts',
          header: impHeader,
          rows: [
            imp('FE', 'sar', 'ml', 'x1', 'direct', 0.5, 0.1, 0.31, 0.7),
            imp('FE', 'sar', 'ml', 'x1', 'indirect', 0.2, 0.05, 0.1, 0.3),
            imp('FE', 'sar', 'ml', 'x1', 'total', 0.7, 0.15, 0.4, 1),
            imp('FE', 'sar', 'lee_yu', 'x1', 'direct', 0.52, 0.1, 0.33, 0.72),
            imp('FE', 'sar', 'lee_yu', 'x1', 'indirect', 0.21, 0.05, 0.11, 0.31),
            imp('FE', 'sar', 'lee_yu', 'x1', 'total', 0.73, 0.15, 0.43, 1.03),
            // no simulated interval: ±1.96 delta-method SEs
            imp('TWFE', 'sdm', 'ml', HOSTILE, 'direct', -0.4, 0.1, null, null),
            imp('TWFE', 'sdm', 'ml', HOSTILE, 'indirect', 0.1, 0.2, null, null),
            imp('TWFE', 'sdm', 'ml', HOSTILE, 'total', -0.3, 0.25, null, null),
          ],
        },
      ],
    ]),
  };
}
