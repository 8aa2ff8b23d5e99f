/**
 * OECD ICIO's split economies (issue 18): China and Mexico split into parts (CN1, CN2; MX1, MX2) in the
 * rows and columns of intermediate use, their own CHN_/MEX_ lines zero, final demand and TLS/VA/OUT for
 * CHN and MEX only (the 2021 CSV layout). The reader sums the parts back into CHN and MEX by default.
 * Expected values: test/reference/gvc/oecd_split.py builds the split table and aggregates it in plain
 * Python (oecd_split_aggregated.csv); a few cells are also added up by hand below.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProject } from '../../src/app/run-project.js';
import { NqpfError } from '../../src/core/errors.js';
import { csvGrid, icioFromGrid, readIcioLayout } from '../../src/io/read/icio-layouts.js';
import { kww } from '../../src/lenses/gvc/kww.js';
import { valueChainTables } from '../../src/lenses/gvc/analysis.js';
import { leontiefFactors } from '../../src/lenses/gvc/leontief.js';
import { upstreamness } from '../../src/lenses/gvc/upstreamness.js';
import type { IcioTable } from '../../src/lenses/gvc/table.js';

const REF = resolve(import.meta.dirname, '../reference/gvc');
const splitFile = resolve(REF, 'oecd_split_2021.csv');
const splitGrid = () => csvGrid(readFileSync(splitFile, 'utf8'));
const aggregated = () => icioFromGrid(csvGrid(readFileSync(resolve(REF, 'oecd_split_aggregated.csv'), 'utf8')), 'oecd_split_aggregated.csv');

function errorOf(f: () => unknown): NqpfError {
  try {
    f();
  } catch (e) {
    if (e instanceof NqpfError) return e;
    throw e;
  }
  throw new Error('no error');
}

/** Z, Y, X, VA of `got` equal `want`'s exactly (integers), sectors matched by label. */
function expectSameBySector(got: IcioTable, want: IcioTable): void {
  expect([...got.sectors].sort()).toEqual([...want.sectors].sort());
  const at = want.sectors.map((s) => got.sectors.indexOf(s));
  const dest = want.countries.map((c) => got.countries.indexOf(c));
  for (let i = 0; i < want.n; i++) {
    expect(got.X[at[i]], `X ${want.sectors[i]}`).toBe(want.X[i]);
    expect(got.VA[at[i]], `VA ${want.sectors[i]}`).toBe(want.VA[i]);
    for (let j = 0; j < want.n; j++) expect(got.Z[at[i] * got.n + at[j]], `Z ${want.sectors[i]} → ${want.sectors[j]}`).toBe(want.Z[i * want.n + j]);
    for (let g = 0; g < want.G; g++) expect(got.Y[at[i] * got.G + dest[g]], `Y ${want.sectors[i]} → ${want.countries[g]}`).toBe(want.Y[i * want.G + g]);
  }
}

