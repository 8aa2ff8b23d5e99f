/**
 * Dense LU factorisation with partial pivoting of an n × n row-major Float64Array, blocked
 * (right-looking, LAPACK getrf's order), with the trailing update as a packed matrix product and,
 * optionally, part of each step's columns on helper threads (issue 18: the Leontief inverse of an
 * OECD ICIO table, n ≈ 3,500, is 2.9·10¹⁰ flops of which > 95 % are in the trailing update).
 *
 * Each step factorises a panel of {@link LU_BLOCK} columns (pivot search, whole-row interchanges),
 * then, column range by column range: solves the block row of U (L11 U12 = A12) and updates the
 * trailing matrix A22 −= L21 U12. L21 is packed in groups of 4 rows and U12 in groups of 4
 * columns (each group k-major, so the inner loop reads two contiguous streams), U12 by tiles of
 * {@link GEMM_NC} columns that stay in the second-level cache; the micro-kernel keeps a 4 × 4 block
 * of C in 16 accumulators over the whole k range (8 loads per 16 multiply-adds; a 4 × 2 block needs 6 per 8).
 *
 * Determinism: every entry of C is updated as c −= Σ_k l_ik u_kj with the sum accumulated from 0 in
 * ascending k and subtracted once — the same operations in the same order whatever the tile, the
 * edge handling (edges are padded with zeros and not stored) or the thread that computes it. The
 * block size is a constant (not chosen from the thread count or the machine), so the factors are
 * byte-identical for any number of helpers. Threads: the kernels never start one; an executor
 * ({@link DenseExecutor}, started by the io layer, `io/workers/dense-pool.ts`) runs {@link luStep}
 * on helper threads over shared memory: each step's trailing columns are cut into fixed chunks that
 * the calling thread and the helpers take from a shared counter; the calling thread then waits
 * until every chunk is done (a helper that wakes late finds none left).
 */
import { fail } from '../core/errors.js';

/** An LU factorisation PA = LU (L unit lower, U upper, stored together). */
export interface Lu {
  n: number;
  /** L below the diagonal, U on and above it; row-major. */
  lu: Float64Array;
  /** Row i of the factors is row perm[i] of the original matrix. */
  perm: Int32Array;
}

/**
 * One step of the factorisation handed to a helper: the trailing columns [e, n) are cut into chunks
 * of {@link LU_CHUNK} columns that every thread on the step takes in turn from a shared counter
 * ({@link luStep}), so a thread that wakes late or is descheduled between chunks does not hold the others up.
 */
export interface LuStepJob {
  /** The n × n matrix being factorised, row-major, on a `SharedArrayBuffer`. */
  a: Float64Array;
  n: number;
  /** The panel's columns [kb, e). */
  kb: number;
  e: number;
  /** Shared counters: sync[2·slot] the next chunk to take, sync[2·slot + 1] the chunks finished. */
  sync: Int32Array;
  slot: number;
}

/** Runs {@link luStep} on helper threads (see the module comment); never waits itself. */
export interface DenseExecutor {
  /** Helper threads ready to take a step now (0: the caller does everything). */
  ready(): number;
  /** Hand a step to helper h (0 ≤ h < ready()); returns at once. */
  post(h: number, job: LuStepJob): void;
  /** Throw if a helper has failed or exited (called while the caller waits for the step's chunks). */
  check(): void;
}

/** Panel width of the blocked LU (the k extent of each trailing product). */
export const LU_BLOCK = 64;
/** Columns of U12 packed per tile of the trailing product (64 × 256 doubles = 128 KiB). */
export const GEMM_NC = 256;
/** Columns per chunk of a step shared between threads (a fixed constant: the split never changes the arithmetic). */
export const LU_CHUNK = 256;

/** Scratch of {@link luColumns}: packed L21 (rows) and U12 (one column tile). */
export interface LuScratch {
  ap: Float64Array;
  bp: Float64Array;
}

