/**
 * The executor passes what a normalisation reported about its output (min-max: the extent, the
 * images of the input's extremes) to aggregation, so that TOPSIS need not read the normalised
 * columns for its ideal and anti-ideal. The scores must be the same bits as when every extent is
 * read from the columns: the same kernels called one after another without an execution context.
 */
import { describe, expect, it } from 'vitest';
import { buildFramework } from '../../src/core/framework.js';
import type { Panel } from '../../src/core/panel.js';
import { Rng } from '../../src/core/rng.js';
import { aggregateTopsis } from '../../src/pipeline/aggregate/index.js';
import { resolveLog } from '../../src/pipeline/log.js';
import { normaliseMinmax } from '../../src/pipeline/normalise/index.js';
import { minmax } from '../../src/pipeline/normalise/minmax.js';
import { constructPhase, executeLog } from '../../src/pipeline/run.js';
import { weightEntropy } from '../../src/pipeline/weight/index.js';
import { extent } from '../../src/pipeline/normalise/common.js';
import { StepsSpec } from '../../src/spec/schema.js';

function panel(nU: number, nT: number, codes: string[], seed: number): Panel {
  const rng = Rng.create(seed);
  const values = new Map<string, Float64Array>();
  codes.forEach((c, j) => {
    values.set(
      c,
      Float64Array.from({ length: nU * nT }, (_, i) => (j % 3 === 1 && i % 17 === 5 ? NaN : Math.exp(rng.normal()) * (j + 1) - (j % 4 === 2 ? 3 : 0))),
    );
  });
  return {
    units: Array.from({ length: nU }, (_, u) => `u${u}`),
    periods: Array.from({ length: nT }, (_, t) => String(2000 + t)),
    periodValues: Array.from({ length: nT }, (_, t) => 2000 + t),
    hasPeriod: true,
    indicators: codes,
    values,
    attributes: new Map(),
  };
}

describe('normalisation facts reused by aggregation', () => {
  for (const [nU, nT, range] of [
    [40, 3, [0, 1]],
    [700, 4, [0, 100]],
  ] as const) {
    it(`pooled min-max ${JSON.stringify(range)} + entropy + TOPSIS (pooled ideal), ${nU} units × ${nT} periods, NaN cells, directions ±1: the same bits as the kernels without the executor`, () => {
      const codes = Array.from({ length: 9 }, (_, j) => `x${j + 1}`);
      const dir = (j: number): 1 | -1 => (j % 3 === 2 ? -1 : 1);
      const framework = buildFramework([{ code: 'I' }, ...codes.map((c, j) => ({ code: c, parent: 'I', direction: dir(j) }))]);
      const raw = panel(nU, nT, codes, nU);
      const steps = StepsSpec.parse({
        normalise: { method: 'minmax', range: [...range], scope: 'pooled' },
        weight: { method: 'entropy', scope: 'global', pooling: 'pooled' },
        aggregate: { method: 'topsis', ideal: 'pooled' },
      });
      const log = resolveLog(steps, framework);
      // the executor knows every normalised column's extent, and it is extent() of the column
      const st = constructPhase({ raw, framework, log });
      for (const c of codes) expect(st.extents.get(st.datasets.normalised.values.get(c)!)).toEqual(extent(st.datasets.normalised.values.get(c)!));
      const result = executeLog({ raw, framework, log });
      const got = result.datasets.aggregated.values.get('I')!;
      const cols = codes.map((c, j) => normaliseMinmax(raw.values.get(c)!, { direction: dir(j), range: [...range] }));
      // the entropy weights, as the executor rescales them within the node (its weights table)
      const entropyW = weightEntropy(cols, {}).weights;
      const w = Float64Array.from(codes, (c) => result.weights.find((r) => r.node === c)!.effective);
      entropyW.forEach((v, j) => expect(Math.abs(v - w[j])).toBeLessThan(1e-15));
      const want = aggregateTopsis(cols, w, { ideal: 'pooled' });
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(got.some((v) => Number.isNaN(v))).toBe(true);
      expect(got.filter((v) => v === v).length).toBeGreaterThan(nU);
    });
  }
});

