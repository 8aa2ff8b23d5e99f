import { z } from 'zod';
import { cite, methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { allMissing, extent, scopeShort, subjectOf, zeroRange } from './common.js';

/**
 * `ampi`: the rescaling of the adjusted Mazziotta–Pareto index (AMPI; Mazziotta & Pareto 2016, as
 * R Compind's `ci_ampi`): goalposts Inf = Ref − Δ and Sup = Ref + Δ around a reference value Ref,
 * with Δ = (max − min)/2, then
 *
 *   direction +1:  r = (x − Inf)/(Sup − Inf) · 60 + 70        direction −1:  r = (Sup − x)/(Sup − Inf) · 60 + 70
 *
 * so the reference scores 100 and the values lie in about [70, 130]. Ref is the mean of the
 * non-missing values passed and min/max are taken over them: with scope pooled (the default) that
 * is the mean and range over all unit-periods, so a score of 100 means "the average of the whole
 * panel" and scores are comparable over time, as the AMPI intends; with scope period each period
 * is centred on its own mean. NaN stays NaN; all-NaN gives all NaN; zero range fails with
 * `E_ZERO_RANGE`. Cost O(n). Aggregate with `ampi` (mean minus the variability penalty).
 *
 * Reference: Mazziotta M., Pareto A. (2016) "On a generalized non-compensatory composite index for
 * measuring socio-economic phenomena", Social Indicators Research 127(3):983–1003; Compind
 * `ci_ampi` (normalisation with user goalposts). Tested against values derived by hand in
 * test/pipeline/normalise/ampi.test.ts.
 */
export const ampi = defineNormalise({
  name: 'ampi',
  title: { en: 'AMPI rescaling (goalposts around 100)', zh: 'AMPI 标准化（以 100 为基准的阈值法）' },
  options: z.strictObject({}),
  run(x, o) {
    const e = extent(x);
    if (e.n === 0) return allMissing(x);
    if (!(e.max > e.min)) zeroRange('ampi', 'the range (max − min)', e.min, e.n);
    let s = 0;
    for (let i = 0; i < x.length; i++) if (x[i] === x[i]) s += x[i];
    let ref = s / e.n;
    let c = 0; // second pass of the corrected mean
    for (let i = 0; i < x.length; i++) if (x[i] === x[i]) c += x[i] - ref;
    ref += c / e.n;
    const delta = (e.max - e.min) / 2;
    const inf = ref - delta;
    const sup = ref + delta;
    const span = sup - inf;
    const out = new Float64Array(x.length);
    if (o.direction === 1) for (let i = 0; i < x.length; i++) out[i] = ((x[i] - inf) / span) * 60 + 70;
    else for (let i = 0; i < x.length; i++) out[i] = ((sup - x[i]) / span) * 60 + 70;
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = scopeShort(o, ctx);
    return methodText(
      `${subj.zh}采用调整的 Mazziotta–Pareto 方法（AMPI）标准化${cite('ampi')}：以均值为参照值 Ref，门槛值 Inf = Ref − Δ、Sup = Ref + Δ（Δ = ` +
        `(max − min)/2），正向指标 r_ij = (x_ij − Inf)/(Sup − Inf) × 60 + 70，负向指标 r_ij = (Sup − x_ij)/(Sup − Inf) × 60 + 70，参照值对应 100，${sc.zh}。`,
      `${subj.en} rescaled as in the adjusted Mazziotta–Pareto index (AMPI)${cite('ampi')}: with the mean as ` +
        'reference Ref and goalposts Inf = Ref − Δ and Sup = Ref + Δ (Δ = (max − min)/2), r_ij = (x_ij − Inf)/(Sup − ' +
        'Inf) × 60 + 70 for positive indicators and (Sup − x_ij)/(Sup − Inf) × 60 + 70 for negative ones, so the ' +
        `reference scores 100, ${sc.en}.`,
    );
  },
});