/** Scratch large enough for any step of an n × n factorisation. */
export function luScratch(n: number): LuScratch {
  return { ap: new Float64Array((n + 4) * LU_BLOCK), bp: new Float64Array((GEMM_NC + 4) * LU_BLOCK) };
}

/** Rows [r0, r1), columns [kb, kb + nb) into groups of 4 rows, k-major: ap[(g·nb + k)·4 + r]; missing rows 0. */
function packRows(a: Float64Array, n: number, kb: number, nb: number, r0: number, r1: number, ap: Float64Array): void {
  for (let i = r0, base = 0; i < r1; i += 4, base += 4 * nb) {
    for (let r = 0; r < 4; r++) {
      const row = i + r;
      if (row < r1) {
        const o = row * n + kb;
        for (let k = 0; k < nb; k++) ap[base + 4 * k + r] = a[o + k];
      } else for (let k = 0; k < nb; k++) ap[base + 4 * k + r] = 0;
    }
  }
}

/** Rows [kb, kb + nb), columns [c0, c1) into groups of 4 columns, k-major: bp[(g·nb + k)·4 + c]; missing columns 0. */
function packColumns(a: Float64Array, n: number, kb: number, nb: number, c0: number, c1: number, bp: Float64Array): void {
  for (let j = c0, base = 0; j < c1; j += 4, base += 4 * nb) {
    const w = Math.min(4, c1 - j);
    for (let k = 0; k < nb; k++) {
      const o = (kb + k) * n + j;
      const d = base + 4 * k;
      for (let c = 0; c < w; c++) bp[d + c] = a[o + c];
      for (let c = w; c < 4; c++) bp[d + c] = 0;
    }
  }
}

/**
 * C −= P·Q for the rows [r0, r1) and columns [c0, c1) of a (row-major, n columns), P packed by
 * {@link packRows} (from r0) and Q by {@link packColumns} (from c0), k extent nb. 4 × 4 register block.
 */
function gemmPacked(a: Float64Array, n: number, nb: number, r0: number, r1: number, c0: number, c1: number, ap: Float64Array, bp: Float64Array): void {
  const step = 4 * nb;
  for (let i = r0, pa = 0; i < r1; i += 4, pa += step) {
    const fullRows = i + 3 < r1;
    for (let j = c0, pb0 = 0; j < c1; j += 4, pb0 += step) {
      let p = pa;
      let q = pb0;
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      for (let k = 0; k < nb; k++) {
        const a0 = ap[p];
        const a1 = ap[p + 1];
        const a2 = ap[p + 2];
        const a3 = ap[p + 3];
        const b0 = bp[q];
        const b1 = bp[q + 1];
        const b2 = bp[q + 2];
        const b3 = bp[q + 3];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
        p += 4;
        q += 4;
      }
      if (fullRows && j + 3 < c1) {
        let o = i * n + j;
        a[o] -= c00;
        a[o + 1] -= c01;
        a[o + 2] -= c02;
        a[o + 3] -= c03;
        o += n;
        a[o] -= c10;
        a[o + 1] -= c11;
        a[o + 2] -= c12;
        a[o + 3] -= c13;
        o += n;
        a[o] -= c20;
        a[o + 1] -= c21;
        a[o + 2] -= c22;
        a[o + 3] -= c23;
        o += n;
        a[o] -= c30;
        a[o + 1] -= c31;
        a[o + 2] -= c32;
        a[o + 3] -= c33;
      } else {
        const cs = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < 4 && i + r < r1; r++) for (let c = 0; c < 4 && j + c < c1; c++) a[(i + r) * n + j + c] -= cs[4 * r + c];
      }
    }
  }
}

/**
 * One step's work on columns [c0, c1): the block row of U (L11 U12 = A12, L11 unit lower) and the
 * trailing update A22 −= L21 U12 (rows e … n − 1). Disjoint column ranges are independent. Cost ≈ (c1 − c0)·nb·(nb + 2(n − e)).
 */
