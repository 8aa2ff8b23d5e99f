/**
 * Panel models (issue 15): two-way fixed effects with unit-clustered standard errors (Stata
 * convention) on 5,000 units × 15 periods × 20 regressors, in-process, median of repeated fits
 * (frame building included: the formula's columns evaluated over the panel, listwise deletion).
 * Target ≤ 50 ms. Anchor: R fixest `feols(y ~ x1 + … + x20 | unit + period, cluster = ~unit)` is
 * the fast reference implementation; it is not installed here (not in Debian), so no anchor is
 * measured side by side.
 */
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/core/rng.js';
import { fitPanel } from '../src/lenses/panel/estimate.js';
import { buildFrame, panelFromRecords } from '../src/lenses/panel/frame.js';
import { parseFormula } from '../src/lenses/panel/formula.js';
import { vcov } from '../src/lenses/panel/vcov.js';

export function benchPanel(reps = 15): { median: number; min: number; reps: number } {
  const G = 5000;
  const T = 15;
  const K = 20;
  const rng = Rng.create(42);
  const unit: string[] = [];
  const period: string[] = [];
  const cols: Record<string, number[]> = { y: [] };
  for (let k = 1; k <= K; k++) cols[`x${k}`] = [];
  for (let g = 0; g < G; g++) {
    const a = rng.normal();
    for (let t = 0; t < T; t++) {
      unit.push(`u${g}`);
      period.push(String(2000 + t));
      let y = a + 0.1 * t;
      for (let k = 1; k <= K; k++) {
        const x = rng.normal() + 0.2 * a;
        cols[`x${k}`].push(x);
        y += (k % 3) * 0.1 * x;
      }
      cols.y.push(y + rng.normal());
    }
  }
  const panel = panelFromRecords(unit, period, cols);
  const f = parseFormula(`y ~ ${Array.from({ length: K }, (_, k) => `x${k + 1}`).join(' + ')} | unit + period`, 'bench');
  const once = () => {
    const fr = buildFrame(f, panel, 'bench');
    const fit = fitPanel(fr, { estimator: 'ols', effects: 'twoway', path: 'bench' });
    return vcov(fit, 'cluster', { path: 'bench' });
  };
  for (let i = 0; i < 3; i++) once();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    once();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[ts.length >> 1], min: ts[0], reps };
}
