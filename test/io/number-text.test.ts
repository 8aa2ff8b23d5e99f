import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumbers, newNumberDigits, numberDigits, type NumberTexts, putNumber } from '../../src/io/write/number-text.js';

/** The texts formatNumbers wrote, one string per number ('' for NaN). */
function texts(x: Float64Array, out: NumberTexts = { bytes: Buffer.alloc(0), ends: new Int32Array(0) }): string[] {
  const t = formatNumbers(x, 0, x.length, out, (i) => {
    throw new Error(`infinite at ${i}`);
  });
  return Array.from(x, (_, i) => t.bytes.toString('latin1', i ? t.ends[i - 1] : 0, t.ends[i]));
}
/** The reference: Number.prototype.toString (String(v)), NaN empty. */
const reference = (x: Float64Array): string[] => Array.from(x, (v) => (Number.isNaN(v) ? '' : String(v)));

/**
 * Numbers shaped like the branches of the digit writer: decimals m / 10^k of 1–15 digits with
 * trailing zeros (0.000ddd, the point anywhere in ddd.ddd, integers ending in zeros), integers next to
 * 10^8, 10^9 and 2^31, full precision over [10^-6, 10^15) (16- and 17-digit), 16-digit decimals above
 * 2^53 (0.9…), and any double (exponent form, subnormals); either sign, and NaN.
 */
