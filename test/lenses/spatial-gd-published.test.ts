/**
 * The GD package's published example (Song et al. 2020; GD 10.8 reference pages, https://ausgis.github.io/GD/reference/):
 * gd, gdinteract, gdrisk and gdeco of NDVIchange ~ Climatezone + Mining on ndvi_40 (713 cells), as the detector section
 * computes them on ndvi_40 as a run panel. Reference: test/reference/spatial/gd_published.R → gd_published.json (GD 10.8's
 * own code; the script asserts every printed value before writing).
 * - factor q: the printed 0.8218335 / 0.1411154 (7 decimals) and GD's full-precision q to 1e-9;
 * - p: GD prints 7.3e-10 and 6.7e-10, which is the error floor of R's non-central pf (pnbeta stops at errmax = 1e-9), not a
 *   probability: the true upper tails are far smaller; nqpf's series gives them, so it is asserted below 1e-9;
 * - interaction: the printed 0.8345 and GD's q12 to 1e-9 with dropSingletons (GD's gdinteract), type bi-enhance;
 * - risk: the printed Y/N matrices (p < 0.05), Welch's t to 1e-9, p to 1e-9 of R's pt at the rounded df (nqpf rounds the
 *   Welch df as the geodetector package; GD keeps the fractional df, so its p differs in the trailing digits);
 * - ecological: GD 10.8 prints Y from its own rule (ratio of the two q against qf(0.9, N − 1, N − 1)); nqpf's F is Wang et
 *   al.'s on the within sums of squares, two-sided, checked against base R, and agrees on Y (p < 0.05).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { panelFromRecords } from '../../src/lenses/panel/frame.js';
import { detectorRows } from '../../src/lenses/spatial-models/detector.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseCsvSimple } from '../helpers/shared.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'gd_published.json'), 'utf8'));
const rows = parseCsvSimple(readFileSync(resolve(refDir, 'opgd_ndvi40.csv'), 'utf8')).filter((r) => r.length > 1);
const head = rows[0];
const body = rows.slice(1);
const close = (a: number, b: number, tol: number, what: string) =>
  expect(Math.abs(a - b) / Math.max(Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`).toBeLessThan(tol);

describe('the GD package’s published example: NDVIchange ~ Climatezone + Mining on ndvi_40', () => {
  const units = body.map((_, i) => `c${i + 1}`);
  const panel = panelFromRecords(
    units,
    units.map(() => '2010'),
    { NDVIchange: Float64Array.from(body, (r) => Number(r[head.indexOf('NDVIchange')])) },
  );
  const attributes = new Map(['Climatezone', 'Mining'].map((v) => [v, body.map((r) => r[head.indexOf(v)])] as const));
  const spec = SpatialModelsSpec.parse({
    detector: [
      {
        name: 'ndvi',
        y: 'NDVIchange',
        dropSingletons: true,
        factors: [
          { column: 'Climatezone', method: 'category' },
          { column: 'Mining', method: 'category' },
        ],
      },
    ],
  });
  const r = detectorRows(panel, attributes, spec.detector[0], 'analyses.spatial_models.detector.0');

  it('factor detector: the printed q to 7 decimals, GD’s q to 1e-9, p below R’s 1e-9 error floor', () => {
    expect(ref.meta.n).toBe(713);
    expect(r.factor.map((f) => f.n)).toEqual([713, 713]);
    ref.factor.forEach((want: { variable: string; qv: number; sig: number }, k: number) => {
      const got = r.factor.find((f) => f.factor === want.variable);
      expect(Number(got?.q).toFixed(7)).toBe(ref.printed.qv[k].toFixed(7));
      close(Number(got?.q), want.qv, 1e-9, `${want.variable} q`);
      expect(want.sig).toBeLessThan(1e-9); // R's pf noise, see the header
      expect(Number(got?.p)).toBeLessThan(1e-9);
    });
  });

  it('interaction detector (singletons dropped, as gdinteract): the printed 0.8345, GD’s q12 to 1e-9, bi-enhance', () => {
    expect(r.interaction).toHaveLength(1);
    const x = r.interaction[0];
    expect([x.factor1, x.factor2]).toEqual([ref.interaction.var1, ref.interaction.var2]);
    expect(Number(x.q12).toFixed(4)).toBe(ref.printed.q12.toFixed(4));
    close(Number(x.q12), ref.interaction.q12, 1e-9, 'q12');
    close(Number(x.q1), ref.interaction.q1, 1e-9, 'q1');
    close(Number(x.q2), ref.interaction.q2, 1e-9, 'q2');
    expect(ref.interaction.type).toBe('Enhance, bi-');
    expect(x.type).toBe('bi-enhance');
  });

  it('risk detector: the printed Y/N of every pair, Welch t to 1e-9, p at the rounded df to 1e-9', () => {
    let pairs = 0;
    for (const v of ['Climatezone', 'Mining'] as const) {
      for (const w of ref.risk[v] as { itv1: string; itv2: string; t: number; df: number; risk: string; p_round_df: number }[]) {
        const got = r.risk.find(
          (x) => x.factor === v && ((x.stratum1 === w.itv1 && x.stratum2 === w.itv2) || (x.stratum1 === w.itv2 && x.stratum2 === w.itv1)),
        );
        expect(got, `${v} ${w.itv1}–${w.itv2}`).toBeDefined();
        const sign = got?.stratum1 === w.itv1 ? 1 : -1;
        close(sign * Number(got?.t), w.t, 1e-9, `${v} ${w.itv1}–${w.itv2} t`);
        expect(got?.df).toBe(Math.round(w.df));
        close(Number(got?.p), w.p_round_df, 1e-9, `${v} ${w.itv1}–${w.itv2} p`);
        expect(Number(got?.p) < 0.05 ? 'Y' : 'N', `${v} ${w.itv1}–${w.itv2}`).toBe(w.risk);
        pairs++;
      }
    }
    expect(pairs).toBe(20); // 10 pairs of the 5 climate zones, 10 of the 5 mining classes
    expect(r.risk).toHaveLength(20);
  });

  it('ecological detector: Wang’s F and its two-sided p (base R) to 1e-9; significant, as GD’s printed Y', () => {
    expect(r.ecological).toHaveLength(1);
    const e = r.ecological[0];
    close(Number(e.f), ref.ecological.wang_f, 1e-9, 'F');
    close(Number(e.p), ref.ecological.wang_p, 1e-9, 'p');
    expect([e.df1, e.df2]).toEqual([712, 712]);
    expect(ref.ecological.eco).toBe('Y');
    expect(Number(e.p)).toBeLessThan(0.05);
  });
});
