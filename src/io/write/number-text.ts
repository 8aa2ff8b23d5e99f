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
/** Per number: −2 NaN, −1 full precision (its text from {@link FULL}), else the short decimal's k (m in {@link shortM}). */
let kind = new Int8Array(4096);
let shortM = new Float64Array(4096);
/**
 * The full-precision numbers of a call, in order, formatted at once by `JSON.stringify` (a plain
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
 * is written from its integer m and k decimals without a string; the other numbers are formatted
 * together ({@link FULL}). A run of full-precision results (normalised values) stops trying the short
 * form after 64 misses: the text is the same. Cost: O(end − start), no string per number.
 */
export function formatNumbers(x: ArrayLike<number>, start: number, end: number, out: NumberTexts, infinite: (i: number) => never): NumberTexts {
  const n = end - start;
  if (kind.length < n) {
    kind = new Int8Array(n);
    shortM = new Float64Array(n);
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
            hits++;
          }
          break;
        }
      }
    }
    kind[r] = k;
    // At most 18 bytes: sign, 15 digits, '.', a leading '0'.
    if (k < 0) FULL.push(v);
    else size += 18;
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
      let m = shortM[r];
      let len = 0;
      do {
        const q = Math.floor(m / 10);
        DIGITS[len++] = 48 + m - q * 10;
        m = q;
      } while (m > 0);
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
