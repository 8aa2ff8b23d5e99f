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

  it('counts the provinces the names denote, not the spellings (北京 and 北京市 are one unit), and says how many spellings there are', async () => {
    const csv = 'province,year,x\n北京,2020,1\n北京市,2021,2\n天津,2020,3\nTianjin,2021,4\n河北省,2020,5\n河北,2021,6\n';
    const p = await previewTable(new TextEncoder().encode(csv), 'd.csv');
    expect(p.suggestions.registry).toBe('cn-provinces');
    expect(p.panel).toEqual({ units: 3, periods: 2, indicators: 1, names: 6 });
    // one spelling per unit: no names count
    const q = await previewTable(new TextEncoder().encode('province,year,x\n北京,2020,1\n天津,2020,2\n'), 'e.csv');
    expect(q.panel).toEqual({ units: 2, periods: 1, indicators: 1 });
  });

  it('suggests cn-cities when the unit column holds city names (issue 19), listing the names the city matcher does not take', async () => {
    const csv = 'city,year,x\n北京,2020,1\n石家庄,2020,2\n苏州市,2020,3\n襄阳,2020,4\n昆山,2020,5\n石家庄,2021,6\n';
    const p = await previewTable(new TextEncoder().encode(csv), 'c.csv');
    expect(p.suggestions.unitColumn).toBe('city');
    expect(p.suggestions.registry).toBe('cn-cities');
    expect(p.unknownUnits).toEqual([{ name: '昆山', count: 1, suggestions: [] }]); // a county-level city (苏州's)
    const q = await previewTable(new TextEncoder().encode('province,year,x\n北京,2020,1\n天津,2020,2\n河北,2020,3\n'), 'p.csv');
    expect(q.suggestions.registry).toBe('cn-provinces');
  });
});