function luColumns(a: Float64Array, n: number, kb: number, e: number, c0: number, c1: number, scratch: LuScratch): void {
  const nb = e - kb;
  for (let k = kb; k < e; k++) {
    const rk = k * n;
    for (let i = k + 1; i < e; i++) {
      const ri = i * n;
      const f = a[ri + k];
      if (f !== 0) for (let j = c0; j < c1; j++) a[ri + j] -= f * a[rk + j];
    }
  }
  if (e === n) return;
  const { ap, bp } = scratch;
  packRows(a, n, kb, nb, e, n, ap);
  for (let j0 = c0; j0 < c1; j0 += GEMM_NC) {
    const j1 = Math.min(j0 + GEMM_NC, c1);
    packColumns(a, n, kb, nb, j0, j1, bp);
    gemmPacked(a, n, nb, e, n, j0, j1, ap, bp);
  }
}

/**
 * A thread's part of one step: take chunks of {@link LU_CHUNK} columns from the shared counter and
 * run {@link luColumns} on each until none is left; counts each finished chunk (and wakes a waiter).
 * The calling thread and the helpers run this same function.
 */
export function luStep(job: LuStepJob, scratch: LuScratch = luScratch(job.n)): void {
  const { a, n, kb, e, sync, slot } = job;
  const chunks = Math.ceil((n - e) / LU_CHUNK);
  for (;;) {
    const c = Atomics.add(sync, 2 * slot, 1);
    if (c >= chunks) return;
    const c0 = e + c * LU_CHUNK;
    luColumns(a, n, kb, e, c0, Math.min(n, c0 + LU_CHUNK), scratch);
    Atomics.add(sync, 2 * slot + 1, 1);
    Atomics.notify(sync, 2 * slot + 1);
  }
}

/**
 * LU factorisation with partial pivoting of an n × n row-major matrix (not modified). With `exec`,
 * each step's column chunks are shared between the calling thread and the executor's ready helpers
 * (the matrix is then allocated on shared memory); the factors are the same bytes either way.
 * Fails with E_SINGULAR when a pivot is ≤ 1e-14 × the largest entry (for I − A: a sector whose
 * inputs from the system equal its output, no value added anywhere on a cycle). Cost 2n³/3.
 */
export function luFactor(M: ArrayLike<number>, n: number, exec?: DenseExecutor): Lu {
  const a = exec ? new Float64Array(new SharedArrayBuffer(8 * n * n)) : new Float64Array(n * n);
  a.set(M);
  return luFactorInPlace(a, n, exec);
}

/**
 * {@link luFactor} overwriting `a` (n × n row-major) with the factors — one n² copy less for callers
 * that built the matrix only to factorise it. With `exec`, `a` must be on a `SharedArrayBuffer` for
 * helpers to take part (otherwise the calling thread does everything). Same bytes as {@link luFactor}.
 */
