/**
 * Scale and worker targets of issue 14, whole process as a user runs them (`npm run bench -- scale`,
 * `npm run bench -- firm-workers`). The inputs are generated into a temporary directory by the
 * bench (seeded) and removed afterwards; nothing is committed.
 *
 * `scale`: 50,000 units × 15 periods × 40 indicators (30 M cells; 8 groups) — pooled min-max,
 * entropy weights, four dimension means and a TOPSIS index; inequality (Gini, Dagum by group,
 * Theil, CV), kernel density, σ/β convergence; 100 robustness replications (normalisation,
 * aggregation, weight noise; no leave-one-out table, which at this size is 30 M rows) — read from CSV (≈ 280 MB) and from Parquet (written from the CSV by
 * DuckDB). `nqpf run` with CSV tables only (no report, workbook, docx or figures: at 50,000 units
 * they are not what a user of this size reads, and they are timed elsewhere). Target < 20 s and
 * peak RSS < 4 GB each, the two rows alternated; RSS is the process's own maxRSS (worker threads
 * included), written by a preload at exit.
 *
 * `firm-workers`: 5,000 × 15 × 40 and 1,000 robustness replications, `--workers 1` against
 * `--workers 2`, alternated: target `--workers 2` ≤ 0.65 × `--workers 1`. The load average at the
 * start and end of the rows is printed with them (2 threads cannot pay off on a machine whose
 * other load leaves less than 2 cores).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/core/rng.js';
import { repoRoot } from './paths.js';

const BIN = resolve(repoRoot, 'bin', 'nqpf.js');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Write a seeded wide panel CSV: unit, year, region (8 groups), x1…x{nI}; log-normal levels with a unit effect and trends. */
export async function writePanelCsv(path: string, nU: number, nT: number, nI: number): Promise<void> {
  const rng = Rng.create(23);
  const level = Float64Array.from({ length: nU }, () => rng.normal());
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((res) => out.once('drain', () => res())));
  await write(`unit,year,region,${Array.from({ length: nI }, (_, j) => `x${j + 1}`).join(',')}\n`);
  let buf = '';
  for (let t = 0; t < nT; t++) {
    for (let u = 0; u < nU; u++) {
      let line = `f${u},${2010 + t},g${(u % 8) + 1}`;
      for (let j = 0; j < nI; j++) line += `,${(Math.exp(0.5 * level[u] + 0.02 * t * (1 + (j % 3)) + 0.3 * rng.normal()) * (1 + j)).toFixed(4)}`;
      buf += `${line}\n`;
      if (buf.length > 1 << 20) {
        await write(buf);
        buf = '';
      }
    }
  }
  await write(buf);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

/** The CSV at `csv` written again as Parquet at `parquet` by DuckDB (column types as DuckDB infers them: VARCHAR, BIGINT, DOUBLE). */
export async function csvToParquet(csv: string, parquet: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
}

/** A spec reading `file` with the framework of four dimensions of nI/4 indicators, the analyses and `replications` robustness runs. */
export function specText(file: string, nI: number, replications: number, analyses: boolean): string {
  const ind = Array.from({ length: nI }, (_, j) => `    - { code: x${j + 1}, parent: D${(j % 4) + 1}${j % 7 === 3 ? ', direction: -1' : ''} }`);
  return `title: scale bench
seed: 5
data: { file: ${file}, unit: unit, period: year, attributes: [region] }
units: { group: region }
framework:
  nodes:
    - { code: Index }
${[1, 2, 3, 4].map((d) => `    - { code: D${d}, parent: Index }`).join('\n')}
${ind.join('\n')}
steps:
  normalise: { method: minmax, range: [0, 1], scope: pooled }
  weight: { method: entropy, scope: global, pooling: pooled }
  aggregate:
    method: arithmetic
    alternatives:
      - { code: Index_topsis, node: Index, method: topsis, inputs: indicators, ideal: pooled }
${
  analyses
    ? `analyses:
  score: Index
  group: region
  inequality: { measures: [gini, dagum, theil, cv] }
  density: { kernel: gaussian, bandwidth: silverman }
  convergence: { panel: true }
`
    : ''
}robustness:
  scores: [Index]
  factors:
    - name: norm
      type: alternatives
      path: steps.normalise
      alternatives:
        - { method: minmax, range: [1, 100] }
        - { method: rank }
    - { name: agg, type: alternatives, path: steps.aggregate.method, alternatives: [arithmetic, geometric] }
    - { name: weights, type: weights, levels: [2], noise: 0.25 }
  uncertainty: { replications: ${replications} }
  leaveOneOut: false
outputs: { docx: false, report: false, xlsx: false, figures: none }
`;
}

/** Writes the process's peak RSS (KiB) to NQPF_BENCH_RSS at exit. */
const PRELOAD = `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.NQPF_BENCH_RSS, String(process.resourceUsage().maxRSS)));
`;

