/**
 * The issue-17 speed target: 300 units × 15 periods, 3 inputs, 1 desirable and 2 undesirable outputs (seeded
 * synthetic panel with technical progress), super-SBM with undesirable outputs (vrs) per period + GML (crs,
 * proportional direction, global frontier): ≤ 3 s on 2 cores. Prints per run the wall time of each part, the LPs
 * solved (every thread's), wall ms per LP, the CPU time of the process (every thread) and the load average.
 *
 * `--threads=N` (default 2): this thread and N − 1 helper threads of the DEA pool (src/io/workers/dea-pool.ts), started
 * once before the runs (as `nqpf run` starts it before the analyses; its start-up is printed on its own line);
 * `--threads=1` runs everything in this thread.
 *
 * Run: `npx tsx bench/dea-panel.ts [--runs=3] [--units=300] [--periods=15] [--threads=2]`
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/core/rng.js';
import { startDeaPool } from '../src/io/workers/dea-pool.js';
import { runDeaTasks } from '../src/lenses/dea/executor.js';
import { loadSolver, lpCount } from '../src/lenses/dea/lp.js';
import { globalMalmquistLuenberger } from '../src/lenses/dea/luenberger.js';
import type { DeaData, DeaResult } from '../src/lenses/dea/models.js';

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

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const s0 = performance.now();
await loadSolver();
const pool = threads > 1 ? startDeaPool({ helpers: threads - 1 }) : undefined;
await pool?.started();
console.log(`start-up (HiGHS${pool ? ` + ${threads - 1} helper thread(s)` : ''}): ${(performance.now() - s0).toFixed(0)} ms, load ${loadavg()[0].toFixed(1)}`);
const lps = () => lpCount() + (pool?.helperLps() ?? 0);
const periods = panel();
const times: number[] = [];
try {
  for (let k = 0; k < runs; k++) {
    const l0 = lps();
    const c0 = cpu();
    const t0 = performance.now();
    let sum = 0;
    const sup = runDeaTasks(
      periods.map((data) => ({ kind: 'superSbm' as const, data, opts: { rts: 'vrs' as const } })),
      pool,
    ) as DeaResult[];
    for (const r of sup) sum += r.score.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    const t1 = performance.now();
    const l1 = lps();
    const steps = globalMalmquistLuenberger(periods, { rts: 'crs', direction: 'proportional' }, pool);
    const t2 = performance.now();
    const l2 = lps();
    for (const st of steps) sum += st.index.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    times.push(t2 - t0);
    console.log(
      `threads ${threads}: super-SBM ${(t1 - t0).toFixed(0)} ms (${l1 - l0} LPs, ${((t1 - t0) / (l1 - l0)).toFixed(3)} ms/LP), ` +
        `GML ${(t2 - t1).toFixed(0)} ms (${l2 - l1} LPs, ${((t2 - t1) / (l2 - l1)).toFixed(3)} ms/LP), ` +
        `total ${(t2 - t0).toFixed(0)} ms wall (${l2 - l0} LPs, ${((t2 - t0) / (l2 - l0)).toFixed(3)} ms/LP), ${(cpu() - c0).toFixed(0)} ms CPU, ` +
        `check ${sum.toPrecision(12)}, load ${loadavg()[0].toFixed(1)}`,
    );
  }
} finally {
  await pool?.close();
}
times.sort((a, b) => a - b);
console.log(`median total ${times[times.length >> 1].toFixed(0)} ms over ${runs} runs (${n} units × ${T} periods, ${threads} thread(s))`);
