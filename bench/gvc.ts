/**
 * Value-chain lens at OECD ICIO size (issue 18): a synthetic balanced table of G = 76 countries ×
 * N = 45 industries (n = 3,420 sectors; seeded), timed for
 *   1. the section's default measures — one LU of I − A, the country rows of V·B (G transposed
 *      solves), KWW by country, participation and position, upstreamness (U = B X / X from the same
 *      factors) and downstreamness (one transposed solve): target ≤ 10 s on 2 cores — on the calling
 *      thread alone and with one helper thread (`startDensePool`, the LU's trailing update shared);
 *   2. numpy's `np.linalg.inv` of the same I − A (written once to a temporary file; only the inverse is
 *      timed, in a fresh python3 per run), when python3 with numpy is available;
 *   3. (`--wwz`) the WWZ decomposition of one exporter × all partners from the LU factors (no B): target ≤ 30 s.
 * The three of 1–2 alternate run by run (the machine is shared: the ratio of medians taken under the
 * same load is the figure to read, with the load averages printed beside it). The 1- and 2-thread
 * tables are checked byte-identical. Not a test: no timed assertions anywhere.
 *
 * Run: `npx tsx bench/gvc.ts [G N] [--wwz] [--runs=3]`
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Rng } from '../src/core/rng.js';
import { startDensePool } from '../src/io/workers/dense-pool.js';
import { valueChainTables } from '../src/lenses/gvc/analysis.js';
import { identityMinus, leontiefFactors, technicalCoefficients } from '../src/lenses/gvc/leontief.js';
import { type IcioTable, icioTable } from '../src/lenses/gvc/table.js';
import { wwz } from '../src/lenses/gvc/wwz.js';

/** A seeded balanced ICIO table: domestic blocks denser than foreign ones, final demand mostly at home, VA > 0 everywhere. */
export function syntheticIcio(G: number, N: number, seed = 18): IcioTable {
  const n = G * N;
  const rng = Rng.create(seed);
  const Z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ci = Math.floor(i / N);
    for (let j = 0; j < n; j++) Z[i * n + j] = rng.uniform() * (ci === Math.floor(j / N) ? 4 : 0.04);
  }
  const Y = new Float64Array(n * G);
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      rowSum[i] += Z[i * n + j];
      colSum[j] += Z[i * n + j];
    }
  for (let i = 0; i < n; i++) {
    const ci = Math.floor(i / N);
    // enough final demand that value added X_j − colSum_j = rowSum_j + ΣY_j − colSum_j stays positive
    const need = Math.max(0, colSum[i] - rowSum[i]) + 0.3 * colSum[i];
    for (let g = 0; g < G; g++) Y[i * G + g] = (need / (2 * G)) * (1 + rng.uniform()) * (g === ci ? G : 1);
  }
  return icioTable({ countries: Array.from({ length: G }, (_, g) => `C${g}`), industries: Array.from({ length: N }, (_, i) => `I${i}`), Z, Y });
}

/** Wall time and the process's CPU time (every thread: getrusage) of f, ms. */
function time<T>(f: () => T): { ms: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, value };
}

/** Writes I − A once; `run()` times numpy's inverse of it in a fresh python3 (wall and CPU ms), undefined without numpy. */
function numpyInv(t: IcioTable): { run: () => { ms: number; cpu: number } | undefined; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-gvc-bench-'));
  const M = identityMinus(technicalCoefficients(t), t.n);
  writeFileSync(join(dir, 'm.bin'), Buffer.from(M.buffer));
  const py =
    `import numpy as np, time\nM = np.fromfile('${join(dir, 'm.bin')}', dtype='<f8').reshape(${t.n}, ${t.n})\n` +
    't0 = time.perf_counter(); c0 = time.process_time(); np.linalg.inv(M); print((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000)';
  return {
    run() {
      try {
        const [ms, cpu] = execFileSync('python3', ['-c', py], { encoding: 'utf8' }).trim().split(' ').map(Number);
        return { ms, cpu };
      } catch {
        return undefined;
      }
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const load = () => loadavg()[0].toFixed(1);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const nums = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const [G, N] = nums.length === 2 ? nums : [76, 45];
  const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 1);
  const t = time(() => syntheticIcio(G, N));
  console.log(`synthetic ICIO ${G} × ${N} = ${t.value.n} sectors built in ${(t.ms / 1000).toFixed(1)} s`);
  const tab = t.value;
  const pool = startDensePool({ helpers: 1 });
  await pool.started();
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const spec = { measures: ['kww', 'participation', 'upstreamness'] as ('kww' | 'participation' | 'upstreamness')[] };
  const one: { ms: number; cpu: number }[] = [];
  const two: { ms: number; cpu: number }[] = [];
  const np: { ms: number; cpu: number }[] = [];
  const loads: string[] = [];
  const inv = numpyInv(tab);
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  let same = true;
  for (let r = 0; r < runs; r++) {
    loads.push(load());
    const a = time(() => valueChainTables(tab, spec));
    one.push(a);
    const b = time(() => valueChainTables(tab, spec, pool));
    two.push(b);
    same &&= JSON.stringify(a.value) === JSON.stringify(b.value);
    const x = inv.run();
    if (x !== undefined) np.push(x);
    console.log(
      `run ${r + 1}: load ${loads[r]}→${load()}: 1 thread ${sec(a.ms)} (CPU ${sec(a.cpu)}), 2 threads ${sec(b.ms)} (CPU ${sec(b.cpu)})` +
        (x !== undefined ? `, numpy inv ${sec(x.ms)} (CPU ${sec(x.cpu)})` : ''),
    );
  }
  inv.close();
  const wall = (xs: { ms: number }[]) => med(xs.map((x) => x.ms));
  const cpu = (xs: { cpu: number }[]) => med(xs.map((x) => x.cpu));
  console.log(`KWW + participation + upstreamness + downstreamness (target ≤ 10 s), median of ${runs}, load averages ${loads.join(' ')}:`);
  console.log(`  1 thread ${sec(wall(one))} (CPU ${sec(cpu(one))}), 2 threads ${sec(wall(two))} (CPU ${sec(cpu(two))}); tables identical: ${same}`);
  if (np.length)
    console.log(
      `  numpy np.linalg.inv of the same I − A: ${sec(wall(np))} (CPU ${sec(cpu(np))}); nqpf section (2 threads) / numpy inv = ` +
        `${(wall(two) / wall(np)).toFixed(2)} wall, ${(cpu(two) / cpu(np)).toFixed(2)} CPU`,
    );
  if (args.includes('--wwz')) {
    const f = time(() => leontiefFactors(tab, pool));
    const w = time(() => wwz(tab, f.value, [0]));
    console.log(
      `WWZ one exporter × ${G - 1} partners from the LU factors (no B, 2 threads; load ${load()}): factors ${sec(f.ms)} + decomposition ${sec(w.ms)} = ` +
        `${sec(f.ms + w.ms)} (target ≤ 30 s; CPU ${sec(f.cpu + w.cpu)})`,
    );
  }
  await pool.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