export function luFactorInPlace(a: Float64Array, n: number, executor?: DenseExecutor): Lu {
  const exec = executor && a.buffer instanceof SharedArrayBuffer ? executor : undefined;
  const perm = new Int32Array(n);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let i = 0; i < n; i++) perm[i] = i;
  const scratch = luScratch(n);
  const sync = exec ? new Int32Array(new SharedArrayBuffer(8 * Math.ceil(n / LU_BLOCK))) : undefined;
  for (let kb = 0; kb < n; kb += LU_BLOCK) {
    const e = Math.min(kb + LU_BLOCK, n);
    // panel: columns [kb, e), rows k … n − 1
    for (let k = kb; k < e; k++) {
      let p = k;
      let best = Math.abs(a[k * n + k]);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(a[i * n + k]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      if (!(best > 1e-14 * scale))
        fail('E_SINGULAR', `I − A is singular (pivot ${best} in column ${k + 1})`, { hint: 'a sector or cycle of sectors has no value added' });
      if (p !== k) {
        for (let j = 0; j < n; j++) {
          const t = a[k * n + j];
          a[k * n + j] = a[p * n + j];
          a[p * n + j] = t;
        }
        const t = perm[k];
        perm[k] = perm[p];
        perm[p] = t;
      }
      const d = a[k * n + k];
      const rk = k * n;
      for (let i = k + 1; i < n; i++) {
        const ri = i * n;
        const f = (a[ri + k] /= d);
        if (f === 0) continue;
        for (let j = k + 1; j < e; j++) a[ri + j] -= f * a[rk + j];
      }
    }
    if (e === n) break;
    // columns [e, n): chunks taken in turn by this thread and the executor's ready helpers
    const helpers = exec && n - e > LU_CHUNK ? exec.ready() : 0;
    if (helpers === 0 || !sync) {
      luColumns(a, n, kb, e, e, n, scratch);
      continue;
    }
    const slot = kb / LU_BLOCK;
    const job: LuStepJob = { a, n, kb, e, sync, slot };
    for (let h = 0; h < helpers; h++) exec?.post(h, job);
    luStep(job, scratch);
    const chunks = Math.ceil((n - e) / LU_CHUNK);
    for (let done = Atomics.load(sync, 2 * slot + 1); done < chunks; done = Atomics.load(sync, 2 * slot + 1)) {
      Atomics.wait(sync, 2 * slot + 1, done, 100);
      exec?.check();
    }
  }
  return { n, lu: a, perm };
}

/** P[j][k] = lu[(i0 + k)·n + j] for rows j ∈ [r0, r1) (a block of rows of U or L read down its columns), packed as {@link packRows}. */
function packTransposed(lu: Float64Array, n: number, i0: number, nb: number, r0: number, r1: number, ap: Float64Array): void {
  for (let j = r0, base = 0; j < r1; j += 4, base += 4 * nb) {
    const w = Math.min(4, r1 - j);
    for (let k = 0; k < nb; k++) {
      const o = (i0 + k) * n + j;
      const d = base + 4 * k;
      for (let r = 0; r < w; r++) ap[d + r] = lu[o + r];
      for (let r = w; r < 4; r++) ap[d + r] = 0;
    }
  }
}

/**
 * Solve Mᵀ X = R for m right-hand sides (R, X n × m row-major) from the factors of M: Uᵀ Z = R,
 * Lᵀ W = Z, X = Pᵀ W, blocked like the factorisation — within a block of {@link LU_BLOCK} rows the
 * substitution is row by row, and the rows beyond it are updated by one packed product (the same
 * micro-kernel) with the block's rows of U (resp. L) read down their columns. Cost 2n²m.
 */