describe('OECD ICIO split economies (CN1, CN2 → CHN; MX1, MX2 → MEX)', () => {
  it('by default the parts are summed into CHN and MEX: the table equals the aggregated reference, and so do the KWW terms', async () => {
    const r = await readIcioLayout(splitFile);
    expect(r.format).toBe('oecd');
    expect(r.merged).toEqual([
      { country: 'MEX', parts: ['MX1', 'MX2'] },
      { country: 'CHN', parts: ['CN1', 'CN2'] },
    ]);
    expect(r.note).toMatch(/split economies summed back: MX1 \+ MX2 → MEX, CN1 \+ CN2 → CHN/);
    const t = r.table;
    const want = aggregated().table;
    expect(t.countries).toEqual(['USA', 'CHN', 'MEX', 'ROW']);
    expect(t.sectors).toEqual(want.sectors);
    expectSameBySector(t, want);
    // by hand from oecd_split_2021.csv
    const k = (s: string) => t.sectors.indexOf(s);
    expect(t.Z[k('CHN.D26') * t.n + k('CHN.D26')]).toBe(8 + 8 + 8 + 8); // CN1→CN1, CN1→CN2, CN2→CN1, CN2→CN2 (D26 × D26)
    expect(t.Z[k('CHN.D01T02') * t.n + k('USA.D01T02')]).toBe(4 + 1); // CN1_D01T02, CN2_D01T02 rows, USA_D01T02 column
    expect(t.Z[k('USA.D26') * t.n + k('MEX.D01T02')]).toBe(5 + 2); // USA_D26 row, MX1_D01T02 + MX2_D01T02 columns
    expect(t.X[k('CHN.D01T02')]).toBe(215 + 212);
    expect(t.VA[k('CHN.D26')]).toBe(2 + 148 + 1 + 201); // TLS + VA of CN1_D26 and CN2_D26 (value added includes TLS)
    expect(t.Y[k('MEX.D26') * t.G + 1]).toBe(53 - 2 + 49 - 3); // CHN_HFCE + CHN_INVNT of MX1_D26 and MX2_D26
    const a = kww(t, leontiefFactors(t));
    const b = kww(want, leontiefFactors(want));
    a.forEach((row, s) => expect(row.terms).toEqual(b[s].terms));
  });

  it('rows keep their file numbers in later messages (parts are blanked, not removed)', () => {
    const g = splitGrid();
    const va = g.findIndex((r) => r[0] === 'VA');
    g[va][1] = '114'; // USA_D01T02's value added one more than the column total allows
    const e = errorOf(() => icioFromGrid(g, 'split.csv'));
    expect(e.code).toBe('E_ICIO_BALANCE');
    expect(va + 1).toBe(19);
    expect(e.message).toMatch(/row 20, column USA_D01T02: column USA_D01T02: Σ Z \+ primary inputs = 178 but total = 177/);
  });

  it('oecdSplit none: the parts are read as economies and fail, named (no final demand of their own)', () => {
    const e = errorOf(() => icioFromGrid(splitGrid(), 'split.csv', { split: 'none' }));
    expect(e.code).toBe('E_ICIO_TABLE');
    expect(e.message).toMatch(/final demand of MX1: categories \(none\)/);
    expect(e.message).toMatch(/final demand of CN2: categories \(none\)/);
  });

  it('a CHN line that is not zero is not summed with the parts (they may already be in it): E_ICIO_TABLE naming row and column', () => {
    const g = splitGrid();
    g[3][7] = '5'; // CHN_D01T02 row (file row 4), ROW_D01T02 column
    const e = errorOf(() => icioFromGrid(g, 'split.csv'));
    expect(e.code).toBe('E_ICIO_TABLE');
    expect(e.message).toMatch(/split economies cannot be summed into MEX and CHN/);
    expect(e.message).toMatch(/row 4, column ROW_D01T02: 5 in row CHN_D01T02, a row the split parts are summed into, is not zero/);
    const h = splitGrid();
    h[1][5] = '2'; // USA_D01T02 row, MEX_D01T02 column
    expect(errorOf(() => icioFromGrid(h, 'split.csv')).message).toMatch(/row 2, column MEX_D01T02: 2 in MEX_D01T02, a column the split parts are summed into/);
  });

  it('without CHN_/MEX_ lines of their own, the first part’s lines take the label: same table, CHN and MEX where CN1 and MX1 were', () => {
    const g = splitGrid();
    const drop = new Set(g[0].map((l, c) => (/^(CHN|MEX)_D/.test(l) ? c : -1)).filter((c) => c >= 0));
    const h = g.filter((r) => !/^(CHN|MEX)_D/.test(r[0])).map((r) => r.filter((_, c) => !drop.has(c)));
    const r = icioFromGrid(h, 'parts-only.csv');
    expect(r.table.countries).toEqual(['USA', 'ROW', 'MEX', 'CHN']);
    expectSameBySector(r.table, aggregated().table);
  });

  it('in a run: analyses.valueChains reads the split file, the log says which parts were summed (W_ICIO_SPLIT), the KWW table has CHN and MEX', async () => {
    const d = mkdtempSync(join(tmpdir(), 'nqpf-split-'));
    try {
      const demo = resolve(import.meta.dirname, '../../examples/demo/nqpf_demo_provinces_2012_2023_SYNTHETIC.csv');
      writeFileSync(
        join(d, 'spec.yaml'),
        `title: split
data: { file: ${JSON.stringify(demo)}, unit: province, period: year, synthetic: true }
framework: { builtin: nqpf-three-factor }
steps: { impute: { method: linear }, normalise: { method: minmax, range: [0, 1], scope: pooled } }
analyses:
  valueChains: { intermediate: ${JSON.stringify(splitFile)}, measures: [kww] }
`,
      );
      const run = await runProject(join(d, 'spec.yaml'), { dryRun: true });
      const notes = run.analyses?.warnings.filter((w) => w.code === 'W_ICIO_SPLIT') ?? [];
      expect(notes.map((w) => w.message)).toEqual([
        "analyses.valueChains: MX1 + MX2 (OECD's split MEX) summed into MEX: rows and columns of Z, final demand, value added and output",
        "analyses.valueChains: CN1 + CN2 (OECD's split CHN) summed into CHN: rows and columns of Z, final demand, value added and output",
      ]);
      const t = run.analyses?.tables.find((x) => x.name === 'gvc_kww');
      expect(t?.rows.map((r) => r[t.header.indexOf('country')])).toEqual(['USA', 'CHN', 'MEX', 'ROW']);
      const want = kww(aggregated().table, leontiefFactors(aggregated().table));
      expect(t?.rows.map((r) => r[t.header.indexOf('exports')])).toEqual(want.map((k) => k.exports));
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('inventories: INVNT summed over destinations becomes the table’s inventories, and upstreamness removes them from output (Antràs et al. 2012)', () => {
    const grid = csvGrid(readFileSync(resolve(REF, 'oecd_split_aggregated.csv'), 'utf8'));
    const inv = grid[0].flatMap((h, c) => (h.endsWith('_INVNT') ? [c] : []));
    const want = grid.slice(1, 9).map((r) => inv.reduce((a, c) => a + Number(r[c]), 0)); // by hand from the file: Σ over the four INVNT columns
    const t = icioFromGrid(grid, 'agg.csv', { inventories: 'INVNT' }).table;
    expect([...(t.inventories ?? [])]).toEqual(want);
    expect(want[2]).toBe(6 - 3 + 0 + 4); // CHN_D01T02: USA_INVNT, CHN_INVNT, MEX_INVNT, ROW_INVNT
    const u = valueChainTables(t, { measures: ['upstreamness'] })[0];
    const got = u.rows.map((r) => r[u.header.indexOf('upstreamness')]);
    expect(got).toEqual([...upstreamness(t, want).U]);
    expect(got).not.toEqual([...upstreamness(t, new Float64Array(t.n)).U]);
    expect(() => icioFromGrid(grid, 'agg.csv', { inventories: 'INV' })).toThrow(/inventories: no final-demand category INV \(categories: HFCE, INVNT\)/);
  });
});
