/**
 * Numbers as the output files write them — `String(v)`, the shortest text that reads back as v — as
 * ASCII bytes, many at a time: the CSV writer (csv-write.ts) and the workbook (xlsx-write.ts) format
 * each column of a table with {@link formatNumbers}, and a workbook sheet of a table the CSV writer
 * has just written takes the texts the CSV writer kept ({@link ColumnTexts}) instead of formatting
 * the same numbers again.
 */

/** Powers of ten exact as doubles (10^0 … 10^10). */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];
/** Leading zeros of a fraction's digits (index: how many). */
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '000000000', '0000000000'];

/** Powers of ten exact as doubles, 10^0 … 10^22, and their Veltkamp halves (high 26 bits, the rest) for exact products. */
const P10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const SPLIT = 134217729; // 2^27 + 1
const P10H = P10.map((t) => SPLIT * t - (SPLIT * t - t));
const P10L = P10.map((t, k) => t - P10H[k]);
const TWO53 = 2 ** 53;
/** A double's high 32 bits (sign, exponent, 20 mantissa bits), read through {@link BITS}. */
const F64 = new Float64Array(1);
const BITS = new Uint32Array(F64.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** By binary exponent b (index b + 1100): ⌊log10 2^b⌋, and 10^(that + 1) as a double (the first power of ten above 2^b's decade). */
const LOG10_OF_2 = Array.from({ length: 2200 }, (_, i) => Math.floor((i - 1100) * Math.log10(2)));
const NEXT_P10 = LOG10_OF_2.map((e) => 10 ** (e + 1));

/**
 * The digits of `String(a)` for a finite a in [10^-6, 10^15) that {@link shortDecimal} does not
 * cover (full-precision results such as normalised values), found without a string and without a
 * big-number library: the number is `DEC_M · 10^8 + DEC_LOW` (or `DEC_M` when DEC_LOW is −1) with
 * the returned count of decimals, or −1 when this cannot tell (the caller then asks `String`).
 *
 * ECMA-262 Number::toString writes the decimal with the fewest significant digits p that reads back
 * as a, the one closest to a among those (the even one of two). With e = ⌊log10 a⌋ and P_p =
 * a·10^(p−1−e) (its exponents 0…22: 10^k exact):
 * - p ≤ 15: at most one decimal of ≤ 15 digits reads back as a double (DBL_DIG), and it is within
 *   0.11 of P_15 while fl(P_15) is within 1/16 of it, so it is round(fl(P_15)) when it exists; an
 *   integer m < 2^53 reads back as a iff m / 10^k === a (the correctly rounded quotient is what
 *   parsing the decimal gives). Its trailing zeros are dropped (the ≤ 15-digit decimal itself).
 *   Every power of two in range has ≤ 15 digits, so from here on a's rounding interval is symmetric.
 * - p = 16: the candidate is the integer nearest the exact P_16 (closest to a; a tie goes to the
 *   even one), from Dekker's exact product hi + lo = a·10^k: hi − round(hi) and that ± 1/2 are exact
 *   and the sign of adding lo is exact. Tested like p = 15 when below 2^53 (else −1).
 * - p = 17: always reads back; the integer nearest P_17 = hi + lo with hi ≥ 10^16 an (even) integer
 *   and |lo| ≤ 8: hi + round(lo) (a tie of lo to the even integer), its 17 digits as 9 + 8.
 * No trailing zero can remain at p = 16 or 17 (the decimal without it would have passed at p − 1);
 * any unexpected state returns −1. Exact products need no overflow or underflow: a ≥ 10^-6.
 */
function decimalDigits(a: number): number {
  // ⌊log10 a⌋ from a's binary exponent (one comparison; the exact test below corrects it).
  F64[0] = a;
  const b = ((BITS[HIGH] >>> 20) & 0x7ff) + 77; // binary exponent + 1100
  let e = LOG10_OF_2[b];
  if (a >= NEXT_P10[b]) e++;
  // e exact: P_17 = a·10^(16−e) in [10^16, 10^17), compared exactly from its hi + lo.
  const ah = SPLIT * a - (SPLIT * a - a);
  const al = a - ah;
  let hi = 0;
  let lo = 0;
  for (let tries = 0; ; tries++) {
    const k = 16 - e;
    if (k < 2 || k > 22 || tries > 2) return -1;
    hi = a * P10[k];
    lo = ah * P10H[k] - hi + ah * P10L[k] + al * P10H[k] + al * P10L[k];
    if (hi < 1e16 || (hi === 1e16 && lo < 0)) e--;
    else if (hi > 1e17 || (hi === 1e17 && lo >= 0)) e++;
    else break;
  }
  // p ≤ 15
  const k15 = 14 - e;
  let m = Math.round(a * P10[k15]);
  if (m / P10[k15] === a) {
    let k = k15;
    while (k > 0 && m - 10 * Math.floor(m / 10) === 0) {
      m /= 10;
      k--;
    }
    DEC_M = m;
    DEC_LOW = -1;
    return k;
  }
  // p = 16
  const k16 = 15 - e;
  const h16 = a * P10[k16];
  if (h16 >= TWO53) return -1;
  const l16 = ah * P10H[k16] - h16 + ah * P10L[k16] + al * P10H[k16] + al * P10L[k16];
  const r = Math.round(h16);
  const f = h16 - r;
  const up = f - 0.5 + l16;
  const down = f + 0.5 + l16;
  m = up > 0 ? r + 1 : up === 0 ? (r % 2 === 0 ? r : r + 1) : down < 0 ? r - 1 : down === 0 ? (r % 2 === 0 ? r : r - 1) : r;
  if (m < TWO53 && m / P10[k16] === a) {
    if (m % 10 === 0) return -1;
    DEC_M = m;
    DEC_LOW = -1;
    return k16;
  }
  // p = 17: hi + c, c the integer nearest lo (a tie to the even one: hi is even).
  if (!(hi >= 1e16 && hi < 1e17)) return -1;
  const fl = Math.floor(lo);
  const c = lo - fl === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : Math.round(lo);
  let q = Math.floor(hi / 1e8);
  let low = hi - q * 1e8 + c;
  while (low < 0) {
    low += 1e8;
    q--;
  }
  while (low >= 1e8) {
    low -= 1e8;
    q++;
  }
  if (q < 1e8 || q >= 1e9 || (low | 0) % 10 === 0) return -1;
  DEC_M = q;
  DEC_LOW = low;
  return 16 - e;
}
/** {@link decimalDigits}' result besides the count of decimals. */
let DEC_M = 0;
let DEC_LOW = -1;

/**
 * `String(v)` of a finite number, faster when v has at most 10 decimals and 15 significant digits
 * (data as it is read: `12.3456`), see {@link shortDecimal}. Returns exactly `String(v)` for every
 * finite v (test: csv-write.test.ts).
 */
export function shortestText(v: number): string {
  return shortDecimal(v) ?? String(v);
}

/**
 * `String(v)` when |v| is in [10^-6, 10^15) and has at most 10 decimals and 15 significant digits,
 * else undefined. The smallest k ≤ 10 with m = round(|v|·10^k) and m / 10^k === |v| (an exact test:
 * 10^k and m < 10^15 are exact doubles and the division is correctly rounded) gives the decimal
 * m·10^-k, which is the only decimal of ≤ 15 significant digits that rounds to v (two such decimals
 * are more than one ulp apart), hence the shortest one, and `String` writes it in fixed notation
 * (as every |v| in [10^-6, 10^21)).
 */
function shortDecimal(v: number): string | undefined {
  const a = v < 0 ? -v : v;
  if (!(a >= 1e-6 && a < 1e15)) return undefined;
  for (let k = 0; k <= 10; k++) {
    const m = Math.round(a * POW10[k]);
    if (m / POW10[k] === a) {
      if (m >= 1e15) return undefined;
      if (k === 0) return String(v);
      let s = String(m);
      if (s.length <= k) s = ZEROS[k + 1 - s.length] + s;
      const cut = s.length - k;
      return v < 0 ? `-${s.slice(0, cut)}.${s.slice(cut)}` : `${s.slice(0, cut)}.${s.slice(cut)}`;
    }
  }
  return undefined;
}

/** The texts of a run of numbers: number i's bytes are `bytes[ends[i − 1] … ends[i])` (from 0 for i = 0); NaN has none. */
export interface NumberTexts {
  bytes: Buffer;
  ends: Int32Array;
}

/**
 * A column's texts over all rows of its table, kept by the CSV writer for the workbook: row i's
 * number `values[i]` (NaN: no number) has the text `bytes[ends[i − 1] … ends[i])`.
 */
export interface ColumnTexts extends NumberTexts {
  values: Float64Array;
}

/** Digits of an integer, least significant first (scratch). */
const DIGITS = new Uint8Array(24);
/** Per number: −2 NaN, −1 its text from {@link FULL}, else its decimals k (digits in {@link shortM} and {@link lowM}). */
let kind = new Int8Array(4096);
let shortM = new Float64Array(4096);
/** Per number: the low 8 digits of a 17-digit decimal (its high 9 in shortM), else −1. */
let lowM = new Float64Array(4096);
/**
 * The numbers of a call that neither {@link shortDecimal}'s test nor {@link decimalDigits} writes
 * (outside [10^-6, 10^15), or a 16-digit decimal above 2^53), in order, formatted at once by `JSON.stringify` (a plain
 * array of doubles: no number object per cell): JSON writes a finite number as ToString(number)
 * (ECMA-262 SerializeJSONProperty), the text `String(v)` gives, and without going through V8's
 * number-to-string cache — that cache keeps each `String(v)` result alive until it is evicted, so
 * every cell's string reached the old generation and a 50,000-unit run's data sets left ≈ 1 GB of
 * garbage for the next full collection.
 */
const FULL: number[] = [];
/** {@link FULL}'s JSON text as bytes. */
let fullBytes = Buffer.allocUnsafe(1 << 17);

/**
 * {@link FULL} as "[t0,t1,…]" into {@link fullBytes} (ASCII: digits, '.', '-', 'e', '+'); number i's
 * text from byte 1 on, each ended by ',' or ']'. Returns the length (0 without numbers).
 */
function formatFull(): number {
  if (!FULL.length) return 0;
  const s = JSON.stringify(FULL);
  if (fullBytes.length < s.length) fullBytes = Buffer.allocUnsafe(Math.max(s.length, fullBytes.length * 2));
  fullBytes.write(s, 0, 'latin1');
  return s.length;
}

/**
 * `x[start … end)` as text into `out` (from byte 0; `out.bytes` and `out.ends` grown as needed):
 * number i − start gets `String(x[i])`, NaN no text. `infinite(i)` is called for ±Infinity and must
 * throw (the caller's error names its file and column). A short decimal (see {@link shortDecimal})
 * is written from its integer m and k decimals without a string, a full-precision number in
 * [10^-6, 10^15) from the digits {@link decimalDigits} finds (no JSON text to make and scan), the
 * few others are formatted together ({@link FULL}). A run of full-precision results (normalised
 * values) stops trying the short form after 64 misses: the text is the same. Cost: O(end − start),
 * no string per number.
 */
export function formatNumbers(x: ArrayLike<number>, start: number, end: number, out: NumberTexts, infinite: (i: number) => never): NumberTexts {
  const n = end - start;
  if (kind.length < n) {
    kind = new Int8Array(n);
    shortM = new Float64Array(n);
    lowM = new Float64Array(n);
  }
  if (out.ends.length < n) out.ends = new Int32Array(Math.max(n, out.ends.length * 2));
  const ends = out.ends;
  // Pass 1: each number's kind; the short decimals' m; the full-precision numbers into FULL.
  let tried = 0;
  let hits = 0;
  let size = 0;
  FULL.length = 0;
  for (let i = start; i < end; i++) {
    const v = x[i];
    const r = i - start;
    if (v !== v) {
      kind[r] = -2;
      continue;
    }
    if (v === Infinity || v === -Infinity) infinite(i);
    const a = v < 0 ? -v : v;
    let k = -1;
    if ((tried < 64 || hits * 4 >= tried) && a >= 1e-6 && a < 1e15) {
      tried++;
      for (let p = 0; p <= 10; p++) {
        const m = Math.round(a * POW10[p]);
        if (m / POW10[p] === a) {
          if (m < 1e15) {
            k = p;
            shortM[r] = m;
            lowM[r] = -1;
            hits++;
          }
          break;
        }
      }
    }
    if (k < 0 && a >= 1e-6 && a < 1e15) {
      k = decimalDigits(a);
      if (k >= 0) {
        shortM[r] = DEC_M;
        lowM[r] = DEC_LOW;
      }
    }
    kind[r] = k;
    // At most 26 bytes: sign, '0.', 22 decimals (17 digits).
    if (k < 0) FULL.push(v);
    else size += 26;
  }
  size += formatFull();
  let b = out.bytes;
  if (b.length < size) b = out.bytes = Buffer.allocUnsafe(Math.max(size, b.length * 2));
  let f = 1;
  let pos = 0;
  // Pass 2: the bytes.
  for (let r = 0; r < n; r++) {
    const k = kind[r];
    if (k === -2) {
      ends[r] = pos;
      continue;
    }
    if (k === -1) {
      for (let q = fullBytes[f]; q !== 44 && q !== 93; q = fullBytes[++f]) b[pos++] = q;
      f++;
    } else {
      // The digits in int32 pieces: the high part (< 10^9) and, when there are more, the low 8.
      const m = shortM[r];
      let low = lowM[r];
      let high = m;
      if (low < 0 && m >= 1e8) {
        high = Math.floor(m / 1e8);
        low = m - high * 1e8;
      }
      let len = 0;
      if (low >= 0)
        for (let l = low | 0; len < 8; len++) {
          const q = (l / 10) | 0;
          DIGITS[len] = 48 + l - q * 10;
          l = q;
        }
      let h = high | 0;
      do {
        const q = (h / 10) | 0;
        DIGITS[len++] = 48 + h - q * 10;
        h = q;
      } while (h > 0);
      if (x[start + r] < 0) b[pos++] = 45;
      if (len > k) {
        for (let d = len - 1; d >= k; d--) b[pos++] = DIGITS[d];
        if (k) b[pos++] = 46;
      } else {
        b[pos++] = 48;
        b[pos++] = 46;
        for (let z = len; z < k; z++) b[pos++] = 48;
      }
      for (let d = Math.min(len, k) - 1; d >= 0; d--) b[pos++] = DIGITS[d];
    }
    ends[r] = pos;
  }
  return out;
}
