/**
 * Numbers as the output files write them — `String(v)`, the shortest text that reads back as v — as
 * ASCII bytes, many at a time: a column's numbers become digits ({@link numberDigits}) that
 * {@link putNumber} writes wherever they go (the CSV writer, csv-write.ts, straight into its lines),
 * or texts of their own ({@link formatNumbers}: the workbook, xlsx-write.ts, and the CSV writer when
 * it keeps them); a workbook sheet of a table the CSV writer has just written takes the texts the CSV
 * writer kept ({@link ColumnTexts}) instead of formatting the same numbers again.
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
/** Half the ulp of a normal double by its biased exponent: 2^(exponent − 1023 − 53). */
const HALF_ULP = Array.from({ length: 2048 }, (_, x) => 2 ** (x - 1076));
/** A double's high 32 bits (sign, exponent, 20 mantissa bits), read through {@link BITS}. */
const F64 = new Float64Array(1);
const BITS = new Uint32Array(F64.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** By binary exponent b (index b + 1100): ⌊log10 2^b⌋, and 10^(that + 1) as a double (the first power of ten above 2^b's decade). */
const LOG10_OF_2 = Array.from({ length: 2200 }, (_, i) => Math.floor((i - 1100) * Math.log10(2)));
const NEXT_P10 = LOG10_OF_2.map((e) => 10 ** (e + 1));
/** 10 ** (i − 30) as {@link NEXT_P10} has them: {@link decadeOf}(a) is e iff DECADES[e + 30] ≤ a < DECADES[e + 31]. */
const DECADES = Array.from({ length: 61 }, (_, i) => 10 ** (i - 30));

/**
 * The digits of `String(a)` for a finite a in [10^-6, 10^15), found without a string and without a
 * big-number library: the decimal is `DEC_HI` followed by the `DEC_W` digits of `DEC_LO` (zero-padded),
 * with the returned count of decimals, or −1 when this cannot tell (the caller then asks `String`).
 * `e0` is {@link decadeOf}(a); `tried15`: the caller has already run {@link shortDigits} at e0 (and it
 * failed), which is then not repeated when e0 is a's decade.
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
 *   and the sign of adding lo is exact. Tested like p = 15 when below 2^53; from 2^53 on (leading
 *   digits 9007… and up), by its exact distance to P_16 against half of a's ulp times 10^k.
 * - p = 17: always reads back; the integer nearest P_17 = hi + lo with hi ≥ 10^16 an (even) integer
 *   and |lo| ≤ 8: hi + round(lo) (a tie of lo to the even integer), its 17 digits as 9 + 8.
 * No trailing zero can remain at p = 16 or 17 (the decimal without it would have passed at p − 1);
 * any unexpected state returns −1. Exact products need no overflow or underflow: a ≥ 10^-6.
 */
function decimalDigits(a: number, e0: number, tried15: boolean): number {
  // e0 is exact but for a next to a power of ten below 1 (10^-j is no double): P_17 = a·10^(16−e) in
  // [10^16, 10^17), compared exactly from its hi + lo, corrects it.
  let e = e0;
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
  if (!tried15 || e !== e0) {
    const k = shortDigits(a, e);
    if (k >= 0) return k;
  }
  // p = 16
  const k16 = 15 - e;
  const h16 = a * P10[k16];
  const l16 = ah * P10H[k16] - h16 + ah * P10L[k16] + al * P10H[k16] + al * P10L[k16];
  if (h16 >= TWO53) {
    // P_16 in [2^53, 10^16): h16 is even and |l16| ≤ 1, so the nearest integer is h16 + c (c of −1, 0,
    // 1; a tie to h16, the even one), too large for a double: it reads back as a iff its distance
    // c − l16 (exact) to P_16 is below half of a's ulp scaled by 10^k (exact: a power of two times
    // 10^k), or equal to it with a's last bit 0 (a tie when reading rounds to the even double).
    const c = l16 > 0.5 ? 1 : l16 < -0.5 ? -1 : 0;
    const d = c > l16 ? c - l16 : l16 - c;
    F64[0] = a;
    const half = HALF_ULP[(BITS[HIGH] >>> 20) & 0x7ff] * P10[k16];
    if (d < half || (d === half && (BITS[1 - HIGH] & 1) === 0)) {
      let q = Math.floor(h16 / 1e8);
      let low = h16 - q * 1e8 + c;
      if (low < 0) {
        low += 1e8;
        q--;
      } else if (low >= 1e8) {
        low -= 1e8;
        q++;
      }
      if ((low | 0) % 10 === 0) return -1;
      DEC_HI = q;
      DEC_LO = low;
      DEC_W = 8;
      return k16;
    }
  } else {
    const r = Math.round(h16);
    const f = h16 - r;
    const up = f - 0.5 + l16;
    const down = f + 0.5 + l16;
    const m = up > 0 ? r + 1 : up === 0 ? (r % 2 === 0 ? r : r + 1) : down < 0 ? r - 1 : down === 0 ? (r % 2 === 0 ? r : r - 1) : r;
    if (m < TWO53 && m / P10[k16] === a) {
      // m in [10^15, 10^16): its high 8 digits and low 8 (exact: m < 2^53).
      const q = Math.floor(m / 1e8);
      const low = m - q * 1e8;
      if ((low | 0) % 10 === 0) return -1;
      DEC_HI = q;
      DEC_LO = low;
      DEC_W = 8;
      return k16;
    }
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
  DEC_HI = q;
  DEC_LO = low;
  DEC_W = 8;
  return 16 - e;
}

/**
 * ⌊log10 a⌋ for a double a ≥ 10^-6, from its binary exponent and one comparison: exact when a ≥ 1
 * (10^j exact), else it may be one too large next to a power of ten (fl(10^-j) is not 10^-j).
 */
function decadeOf(a: number): number {
  F64[0] = a;
  const b = ((BITS[HIGH] >>> 20) & 0x7ff) + 77; // binary exponent + 1100
  return a >= NEXT_P10[b] ? LOG10_OF_2[b] + 1 : LOG10_OF_2[b];
}

/**
 * The p ≤ 15 case of {@link decimalDigits} for a in [10^-6, 10^15) with e = ⌊log10 a⌋ or one more:
 * m = round(a·10^(14−e)) (an integer of at most 15 digits; one of 16 means e was too small: −1) reads back
 * as a iff m / 10^(14−e) === a, and is then the only decimal of ≤ 15 digits that does (with e one too
 * large it has ≤ 14 digits, the same argument): `String(a)`'s digits once its trailing zeros are dropped,
 * as for decimalDigits (DEC_HI, DEC_LO, DEC_W; returns the count of decimals), else −1.
 */
function shortDigits(a: number, e: number): number {
  let k = 14 - e;
  const m = Math.round(a * P10[k]);
  if (!(m < 1e15 && m / P10[k] === a)) return -1;
  // m's high digits and its low 8 (exact: m < 2^53), trailing zeros dropped from the decimals only.
  let h = Math.floor(m / 1e8) | 0;
  let l = (m - h * 1e8) | 0;
  let w = 8;
  if (l === 0 && k >= 8) {
    k -= 8;
    w = 0;
  } else
    while (k > 0 && w > 0 && l % 10 === 0) {
      l = (l / 10) | 0;
      w--;
      k--;
    }
  if (w === 0) {
    while (k > 0 && h % 10 === 0) {
      h = (h / 10) | 0;
      k--;
    }
  }
  DEC_HI = h;
  DEC_LO = l;
  DEC_W = w;
  return k;
}
/** {@link decimalDigits}' and {@link shortDigits}' result besides the count of decimals: high digits (< 10^9), low digits and how many (0–8). */
let DEC_HI = 0;
let DEC_LO = 0;
let DEC_W = 0;

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

/**
 * A run of numbers as digits, ready to be written anywhere ({@link putNumber}): what
 * {@link numberDigits} finds, per number r:
 * - `kind[r]`: −2 NaN (no text), −1 its text is `full[high[r] … low[r])`, else its count of decimals k;
 * - `high[r]`: the decimal's high digits (< 10^9), then the `width[r] & 15` digits of `low[r]`
 *   (zero-padded; 0–8 of them); `width[r] & 16`: negative.
 * `size`: at least the bytes of all texts.
 */
export interface NumberDigits {
  kind: Int8Array;
  high: Int32Array;
  low: Int32Array;
  width: Int8Array;
  full: Buffer;
  size: number;
}

/** An empty {@link NumberDigits} (grown by {@link numberDigits}). */
export function newNumberDigits(n = 4096): NumberDigits {
  return { kind: new Int8Array(n), high: new Int32Array(n), low: new Int32Array(n), width: new Int8Array(n), full: Buffer.allocUnsafe(0), size: 0 };
}

/**
 * The numbers of a call that neither {@link shortDigits} nor {@link decimalDigits} writes (outside
 * [10^-6, 10^15) and not an integer, or a 16-digit decimal above 2^53), in order, formatted at once by
 * `JSON.stringify` (a plain array of doubles: no number object per cell): JSON writes a finite number
 * as ToString(number) (ECMA-262 SerializeJSONProperty), the text `String(v)` gives, and without going
 * through V8's number-to-string cache — that cache keeps each `String(v)` result alive until it is
 * evicted, so every cell's string reached the old generation and a 50,000-unit run's data sets left
 * ≈ 1 GB of garbage for the next full collection.
 */
const FULL: number[] = [];

/**
 * `x[start … end)` as digits into `d` (grown as needed; number i − start is d's number i − start):
 * see {@link NumberDigits}. `infinite(i)` is called for ±Infinity and must throw (the caller's error
 * names its file and column). An integer below 2^31 is taken as it is, a number in [10^-6, 10^15)
 * from the digits {@link shortDigits} (at most 15 significant digits: data as read, `12.3456`) or
 * {@link decimalDigits} (full precision: normalised values) find, without a string; the few others
 * are formatted together ({@link FULL}). A run of full-precision results stops trying the short
 * form first after 64 misses: the digits are the same. Cost: O(end − start), no string per number.
 */
export function numberDigits(x: ArrayLike<number>, start: number, end: number, d: NumberDigits, infinite: (i: number) => never): NumberDigits {
  const n = end - start;
  if (d.kind.length < n) {
    const c = Math.max(n, d.kind.length * 2);
    d.kind = new Int8Array(c);
    d.high = new Int32Array(c);
    d.low = new Int32Array(c);
    d.width = new Int8Array(c);
  }
  const { kind, high, low, width } = d;
  let tried = 0;
  let hits = 0;
  let size = 0;
  let eLast = 0;
  let decLow = Infinity;
  let decHigh = 0;
  FULL.length = 0;
  for (let i = start; i < end; i++) {
    const v = x[i];
    const r = i - start;
    if (v !== v) {
      kind[r] = -2;
      continue;
    }
    const neg = v < 0 ? 16 : 0;
    const a = v < 0 ? -v : v;
    // At most 26 bytes: sign, '0.', 22 decimals (17 digits).
    size += 26;
    if (a < 2147483648 && (a | 0) === a) {
      // An integer (±0 too: "0").
      kind[r] = 0;
      if (a < 1e9) {
        high[r] = a;
        width[r] = neg;
      } else {
        const q = (a / 1e8) | 0;
        high[r] = q;
        low[r] = a - q * 1e8;
        width[r] = 8 | neg;
      }
      continue;
    }
    if (v === Infinity || v === -Infinity) infinite(i);
    let k = -1;
    if (a >= 1e-6 && a < 1e15) {
      const tryShort = tried < 64 || hits * 4 >= tried;
      let e: number;
      if (tryShort) {
        // Data as read: the decade of the last number when a is in it (a column's values share few).
        e = eLast;
        if (!(a >= decLow && a < decHigh)) {
          e = eLast = decadeOf(a);
          decLow = DECADES[e + 30];
          decHigh = DECADES[e + 31];
        }
        tried++;
        k = shortDigits(a, e);
        if (k >= 0) hits++;
      } else e = decadeOf(a);
      if (k < 0) k = decimalDigits(a, e, tryShort);
    }
    kind[r] = k;
    if (k < 0) {
      FULL.push(v);
      size -= 26;
    } else {
      high[r] = DEC_HI;
      low[r] = DEC_LO;
      width[r] = DEC_W | neg;
    }
  }
  if (FULL.length) {
    // "[t0,t1,…]": number j's text from after a '[' or ',' up to the next ',' or ']' (ASCII).
    const s = JSON.stringify(FULL);
    if (d.full.length < s.length) d.full = Buffer.allocUnsafe(Math.max(s.length, d.full.length * 2));
    const fb = d.full;
    fb.write(s, 0, 'latin1');
    size += s.length;
    let f = 1;
    for (let r = 0; r < n; r++) {
      if (kind[r] !== -1) continue;
      high[r] = f;
      while (fb[f] !== 44 && fb[f] !== 93) f++;
      low[r] = f++;
    }
  }
  d.size = size;
  return d;
}

/** Decimal digits of an int32 h in [0, 10^9) (1 for 0). */
function digitCount(h: number): number {
  return h < 1e4 ? (h < 100 ? (h < 10 ? 1 : 2) : h < 1e3 ? 3 : 4) : h < 1e6 ? (h < 1e5 ? 5 : 6) : h < 1e7 ? 7 : h < 1e8 ? 8 : 9;
}

/** The four ASCII digits of 0 … 9999 (zero-padded) as a little-endian 32-bit word: its first byte the thousands. */
const DIGITS4 = Uint32Array.from({ length: 10000 }, (_, v) => {
  const d = [(v / 1000) | 0, ((v / 100) | 0) % 10, ((v / 10) | 0) % 10, v % 10];
  return (48 + d[0] + ((48 + d[1]) << 8) + ((48 + d[2]) << 16) + (48 + d[3]) * 2 ** 24) >>> 0;
});
/** "0.00" and "0000" as little-endian words. */
const ZERO_POINT = (48 + (46 << 8) + (48 << 16) + 48 * 2 ** 24) >>> 0;
const ZEROS4 = DIGITS4[0];

/**
 * The n digits (1–8) of v < 10^n (zero-padded) at `p`, as one or two 32-bit stores: the first store
 * writes 4 − n (or 8 − n) bytes after them too, overwritten by the second or left for the caller to
 * overwrite (its buffer has 3 bytes of room after its last text).
 */
function put8(dv: DataView, p: number, v: number, n: number): void {
  if (n <= 4) dv.setUint32(p, DIGITS4[v] >>> (32 - 8 * n), true);
  else {
    const t = (v / 10000) | 0;
    dv.setUint32(p, DIGITS4[t] >>> (64 - 8 * n), true);
    dv.setUint32(p + n - 4, DIGITS4[v - t * 10000], true);
  }
}

/**
 * Number r of `d` as text (`String(v)`; NaN none) into `b` (whose view is `dv`) from `pos`; returns
 * the position after it. The bytes it may write: at most 26 (or its text from `d.full`), and up to 3
 * after the text (words of 4 digits are stored at once), which the caller overwrites or has room for.
 */
export function putNumber(b: Buffer, dv: DataView, pos: number, d: NumberDigits, r: number): number {
  const k = d.kind[r];
  if (k < 0) {
    if (k === -2) return pos;
    const fb = d.full;
    for (let q = d.high[r], to = d.low[r]; q < to; q++) b[pos++] = fb[q];
    return pos;
  }
  const h = d.high[r];
  let w = d.width[r];
  if (w & 16) {
    b[pos++] = 45;
    w &= 15;
  }
  const hl = digitCount(h);
  const len = hl + w;
  if (len <= k) {
    // "0.", k − len zeros, the digits.
    dv.setUint32(pos, ZERO_POINT, true);
    pos += 2;
    const z = k - len;
    for (let t = 2; t < z; t += 4) dv.setUint32(pos + t, ZEROS4, true);
    pos += z;
  }
  // The digits: high (one digit then 8 when it has 9), then the w low ones.
  if (hl === 9) {
    const t = (h / 1e8) | 0;
    b[pos] = 48 + t;
    put8(dv, pos + 1, h - t * 1e8, 8);
  } else put8(dv, pos, h, hl);
  if (w) put8(dv, pos + hl, d.low[r], w);
  if (len <= k || k === 0) return pos + len;
  // ddd.ddd: the k decimals moved one byte on, 4 at a time from the last word (each word read before
  // the one left of it is stored over it), then the point.
  const ip = pos + len - k;
  for (let t = ip + ((k - 1) & ~3); t >= ip; t -= 4) dv.setUint32(t + 1, dv.getUint32(t, true), true);
  b[ip] = 46;
  return pos + len + 1;
}

/** {@link formatNumbers}' digits (scratch). */
const scratch = newNumberDigits();

/**
 * `x[start … end)` as text into `out` (from byte 0; `out.bytes` and `out.ends` grown as needed):
 * number i − start gets `String(x[i])`, NaN no text, from its digits ({@link numberDigits}, which
 * calls `infinite(i)` for ±Infinity). Cost: O(end − start), no string per number.
 */
export function formatNumbers(x: ArrayLike<number>, start: number, end: number, out: NumberTexts, infinite: (i: number) => never): NumberTexts {
  const n = end - start;
  if (out.ends.length < n) out.ends = new Int32Array(Math.max(n, out.ends.length * 2));
  const ends = out.ends;
  const d = numberDigits(x, start, end, scratch, infinite);
  let b = out.bytes;
  // 3 bytes of room after the last text (putNumber).
  if (b.length < d.size + 3) b = out.bytes = Buffer.allocUnsafe(Math.max(d.size + 3, b.length * 2));
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  let pos = 0;
  for (let r = 0; r < n; r++) ends[r] = pos = putNumber(b, dv, pos, d, r);
  return out;
}
