/**
 * The generic long ICIO form (issue 18): one flow per line (country, industry, to_country, to, value).
 * decompr's leather written in that form here reads to the same table as the generic wide reader reads
 * from its three files (Z, Y by destination, X, VA equal); a two-sector table checked by hand; every
 * problem of a file named by line and column.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import type { NqpfError } from '../../src/core/errors.js';
import { readIcioCsv } from '../../src/io/read/icio.js';
import { csvGrid } from '../../src/io/read/icio-layouts.js';
import { icioFromLong } from '../../src/io/read/icio-long.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const C = ['Argentina', 'Turkey', 'Germany'];
const I = ['Agriculture', 'Textile', 'Transport'];

describe('icioFromLong', () => {
  it.skipIf(!sharedAvailable)('leather in long form (lines shuffled, zeros left out) equals the wide reader’s table', async () => {
    const rd = (f: string) =>
      parseCsvSimple(readFileSync(sharedPath('data/gvc', f), 'utf8'))
        .slice(1)
        .map((r) => r.slice(1).map(Number));
    const Z = rd('leather_intermediate.csv');
    const Y = rd('leather_final.csv');
    const lines: string[] = [];
    for (let i = 0; i < 9; i++) {
      for (let j = 0; j < 9; j++) if (Z[i][j] !== 0) lines.push(`${C[Math.floor(i / 3)]},${I[i % 3]},${C[Math.floor(j / 3)]},${I[j % 3]},${Z[i][j]}`);
      for (let g = 0; g < 3; g++) if (Y[i][g] !== 0) lines.push(`${C[Math.floor(i / 3)]},${I[i % 3]},${C[g]},FD,${Y[i][g]}`);
    }
    lines.reverse();
    const t = icioFromLong(csvGrid(`country,industry,to_country,to,value\n${lines.join('\n')}\n`), 'leather-long.csv', { countries: C, industries: I });
    const d = sharedPath('data/gvc');
    const w = await readIcioCsv({
      intermediate: resolve(d, 'leather_intermediate.csv'),
      final: resolve(d, 'leather_final.csv'),
      countries: C,
      industries: I,
    });
    for (const k of ['Z', 'Y', 'X', 'VA'] as const) expect([...t[k]], k).toEqual([...w[k]]);
  });

  it('two sectors by hand: categories summed by destination, X = row sums, VA = X − column sums; a negative INVNT is allowed', () => {
    const t = icioFromLong(
      csvGrid(
        'Country,Industry,To_country,To,Value\nA,x,A,x,2\nA,x,B,x,3\nB,x,A,x,1\nA,x,A,HFCE,10\nA,x,B,HFCE,4\nA,x,A,INVNT,-1\nB,x,B,HFCE,20\nB,x,A,HFCE,5\n',
      ),
      'hand.csv',
    );
    expect(t.countries).toEqual(['A', 'B']);
    expect([...t.Z]).toEqual([2, 3, 1, 0]);
    expect([...t.Y]).toEqual([10 - 1, 4, 5, 20]);
    expect([...t.X]).toEqual([2 + 3 + 10 + 4 - 1, 1 + 20 + 5]);
    expect([...t.VA]).toEqual([18 - 3, 26 - 3]);
    expect(t.negativeFinal).toBe(1);
  });

  it('every problem named by line and column: missing column, non-number, unknown country, duplicate cell', () => {
    expect(() => icioFromLong(csvGrid('country,industry,to,value\nA,x,x,1\n'), 'm.csv')).toThrow(/missing: to_country/);
    let err: NqpfError | undefined;
    try {
      icioFromLong(csvGrid('country,industry,to_country,to,value\nA,x,A,x,2\nA,x,A,x,3\nA,x,C,HFCE,1\nA,x,A,HFCE,n/a\nB,x,B,HFCE,1\n'), 'bad.csv', {
        countries: ['A', 'B'],
      });
    } catch (e) {
      err = e as NqpfError;
    }
    expect(err?.code).toBe('E_ICIO_TABLE');
    expect(err?.message).toMatch(/row 3, column value: A x → A x is given twice \(also on line 2\)/);
    expect(err?.message).toMatch(/row 4, column to_country: country "C" is not one of A, B/);
    expect(err?.message).toMatch(/row 5, column value: "n\/a" is not a number/);
  });

  it('in a run: format long reads the file (gvc_kww exports of the hand table: A exports 3 + 4, B exports 1 + 5)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'nqpf-long-'));
    try {
      writeFileSync(
        join(d, 'flows.csv'),
        'country,industry,to_country,to,value\nA,x,A,x,2\nA,x,B,x,3\nB,x,A,x,1\nA,x,A,HFCE,10\nA,x,B,HFCE,4\nB,x,B,HFCE,20\nB,x,A,HFCE,5\n',
      );
      const demo = resolve(import.meta.dirname, '../../examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');
      writeFileSync(
        join(d, 'spec.yaml'),
        `title: long
data: { file: ${JSON.stringify(demo)}, unit: province, period: year, synthetic: true }
framework: { builtin: nqpf-three-factor }
steps: { impute: { method: linear }, normalise: { method: minmax, range: [0, 1], scope: pooled } }
analyses:
  valueChains: { intermediate: flows.csv, format: long, measures: [kww] }
`,
      );
      const run = await runProject(join(d, 'spec.yaml'), { dryRun: true });
      const t = run.analyses?.tables.find((x) => x.name === 'gvc_kww');
      expect(t?.rows.map((r) => [r[t.header.indexOf('country')], r[t.header.indexOf('exports')]])).toEqual([
        ['A', 7],
        ['B', 6],
      ]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
