import { describe, expect, it } from 'vitest';
import { ahpWeights, SAATY_RI } from '../../../src/pipeline/weight/ahp.js';
import { weightAhp } from '../../../src/pipeline/weight/index.js';
import { close } from '../../helpers/shared.js';

/*
 * Saaty T.L. (2008) "Decision making with the analytic hierarchy process", Int. J. Services
 * Sciences 1(1):83–98, Table 2: relative consumption of drinks in the U.S.
 * Order: coffee, wine, tea, beer, sodas, milk, water. Published eigenvector (3 decimals):
 * .177 .019 .042 .116 .190 .129 .327, CR = .022 (RI(7) = 1.32).
 */
const drinks = [
  [1, 9, 5, 2, 1, 1, 1 / 2],
  [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
  [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
  [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
  [1, 9, 4, 2, 1, 2, 1 / 2],
  [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
  [2, 9, 9, 3, 2, 3, 1],
];
const published = [0.177, 0.019, 0.042, 0.116, 0.19, 0.129, 0.327];

describe('ahpWeights', () => {
  it('ahpWeights(drinks) reproduces Saaty (2008): priorities to 3 decimals and CR = 0.022', () => {
    const r = ahpWeights(drinks);
    published.forEach((p, i) => expect(Math.abs(r.weights[i] - p)).toBeLessThanOrEqual(0.0005 + 1e-12));
    expect(Math.abs((r.detail!.CR as number) - 0.022)).toBeLessThanOrEqual(0.0005);
    expect(r.detail!.RI).toBe(1.32);
  });

  it('ahpWeights returns the principal eigenvector: A w = λmax w to 1e-10', () => {
    const r = ahpWeights(drinks);
    const lam = r.detail!.lambdaMax as number;
    for (let i = 0; i < 7; i++) {
      let v = 0;
      for (let j = 0; j < 7; j++) v += drinks[i][j] * r.weights[j];
      expect(Math.abs(v - lam * r.weights[i])).toBeLessThan(1e-10);
    }
    expect(close(r.detail!.CI as number, (lam - 7) / 6)).toBe(true);
  });

  it('ahpWeights([[1, a], [1/a, 1]]) is (a/(1+a), 1/(1+a)) with CR = 0 (2×2 analytic)', () => {
    const r = ahpWeights([
      [1, 3],
      [1 / 3, 1],
    ]);
    expect(close(r.weights[0], 0.75)).toBe(true);
    expect(close(r.weights[1], 0.25)).toBe(true);
    expect(r.detail!.CR).toBe(0);
    expect(close(r.detail!.lambdaMax as number, 2)).toBe(true);
  });

  it('ahpWeights of a consistent matrix a_ij = w_i/w_j recovers w with λmax = n (eigen and geometric)', () => {
    const w = [0.4, 0.3, 0.2, 0.1];
    const A = w.map((wi) => w.map((wj) => wi / wj));
    for (const priority of ['eigen', 'geometric'] as const) {
      const r = ahpWeights(A, { priority });
      w.forEach((x, i) => expect(close(r.weights[i], x)).toBe(true));
      expect(close(r.detail!.lambdaMax as number, 4)).toBe(true);
      expect(Math.abs(r.detail!.CR as number)).toBeLessThan(1e-12);
    }
  });

  it('ahpWeights priority "geometric" is the normalised row geometric mean', () => {
    const r = ahpWeights(drinks, { priority: 'geometric' });
    const g = drinks.map((row) =>
      Math.pow(
        row.reduce((a, b) => a * b, 1),
        1 / 7,
      ),
    );
    const s = g.reduce((a, b) => a + b, 0);
    g.forEach((x, i) => expect(close(r.weights[i], x / s)).toBe(true));
  });

  it('ahpWeights refuses a non-reciprocal matrix with E_AHP_RECIPROCAL naming the cell', () => {
    expect(() =>
      ahpWeights([
        [1, 3, 2],
        [1 / 3, 1, 4],
        [0.5, 0.5, 1],
      ]),
    ).toThrowError(expect.objectContaining({ code: 'E_AHP_RECIPROCAL', message: expect.stringContaining('(2, 3)') }));
    expect(() =>
      ahpWeights([
        [2, 1],
        [1, 1],
      ]),
    ).toThrowError(expect.objectContaining({ code: 'E_AHP_RECIPROCAL' }));
    // 0.3333333 is accepted as 1/3 (within 1e-6)
    expect(() =>
      ahpWeights([
        [1, 3],
        [0.3333333, 1],
      ]),
    ).not.toThrow();
  });

  it('ahpWeights refuses an inconsistent matrix (CR > 0.1) unless allowInconsistent', () => {
    const cyc = [
      [1, 9, 1 / 9],
      [1 / 9, 1, 9],
      [9, 1 / 9, 1],
    ];
    expect(() => ahpWeights(cyc)).toThrowError(expect.objectContaining({ code: 'E_AHP_INCONSISTENT' }));
    const r = ahpWeights(cyc, { allowInconsistent: true });
    expect(r.detail!.CR as number).toBeGreaterThan(0.1);
    expect(close(r.weights[0], 1 / 3)).toBe(true); // symmetric cycle → equal priorities
  });

  it('ahpWeights refuses non-positive entries, ragged rows and n > 15', () => {
    expect(() =>
      ahpWeights([
        [1, 0],
        [1, 1],
      ]),
    ).toThrowError(expect.objectContaining({ code: 'E_AHP_MATRIX' }));
    expect(() => ahpWeights([[1, 2], [0.5]])).toThrowError(expect.objectContaining({ code: 'E_AHP_MATRIX' }));
    const big = Array.from({ length: 16 }, () => new Array(16).fill(1));
    expect(() => ahpWeights(big)).toThrowError(expect.objectContaining({ code: 'E_AHP_SIZE' }));
  });

  it('SAATY_RI has Saaty’s values for n = 1…15', () => {
    expect(SAATY_RI.slice(0, 10)).toEqual([0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]);
    expect(SAATY_RI.length).toBe(15);
  });
});

describe('weightAhp', () => {
  it('weightAhp reads the spec layout opts.ahp.matrix, treats the columns as the children and ignores their values', () => {
    const cols = [new Float64Array([1, 2]), new Float64Array([NaN, 5])];
    const r = weightAhp(cols, {
      ahp: {
        matrix: [
          [1, 3],
          [1 / 3, 1],
        ],
        allowInconsistent: false,
      },
    });
    expect(close(r.weights[0], 0.75)).toBe(true);
    expect(r.detail!.CR).toBe(0);
    // order: the children (here "column 1", "column 2") in matrix order
    const reversed = weightAhp(cols, {
      ahp: {
        matrix: [
          [1, 3],
          [1 / 3, 1],
        ],
        order: ['column 2', 'column 1'],
      },
    });
    expect(close(reversed.weights[0], 0.25)).toBe(true);
  });

  it('weightAhp refuses a missing matrix, the matrix outside opts.ahp and a size mismatch with the columns', () => {
    const col = new Float64Array(2);
    expect(() => weightAhp([col], {})).toThrowError(expect.objectContaining({ code: 'E_MISSING_OPTION' }));
    expect(() =>
      weightAhp([col, col], {
        matrix: [
          [1, 3],
          [1 / 3, 1],
        ],
      }),
    ).toThrowError(expect.objectContaining({ code: 'E_BAD_OPTION', data: expect.objectContaining({ option: 'matrix' }) }));
    expect(() =>
      weightAhp([col], {
        ahp: {
          matrix: [
            [1, 3],
            [1 / 3, 1],
          ],
        },
      }),
    ).toThrowError(expect.objectContaining({ code: 'E_AHP_MATRIX', message: expect.stringContaining('must be 1×1') }));
  });
});