/** Wall time (ms) and peak RSS (MiB) of one `nqpf run <spec> --out <fresh dir> …extra`. */
function runOnce(dir: string, spec: string, extra: string[]): { ms: number; rssMiB: number } {
  const out = join(dir, 'out');
  rmSync(out, { recursive: true, force: true });
  const rssFile = join(dir, 'rss.txt');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'preload.mjs')).href, BIN, 'run', spec, '--out', out, ...extra], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NQPF_BENCH_RSS: rssFile },
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`nqpf run ${spec} ${extra.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { ms, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

/** `reps` rounds (one untimed warm-up round first when `warm`), each running every case once in turn. */
function alternated(
  dir: string,
  cases: { label: string; spec: string; extra: string[]; target: string; rssTarget?: string }[],
  reps: number,
  warm: boolean,
): string[][] {
  const res = cases.map(() => ({ ms: [] as number[], rss: [] as number[] }));
  for (let i = warm ? -1 : 0; i < reps; i++) {
    cases.forEach((c, k) => {
      const r = runOnce(dir, c.spec, c.extra);
      if (i >= 0) {
        res[k].ms.push(r.ms);
        res[k].rss.push(r.rssMiB);
      }
    });
  }
  return cases.flatMap((c, k) => [
    [c.label, median(res[k].ms).toFixed(0), Math.min(...res[k].ms).toFixed(0), String(reps), c.target],
    [`${c.label}: peak RSS, MiB (median)`, median(res[k].rss).toFixed(0), Math.min(...res[k].rss).toFixed(0), String(reps), c.rssTarget ?? ''],
  ]);
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/**
 * The `scale` rows: 50,000 × 15 × 40 from CSV and from Parquet. NQPF_BENCH_SCALE_UNITS (a comma list,
 * default 50000) measures other sizes too, e.g. `10000,25000,50000`, each with its own generated inputs;
 * the targets apply to 50,000.
 */
export async function benchScale(reps = Number(process.env.NQPF_BENCH_REPS ?? 5)): Promise<string[][]> {
  const sizes = (process.env.NQPF_BENCH_SCALE_UNITS ?? '50000').split(',').map((s) => Number(s.trim()));
  const rows: string[][] = [];
  for (const nU of sizes) rows.push(...(await benchScaleAt(nU, reps)));
  return rows;
}

async function benchScaleAt(nU: number, reps: number): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-bench-scale-'));
  try {
    const t0 = performance.now();
    await writePanelCsv(join(dir, 'panel.csv'), nU, 15, 40);
    await csvToParquet(join(dir, 'panel.csv'), join(dir, 'panel.parquet'));
    console.log(`(scale inputs of ${nU} units generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    writeFileSync(join(dir, 'preload.mjs'), PRELOAD);
    writeFileSync(join(dir, 'csv.yaml'), specText('panel.csv', 40, 100, true));
    writeFileSync(join(dir, 'parquet.yaml'), specText('panel.parquet', 40, 100, true));
    const target = nU === 50_000 ? '< 20000 ms' : '';
    const rssTarget = nU === 50_000 ? '< 4096 MiB' : '';
    const before = load();
    const rows = alternated(
      dir,
      [
        {
          label: `scale ${nU}×15×40 (CSV): pipeline + inequality + density + convergence + 100 replications, ms`,
          spec: 'csv.yaml',
          extra: [],
          target,
          rssTarget,
        },
        { label: `scale ${nU}×15×40 (Parquet): the same, ms`, spec: 'parquet.yaml', extra: [], target, rssTarget },
      ],
      reps,
      false,
    );
    rows.push([`scale ${nU}: load average before / after: ${before} / ${load()}`, '', '', '', '']);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFirmWorkers(reps = Number(process.env.NQPF_BENCH_REPS ?? 5)): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'nqpf-bench-firm-'));
  try {
    await writePanelCsv(join(dir, 'panel.csv'), 5000, 15, 40);
    writeFileSync(join(dir, 'preload.mjs'), PRELOAD);
    writeFileSync(join(dir, 'firm.yaml'), specText('panel.csv', 40, 1000, false));
    const before = load();
    const rows = alternated(
      dir,
      [
        { label: 'firm 5000×15×40, 1000 replications, --workers 1, ms', spec: 'firm.yaml', extra: ['--workers', '1'], target: '' },
        { label: 'firm 5000×15×40, 1000 replications, --workers 2, ms', spec: 'firm.yaml', extra: ['--workers', '2'], target: '≤ 0.65 × --workers 1' },
      ],
      reps,
      true,
    );
    const w1 = Number(rows[0][1]);
    const w2 = Number(rows[2][1]);
    rows.push([`firm: --workers 2 / --workers 1 (medians); load average before / after: ${before} / ${load()}`, (w2 / w1).toFixed(3), '', '', '≤ 0.65']);
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
