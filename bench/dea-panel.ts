/**
 * The issue-17 speed target: 300 units × 15 periods, 3 inputs, 1 desirable and 2 undesirable outputs (seeded
 * synthetic panel with technical progress), super-SBM with undesirable outputs (vrs) per period + GML (crs,
 * proportional direction, global frontier). Prints the LP count, wall time, ms/LP and the load average.
 *
 * `--threads=N` (default 2): the per-period kernel calls run on N worker threads (src/io/workers/dea-pool.ts; worker
 * start-up, ~HiGHS load per worker, included in the time); `--threads=1` runs them in this thread, where the LP
 * count of each part is also printed (lpCount() counts this thread's solves only).
 *
 * Run: `npx tsx bench/dea-panel.ts [--runs=3] [--units=300] [--periods=15] [--threads=2]`
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/core/rng.js';
import { lpCount, loadSolver } from '../src/lenses/dea/lp.js';
import { globalMalmquistLuenberger } from '../src/lenses/dea/luenberger.js';
import { type DeaData, superSbm } from '../src/lenses/dea/models.js';
import { gmlParallel, superSbmPanel } from '../src/io/workers/dea-pool.js';

const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d);
const runs = arg('runs', 3);
const n = arg('units', 300);
const T = arg('periods', 15);
const threads = arg('threads', 2);

function panel(seed = 17): DeaData[] {
  const rng = Rng.create(seed);
  const base = Array.from({ length: n * 6 }, () => 1 + 9 * rng.uniform());
  return Array.from({ length: T }, (_, t) => {
    const g = 1 + 0.02 * t;
    const jig = () => 0.9 + 0.2 * rng.uniform();
    return {
      n,
      m: 3,
      s: 1,
      sb: 2,
      x: Float64Array.from({ length: n * 3 }, (_, k) => base[Math.floor(k / 3) * 6 + (k % 3)] * jig()),
      y: Float64Array.from({ length: n }, (_, j) => base[j * 6 + 3] * g * jig()),
      yb: Float64Array.from({ length: n * 2 }, (_, k) => (base[Math.floor(k / 2) * 6 + 4 + (k % 2)] * jig()) / g),
    };
  });
}

await loadSolver();
const periods = panel();
const times: number[] = [];
const parts: string[] = [];
for (let k = 0; k < runs; k++) {
  const l0 = lpCount();
  const t0 = performance.now();
  let sum = 0;
  const sup = threads > 1 ? await superSbmPanel(periods, { rts: 'vrs' }, threads) : periods.map((p) => superSbm(p, { rts: 'vrs' }));
  for (const r of sup) sum += r.score.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const t1 = performance.now();
  const l1 = lpCount();
  const opts = { rts: 'crs', direction: 'proportional' } as const;
  const steps = threads > 1 ? await gmlParallel(periods, opts, threads) : globalMalmquistLuenberger(periods, opts);
  const t2 = performance.now();
  const l2 = lpCount();
  for (const st of steps) sum += st.index.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  times.push(t2 - t0);
  const lps = threads > 1 ? '' : ` (${l1 - l0} + ${l2 - l1} LPs, ${((t2 - t0) / (l2 - l0)).toFixed(3)} ms/LP)`;
  parts.push(
    `threads ${threads}: super-SBM ${(t1 - t0).toFixed(0)} ms, GML ${(t2 - t1).toFixed(0)} ms, total ${(t2 - t0).toFixed(0)} ms${lps}, ` +
      `check ${sum.toPrecision(12)}, load ${loadavg()[0].toFixed(1)}`,
  );
}
for (const p of parts) console.log(p);
times.sort((a, b) => a - b);
console.log(`median total ${times[times.length >> 1].toFixed(0)} ms over ${runs} runs (${n} units × ${T} periods)`);
