/**
 * Writes examples/gvc/icio_20x10_SYNTHETIC.csv: a SYNTHETIC inter-country input–output table in the
 * OECD ICIO CSV layout (issue 18) — 20 economies (19 ISO3 codes and ROW) × 10 OECD ICIO industries,
 * final demand in four categories per country (HFCE, GGFC, GFCF, INVNT; some inventory changes
 * negative), rows TLS, VA and OUT, column OUT — for the report example examples/gvc-synthetic-oecd.yaml.
 * The numbers are invented (seeded), whole units; rows and columns balance exactly. Not data about
 * these economies.
 *
 *   npx tsx scripts/gen-gvc-synthetic.ts
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Rng } from '../src/core/rng.js';

const COUNTRIES = ['CHN', 'USA', 'DEU', 'JPN', 'KOR', 'GBR', 'FRA', 'ITA', 'IND', 'BRA', 'RUS', 'CAN', 'AUS', 'MEX', 'IDN', 'TUR', 'SAU', 'VNM', 'ZAF', 'ROW'];
const INDUSTRIES = ['D01T02', 'D05T06', 'D10T12', 'D13T15', 'D26', 'D29', 'D35', 'D41T43', 'D45T47', 'D64T66'];
const CATS = ['HFCE', 'GGFC', 'GFCF', 'INVNT'];

const rng = Rng.create(2026);
const G = COUNTRIES.length;
const N = INDUSTRIES.length;
const n = G * N;
// economy size and an export orientation per country; a manufacturing share per industry
const size = COUNTRIES.map(() => 0.3 + 2 * rng.uniform());
const open = COUNTRIES.map(() => 0.05 + 0.25 * rng.uniform());
const mfg = [0.4, 0.5, 0.8, 0.9, 1.2, 1.1, 0.3, 0.2, 0.5, 0.4];
const Z: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
for (let i = 0; i < n; i++) {
  const ci = Math.floor(i / N);
  for (let j = 0; j < n; j++) {
    const cj = Math.floor(j / N);
    if (ci === cj) Z[i][j] = Math.round(40 * size[ci] * mfg[i % N] * rng.uniform());
    else if (rng.uniform() < 0.35) Z[i][j] = Math.round(6 * open[ci] * size[cj] * mfg[i % N] * rng.uniform());
  }
}
const Y: number[][] = Array.from({ length: n }, () => new Array<number>(G * CATS.length).fill(0));
for (let i = 0; i < n; i++) {
  const ci = Math.floor(i / N);
  for (let g = 0; g < G; g++) {
    const base = g === ci ? 250 * size[ci] : 12 * open[ci] * size[g] * rng.uniform();
    const y = base * (0.5 + rng.uniform());
    const parts = [0.6 * y, 0.15 * y, 0.2 * y, (rng.uniform() - 0.3) * 0.1 * y].map(Math.round);
    CATS.forEach((_, k) => {
      Y[i][g * CATS.length + k] = parts[k];
    });
  }
}
const X = Z.map((r, i) => r.reduce((a, b) => a + b, 0) + Y[i].reduce((a, b) => a + b, 0));
const colSum = (j: number) => Z.reduce((a, r) => a + r[j], 0);
const primary = X.map((x, j) => x - colSum(j));
if (primary.some((p) => p <= 0)) throw new Error('a column without value added: change the seed');
const tls = primary.map((p) => Math.round(0.08 * p));
const va = primary.map((p, j) => p - tls[j]);
const sectors = COUNTRIES.flatMap((c) => INDUSTRIES.map((k) => `${c}_${k}`));
const head = ['V1', ...sectors, ...COUNTRIES.flatMap((c) => CATS.map((k) => `${c}_${k}`)), 'OUT'];
const blank = new Array<string>(G * CATS.length + 1).fill('');
const lines = [
  head.join(','),
  ...sectors.map((s, i) => [s, ...Z[i], ...Y[i], X[i]].join(',')),
  ['TLS', ...tls, ...blank].join(','),
  ['VA', ...va, ...blank].join(','),
  ['OUT', ...X, ...blank].join(','),
];
const file = resolve(import.meta.dirname, '../examples/gvc/icio_20x10_SYNTHETIC.csv');
writeFileSync(file, `${lines.join('\n')}\n`);
console.log(`wrote ${file}: ${n} sectors, ${head.length - 1} columns`);
