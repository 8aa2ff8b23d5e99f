/**
 * Value-chain lens kernels (issue 18) on decompr's `leather` ICIO table (3 countries × 3 industries,
 * ../shared/data/gvc, read in place) against independent R values: test/reference/gvc/ (gvc_leather.R
 * writes expected.json from the papers' formulas with solve(); it also checks decompr's published test
 * values, which are repeated here at their printed precision). Deterministic: 1e-9 relative.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { readIcioCsv } from '../../src/io/read/icio.js';
import { KWW_TERMS, grossExports, kww } from '../../src/lenses/gvc/kww.js';
import {
  countryBlocks,
  identityMinus,
  inverse,
  leontief,
  leontiefFactors,
  leontiefSeries,
  luSolveTransposed,
  matmul,
  valueAddedInFinalDemand,
  valueAddedOrigins,
} from '../../src/lenses/gvc/leontief.js';
import { icioTable, type IcioTable } from '../../src/lenses/gvc/table.js';
import { downstreamness, upstreamness } from '../../src/lenses/gvc/upstreamness.js';
import { GVC_KWW, GVC_POSITION, GVC_UPSTREAMNESS, type GvcContext, valueChainTables, valueChainsAnalysis } from '../../src/lenses/gvc/analysis.js';
import { ValueChainsSpec } from '../../src/lenses/gvc/spec.js';
import { close, sharedAvailable, sharedPath } from '../helpers/shared.js';

const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/gvc/expected.json'), 'utf8')) as Record<string, unknown> & {
  decomprPublished: Record<string, number>;
};
const COUNTRIES = ['Argentina', 'Turkey', 'Germany'];
const INDUSTRIES = ['Agriculture', 'Textile_and_Leather', 'Transport_Equipment'];

function expectClose(got: ArrayLike<number>, want: number[], what: string, rel = 1e-9): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!close(got[i], want[i], rel, 1e-13)) expect.fail(`${what}[${i}]: ${got[i]} vs R ${want[i]}`);
  }
}
const flat = (key: string) => (ref[key] as number[][]).flat();
const vec = (key: string) => ref[key] as number[];

async function leather(): Promise<IcioTable> {
  const d = sharedPath('data/gvc');
  return readIcioCsv({
    intermediate: resolve(d, 'leather_intermediate.csv'),
    final: resolve(d, 'leather_final.csv'),
    output: resolve(d, 'leather_output.csv'),
    countries: COUNTRIES,
    industries: INDUSTRIES,
  });
}

describe.skipIf(!sharedAvailable)('value chains on decompr leather (test/reference/gvc)', () => {
  it('readIcioCsv(leather) reads a balanced 9-sector table; VA = X − column sums of Z', async () => {
    const t = await leather();
    expect([t.G, t.N, t.n]).toEqual([3, 3, 9]);
    expect(t.sectors[4]).toBe('Turkey.Textile_and_Leather');
    expect(t.balanceGap).toBeLessThan(1e-12);
    expectClose(t.VA, vec('VA'), 'VA');
  });

  it('leontief(t): A, B, V and the local inverse L agree with R solve(); B(I − A) = I; the series route agrees', async () => {
    const t = await leather();
    const l = leontief(t);
    expectClose(l.A, flat('A'), 'A');
    expectClose(l.B, flat('B'), 'B');
    expectClose(l.L, flat('L'), 'L');
    expectClose(l.V, vec('V'), 'V');
    const BI = matmul(l.B, identityMinus(l.A, 9), 9, 9, 9);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) expect(Math.abs(BI[i * 9 + j] - (i === j ? 1 : 0))).toBeLessThan(1e-12);
    const s = leontiefSeries(l.A, 9);
    expect(s.terms).toBeGreaterThan(10);
    expectClose(s.B, Array.from(l.B), 'series B', 1e-12);
    // L is block-diagonal: its foreign blocks are zero and its domestic blocks invert I − A_D
    expect(countryBlocks(l.L, 3, 3, 'foreign').every((v) => v === 0)).toBe(true);
    const LI = matmul(l.L, identityMinus(countryBlocks(l.A, 3, 3, 'domestic'), 9), 9, 9, 9);
    for (let i = 0; i < 9; i++) expect(Math.abs(LI[i * 9 + i] - 1)).toBeLessThan(1e-12);
  });

  it('valueAddedOrigins / valueAddedInFinalDemand match R and decompr’s published test values (7 digits)', async () => {
    const t = await leather();
    const l = leontief(t);
    const E = grossExports(t);
    expectClose(E, vec('E'), 'E');
    const vbe = valueAddedOrigins(l, E);
    const vbx = valueAddedOrigins(l, t.X);
    const vby = valueAddedInFinalDemand(l, t.Y);
    expectClose(vbe, flat('VBE'), 'VB diag(E)');
    expectClose(vby, flat('VBY'), 'VBY');
    const p = ref.decomprPublished;
    // decompr tests/testthat/test_leontief.R: l[1,5], l[81,5] (exports), lo (output), lfd[1,4], lfd[20,4]
    expect(close(vbe[0], p.VBE_1_1, 1e-6)).toBe(true);
    expect(close(vbe[80], p.VBE_9_9, 1e-6)).toBe(true);
    expect(close(vbx[0], p.VBX_1_1, 1e-8)).toBe(true);
    expect(close(vbx[80], p.VBX_9_9, 1e-8)).toBe(true);
    expect(close(vby[0], p.VBY_1_1, 1e-8)).toBe(true);
    expect(close(vby[6 * 3 + 1], p.VBY_7_2, 1e-8)).toBe(true);
  });

  it('kww(t, l): the nine KWW (2014) terms by country match R; they sum to gross exports; DVA + FVA + PDC = E', async () => {
    const t = await leather();
    const rows = kww(t, leontief(t));
    const terms = ref.kwwTerms as number[][];
    expect(KWW_TERMS.length).toBe(9);
    rows.forEach((r, s) => {
      expect(r.country).toBe(COUNTRIES[s]);
      expectClose(r.terms, terms[s], `KWW ${r.country}`);
      expect(close(r.exports, vec('exports')[s])).toBe(true);
      const sum = r.terms.reduce((a, b) => a + b, 0);
      expect(close(sum, r.exports, 1e-12)).toBe(true);
      expect(close(r.dva + r.fva + r.pdc, r.exports, 1e-12)).toBe(true);
      expect(close(r.vax, vec('vax')[s])).toBe(true);
      expect(close(r.rdv, terms[s][3] + terms[s][4])).toBe(true);
    });
  });

  it('kww(t, leontiefFactors(t)) — country rows of VB by transposed solves, no B — equals R too', async () => {
    const t = await leather();
    const f = leontiefFactors(t);
    const terms = ref.kwwTerms as number[][];
    kww(t, f).forEach((r, s) => expectClose(r.terms, terms[s], `KWW (factors) ${r.country}`));
    // W_s = Σ_{i∈s} V_i B_i· from R's B; columns of W sum to 1 (V B = 1' for a table with VA = X − Z'1)
    const B = ref.B as number[][];
    const V = vec('V');
    for (let s = 0; s < 3; s++) {
      const want = B[0].map((_, j) => V.slice(3 * s, 3 * s + 3).reduce((a, v, k) => a + v * B[3 * s + k][j], 0));
      expectClose(f.W.subarray(9 * s, 9 * s + 9), want, `W[${s}]`);
    }
    for (let j = 0; j < 9; j++) expect(Math.abs(f.W[j] + f.W[9 + j] + f.W[18 + j] - 1)).toBeLessThan(1e-12);
    const b = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const M = identityMinus(f.A, 9);
    const x = luSolveTransposed(f.lu, b);
    for (let j = 0; j < 9; j++) {
      let sum = 0;
      for (let i = 0; i < 9; i++) sum += M[i * 9 + j] * x[i];
      expect(Math.abs(sum - b[j])).toBeLessThan(1e-12);
    }
  });

  it('kww(t, l): participation and position (Koopman et al. 2010) match R', async () => {
    const t = await leather();
    const rows = kww(t, leontief(t));
    expectClose(
      rows.map((r) => r.iv),
      vec('IV'),
      'IV',
    );
    expectClose(
      rows.map((r) => r.fv),
      vec('FV'),
      'FV',
    );
    expectClose(
      rows.map((r) => r.participation),
      vec('participation'),
      'participation',
    );
    expectClose(
      rows.map((r) => r.position),
      vec('position'),
      'position',
    );
  });

  it('upstreamness(t) (Antràs et al. 2012), with and without net inventories, and downstreamness match R', async () => {
    const t = await leather();
    const u = upstreamness(t);
    expect(u.adjusted).toBe(false);
    expectClose(u.U, vec('upstreamness'), 'U');
    for (const v of u.U) expect(v).toBeGreaterThanOrEqual(1);
    const ui = upstreamness(t, vec('inventories'));
    expect(ui.adjusted).toBe(true);
    expectClose(ui.U, vec('upstreamnessInventories'), 'U (inventories)');
    expectClose(
      downstreamness(leontief(t).B, 9),
      (ref.B as number[][]).reduce((acc, row) => acc.map((a, j) => a + row[j]), new Array(9).fill(0)),
      'D',
    );
  });
});

describe('icioTable validation', () => {
  // 2 countries × 1 industry, balanced: X = Z·1 + Y·1
  const base = { countries: ['A', 'B'], industries: ['x'], Z: [1, 2, 3, 4], Y: [7, 0, 0, 3], X: [10, 10] };
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof NqpfError ? `${e.code} ${e.message}` : String(e);
    }
    return 'no error';
  };

  it('accepts a balanced table and sums final-demand categories by destination', () => {
    const t = icioTable({ ...base, Y: [3, 4, 0, 0, 0, 0, 1, 2] });
    expect(Array.from(t.Y)).toEqual([7, 0, 0, 3]);
    expect(Array.from(t.VA)).toEqual([6, 4]);
  });
  it('E_ICIO_BALANCE names the unbalanced row', () => {
    expect(code(() => icioTable({ ...base, X: [10, 11] }))).toMatch(/^E_ICIO_BALANCE row B\.x/);
    expect(icioTable({ ...base, X: [10, 10 + 1e-6] }, { tolerance: 1e-3 }).n).toBe(2);
  });
  it('E_ICIO_BALANCE names the column whose value added does not close it', () => {
    expect(code(() => icioTable({ ...base, VA: [6, 5] }))).toMatch(/^E_ICIO_BALANCE column B\.x/);
  });
  it('E_ICIO_TABLE: negative intermediate use, wrong shapes, repeated labels, non-numbers', () => {
    expect(code(() => icioTable({ ...base, Z: [1, -2, 3, 4] }))).toMatch(/^E_ICIO_TABLE Z\[A\.x, B\.x\].*negative/);
    expect(code(() => icioTable({ ...base, Z: [1, 2, 3] }))).toMatch(/^E_ICIO_TABLE Z has 3 values/);
    expect(code(() => icioTable({ ...base, Y: [7, 0, 0] }))).toMatch(/^E_ICIO_TABLE final demand/);
    expect(code(() => icioTable({ ...base, countries: ['A', 'A'] }))).toMatch(/^E_ICIO_TABLE countries label "A" appears twice/);
    expect(code(() => icioTable({ ...base, Y: [7, Number.NaN, 0, 3] }))).toMatch(/^E_ICIO_TABLE final demand of A\.x/);
  });
  it('negative final demand (inventory draw-down) is allowed and counted', () => {
    const t = icioTable({ ...base, Y: [8, -1, 0, 3] });
    expect(t.negativeFinal).toBe(1);
  });
  it('leontief fails with E_SINGULAR when I − A is singular (no value added on a cycle)', () => {
    const t = icioTable({ countries: ['A', 'B'], industries: ['x'], Z: [0, 5, 5, 0], Y: [0, 0, 0, 0], X: [5, 5] });
    expect(code(() => leontief(t))).toMatch(/^E_SINGULAR/);
  });
  it('inverse(M) by LU with pivoting needs the row swap (zero leading pivot)', () => {
    const inv = inverse([0, 1, 1, 0], 2);
    expect(Array.from(inv)).toEqual([0, 1, 1, 0]);
  });
});

describe.skipIf(!sharedAvailable)('analyses.valueChains descriptor (tables from the kernels)', () => {
  it('valueChainTables(leather, every measure) writes the declared tables; KWW and upstreamness cells equal R', async () => {
    const t = await leather();
    const spec = ValueChainsSpec.parse({ intermediate: 'z.csv', final: 'y.csv', countries: COUNTRIES, industries: INDUSTRIES });
    expect(spec.measures).toEqual(['kww', 'participation', 'upstreamness']);
    expect(spec.tolerance).toBe(1e-6);
    const tables = valueChainTables(t, { measures: ['kww', 'participation', 'upstreamness', 'leontief'] });
    expect(tables.map((x) => x.name)).toEqual(['gvc_kww', 'gvc_position', 'gvc_upstreamness', 'gvc_leontief']);
    const k = GVC_KWW.read(tables[0]).rows;
    const terms = ref.kwwTerms as number[][];
    k.forEach((r, s) => {
      expect(r.country).toBe(COUNTRIES[s]);
      expectClose(
        KWW_TERMS.map((name) => r[name] as number),
        terms[s],
        `gvc_kww ${r.country}`,
      );
    });
    const p = GVC_POSITION.read(tables[1]).rows;
    expectClose(
      p.map((r) => r.position as number),
      vec('position'),
      'gvc_position',
    );
    const u = GVC_UPSTREAMNESS.read(tables[2]).rows;
    expect(u[4].industry).toBe('Textile_and_Leather');
    expectClose(
      u.map((r) => r.upstreamness as number),
      vec('upstreamness'),
      'gvc_upstreamness',
    );
    const B = ref.B as number[][];
    expectClose(
      u.map((r) => r.downstreamness as number),
      B[0].map((_, j) => B.reduce((a, row) => a + row[j], 0)),
      'gvc_upstreamness downstreamness',
    );
    expect(tables[3].rows.length).toBe(81);
    expectClose(
      tables[3].rows.map((r) => r[4] as number),
      flat('VBE'),
      'gvc_leontief',
    );
  });

  it('valueChainsAnalysis.run fails with E_ICIO_TABLE when the application did not read the table', () => {
    const spec = ValueChainsSpec.parse({ intermediate: 'z.csv', final: 'y.csv', countries: COUNTRIES, industries: INDUSTRIES });
    expect(() => valueChainsAnalysis.run({} as GvcContext, spec)).toThrow(/not read/);
    expect(() => ValueChainsSpec.parse({ final: 'y.csv', countries: COUNTRIES, industries: INDUSTRIES })).toThrow();
  });
});
