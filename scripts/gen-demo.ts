/**
 * Writes the SYNTHETIC demo panel examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv.
 * Run: `npx tsx scripts/gen-demo.ts`. The numbers come from the seeded model in
 * src/frameworks/demo-data.ts (seed DEMO_SEED, printed below); the output is byte-identical on every run,
 * and test/frameworks/demo-data.test.ts checks that the committed file matches.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_CSV_FILE, DEMO_SEED, generateDemoCsv } from '../src/frameworks/demo-data.js';

/** Seed used for the committed file (re-stated here so the script documents its own input). */
const SEED = DEMO_SEED;

const dir = resolve(import.meta.dirname, '../examples/demo');
mkdirSync(dir, { recursive: true });
const out = resolve(dir, DEMO_CSV_FILE);
const csv = generateDemoCsv(SEED);
writeFileSync(out, csv, 'utf8');
const rows = csv.split('\n').length - 2;
process.stderr.write(`wrote ${out} (${rows} rows, seed ${SEED}) — SYNTHETIC data, not statistics\n`);
