/**
 * Acceptance: examples/asem-coinr.yaml reproduces COINr 1.1.14's ASEM pipeline
 * (build_example_coin(up_to = "Aggregate")): every data set within 1e-9 relative
 * (1e-12 absolute near zero). Reference CSVs: ../shared/reference/coinr-asem.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runProject, type RunProjectResult } from '../../src/app/run-project.js';
import type { DatasetName } from '../../src/pipeline/run.js';
import { close, readRefTable, sharedAvailable, sharedDir, sharedPath } from '../helpers/shared.js';

const spec = resolve(import.meta.dirname, '../../examples/asem-coinr.yaml');

const pairs: [DatasetName, string][] = [
  ['raw', 'default_Raw.csv'],
  ['denominated', 'default_Denominated.csv'],
  ['imputed', 'default_Imputed.csv'],
  ['screened', 'default_Screened.csv'],
  ['treated', 'default_Treated.csv'],
  ['normalised', 'default_Normalised.csv'],
  ['aggregated', 'default_Aggregated.csv'],
];

describe.skipIf(!sharedAvailable)('examples/asem-coinr.yaml reproduces COINr', () => {
  let run: RunProjectResult;
  beforeAll(async () => {
    run = await runProject(spec, { env: { NQPF_SHARED: sharedDir }, dryRun: true });
  });

  it.each(pairs)('%s equals %s within 1e-9 relative', (name, file) => {
    const ref = readRefTable(readFileSync(sharedPath('reference/coinr-asem', file), 'utf8'));
    const p = run.result.datasets[name];
    expect(p.units.length).toBe(ref.rows.size);
    const bad: string[] = [];
    let compared = 0;
    for (const code of ref.cols) {
      const col = p.values.get(code);
      expect(col, `column ${code} in ${name}`).toBeDefined();
      p.units.forEach((u, i) => {
        const want = ref.rows.get(u)!.get(code)!;
        const got = col![i];
        compared++;
        if (!close(got, want)) bad.push(`${u}/${code}: got ${got}, COINr ${want}`);
      });
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(compared).toBe(ref.cols.length * ref.rows.size);
  });

  it('ranks the index like COINr (results_full Rank)', () => {
    const ref = readRefTable(readFileSync(sharedPath('reference/coinr-asem', 'default_results_full.csv'), 'utf8'));
    const rk = run.result.ranks.find((r) => r.code === 'Index')!;
    const units = run.result.datasets.aggregated.units;
    units.forEach((u, i) => expect(rk.overall[i], u).toBe(ref.rows.get(u)!.get('Rank')));
  });

  it('reports the COINr treatment of the indicators it treated', () => {
    const treated = run.result.treatment.filter((t) => t.treated);
    expect(treated.length).toBeGreaterThan(0);
    expect(treated.every((t) => t.winsorised > 0 || t.log)).toBe(true);
  });
});
