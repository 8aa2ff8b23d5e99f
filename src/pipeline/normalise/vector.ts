import { z } from 'zod';
import { methodText } from '../descriptor.js';
import { defineNormalise } from './types.js';
import { allMissing, DIRECTION_TEXT, scopeShort, subjectOf, zeroRange } from './common.js';

/**
 * `vector`: vector (Euclidean-norm) normalisation, as in TOPSIS (Hwang & Yoon 1981):
 *
 *   y = x' / √(Σ x'²),   x' = direction · x,  sum over the non-NaN values
 *
 * so Σ y² = 1. Direction −1 flips the sign (COINr's convention of multiplying by the direction
 * first), which keeps the order reversed; TOPSIS users usually keep +1 and handle cost criteria in
 * the ideal solution instead. NaN stays NaN; all-NaN gives all NaN; an all-zero vector fails with
 * `E_ZERO_RANGE`. Cost O(n). The norm is accumulated with scaling (as BLAS `dnrm2`) so huge or
 * tiny values neither overflow nor underflow.
 *
 * Reference: Hwang & Yoon (1981) "Multiple Attribute Decision Making", TOPSIS step 1; tested
 * against a 3-4-5 triangle and a fast-check property (unit norm).
 */
export const vector = defineNormalise({
  name: 'vector',
  title: { en: 'vector normalisation', zh: '向量归一化' },
  options: z.strictObject({}),
  run(x, o) {
    let n = 0;
    let scale = 0;
    let ssq = 1;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v !== v) continue;
      n++;
      const a = Math.abs(v);
      if (a === 0) continue;
      if (scale < a) {
        ssq = 1 + ssq * (scale / a) * (scale / a);
        scale = a;
      } else ssq += (a / scale) * (a / scale);
    }
    if (n === 0) return allMissing(x);
    const norm = scale * Math.sqrt(ssq);
    if (!(norm > 0)) zeroRange('vector', 'the Euclidean norm', 0, n);
    const out = new Float64Array(x.length);
    const dir = o.direction;
    for (let i = 0; i < x.length; i++) out[i] = (dir * x[i]) / norm;
    return out;
  },
  describe(o, ctx) {
    const subj = subjectOf(ctx);
    const sc = scopeShort(o, ctx);
    return methodText(
      `${subj.zh}采用向量归一化：y_ij = x_ij/√(Σ_i x_ij²)，${sc.zh}，${DIRECTION_TEXT.zh}。`,
      `${subj.en} vector-normalised, y_ij = x_ij/√(Σ_i x_ij²), ${sc.en}; ${DIRECTION_TEXT.en}.`,
    );
  },
});
