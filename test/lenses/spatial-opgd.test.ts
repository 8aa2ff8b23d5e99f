/**
 * Optimal discretisation (src/lenses/spatial/opgd.ts) and GD's drop-singletons interaction detector against
 * test/reference/spatial/opgd.R → opgd.json: the R package GD 10.8's own disc/optidisc/gd/gdinteract code (BAMMtools'
 * Jenks C routine compiled alongside) on GD's example data ndvi_40 (713 cells). Breaks of every method × 3..7 classes
 * 1e-12 relative; the q grid (NA where GD gives NA) 1e-9 (except geometric cells where R's pow leaves the extreme value
 * outside its end break: nqpf sets the ends exactly); the chosen method, number of classes and breaks; interaction
 * q's with singletons dropped 1e-9 and GD's interaction types; the detector section's rows with method: optimal and
 * dropSingletons on the same data.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropSingletons, interactionDetector, strataFromLabels } from '../../src/lenses/spatial/geodetector.js';
import { cutCodes, gdBreaks, OPGD_METHODS, optimalDiscretisation } from '../../src/lenses/spatial/opgd.js';
import { panelFromRecords } from '../../src/lenses/panel/frame.js';
import { detectorRows } from '../../src/lenses/spatial-models/detector.js';
import { SpatialModelsSpec } from '../../src/lenses/spatial-models/spec.js';
import { parseCsvSimple } from '../helpers/shared.js';

const refDir = resolve(import.meta.dirname, '../reference/spatial');
const ref = JSON.parse(readFileSync(resolve(refDir, 'opgd.json'), 'utf8'));
const rows = parseCsvSimple(readFileSync(resolve(refDir, 'opgd_ndvi40.csv'), 'utf8')).filter((r) => r.length > 1);
const head = rows[0];
const body = rows.slice(1);
const num = (name: string) => Float64Array.from(body, (r) => Number(r[head.indexOf(name)]));
const txt = (name: string) => body.map((r) => r[head.indexOf(name)]);
const y = num('NDVIchange');
const vars = ['Tempchange', 'Precipitation', 'GDP', 'Popdensity'] as const;
const close = (a: number, b: number, tol: number, what: string) =>
  expect(Math.abs(a - b) / Math.max(Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`).toBeLessThan(tol);

describe('OPGD vs the GD package (ndvi_40)', () => {
  it('breaks of every method × 3..7 equal GD disc()', () => {
    for (const v of vars) {
      const x = num(v);
      for (const m of OPGD_METHODS) {
        ref.breaks[v][m].forEach((want: number[] | number, i: number) => {
          const w = Array.isArray(want) ? want : [want];
          const got = gdBreaks(x, 3 + i, m);
          expect(got.length, `${v} ${m} ${3 + i}`).toBe(w.length);
          w.forEach((b, k) => close(got[k], b, 1e-12, `${v} ${m} ${3 + i} break ${k}`));
        });
      }
    }
  });

  it('q grid, chosen method, classes and breaks equal GD optidisc()', () => {
    const rounding: string[] = [];
    for (const v of vars) {
      const r = optimalDiscretisation(y, num(v));
      const want = ref.optidisc[v];
      expect([r.method, r.classes], v).toEqual([want.method, want.classes]);
      want.breaks.forEach((b: number, k: number) => close(r.breaks[k], b, 1e-12, `${v} optimal break ${k}`));
      OPGD_METHODS.forEach((m, mi) => {
        (want.qv[mi] as (number | string)[]).forEach((q, ci) => {
          const got = r.grid.find((c) => c.method === m && c.classes === 3 + ci)?.q ?? Number.NaN;
          // GD's geometric end breaks are min and max up to R's pow rounding; where R's fall inside the data range R leaves
          // the extreme value out (NA); nqpf sets the ends exactly, so those cells differ by construction.
          if (m === 'geometric' && !ref.geometric_covers[v][ci]) {
            rounding.push(`${v} ${m} ${3 + ci}`);
            return;
          }
          if (q === 'NA') expect(Number.isNaN(got), `${v} ${m} ${3 + ci} is NA`).toBe(true);
          else close(got, q as number, 1e-9, `${v} ${m} ${3 + ci} q`);
        });
      });
    }
    expect(rounding.length).toBe(9); // the geometric cells of the reference where R leaves a value outside (opgd.json geometric_covers)
  });

  it('interaction detector with singletons dropped equals GD gdinteract()', () => {
    const strata = (v: string) => {
      if (v === 'Climatezone' || v === 'Mining') return strataFromLabels(txt(v)).strata;
      const x = num(v);
      const codes = cutCodes(x, Float64Array.from(ref.optidisc[v].breaks as number[]));
      return strataFromLabels(Array.from(codes, String)).strata;
    };
    const types: Record<string, string> = {
      'Weaken, nonlinear': 'nonlinear-weaken',
      'Weaken, uni-': 'uni-weaken',
      'Enhance, bi-': 'bi-enhance',
      Independent: 'independent',
      'Enhance, nonlinear': 'nonlinear-enhance',
    };
    for (const w of ref.interaction) {
      const r = interactionDetector(y, strata(w.var1), strata(w.var2), { dropSingletons: true });
      close(r.q1, w.q1, 1e-9, `${w.var1} q1`);
      close(r.q2, w.q2, 1e-9, `${w.var2} q2`);
      close(r.q12, w.q12, 1e-9, `${w.var1}∩${w.var2} q12`);
      expect(r.type).toBe(types[w.type]);
    }
    for (const f of ref.factor) close(dropSingletons(y, strata(f.variable)).q, f.qv, 1e-9, `${f.variable} q`);
  });
});

describe('analyses.spatial_models.detector with method: optimal and dropSingletons (ndvi_40 as a run panel)', () => {
  const units = body.map((_, i) => `c${i + 1}`);
  const panel = panelFromRecords(
    units,
    units.map(() => '2010'),
    { NDVIchange: y, Tempchange: num('Tempchange'), GDP: num('GDP') },
  );
  const attributes = new Map([
    ['Climatezone', txt('Climatezone')],
    ['Mining', txt('Mining')],
  ]);
  const spec = SpatialModelsSpec.parse({
    detector: [
      {
        name: 'ndvi',
        y: 'NDVIchange',
        dropSingletons: true,
        factors: [
          { column: 'Climatezone', method: 'category' },
          { column: 'Mining', method: 'category' },
          { column: 'Tempchange', method: 'optimal' },
          { column: 'GDP', method: 'optimal' },
        ],
      },
    ],
  });

  it('rows: the OPGD grid (chosen = GD optidisc), factor q at the optimum, interactions = GD gdinteract', () => {
    const r = detectorRows(panel, attributes, spec.detector[0], 'analyses.spatial_models.detector.0');
    expect(r.discretisation).toHaveLength(2 * 25);
    for (const v of ['Tempchange', 'GDP'] as const) {
      const chosen = r.discretisation.filter((x) => x.factor === v && x.chosen === 1);
      expect(chosen.map((x) => [x.method, x.classes])).toEqual([[ref.optidisc[v].method, ref.optidisc[v].classes]]);
      const f = r.factor.find((x) => x.factor === v);
      expect(f?.method).toBe('optimal');
      close(Number(f?.q), Number(chosen[0].q), 1e-12, `${v} factor q = chosen grid q`);
    }
    for (const w of ref.interaction) {
      const row = r.interaction.find((x) => x.factor1 === w.var1 && x.factor2 === w.var2);
      close(Number(row?.q12), w.q12, 1e-9, `${w.var1}∩${w.var2}`);
      close(Number(row?.q1), w.q1, 1e-9, `${w.var1}`);
    }
  });
});
