/**
 * Geographical detector (src/lenses/spatial/geodetector.ts) and the non-central F (src/kernels/noncentral-f.ts)
 * against an independent base-R implementation (test/reference/geodetector/geodetector.R → geodetector.json,
 * R's pf(x, df1, df2, ncp) for the p-values) to 1e-9, on hand cases and on the CN provincial panel of 2022
 * (y = rd_intensity; factors: NBS region, quartiles (type 7) of rd_fte and of sci_papers, 5 equal intervals of
 * budget_scitech).
 *
 * The hand example (y = 1..7, strata of sizes 3/2/2, q = 0.771429, p = 0.079365) is not reachable:
 * q = 0.771429 needs SSW = 6.4 with SST = 28, and none of the 210 assignments of 1..7 to strata of sizes 3/2/2 gives it
 * (enumerated below: the nearest q are 0.75 and 0.785714; no p, central or non-central F, within 0.001 of 0.079365; the contiguous split
 * {1,2,3}, {4,5}, {6,7} gives SSW = 3). What is computed instead for that split: q = 25/28 = 0.892857…,
 * F = 16.6667 on (2, 4), λ = 3.17518, p = 0.0517114 (non-central F, as the geodetector package).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fSf } from '../../src/kernels/distributions.js';
import { ncfCdf, ncfSf } from '../../src/kernels/noncentral-f.js';
import {
  type Strata,
  discretisationBreaks,
  discretise,
  ecologicalDetector,
  factorDetector,
  interactionDetector,
  interactionType,
  overlay,
  riskDetector,
  strataFromLabels,
} from '../../src/lenses/spatial/geodetector.js';
import { parseCsvSimple, sharedAvailable, sharedPath } from '../helpers/shared.js';

const ref = JSON.parse(readFileSync(resolve(import.meta.dirname, '../reference/geodetector/geodetector.json'), 'utf8'));

const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('non-central F', () => {
  it('matches R pf(x, df1, df2, ncp) on a grid, both tails, to 1e-9', () => {
    expect(ref.pf.length).toBe(180);
    for (const g of ref.pf) {
      close(ncfCdf(g.x, g.df1, g.df2, g.ncp), g.lower);
      close(ncfSf(g.x, g.df1, g.df2, g.ncp), g.upper);
    }
  });
  it('matches 40-digit values to 1e-14 where R is ~1e-9 off (R’s pnbeta stops at errmax = 1e-9)', () => {
    // mpmath 1.3, dps = 40: Σ_j Pois(j; λ/2) I_x(df1/2 + j, df2/2) (nsum to ∞). R's pf gives 0.379364644402483 for the first.
    close(ncfCdf(9, 3, 2, 25), 0.37936464535787117, 1e-14);
    close(ncfCdf(9, 6.5, 10, 25), 0.83980785696384933, 1e-14);
    close(ncfCdf(1.5, 3, 2, 0.3), 0.5500527939612472, 1e-14);
  });
  it('reduces to the central F at ncp = 0 and handles the ends', () => {
    close(ncfSf(2, 3, 10, 0), 0.1780074073751754); // R: pf(2, 3, 10, lower.tail = FALSE)
    expect(ncfCdf(0, 3, 10, 5)).toBe(0);
    expect(ncfSf(Infinity, 3, 10, 5)).toBe(0);
    expect(ncfSf(1, 3, 10, -1)).toBeNaN();
  });
});

describe('factor detector, hand cases', () => {
  it('y = 1..7 in strata {1,2,3}, {4,5}, {6,7}: q = 25/28 (see the header for the issue’s unreachable values)', () => {
    const y = Float64Array.from([1, 2, 3, 4, 5, 6, 7]);
    const r = factorDetector(y, { codes: Int32Array.from([0, 0, 0, 1, 1, 2, 2]), count: 3 });
    close(r.q, 25 / 28, 1e-15);
    close(r.q, ref.hand.q);
    close(r.f, ref.hand.f);
    close(r.lambda, ref.hand.lambda);
    close(r.p, ref.hand.p);
    expect([r.df1, r.df2]).toEqual([2, 4]);
  });
  it('no assignment of 1..7 to strata of sizes 3/2/2 gives the issue’s q = 0.771429 or p = 0.079365 (all 210 enumerated)', () => {
    // Every labelled assignment: C(7,3)·C(4,2) = 210. q by hand (1 − SSW/28, SSW from the stratum means) and by nqpf.
    const y = Float64Array.from([1, 2, 3, 4, 5, 6, 7]);
    const qs = new Set<string>();
    let n = 0;
    let nearestQ = Infinity;
    let nearestP = Infinity;
    for (let m = 0; m < 1 << 7; m++) {
      const a = [0, 1, 2, 3, 4, 5, 6].filter((i) => m & (1 << i));
      if (a.length !== 3) continue;
      const rest = [0, 1, 2, 3, 4, 5, 6].filter((i) => !(m & (1 << i)));
      for (let u = 0; u < 4; u++)
        for (let v = u + 1; v < 4; v++) {
          const b = [rest[u], rest[v]];
          const c = rest.filter((_, k) => k !== u && k !== v);
          const codes = new Int32Array(7);
          for (const i of b) codes[i] = 1;
          for (const i of c) codes[i] = 2;
          const ssw = [a, b, c].reduce((acc, g) => {
            const mean = g.reduce((t, i) => t + y[i], 0) / g.length;
            return acc + g.reduce((t, i) => t + (y[i] - mean) ** 2, 0);
          }, 0);
          const r = factorDetector(y, { codes, count: 3 });
          close(r.q, 1 - ssw / 28, 1e-12);
          qs.add(r.q.toFixed(6));
          nearestQ = Math.min(nearestQ, Math.abs(r.q - 0.771429));
          nearestP = Math.min(nearestP, Math.abs(r.p - 0.079365), Math.abs(fSf(r.f, 2, 4) - 0.079365));
          n++;
        }
    }
    expect(n).toBe(210);
    expect(qs.has('0.771429')).toBe(false);
    expect(nearestQ).toBeCloseTo(0.785714 - 0.771429, 6); // the nearest q are 0.75 and 0.785714 (11/14)
    expect(nearestP).toBeGreaterThan(1e-3); // neither the non-central nor the central F p comes within 0.001 of it
  });
  it('a singleton stratum enters λ with its value and SSW with 0', () => {
    const r = factorDetector(Float64Array.from([2, 4, 9, 1, 3]), strataFromLabels(['a', 'a', 'b', 'c', 'c']).strata);
    expect(r.singletons).toBe(1);
    close(r.ssw, 4, 1e-15); // (2−3)² + (4−3)² + (1−2)² + (3−2)²
    for (const k of ['q', 'f', 'lambda', 'p', 'ssw'] as const) close(r[k], ref.hand_singleton[k]);
  });
  it('interaction types follow Wang & Xu (2017)', () => {
    expect(interactionType(0.3, 0.5, 0.2)).toBe('nonlinear-weaken');
    expect(interactionType(0.3, 0.5, 0.4)).toBe('uni-weaken');
    expect(interactionType(0.3, 0.5, 0.6)).toBe('bi-enhance');
    expect(interactionType(0.3, 0.5, 0.8)).toBe('independent');
    expect(interactionType(0.3, 0.5, 0.9)).toBe('nonlinear-enhance');
  });
  it('discretisation: right-closed intervals, lowest value in the first class, tied breaks dropped', () => {
    const x = Float64Array.from([1, 1, 1, 1, 2, 3, 10]);
    const b = discretisationBreaks(x, 'quantile', 4); // 1, 1, 1, 2.5, 10
    expect(Array.from(b)).toEqual([1, 1, 1, 2.5, 10]);
    const s = discretise(x, b);
    expect(s.count).toBe(2);
    expect(Array.from(s.codes)).toEqual([0, 0, 0, 0, 0, 1, 1]);
    const e = discretise(x, discretisationBreaks(x, 'equal', 3)); // 1, 4, 7, 10
    expect(Array.from(e.codes)).toEqual([0, 0, 0, 0, 0, 0, 1]);
  });
});

describe.skipIf(!sharedAvailable)('geographical detector on the CN panel, 2022 (vs base R)', () => {
  const cn = ref.cn;
  const panel = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/cn_provinces_scitech_2011_2022.csv'), 'utf8')).filter((r) => r.length > 1);
  const regions = parseCsvSimple(readFileSync(sharedPath('data/cn-scitech/regions.csv'), 'utf8')).filter((r) => r.length > 1);
  const h = panel[0];
  const byEn = new Map(regions.slice(1).map((r) => [r[1], r]));
  const rows = (cn.province_en as string[]).map((en) => {
    const reg = byEn.get(en);
    if (!reg) throw new Error(`no region row for ${en}`);
    const row = panel.find((r) => r[0] === reg[0] && r[1] === '2022');
    if (!row) throw new Error(`no 2022 row for ${reg[0]}`);
    return { row, region: reg[2] };
  });
  const column = (name: string) => Float64Array.from(rows.map(({ row }) => Number(row[h.indexOf(name)])));
  const y = column('rd_intensity');
  const strata: Record<string, Strata> = {
    region: strataFromLabels(rows.map((r) => r.region)).strata,
    rd_fte_q4: discretise(column('rd_fte'), discretisationBreaks(column('rd_fte'), 'quantile', 4)),
    sci_papers_q4: discretise(column('sci_papers'), discretisationBreaks(column('sci_papers'), 'quantile', 4)),
    budget_scitech_eq5: discretise(column('budget_scitech'), discretisationBreaks(column('budget_scitech'), 'equal', 5)),
  };

  it('reads the same y and the same classes as R', () => {
    expect(Array.from(y)).toEqual(cn.y);
    for (const k of ['rd_fte_q4', 'sci_papers_q4', 'budget_scitech_eq5']) expect(Array.from(strata[k].codes, (c) => c + 1)).toEqual(cn.classes[k]);
  });
  it('factor detector: q, F, λ, p to 1e-9', () => {
    for (const [k, s] of Object.entries(strata)) {
      const r = factorDetector(y, s);
      const e = cn.factor[k];
      for (const key of ['q', 'f', 'lambda', 'p', 'ssw'] as const) close(r[key], e[key]);
      expect([r.df1, r.df2]).toEqual([e.df1, e.df2]);
    }
  });
  it('interaction detector: q of the overlay and its type', () => {
    expect(cn.interaction.length).toBe(6);
    for (const e of cn.interaction) {
      const r = interactionDetector(y, strata[e.a], strata[e.b]);
      close(r.q1, e.q1);
      close(r.q2, e.q2);
      close(r.q12, e.q12);
      expect(r.type).toBe(e.type);
      expect(r.q12).toBeGreaterThanOrEqual(Math.max(r.q1, r.q2) - 1e-12); // the overlay refines both partitions
      expect(overlay(strata[e.a], strata[e.b]).count).toBe(r.strata);
    }
  });
  it('risk detector: Welch t, rounded df, p by region', () => {
    const { labels } = strataFromLabels(rows.map((r) => r.region));
    const got = riskDetector(y, strata.region);
    expect(got.length).toBe(cn.risk_region.length);
    for (const e of cn.risk_region) {
      const g = got.find((p) => labels[p.i] === e.a && labels[p.j] === e.b);
      if (!g) throw new Error(`pair ${e.a}–${e.b} missing`);
      close(g.t, e.t);
      expect(g.df).toBe(e.df);
      close(g.p, e.p);
    }
  });
  it('ecological detector: F = SSW1/SSW2 on (N − 1, N − 1) and its p', () => {
    for (const e of cn.ecological) {
      const r = ecologicalDetector(y, strata[e.a], strata[e.b]);
      close(r.f, e.f);
      close(r.p, e.p);
    }
  });
});
