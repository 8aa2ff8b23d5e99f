/**
 * Figure benchmarks (issue 12 target, never asserted in tests): the demo run's figures (every chart,
 * the maps and the 3-D density) written by `writeFigures` as SVG only and as SVG + 300-dpi PNG; the
 * PNG row is the difference (font subset, rasterising and PNG encoding on worker threads) — target
 * < 5 s. The first PNG round makes the subset font (cached afterwards in <tmpdir>/nqpf-fonts), so
 * it is timed once separately. Wall time on a shared machine depends on its load: the CPU-time row
 * (all threads) divided by the free cores is the wall time on an idle machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runProject } from '../src/app/run-project.js';
import { readRunDir } from '../src/io/read/run-dir.js';
import { writeFigures } from '../src/io/write/figures.js';
import { repoRoot } from './paths.js';

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function benchFigures(reps = 3): Promise<string[][]> {
  const base = mkdtempSync(join(tmpdir(), 'nqpf-bench-fig-'));
  const tmp = process.env.TMPDIR;
  try {
    const run = join(base, 'run');
    await runProject(resolve(repoRoot, 'examples/demo/demo.yaml'), { out: run, workers: 1 });
    const bundle = await readRunDir(run);
    process.env.TMPDIR = base; // the subset font cache starts empty (made in the first PNG round)
    const svg: number[] = [];
    const png: number[] = [];
    const cpu: number[] = [];
    let n = 0;
    let first = NaN;
    for (let i = 0; i <= reps; i++) {
      let t0 = performance.now();
      await writeFigures(bundle, join(base, `svg${i}`), 'zh', { png: false });
      const s = performance.now() - t0;
      t0 = performance.now();
      const c0 = process.cpuUsage(); // the whole process: every worker thread's CPU time too
      const w = await writeFigures(bundle, join(base, `png${i}`), 'zh', { png: true });
      const p = performance.now() - t0;
      const c = process.cpuUsage(c0);
      n = w.charts.length;
      if (i === 0) first = p - s;
      else {
        svg.push(s);
        png.push(p - s);
        cpu.push((c.user + c.system) / 1000 - s);
      }
    }
    return [
      [`figures of the demo (${n}): SVG only`, median(svg).toFixed(0), Math.min(...svg).toFixed(0), String(reps), ''],
      [`figures of the demo: PNG 300 dpi (SVG+PNG − SVG), subset font cached`, median(png).toFixed(0), Math.min(...png).toFixed(0), String(reps), '< 5000 ms'],
      [
        `figures of the demo: PNG 300 dpi, CPU time of all threads (≈ 2 × wall on 2 free cores)`,
        median(cpu).toFixed(0),
        Math.min(...cpu).toFixed(0),
        String(reps),
        '',
      ],
      [`figures of the demo: PNG 300 dpi, first round (makes the subset font)`, first.toFixed(0), '', '1', ''],
    ];
  } finally {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
    rmSync(base, { recursive: true, force: true });
  }
}
