/**
 * Local Moran conditional-permutation benchmark: 999 permutations for 2,800 units (a 56 × 50 grid
 * of jittered points, 6 nearest neighbours, row-standardised). Target ≤ 250 ms per run
 * (R spdep `localmoran_perm` takes ≈ 2.4 s on this machine class). Median of 5 runs after 2 warm-ups.
 *
 * Run alone: `npx tsx bench/local-moran.ts`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { localMoran, localMoranPerm } from '../src/analysis/spatial/local.js';
import type { SpatialWeights } from '../src/analysis/spatial/types.js';
import { Rng } from '../src/core/rng.js';

/** k nearest neighbours by brute force (O(n²)), row-standardised CSR. */
function knnWeights(px: Float64Array, py: Float64Array, k: number): SpatialWeights {
  const n = px.length;
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(n * k);
  const weights = new Float64Array(n * k).fill(1 / k);
  const bestD = new Float64Array(k);
  const bestJ = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    bestD.fill(Infinity);
    bestJ.fill(-1);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = (px[i] - px[j]) ** 2 + (py[i] - py[j]) ** 2;
      if (d >= bestD[k - 1]) continue;
      let t = k - 1;
      while (t > 0 && bestD[t - 1] > d) {
        bestD[t] = bestD[t - 1];
        bestJ[t] = bestJ[t - 1];
        t--;
      }
      bestD[t] = d;
      bestJ[t] = j;
    }
    indices.set(bestJ, i * k);
    indptr[i + 1] = (i + 1) * k;
  }
  return { units: Array.from({ length: n }, (_, i) => `u${i}`), indptr, indices, weights, style: 'W', islands: [] };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface LocalMoranBench {
  units: number;
  neighbours: number;
  nsim: number;
  /** Median wall time of the permutation test, ms. */
  medianMs: number;
  minMs: number;
  /** Analytical localMoran, ms (median). */
  analyticMs: number;
  runs: number;
}

/** Build the lattice and time `localMoranPerm` (999 permutations) and `localMoran`. */
export function benchLocalMoran(runs = 5): LocalMoranBench {
  const rng = Rng.create(20240601);
  const nx = 56;
  const ny = 50;
  const n = nx * ny;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const x = new Float64Array(n);
  for (let a = 0; a < ny; a++)
    for (let b = 0; b < nx; b++) {
      const i = a * nx + b;
      px[i] = b + 0.3 * (rng.uniform() - 0.5);
      py[i] = a + 0.3 * (rng.uniform() - 0.5);
      x[i] = Math.sin(b / 7) + Math.cos(a / 9) + 0.5 * rng.normal();
    }
  const W = knnWeights(px, py, 6);
  const nsim = 999;
  for (let w = 0; w < 2; w++) localMoranPerm(x, W, { seed: w, nsim });
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    localMoranPerm(x, W, { seed: 100 + r, nsim });
    ts.push(performance.now() - t0);
  }
  const ta: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    localMoran(x, W);
    ta.push(performance.now() - t0);
  }
  return { units: n, neighbours: 6, nsim, medianMs: median(ts), minMs: Math.min(...ts), analyticMs: median(ta), runs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = benchLocalMoran();
  console.log(
    `localMoranPerm: ${r.units} units × ${r.neighbours} neighbours × ${r.nsim} permutations: median ${r.medianMs.toFixed(1)} ms (min ${r.minMs.toFixed(1)} ms, ${r.runs} runs; target ≤ 250 ms)`,
  );
  console.log(`localMoran (analytical): median ${r.analyticMs.toFixed(2)} ms`);
  console.log(`node ${process.version}, ${process.arch}`);
}
