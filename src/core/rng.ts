/**
 * Seeded, splittable random numbers (conventions §7).
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state,
 * passes PractRand to 2^40+ bytes). Streams are derived, not drawn: `Rng.stream(seed, a, b)`
 * hashes (seed, a, b) with the murmur3 32-bit finaliser into the initial state, so
 * replication k gets the same numbers whichever worker runs it and in whatever order.
 *
 * Cost: a few integer operations per draw; `uniform()` uses two draws for 53 bits.
 */
export class Rng {
  /**
   * The four 32-bit state words a, b, c, d in an Int32Array: the JIT keeps them as raw integers (in
   * object fields, values of 2³¹ and above are boxed doubles, so each draw converted and re-boxed four
   * words; the permutation tests draw tens of millions). The arithmetic is the same modulo 2³².
   */
  private readonly s = new Int32Array(4);

  private constructor(a: number, b: number, c: number, d: number) {
    const s = this.s;
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    for (let i = 0; i < 15; i++) this.nextU32(); // warm up, as sfc32's author recommends
  }

  /** A generator for `seed` (an integer; non-integers are rejected by the spec layer). */
  static create(seed: number): Rng {
    return Rng.stream(seed);
  }

  /** An independent stream for (seed, ...keys), e.g. `Rng.stream(seed, replication)`. */
  static stream(seed: number, ...keys: number[]): Rng {
    let h = mix32(0x9e3779b9 ^ lo32(seed));
    h = mix32(h ^ hi32(seed));
    for (const k of keys) h = mix32(h ^ mix32(lo32(k) + 0x85ebca6b) ^ hi32(k));
    const a = mix32(h ^ 0x243f6a88);
    const b = mix32(a ^ 0x85a308d3);
    const c = mix32(b ^ 0x13198a2e);
    return new Rng(a, b, c, 1);
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const a = s[0];
    const b = s[1];
    const c = s[2];
    const d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n) without modulo bias (n ≤ 2^32). */
  int(n: number): number {
    if (!(n > 0) || n > 4294967296) throw new RangeError(`Rng.int: n must be in (0, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /**
   * `out.length` draws of {@link int}(n) into `out`, in order: the same values and the same state
   * afterwards as that many calls, in one loop over the state (no call and no bias limit per draw:
   * bootstrap resamples draw millions). Cost as many `nextU32` calls.
   */
  intsInto(n: number, out: Int32Array | Uint32Array | Float64Array): void {
    if (!(n > 0) || n > 4294967296) throw new RangeError(`Rng.int: n must be in (0, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    const s = this.s;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    for (let i = 0; i < out.length; i++) {
      let x: number;
      do {
        const t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (c << 21) | (c >>> 11);
        c = (c + t) | 0;
        x = t >>> 0;
      } while (x >= limit);
      // x % n for x < 2^32 (exact in doubles: the quotient's floor is exact below 2^53).
      out[i] = x - Math.floor(x / n) * n;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  }

  /** Standard normal by the polar Box–Muller method (no cached spare, so streams stay simple). */
  normal(): number {
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }
}

function lo32(x: number): number {
  return (x >>> 0) | 0;
}

function hi32(x: number): number {
  return Math.floor(x / 4294967296) | 0;
}

/** murmur3 fmix32. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