const shaped = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 15 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 22 }))
    .map(([p, u, z, k]) => (Math.floor(u * 10 ** p) * 10 ** z) / 10 ** k),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom(1e8 - 1, 1e8, 1e8 + 1, 1e9 - 1, 1e9, 1e9 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 53, 0, -0, 1e15, 1e21, 5e-324, 1e-6, 1e-7, NaN),
  fc.double({ min: 1e-6, max: 1e15, noNaN: true }),
  fc.double({ min: 0.9, max: 1, noNaN: true }),
  fc.double({ noDefaultInfinity: true }),
);

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

  it('writes String(v) for full-precision numbers in [1e-6, 1e15) (digits found without a string): 15-, 16- and 17-digit decimals, their neighbours, ties, powers of ten', () => {
    const f = new Float64Array(1);
    const w = new Uint32Array(f.buffer);
    const lowWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
    /** The double `steps` units in the last place away from v (v > 0, steps small). */
    const nextTo = (v: number, steps: number) => {
      f[0] = v;
      w[lowWord] += steps;
      return f[0];
    };
    const digits = (p: number) => fc.bigInt({ min: 10n ** BigInt(p - 1), max: 10n ** BigInt(p) - 1n });
    const value = fc.oneof(
      // a p-digit decimal scaled into [1e-6, 1e15), and the doubles next to it
      fc.tuple(fc.integer({ min: 1, max: 17 }).chain(digits), fc.integer({ min: -6, max: 14 }), fc.integer({ min: -3, max: 3 })).map(([m, e, s]) => {
        const t = m.toString();
        const v = Number(`${t[0]}.${t.slice(1)}e${e}`);
        return v >= 1e-6 && v < 1e15 ? nextTo(v, s) : 0.5;
      }),
      // dyadic numbers j/2^q: exact decimals of up to 17+ digits, among them ties between two 16- or 17-digit decimals
      fc.tuple(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 60 })).map(([j, q]) => j / 2 ** q),
      // next to powers of ten
      fc.tuple(fc.integer({ min: -6, max: 15 }), fc.integer({ min: -40, max: 40 })).map(([e, s]) => nextTo(10 ** e, s)),
      fc.double({ min: 1e-6, max: 1e15, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.boolean()), { maxLength: 300 }), (xs) => {
        const x = Float64Array.from(xs, ([v, neg]) => (neg ? -v : v));
        expect(texts(x)).toEqual(reference(x));
      }),
      { numRuns: 2_000 },
    );
    // Exact dyadic decimals of 17 digits ending in 5 (halfway between two 16-digit decimals, e.g. 0.10001373291015625) and their scaled copies.
    const ties: number[] = [];
    for (let j = 13_108; j < 131_072; j += 7) ties.push(j / 2 ** 17, (j / 2 ** 17) * 1000, j / 2 ** 17 / 1000, j / 2 ** 18 + 0.5);
    const x = Float64Array.from(ties);
    expect(texts(x)).toEqual(reference(x));
    expect(texts(Float64Array.of(0.10001373291015625, 0.30000000000000004, 1 / 3, 123456.78901234567))).toEqual([
      '0.10001373291015625',
      '0.30000000000000004',
      '0.3333333333333333',
      '123456.78901234567',
    ]);
  });

  it('numberDigits + putNumber write String(v) straight into lines (cells side by side, as the CSV writer assembles them), on a buffer with 3 bytes of room', () => {
    // putNumber stores 4 digits at a time and may write up to 3 bytes after a text: the next cell,
    // the separator or the room at the end must take them, and no byte before a text may change.
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(shaped, fc.boolean()), { minLength: 1, maxLength: 150 }), { minLength: 1, maxLength: 6 }), (cs) => {
        const n = Math.min(...cs.map((c) => c.length));
        const cols = cs.map((c) => Float64Array.from(c.slice(0, n), ([v, neg]) => (neg ? -v : v)));
        const ds = cols.map((x) => numberDigits(x, 0, n, newNumberDigits(1), () => undefined as never));
        const b = Buffer.alloc(ds.reduce((t, d) => t + d.size, n * cols.length + 3));
        const dv = new DataView(b.buffer, b.byteOffset, b.length);
        let pos = 0;
        for (let i = 0; i < n; i++)
          for (let j = 0; j < cols.length; j++) {
            pos = putNumber(b, dv, pos, ds[j], i);
            b[pos++] = j + 1 < cols.length ? 44 : 10;
          }
        const want = Array.from({ length: n }, (_, i) => `${cols.map((x) => reference(x.subarray(i, i + 1))[0]).join(',')}\n`).join('');
        expect(b.toString('latin1', 0, pos)).toBe(want);
      }),
      { numRuns: 1_500 },
    );
  });

  it('writes String(v) for shaped numbers in runs of any length (the short form given up and taken again), into a reused buffer', () => {
    const out: NumberTexts = { bytes: Buffer.alloc(0), ends: new Int32Array(0) };
    fc.assert(
      fc.property(fc.array(shaped, { maxLength: 300 }), fc.integer({ min: 0, max: 200 }), (xs, full) => {
        const x = Float64Array.from([...Array.from({ length: full }, (_, i) => Math.sqrt(i + 2)), ...xs, ...xs.map((v) => -v)]);
        expect(texts(x, out)).toEqual(reference(x));
      }),
      { numRuns: 1_000 },
    );
  });

  it('16-digit decimals from 9007199254740993 on (above 2^53 as integers), scaled over [1e-6, 1e15), and the doubles next to them are written as String writes them', () => {
    const f = new Float64Array(1);
    const w = new Uint32Array(f.buffer);
    const lowWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
    const xs: number[] = [];
    let seed = 5;
    for (let i = 0; i < 20_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const digits = (9007199254740993n + BigInt(seed) * 22_000_000n + BigInt(i)).toString(); // up to ≈ 9.1e15
      const e = (i % 21) - 6;
      f[0] = Number(`${digits[0]}.${digits.slice(1)}e${e}`);
      w[lowWord] += (i % 5) - 2;
      xs.push(f[0], Number(`0.${'9'.repeat(15)}${i % 10}e${e}`));
    }
    const x = Float64Array.from(xs);
    expect(texts(x)).toEqual(reference(x));
  });

  it('calls infinite(i) for ±Infinity (the caller fails there)', () => {
    const x = Float64Array.from([1, 2, -Infinity]);
    expect(() => texts(x)).toThrow('infinite at 2');
  });
});
