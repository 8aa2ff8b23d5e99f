/**
 * The normalisation the built-in NQPF frameworks are measured with: min-max onto [0, 1] over all
 * unit-periods (pooled), as the Chinese NQPF literature they follow does (熵值法 on 极差标准化
 * values in [0, 1]; scores read as levels between 0 and 1, which the obstacle degree and the
 * coupling coordination degree also expect). It is written into the spec of a project built on a
 * built-in framework — by `nqpf init` and by the workbench's new project — so it is visible and
 * editable there; the spec's own default stays COINr's [0, 100] (schema: steps.normalise.range).
 * Plain data, also loaded in the browser.
 */
export const NQPF_NORMALISE = { method: 'minmax', range: [0, 1], scope: 'pooled' } as const satisfies {
  method: 'minmax';
  range: readonly [number, number];
  scope: 'pooled' | 'period';
};
