/**
 * The workbench's upload preview lists every problem of a data file as its own issue, with its
 * location, as `nqpf validate` does (the panel build reports them together, core/problems.ts).
 */
import { describe, expect, it } from 'vitest';
import { previewTable } from '../../src/server/preview.js';

describe('previewTable', () => {
  it('previewTable(CSV with a duplicated row and two text cells) gives one issue per problem, each located', async () => {
    const csv = 'province,year,x,y\n北京,2020,1,2\n天津,2020,abc,3\n北京,2020,4,5\n天津,2021,6,x\n';
    const p = await previewTable(new TextEncoder().encode(csv), 'd.csv');
    expect(p.issues.map((i) => [i.code, i.location])).toEqual([
      ['E_DUPLICATE_ROWS', { file: 'd.csv', row: 4 }],
      ['E_NON_NUMERIC', { file: 'd.csv', row: 3, column: 'x' }],
      ['E_NON_NUMERIC', { file: 'd.csv', row: 5, column: 'y' }],
    ]);
  });
});
