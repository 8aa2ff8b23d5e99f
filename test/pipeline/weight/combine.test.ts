import { describe, expect, it } from 'vitest';
import { combineWeights } from '../../../src/pipeline/weight/combine.js';
import { weightMethods } from '../../../src/pipeline/weight/index.js';
import { close } from '../../helpers/shared.js';

describe('combineWeights', () => {
  const a = [0.5, 0.3, 0.2];
  const b = [0.2, 0.2, 0.6];

  it('combineWeights linear is Σ α_k w_k with shares rescaled to 1', () => {
    const w = combineWeights([a, b], [3, 1], 'linear');
    [0.75 * 0.5 + 0.25 * 0.2, 0.75 * 0.3 + 0.25 * 0.2, 0.75 * 0.2 + 0.25 * 0.6].forEach((x, j) => expect(close(w[j], x)).toBe(true));
    const eq = combineWeights([a, b]);
    expect(close(eq[2], 0.4)).toBe(true);
  });

  it('combineWeights multiplicative without shares is the standard 乘法合成 Π w / Σ Π w', () => {
    const w = combineWeights([a, b], undefined, 'multiplicative');
    const p = [0.1, 0.06, 0.12];
    p.forEach((x, j) => expect(close(w[j], x / 0.28)).toBe(true));
  });

  it('combineWeights multiplicative uses shares as exponents (0.5, 0.5 = normalised geometric mean)', () => {
    const w = combineWeights([a, b], [0.5, 0.5], 'multiplicative');
    const g = [Math.sqrt(0.1), Math.sqrt(0.06), Math.sqrt(0.12)];
    const s = g[0] + g[1] + g[2];
    g.forEach((x, j) => expect(close(w[j], x / s)).toBe(true));
  });

  it('combineWeights rescales each set to sum 1 first and refuses bad input', () => {
    const w = combineWeights(
      [
        [5, 3, 2],
        [2, 2, 6],
      ],
      [1, 1],
      'linear',
    );
    expect(close(w[0], 0.35)).toBe(true);
    expect(() => combineWeights([a, [1, 2]], undefined)).toThrowError(expect.objectContaining({ code: 'E_BAD_INPUT' }));
    expect(() => combineWeights([a, b], [1])).toThrowError(expect.objectContaining({ code: 'E_BAD_OPTION' }));
    expect(() => combineWeights([a, [-1, 1, 1]])).toThrowError(expect.objectContaining({ code: 'E_BAD_WEIGHT' }));
    expect(() =>
      combineWeights(
        [
          [1, 0],
          [0, 1],
        ],
        undefined,
        'multiplicative',
      ),
    ).toThrowError(expect.objectContaining({ code: 'E_WEIGHT_DEGENERATE' }));
  });
});

describe('weightMethods.combine', () => {
  it('weightMethods.combine computes each listed method on the columns and combines them', () => {
    const cols = [Float64Array.of(1, 3), Float64Array.of(4, 8)]; // sd weights (1/3, 2/3)
    const r = weightMethods.combine(cols, { combine: { methods: ['equal', 'sd'], shares: [0.5, 0.5], mode: 'linear' } });
    expect(close(r.weights[0], 0.5 * 0.5 + 0.5 / 3)).toBe(true);
    expect(close(r.weights[1], 0.5 * 0.5 + 0.5 * (2 / 3))).toBe(true);
  });

  it('weightMethods.combine refuses an unknown method name and combine itself (its schema lists the other methods)', () => {
    for (const methods of [
      ['entropi', 'sd'],
      ['combine', 'sd'],
    ])
      expect(() => weightMethods.combine([Float64Array.of(1, 2)], { combine: { methods } })).toThrowError(
        expect.objectContaining({ code: 'E_BAD_OPTION', data: { option: 'combine.methods.0', value: methods[0] } }),
      );
  });

  it('weightMethods.combine with nominal uses the framework weights of the columns', () => {
    const cols = [Float64Array.of(1, 3), Float64Array.of(4, 8)];
    const r = weightMethods.combine(cols, { combine: { methods: ['nominal', 'equal'] }, weights: [1, 3] });
    expect(close(r.weights[0], 0.5 * 0.25 + 0.5 * 0.5)).toBe(true);
  });
});
