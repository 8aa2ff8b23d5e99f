/**
 * examples/gvc-synthetic-oecd.yaml (issue 18): the value-chain section reading a table in the OECD ICIO
 * layout (examples/gvc/icio_20x10_SYNTHETIC.csv, scripts/gen-gvc-synthetic.ts). No published numbers
 * exist for an invented table, so the checks are the accounting identities, with gross exports
 * recomputed here from the CSV itself: each country's exports equal Σ of its rows' foreign
 * intermediate and final columns; the KWW terms sum to them; the WWZ terms of the two exporters sum to
 * bilateral-sectoral exports and, over partners and sectors, to their KWW terms; upstreamness ≥ 1.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisTable } from '../../src/analysis/context.js';
import { runProject, type RunProjectResult } from '../../src/app/run-project.js';
import { WWZ_TERMS, WWZ_TO_KWW } from '../../src/lenses/gvc/wwz.js';
import { parseCsvSimple } from '../helpers/shared.js';

const examples = resolve(import.meta.dirname, '../../examples');
const KWW = ['DVA_FIN', 'DVA_INT', 'DVA_INTrex', 'RDV_FIN', 'RDV_INT', 'DDC', 'FVA_FIN', 'FVA_INT', 'FDC'];
const near = (a: number, b: number, what: string) => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(b)));

function rows(run: RunProjectResult, name: string): Record<string, unknown>[] {
  const t = run.analyses?.tables.find((x: AnalysisTable) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, r[j]])));
}

describe('examples/gvc-synthetic-oecd.yaml (OECD layout, synthetic)', () => {
  let run: RunProjectResult;
  beforeAll(async () => {
    run = await runProject(resolve(examples, 'gvc-synthetic-oecd.yaml'), { dryRun: true });
  }, 300_000);

  it('exports by country equal the foreign columns of the CSV summed here; the nine KWW terms add up to them', () => {
    const [head, ...body] = parseCsvSimple(readFileSync(resolve(examples, 'gvc/icio_20x10_SYNTHETIC.csv'), 'utf8'));
    const exp = new Map<string, number>();
    for (const r of body) {
      const c = r[0].split('_')[0];
      if (!/^[A-Z]{3}_/.test(r[0])) continue;
      let s = 0;
      head.forEach((h, j) => {
        if (j > 0 && h !== 'OUT' && h.split('_')[0] !== c) s += Number(r[j]);
      });
      exp.set(c, (exp.get(c) ?? 0) + s);
    }
    const k = rows(run, 'gvc_kww');
    expect(k.length).toBe(20);
    expect(k[0]).toMatchObject({ country: 'CHN', country_zh: '中国', country_en: 'China' });
    for (const r of k) {
      near(Number(r.exports), exp.get(String(r.country)) as number, `exports ${r.country}`);
      near(
        KWW.reduce((a, t) => a + Number(r[t]), 0),
        Number(r.exports),
        `Σ KWW ${r.country}`,
      );
    }
  });

  it('WWZ for CHN and USA: 16 terms sum to E^sr_i; over partners and sectors they give the KWW terms', () => {
    const w = rows(run, 'gvc_wwz');
    expect(new Set(w.map((r) => r.exporter))).toEqual(new Set(['CHN', 'USA']));
    expect(w.length).toBe(2 * 19 * 10);
    for (const r of w)
      near(
        WWZ_TERMS.reduce((a, t) => a + Number(r[t]), 0),
        Number(r.exports),
        `Σ WWZ ${r.exporter}→${r.partner} ${r.industry}`,
      );
    const k = rows(run, 'gvc_kww');
    for (const c of ['CHN', 'USA']) {
      const mine = w.filter((r) => r.exporter === c);
      const kr = k.find((r) => r.country === c) as Record<string, unknown>;
      WWZ_TO_KWW.forEach((idx, m) => {
        near(
          mine.reduce((a, r) => a + idx.reduce((b, i) => b + Number(r[WWZ_TERMS[i]]), 0), 0),
          Number(kr[KWW[m]]),
          `${c} ${KWW[m]}`,
        );
      });
    }
  });

  it('upstreamness ≥ 1 for every sector, industries named from the OECD codes', () => {
    const u = rows(run, 'gvc_upstreamness');
    expect(u.length).toBe(200);
    for (const r of u) expect(Number(r.upstreamness)).toBeGreaterThanOrEqual(1);
    expect(u[4]).toMatchObject({ industry: 'D26', industry_en: 'Computer, electronic and optical equipment' });
  });
});
