/**
 * DEA LP speed (issue 17): milliseconds per LP on a seeded synthetic technology of n units with 3 inputs, 1
 * desirable and 2 undesirable outputs (the green-TFP shape), DDF (crs) of every unit against all n:
 *   1. cold — every LP passed to HiGHS anew (`solveLp`: dense → CSR, `passModel`, simplex from a slack basis);
 *   2. warm — one `LpSession` for all units: only the evaluated unit's column and the right-hand sides change,
 *      each solve starts from the previous optimal basis (what `ddf` does);
 *   3. the ddf kernel with its slack phase (2n LPs), the SBM kernel (Tone 2003 form, one LP per unit, warm through
 *      `WarmLp`) and super-SBM (its super-efficiency LPs cold: see src/lenses/dea/models.ts).
 * Each line: median over `runs` (default 5) of total time / number of LPs. The machine is shared: compare the
 * lines of one run, not runs of different days. Not a test: no timed assertions anywhere.
 *
 * Run: `npx tsx bench/dea.ts [n] [--runs=5]`
 */
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/core/rng.js';
import { ddf } from '../src/lenses/dea/ddf.js';
import { LpSession, loadSolver, solveLp } from '../src/lenses/dea/lp.js';
import { type DeaData, newLp, sbm, superSbm } from '../src/lenses/dea/models.js';

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 300);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const rng = Rng.create(17);
const mk = (k: number) => Float64Array.from({ length: n * k }, () => 1 + 9 * rng.uniform());
const d: DeaData = { n, m: 3, s: 1, sb: 2, x: mk(3), y: mk(1), yb: mk(2) };
const { m, s } = d;
const sb = 2;
const yb = d.yb as Float64Array;

/** The DDF β LP of unit o (crs, proportional direction), as ddf builds it. */
function ddfLp(o: number) {
  const nc = 1 + n + m + s;
  const lp = newLp('max', m + s + sb, nc);
  lp.colLower[0] = -Infinity;
  lp.cost[0] = 1;
  const row = (r: number, data: Float64Array, k: number, i: number, sign: number, own: number) => {
    for (let j = 0; j < n; j++) lp.A[r * nc + 1 + j] = data[j * k + i];
    lp.A[r * nc] = sign * own;
    lp.rowLower[r] = lp.rowUpper[r] = own;
  };
  for (let i = 0; i < m; i++) {
    row(i, d.x, m, i, 1, d.x[o * m + i]);
    lp.A[i * nc + 1 + n + i] = 1;
  }
  for (let r = 0; r < s; r++) {
    row(m + r, d.y, s, r, -1, d.y[o * s + r]);
    lp.A[(m + r) * nc + 1 + n + m + r] = -1;
  }
  for (let k = 0; k < sb; k++) row(m + s + k, yb, sb, k, 1, yb[o * sb + k]);
  return lp;
}

function cold(): number {
  let sum = 0;
  for (let o = 0; o < n; o++) sum += solveLp(ddfLp(o)).objective;
  return sum;
}

function warm(): number {
  const ss = new LpSession(ddfLp(0));
  let sum = 0;
  for (let o = 0; o < n; o++) {
    const set = (r: number, coef: number, own: number) => {
      ss.setCoefficient(r, 0, coef);
      ss.setRowBounds(r, own, own);
    };
    for (let i = 0; i < m; i++) set(i, d.x[o * m + i], d.x[o * m + i]);
    for (let r = 0; r < s; r++) set(m + r, -d.y[o * s + r], d.y[o * s + r]);
    for (let k = 0; k < sb; k++) set(m + s + k, yb[o * sb + k], yb[o * sb + k]);
    sum += ss.solve().objective;
  }
  return sum;
}

function time(name: string, lps: number, f: () => number): number {
  const per: number[] = [];
  let value = 0;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    value = f();
    per.push((performance.now() - t0) / lps);
  }
  per.sort((a, b) => a - b);
  const med = per[per.length >> 1];
  console.log(`${name.padEnd(44)} ${lps} LPs  median ${med.toFixed(3)} ms/LP  (min ${per[0].toFixed(3)})  check ${value.toPrecision(12)}`);
  return value;
}

await loadSolver();
console.log(`DEA LPs: n = ${n} units, m = 3 inputs, 1 desirable, 2 undesirable outputs; ${n + 4} columns × 6 rows; ${runs} runs`);
const a = time('DDF crs β, cold (passModel per LP)', n, cold);
const b = time('DDF crs β, warm (one LpSession)', n, warm);
if (Math.abs(a - b) > 1e-9 * Math.abs(a)) console.log(`  warm and cold sums differ: ${a} vs ${b}`);
time('ddf kernel, crs, β + slack phase (warm)', 2 * n, () => ddf(d, { rts: 'crs' }).score.reduce((p, q) => p + q, 0));
time('sbm kernel, crs, Tone 2003 form (warm)', n, () => sbm(d, { rts: 'crs' }).score.reduce((p, q) => p + q, 0));
time('super-sbm kernel, vrs (sbm + super LPs of the efficient, warm)', n, () => superSbm(d, { rts: 'vrs' }).score.reduce((p, q) => p + q, 0));
