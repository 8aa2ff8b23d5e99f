import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumbers, type NumberTexts } from '../../src/io/write/number-text.js';

/** The texts formatNumbers wrote, one string per number ('' for NaN). */
function texts(x: Float64Array, out: NumberTexts = { bytes: Buffer.alloc(0), ends: new Int32Array(0) }): string[] {
  const t = formatNumbers(x, 0, x.length, out, (i) => {
    throw new Error(`infinite at ${i}`);
  });
  return Array.from(x, (_, i) => t.bytes.toString('latin1', i ? t.ends[i - 1] : 0, t.ends[i]));
}
/** The reference: Number.prototype.toString (String(v)), NaN empty. */
const reference = (x: Float64Array): string[] => Array.from(x, (v) => (Number.isNaN(v) ? '' : String(v)));

describe('formatNumbers (the CSV and workbook number texts)', () => {
  it('writes String(v) for every finite double and nothing for NaN (fast-check: any bit pattern, subnormals, ±0, 1e21+)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noDefaultInfinity: true }), { maxLength: 200 }), (xs) => {
        const x = Float64Array.from(xs);
        expect(texts(x)).toEqual(reference(x));
      }),
      { numRuns: 3_000 },
    );
  });

  it('writes String(v) for short decimals, integers and runs that switch between them and full precision', () => {
    // Short decimals are written from their integer and decimals (no string); a run of full-precision
    // numbers stops trying the short form after 64 misses: the texts must not depend on that.
    const decimal = fc.tuple(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), fc.integer({ min: 0, max: 12 })).map(([m, k]) => m / 10 ** k);
    const value = fc.oneof(
      decimal,
      fc.double({ noDefaultInfinity: true }),
      fc.constantFrom(0, -0, NaN, 1e-6, 9.99999e-7, 1e15, 1e21, 5e-324, -5e-324, 2 ** 53),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 400 }), fc.integer({ min: 0, max: 300 }), (xs, full) => {
        const x = Float64Array.from([...Array.from({ length: full }, (_, i) => (i + 0.5) / 3), ...xs]);
        expect(texts(x)).toEqual(reference(x));
      }),
      { numRuns: 500 },
    );
  });

  it('edge cases: ±0 → "0", subnormals, 1e21 and up in exponent form, NaN empty, buffers reused and grown', () => {
    const x = Float64Array.from([
      0,
      -0,
      NaN,
      5e-324,
      -2.2250738585072014e-308,
      1e21,
      -1e21,
      1.7976931348623157e308,
      1e-7,
      123.456,
      -0.000001,
      999999999999999.9,
    ]);
    const out: NumberTexts = { bytes: Buffer.alloc(4), ends: new Int32Array(2) };
    expect(texts(x, out)).toEqual([
      '0',
      '0',
      '',
      '5e-324',
      '-2.2250738585072014e-308',
      '1e+21',
      '-1e+21',
      '1.7976931348623157e+308',
      '1e-7',
      '123.456',
      '-0.000001',
      '999999999999999.9',
    ]);
    expect(texts(Float64Array.from([1, 2]), out)).toEqual(['1', '2']);
  });

  it('calls infinite(i) for ±Infinity (the caller fails there)', () => {
    const x = Float64Array.from([1, 2, -Infinity]);
    expect(() => texts(x)).toThrow('infinite at 2');
  });
});
