/**
 * wwz(t, l): the Wang–Wei–Zhu (2013) 16-term bilateral-sectoral decomposition on decompr's `leather`
 * table (../shared/data/gvc, read in place) against test/reference/gvc/wwz_expected.json — written in R
 * from the paper's formulas block by block (wwz_leather.R), and equal to decompr's own wwz() to 5.4e-15
 * (decompr_crosscheck.R). Identities: the 16 terms sum to bilateral-sectoral exports, terms 1 + 9 + 10
 * to final-goods exports, and summed over partners and sectors they give KWW's nine terms (expected.json).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIcioCsv } from '../../src/io/read/icio.js';
import { GVC_WWZ, valueChainTables } from '../../src/lenses/gvc/analysis.js';
import { kww } from '../../src/lenses/gvc/kww.js';
import { leontief, leontiefFactors } from '../../src/lenses/gvc/leontief.js';
import { icioTable } from '../../src/lenses/gvc/table.js';
import { WWZ_TERMS, wwz, wwzCheck, wwzToKww } from '../../src/lenses/gvc/wwz.js';
import { NqpfError } from '../../src/core/errors.js';
import { close, sharedAvailable, sharedPath } from '../helpers/shared.js';

interface WRow {
  s: number;
  r: number;
  i: number;
  E: number;
  w: number[];
}
const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/gvc/wwz_expected.json'), 'utf8')) as {
  terms: string[];
  rows: WRow[];
  kwwFromWwz: number[][];
};
const kwwRef = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/gvc/expected.json'), 'utf8')) as { kwwTerms: number[][] }).kwwTerms;

const leather = () => {
  const d = sharedPath('data/gvc');
  return readIcioCsv({
    intermediate: resolve(d, 'leather_intermediate.csv'),
    final: resolve(d, 'leather_final.csv'),
    output: resolve(d, 'leather_output.csv'),
    countries: ['Argentina', 'Turkey', 'Germany'],
    industries: ['Agriculture', 'Textile_and_Leather', 'Transport_Equipment'],
  });
};

describe.skipIf(!sharedAvailable)('wwz(t, l) on decompr leather (test/reference/gvc/wwz_expected.json)', () => {
  it('the 16 terms of every exporter × partner × sector equal the R reference (1e-9 relative)', async () => {
    const t = await leather();
    const rows = wwz(t, leontief(t));
    expect([...WWZ_TERMS]).toEqual(ref.terms);
    expect(rows.length).toBe(ref.rows.length);
    ref.rows.forEach((want, m) => {
      const got = rows[m];
      expect([got.s + 1, got.r + 1, (got.sector % 3) + 1], `row ${m}`).toEqual([want.s, want.r, want.i]);
      expect(close(got.exports, want.E, 1e-12, 1e-13), `E row ${m}`).toBe(true);
      want.w.forEach((v, k) => {
        if (!close(got.terms[k], v, 1e-9, 1e-13)) expect.fail(`row ${m} (${want.s}→${want.r}, sector ${want.i}) ${WWZ_TERMS[k]}: ${got.terms[k]} vs R ${v}`);
      });
    });
  });

  it('identities: Σ 16 terms = E^sr_i, terms 1 + 9 + 10 = Y^sr_i, DVA + RDV + FVA + PDC = E, and the sums give KWW (R)', async () => {
    const t = await leather();
    const l = leontief(t);
    const rows = wwz(t, l);
    const c = wwzCheck(rows);
    expect(c.total).toBeLessThan(1e-12);
    expect(c.final).toBeLessThan(1e-12);
    for (const w of rows) expect(Math.abs(w.dva + w.rdv + w.fva + w.pdc - w.exports)).toBeLessThan(1e-12 * w.exports);
    const agg = wwzToKww(rows, 3);
    const k = kww(t, l);
    for (let s = 0; s < 3; s++) {
      for (let m = 0; m < 9; m++) {
        expect(close(agg[s * 9 + m], kwwRef[s][m], 1e-9, 1e-13), `KWW from WWZ [${s}, ${m}] vs R`).toBe(true);
        expect(close(agg[s * 9 + m], k[s].terms[m], 1e-9, 1e-13), `KWW from WWZ [${s}, ${m}] vs kww()`).toBe(true);
        expect(close(agg[s * 9 + m], ref.kwwFromWwz[s][m], 1e-9, 1e-13)).toBe(true);
      }
    }
  });

  it('from the LU factors (no B: the B·R products by solves) the 16 terms equal the R reference too', async () => {
    const t = await leather();
    const rows = wwz(t, leontiefFactors(t));
    ref.rows.forEach((want, m) => {
      want.w.forEach((v, k) => {
        if (!close(rows[m].terms[k], v, 1e-9, 1e-13)) expect.fail(`factors route, row ${m} ${WWZ_TERMS[k]}: ${rows[m].terms[k]} vs R ${v}`);
      });
    });
  });

  it('one exporter: wwz(t, l, [1]) equals that exporter’s rows of the full run', async () => {
    const t = await leather();
    const l = leontief(t);
    const all = wwz(t, l).filter((w) => w.s === 1);
    const one = wwz(t, l, [1]);
    expect(one.map((w) => Array.from(w.terms))).toEqual(all.map((w) => Array.from(w.terms)));
  });
});

describe.skipIf(!sharedAvailable)('valueChainTables(t, { measures: [wwz] }) writes gvc_wwz', () => {
  it('the declared table carries the R values by label; exporters selects the rows; an unknown exporter fails with E_ICIO_TABLE', async () => {
    const t = await leather();
    const [tab] = valueChainTables(t, { measures: ['wwz'] });
    expect(tab.name).toBe('gvc_wwz');
    const rows = GVC_WWZ.read(tab).rows;
    expect(rows.length).toBe(18);
    const C = t.countries;
    ref.rows.forEach((want, m) => {
      const r = rows[m];
      expect([r.exporter, r.partner, r.industry]).toEqual([C[want.s - 1], C[want.r - 1], t.industries[want.i - 1]]);
      ref.terms.forEach((name, k) => expect(close(r[name as 'DVA_FIN'] as number, want.w[k], 1e-9, 1e-13), `${name} row ${m}`).toBe(true));
      expect(close((r.dva as number) + (r.rdv as number) + (r.fva as number) + (r.pdc as number), want.E, 1e-12, 1e-13)).toBe(true);
    });
    const tr = GVC_WWZ.read(valueChainTables(t, { measures: ['wwz'], exporters: ['Turkey'] })[0]).rows;
    expect(tr.map((r) => r.exporter)).toEqual(Array(6).fill('Turkey'));
    expect(() => valueChainTables(t, { measures: ['wwz'], exporters: ['Turkiye'] })).toThrow(NqpfError);
  });
});

describe('wwz on a two-country table (analytic)', () => {
  it('with two countries the third-country terms (DVA_INTrexI1, DVA_INTrexI2, RDV_FIN2, OVA_*, ODC) vanish and the rest still add up', () => {
    // 2 countries × 1 industry: Z = [[10, 5], [4, 20]], Y by destination = [[60, 25], [8, 63]]
    const t = icioTable({ countries: ['A', 'B'], industries: ['x'], Z: [10, 5, 4, 20], Y: [60, 25, 8, 63] });
    const rows = wwz(t, leontief(t));
    expect(rows.length).toBe(2);
    for (const w of rows) for (const k of [2, 4, 7, 8, 10, 14]) expect(w.terms[k]).toBe(0);
    // A→B: E = 5 + 25 = 30; DVA_FIN = V_A B_AA Y_AB with V = (100 − 14)/100, B by hand
    const a = [10 / 100, 5 / 95, 4 / 100, 20 / 95];
    const det = (1 - a[0]) * (1 - a[3]) - a[1] * a[2];
    const Baa = (1 - a[3]) / det;
    expect(rows[0].exports).toBe(30);
    expect(rows[0].terms[0]).toBeCloseTo(((100 - 14) / 100) * Baa * 25, 12);
    expect(wwzCheck(rows).total).toBeLessThan(1e-13);
  });
});
