/**
 * Writes the SYNTHETIC green-TFP panel examples/cn-green-tfp/cn_green_tfp_2012_2023_SYNTHETIC.csv (issue 17):
 * 31 provinces × 12 years, labour (万人), capital stock (亿元), energy (万吨标准煤) → GDP (亿元) and the undesirable
 * outputs CO₂ (万吨) and SO₂ (万吨). Invented numbers from a seeded Cobb–Douglas model — do not cite them:
 *   size_i ~ U(0.3, 3); labour = 2000·size·1.005^t·u, capital = 30000·size·1.09^t·u, energy = 12000·size·1.03^t·u;
 *   GDP = A_i·(1 + g_i)^t·labour^0.35·capital^0.45·energy^0.2·u with A_i higher in the East, g_i ~ U(0, 0.03);
 *   CO₂ = 2.4·energy·0.985^t·u, SO₂ = 0.012·energy·0.93^t·u; u ~ U(0.95, 1.05) per value.
 * Run: `npx tsx scripts/gen-green-tfp.ts`; the output is byte-identical on every run (seed below).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Rng } from '../src/core/rng.js';
import { PROVINCES } from '../src/core/units/provinces.js';

const SEED = 20261206;
const rng = Rng.create(SEED);
const u = () => 0.95 + 0.1 * rng.uniform();
const years = Array.from({ length: 12 }, (_, t) => 2012 + t);
const tfp: Record<string, number> = { East: 1.3, Central: 1.0, West: 0.85, Northeast: 0.95 };
const lines = ['province,year,labour,capital,energy,gdp,co2,so2'];
for (const p of PROVINCES) {
  const size = 0.3 + 2.7 * rng.uniform();
  const A = tfp[p.region] * (0.9 + 0.2 * rng.uniform());
  const g = 0.03 * rng.uniform();
  for (const [t, year] of years.entries()) {
    const labour = 2000 * size * 1.005 ** t * u();
    const capital = 30000 * size * 1.09 ** t * u();
    const energy = 12000 * size * 1.03 ** t * u();
    const gdp = A * (1 + g) ** t * labour ** 0.35 * capital ** 0.45 * energy ** 0.2 * u();
    const co2 = 2.4 * energy * 0.985 ** t * u();
    const so2 = 0.012 * energy * 0.93 ** t * u();
    lines.push([p.zh, year, ...[labour, capital, energy, gdp, co2, so2].map((v) => v.toFixed(2))].join(','));
  }
}
const dir = resolve(import.meta.dirname, '../examples/cn-green-tfp');
mkdirSync(dir, { recursive: true });
const out = resolve(dir, 'cn_green_tfp_2012_2023_SYNTHETIC.csv');
writeFileSync(out, `${lines.join('\n')}\n`, 'utf8');
process.stderr.write(`wrote ${out} (${lines.length - 1} rows, seed ${SEED}) — SYNTHETIC data, not statistics\n`);