describe('imputation counts that read the extent min-max takes (NormaliseFacts.input)', () => {
  for (const [impute, unitThreshold] of [
    ['none', 0],
    ['period_mean', 0],
    ['none', 0.99],
  ] as const) {
    it(`impute ${impute}, unit screening ${unitThreshold}: imputation rows count the missing values, normalised columns are the kernel's bits, the kept extent is extent()`, () => {
      const nU = 300;
      const nT = 3;
      const codes = Array.from({ length: 6 }, (_, j) => `x${j + 1}`);
      const dir = (j: number): 1 | -1 => (j % 3 === 2 ? -1 : 1);
      const framework = buildFramework([{ code: 'I' }, ...codes.map((c, j) => ({ code: c, parent: 'I', direction: dir(j) }))]);
      const raw = panel(nU, nT, codes, 11);
      const steps = StepsSpec.parse({
        impute: { method: impute },
        screen: { unitThreshold },
        normalise: { method: 'minmax', range: [0, 1], scope: 'pooled' },
        weight: { method: 'entropy', scope: 'global', pooling: 'pooled' },
        aggregate: { method: 'topsis', ideal: 'pooled' },
      });
      const log = resolveLog(steps, framework);
      const st = constructPhase({ raw, framework, log });
      const imputed = st.datasets.imputed.values;
      const count = (x: Float64Array) => x.filter((v) => Number.isNaN(v)).length;
      for (const [j, c] of codes.entries()) {
        const row = st.imputation.find((r) => r.indicator === c)!;
        expect(row.missingBefore).toBe(count(raw.values.get(c)!));
        expect(row.missingAfter).toBe(count(imputed.get(c)!));
        expect(row.filled).toBe(row.missingBefore - row.missingAfter);
        expect(st.stages!.early.extents.get(imputed.get(c)!)).toEqual(extent(imputed.get(c)!));
        const x = st.datasets.treated.values.get(c)!;
        const want = normaliseMinmax(x, { direction: dir(j), range: [0, 1] });
        expect(Array.from(st.datasets.normalised.values.get(c)!)).toEqual(Array.from(want));
      }
      if (impute === 'period_mean') expect(st.imputation.some((r) => r.filled > 0)).toBe(true);
      if (unitThreshold > 0) expect(st.datasets.screened.units.length).toBeLessThan(nU);
    });
  }
});

describe('pooled min-max columns written into one allocation (NormaliseFacts.out)', () => {
  it('without a column pool the normalised columns are disjoint slices of one buffer, with the bits of a fresh array each; an all-missing column is NaN in its slice', () => {
    const nU = 50;
    const nT = 3;
    const codes = Array.from({ length: 5 }, (_, j) => `x${j + 1}`);
    const dir = (j: number): 1 | -1 => (j % 2 ? -1 : 1);
    const framework = buildFramework([{ code: 'I' }, ...codes.map((c, j) => ({ code: c, parent: 'I', direction: dir(j) }))]);
    const raw = panel(nU, nT, codes, 5);
    const log = resolveLog(StepsSpec.parse({ normalise: { method: 'minmax', range: [0, 1], scope: 'pooled' } }), framework);
    const st = constructPhase({ raw, framework, log });
    const cols = codes.map((c) => st.datasets.normalised.values.get(c)!);
    const buffer = cols[0].buffer;
    const starts = new Set<number>();
    for (const [j, col] of cols.entries()) {
      expect(col.buffer).toBe(buffer);
      expect(col.length).toBe(nU * nT);
      starts.add(col.byteOffset);
      // the same bits as the kernel's own fresh array (NaN where the input is NaN)
      expect(Array.from(col)).toEqual(Array.from(normaliseMinmax(st.datasets.treated.values.get(codes[j])!, { direction: dir(j), range: [0, 1] })));
    }
    expect(starts.size).toBe(codes.length);
    expect(buffer.byteLength).toBe(codes.length * nU * nT * 8);
  });

  it('minmax fills the given array and returns it; all NaN input fills it with NaN', () => {
    const out = new Float64Array(3);
    const e = extent(Float64Array.of(1, 2, 5));
    expect(minmax.run(Float64Array.of(1, 2, 5), { direction: 1, range: [0, 100] }, { input: e, out })).toBe(out);
    expect(Array.from(out)).toEqual([0, 25, 100]);
    const none = new Float64Array(2);
    expect(minmax.run(Float64Array.of(NaN, NaN), { direction: 1, range: [0, 1] }, { out: none })).toBe(none);
    expect(Array.from(none)).toEqual([NaN, NaN]);
  });
});
