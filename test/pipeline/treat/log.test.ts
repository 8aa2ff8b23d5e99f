import { describe, expect, it } from 'vitest';
import { treatLog } from '../../../src/pipeline/treat/index.js';
import { treatLogCT, treatLogCTPlus } from '../../../src/pipeline/treat/index.js';
import { close } from '../../helpers/shared.js';

describe('log transforms', () => {
  it('treatLog is the natural log, with an optional shift; NaN stays NaN', () => {
    const r = treatLog(Float64Array.of(1, Math.E, NaN, 100), {});
    expect(r.values[0]).toBe(0);
    expect(close(r.values[1], 1)).toBe(true);
    expect(r.values[2]).toBeNaN();
    expect(close(r.values[3], 4.605170185988092)).toBe(true); // ln 100
    expect(r.report).toMatchObject({ method: 'log', log: true, treated: true });
    expect(treatLog(Float64Array.of(0, 9), { shift: 1 }).values[1]).toBe(Math.log(10));
  });

  it('treatLog on non-positive values fails with E_NONPOSITIVE naming the count and a hint to log_ct', () => {
    expect(() => treatLog(Float64Array.of(3, 0, -2, NaN), {})).toThrow(
      expect.objectContaining({ code: 'E_NONPOSITIVE', message: expect.stringMatching(/2 values/), hint: expect.stringMatching(/log_ct/) }),
    );
  });

  it('treatLogCT is log(x − min + 0.01·range) (COINr log_CT), any sign of data', () => {
    // min −5, max 95, range 100 → ln(x + 5 + 1)
    const x = Float64Array.of(-5, 0, 95, NaN);
    const r = treatLogCT(x, {});
    expect(r.values[0]).toBe(Math.log(1));
    expect(close(r.values[1], Math.log(6))).toBe(true);
    expect(close(r.values[2], Math.log(101))).toBe(true);
    expect(r.values[3]).toBeNaN();
    expect(() => treatLogCT(Float64Array.of(2, 2, 2), {})).toThrow(expect.objectContaining({ code: 'E_ZERO_RANGE' }));
  });

  it('treatLogCTPlus uses log_CT for positive skew and −log(max + a − x) for negative skew', () => {
    const pos = Float64Array.of(0, 1, 2, 100);
    expect(Array.from(treatLogCTPlus(pos, {}).values)).toEqual(Array.from(treatLogCT(pos, {}).values));
    const neg = Float64Array.of(-100, -2, -1, 0); // max 0, a = 1
    const r = treatLogCTPlus(neg, {});
    expect(close(r.values[0], -Math.log(101))).toBe(true);
    expect(r.values[3]).toBe(-Math.log(1));
  });
});