export function luSolveTransposedMany(f: Lu, R: ArrayLike<number>, m: number): Float64Array {
  const { n, lu, perm } = f;
  const Z = Float64Array.from(R);
  const ap = new Float64Array((n + 4) * LU_BLOCK);
  const bp = new Float64Array((m + 4) * LU_BLOCK);
  // Uᵀ Z = R: Uᵀ lower triangular, forward by blocks [i0, i1)
  for (let i0 = 0; i0 < n; i0 += LU_BLOCK) {
    const i1 = Math.min(i0 + LU_BLOCK, n);
    for (let i = i0; i < i1; i++) {
      const ri = i * n;
      const zi = i * m;
      const d = lu[ri + i];
      for (let c = 0; c < m; c++) Z[zi + c] /= d;
      for (let j = i + 1; j < i1; j++) {
        const u = lu[ri + j];
        if (u === 0) continue;
        const zj = j * m;
        for (let c = 0; c < m; c++) Z[zj + c] -= u * Z[zi + c];
      }
    }
    if (i1 === n) break;
    packTransposed(lu, n, i0, i1 - i0, i1, n, ap);
    packColumns(Z, m, i0, i1 - i0, 0, m, bp);
    gemmPacked(Z, m, i1 - i0, i1, n, 0, m, ap, bp);
  }
  // Lᵀ W = Z: Lᵀ unit upper triangular, backward by blocks [i0, i1)
  for (let i1 = n; i1 > 0; i1 -= LU_BLOCK) {
    const i0 = Math.max(0, i1 - LU_BLOCK);
    for (let i = i1 - 1; i >= i0; i--) {
      const ri = i * n;
      const zi = i * m;
      for (let j = i0; j < i; j++) {
        const l = lu[ri + j];
        if (l === 0) continue;
        const zj = j * m;
        for (let c = 0; c < m; c++) Z[zj + c] -= l * Z[zi + c];
      }
    }
    if (i0 === 0) break;
    packTransposed(lu, n, i0, i1 - i0, 0, i0, ap);
    packColumns(Z, m, i0, i1 - i0, 0, m, bp);
    gemmPacked(Z, m, i1 - i0, 0, i0, 0, m, ap, bp);
  }
  const X = new Float64Array(n * m);
  for (let i = 0; i < n; i++) X.set(Z.subarray(i * m, (i + 1) * m), perm[i] * m);
  return X;
}

/**
 * Solve M X = R for m right-hand sides (R, X n × m row-major) from {@link luFactor}'s factors:
 * L Y = P R forward, U X = Y backward, blocked like {@link luSolveTransposedMany} — row by row within
 * a block of {@link LU_BLOCK} rows, one packed product (tiles of {@link GEMM_NC} columns) for the rows
 * beyond it. Cost 2n²m.
 */
export function luSolveMany(f: Lu, R: ArrayLike<number>, m: number): Float64Array {
  const { n, lu, perm } = f;
  const T = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let c = 0, s = perm[i] * m, d = i * m; c < m; c++) T[d + c] = R[s + c];
  const ap = new Float64Array((n + 4) * LU_BLOCK);
  const bp = new Float64Array((Math.min(m, GEMM_NC) + 4) * LU_BLOCK);
  const update = (i0: number, nb: number, r0: number, r1: number) => {
    packRows(lu, n, i0, nb, r0, r1, ap);
    for (let j0 = 0; j0 < m; j0 += GEMM_NC) {
      const j1 = Math.min(j0 + GEMM_NC, m);
      packColumns(T, m, i0, nb, j0, j1, bp);
      gemmPacked(T, m, nb, r0, r1, j0, j1, ap, bp);
    }
  };
  // L Y = P R: L unit lower triangular, forward by blocks [i0, i1)
  for (let i0 = 0; i0 < n; i0 += LU_BLOCK) {
    const i1 = Math.min(i0 + LU_BLOCK, n);
    for (let i = i0 + 1; i < i1; i++) {
      const ri = i * n;
      const ti = i * m;
      for (let j = i0; j < i; j++) {
        const l = lu[ri + j];
        if (l === 0) continue;
        const tj = j * m;
        for (let c = 0; c < m; c++) T[ti + c] -= l * T[tj + c];
      }
    }
    if (i1 < n) update(i0, i1 - i0, i1, n);
  }
  // U X = Y: backward by blocks [i0, i1)
  for (let i1 = n; i1 > 0; i1 -= LU_BLOCK) {
    const i0 = Math.max(0, i1 - LU_BLOCK);
    for (let i = i1 - 1; i >= i0; i--) {
      const ri = i * n;
      const ti = i * m;
      for (let j = i + 1; j < i1; j++) {
        const u = lu[ri + j];
        if (u === 0) continue;
        const tj = j * m;
        for (let c = 0; c < m; c++) T[ti + c] -= u * T[tj + c];
      }
      const d = lu[ri + i];
      for (let c = 0; c < m; c++) T[ti + c] /= d;
    }
    if (i0 > 0) update(i0, i1 - i0, 0, i0);
  }
  return T;
}
