/**
 * Whole-process timings, as a user waits for them (`npm run bench -- process`): each row starts
 * `node bin/nqpf.js …` afresh (dist/ up to date, so nothing is transpiled), median of ≥ 5 runs, the
 * output directory removed between runs. Targets (issue 14), with the anchors:
 *   - `nqpf --version` < 150 ms;
 *   - `nqpf run examples/asem-coinr.yaml` (every default output) < 1.0 s;
 *   - the CN example with every analysis < 2.0 s;
 *   - `nqpf demo` (every analysis, robustness, report, SVG + PNG figures) < 6 s;
 *   - `nqpf run examples/cn-cities-demo.yaml` (287 cities × 12 years, every analysis, 999 permutations,
 *     the city map in the report and figures) ≤ 3 s (issue 19);
 *   - `nqpf run examples/asem-robustness.yaml` ≤ 1.2 s with the default workers (≥ 1,000× COINr's
 *     0.175 s per replication × 7,000 replications = 1,225 s), and with `--workers 1` / `--workers 2`:
 *     these three rows run alternated (one of each per round), so a change in the machine's load
 *     during the bench does not favour one of them; the default must not be slower than `--workers 1`.
 * ASEM and CN rows need ../shared (or NQPF_SHARED); they are skipped without it.
 * NQPF_BENCH_PROCESS (comma list of version, coinr, cn, robustness, cities, demo; default all) runs
 * only those rows, e.g. `NQPF_BENCH_PROCESS=version,coinr,cn npm run bench -- process`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot, sharedDir } from './paths.js';

const BIN = resolve(repoRoot, 'bin', 'nqpf.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall time (ms) of one run of `nqpf <args>` in a fresh output directory. */
function timeOnce(args: (out: string) => string[]): number {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-bench-proc-'));
  const out = join(dir, 'out');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args(out)], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NQPF_SHARED: sharedDir } });
  const t = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`nqpf ${args(out).join(' ')} failed (${r.status}):\n${r.stderr}`);
  return t;
}

/** Median and minimum wall time (ms) of `reps` rounds; each round runs every command once, in turn (one warm-up round first, untimed). */
function timeAlternated(cmds: ((out: string) => string[])[], reps: number): { median: number; min: number; reps: number }[] {
  const ms: number[][] = cmds.map(() => []);
  for (let i = 0; i <= reps; i++) {
    cmds.forEach((args, c) => {
      const t = timeOnce(args);
      if (i > 0) ms[c].push(t);
    });
  }
  return ms.map((m) => ({ median: median(m), min: Math.min(...m), reps }));
}

/** The row keys NQPF_BENCH_PROCESS may list. */
const ROWS = ['version', 'coinr', 'cn', 'robustness', 'cities', 'demo'] as const;

/** The rows of the `process` group: [label, median ms, min ms, runs, target]. */
export function benchProcess(reps = 5): string[][] {
  const only = (process.env.NQPF_BENCH_PROCESS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((k) => !(ROWS as readonly string[]).includes(k));
  if (unknown.length) throw new Error(`NQPF_BENCH_PROCESS: unknown row ${unknown.join(', ')} (rows: ${ROWS.join(', ')})`);
  const want = (k: (typeof ROWS)[number]) => only.length === 0 || only.includes(k);
  // Compile once up front, so no row pays for it.
  spawnSync(process.execPath, [BIN, '--version'], { cwd: repoRoot });
  const rows: string[][] = [];
  const addAlternated = (rs: [label: string, args: (out: string) => string[], target: string][]) => {
    timeAlternated(
      rs.map((r) => r[1]),
      reps,
    ).forEach((t, i) => rows.push([rs[i][0], t.median.toFixed(0), t.min.toFixed(0), String(t.reps), rs[i][2]]));
  };
  const add = (label: string, args: (out: string) => string[], target: string) => addAlternated([[label, args, target]]);
  if (want('version')) add('process: nqpf --version', () => ['--version'], '< 150 ms');
  if (existsSync(resolve(sharedDir, 'README.md'))) {
    if (want('coinr')) add('process: nqpf run asem-coinr.yaml (default outputs)', (o) => ['run', 'examples/asem-coinr.yaml', '--out', o], '< 1000 ms');
    if (want('cn'))
      add(
        'process: nqpf run cn-scitech-entropy-topsis.yaml (every analysis)',
        (o) => ['run', 'examples/cn-scitech-entropy-topsis.yaml', '--out', o],
        '< 2000 ms',
      );
    const rob = (extra: string[]) => (o: string) => ['run', 'examples/asem-robustness.yaml', '--out', o, ...extra];
    if (want('robustness'))
      addAlternated([
        ['process: nqpf run asem-robustness.yaml (default workers)', rob([]), '≤ 1200 ms (COINr 1,225 s); ≤ --workers 1'],
        ['process: nqpf run asem-robustness.yaml --workers 1', rob(['--workers', '1']), ''],
        ['process: nqpf run asem-robustness.yaml --workers 2', rob(['--workers', '2']), ''],
      ]);
  } else {
    console.log(`(../shared not found at ${sharedDir}: ASEM and CN process benchmarks skipped)`);
  }
  if (want('cities'))
    add(
      'process: nqpf run cn-cities-demo.yaml (287 cities × 12, every analysis, 999 permutations, city map)',
      (o) => ['run', 'examples/cn-cities-demo.yaml', '--out', o, '--workers', '1'],
      '≤ 3000 ms (issue 19)',
    );
  if (want('demo')) add('process: nqpf demo (analyses, robustness, report, figures)', (o) => ['demo', '--out', o], '< 6000 ms');
  return rows;
}
